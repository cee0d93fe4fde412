"""CPR numbers: validation with python-stdnum, masking for display, and the derived birth date.

A CPR number is personal data that reveals addiction treatment in this system: never put one in a
URL, a log line, an e-mail or a list. Lists show `mask(cpr)`.
"""

from datetime import date

from django.core.exceptions import ValidationError
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

MESSAGES = {
    InvalidLength: "Et CPR-nummer skal have 10 cifre (ddmmåå-xxxx).",
    InvalidFormat: "Et CPR-nummer må kun indeholde cifre og eventuelt en bindestreg.",
    InvalidComponent: "CPR-nummeret indeholder ikke en gyldig fødselsdato.",
}


def normalise(value: str) -> str:
    """Return the 10 digits of a valid CPR number, or raise a ValidationError in Danish."""
    value = (value or "").strip()
    if not value:
        raise ValidationError(MESSAGES[InvalidLength], code="invalid_cpr")
    try:
        return stdnum_cpr.validate(value)
    except StdnumError as error:
        message = next(
            (text for kind, text in MESSAGES.items() if isinstance(error, kind)), "Ugyldigt CPR-nummer."
        )
        raise ValidationError(message, code="invalid_cpr") from None


def birth_date(cpr: str) -> date:
    """The birth date, with the century taken from the 7th digit (stdnum implements the rule)."""
    return stdnum_cpr.get_birth_date(cpr)


def mask(cpr: str | None) -> str:
    if not cpr:
        return "anonym"
    return f"{cpr[:6]}-xxxx"

