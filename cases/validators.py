"""Bounds on what a person or a system may send us, shared by the forms, the API and the request guard.

Each bound sits here once. A value outside it is refused with a Danish message before it reaches
date arithmetic (9999-12-31 + 14 days overflows), PostgreSQL (which refuses NUL in text) or int().
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# The system handles treatment that happens now: no inquiry, decision or plan lies before 1900 or
# after 2100. The bound is wide enough for any real date (a birth date, a grant reaching into next
# year) and narrow enough that every deadline computed from it stays a valid date.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_OUT_OF_RANGE = f"Datoen skal ligge mellem {EARLIEST_DATE.year} og {LATEST_DATE.year}."


@deconstructible
class DateRangeValidator:
    """Refuse a date outside EARLIEST_DATE..LATEST_DATE (see above for why)."""

    message = DATE_OUT_OF_RANGE
    code = "date_out_of_range"

    def __call__(self, value: date) -> None:
        if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, DateRangeValidator)


validate_date_in_range = DateRangeValidator()


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty string of the digits 0-9 only (never '²', '٣' or full-width digits)."""
    return bool(text) and text.isascii() and text.isdigit()


# C0 control characters. NUL makes PostgreSQL refuse the query (a 500 if it gets that far); the others
# have no business in a name, a code or a date. Tab, CR and LF are ordinary in typed text (a textarea),
# so bodies may hold them; paths and query strings may not.
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_ANYWHERE = re.compile(r"[\x00-\x1f\x7f]")
# A lone UTF-16 surrogate (from JSON's "\ud800") cannot be encoded as UTF-8 for the database.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
CONTROL_CHARACTERS = "Forespørgslen indeholder ugyldige tegn (kontroltegn som NUL er ikke tilladt)."


def has_control_characters(text: str, *, allow_line_breaks: bool) -> bool:
    pattern = _CONTROL_IN_TEXT if allow_line_breaks else _CONTROL_ANYWHERE
    return bool(pattern.search(text) or _SURROGATE.search(text))
