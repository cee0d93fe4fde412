"""How dates and money are written: the one place, for pages, messages, letters and documents.

The rule (templates use the filters of the same names in cases/templatetags/ui.py; Python messages call
these functions):

1. Pages and messages write a day short, with the year: ``short_date`` → "25. nov. 2026" (with a weekday
   where it helps: "onsdag 25. nov. 2026"). A moment adds the time: ``short_datetime`` → "25. nov. 2026
   kl. 14.30".
2. Table cells, where columns must line up, write it compact: ``compact_date`` → "25.11.2026",
   ``compact_datetime`` → "25.11.2026 kl. 14.30".
3. Letters and documents to citizens and Ankestyrelsen spell the month out: ``long_date`` → "27. november
   2026".
4. Money is always ``kroner`` → "1.234,50 kr." (a price per day: "302,00 kr. pr. dag").

Month names are spelled out here rather than taken from the active locale: Django's "M" format capitalises
the Danish abbreviation ("25. Nov 2026"), and a letter rendered by the Celery worker must read exactly like
one rendered in a request, whatever language either happened to have active. "maj" has no abbreviation, and
"juni"/"juli" stay whole: "jun."/"jul." save one letter and differ in only one.
"""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
SHORT_MONTHS = (
    "jan.", "feb.", "mar.", "apr.", "maj", "juni",
    "juli", "aug.", "sep.", "okt.", "nov.", "dec.",
)  # fmt: skip
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
NOTHING = "–"  # what an empty amount reads as in a table or a summary


def _day(value: date | datetime) -> date:
    """The calendar day a value means where the reader is: 23:30 UTC on the 26th is the 27th in Copenhagen."""
    if isinstance(value, datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def _clock(value: datetime) -> str:
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"kl. {moment:%H.%M}"


def _empty(value) -> bool:
    return value is None or value == ""


def long_date(value: date | datetime | None) -> str:
    if _empty(value):
        return ""
    day = _day(value)
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def short_date(value: date | datetime | None, *, weekday: bool = False) -> str:
    if _empty(value):
        return ""
    day = _day(value)
    text = f"{day.day}. {SHORT_MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def compact_date(value: date | datetime | None) -> str:
    if _empty(value):
        return ""
    day = _day(value)
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def short_datetime(value: datetime | None) -> str:
    if _empty(value):
        return ""
    return f"{short_date(value)} {_clock(value)}"


def compact_datetime(value: datetime | None) -> str:
    if _empty(value):
        return ""
    return f"{compact_date(value)} {_clock(value)}"


def _decimal(value) -> Decimal | None:
    if _empty(value):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def kroner(value) -> str:
    """Money the Danish way: "1.234.567,50 kr." ("–" for nothing)."""
    amount = _decimal(value)
    if amount is None or not amount.is_finite():
        return NOTHING
    text = f"{amount:,.2f}".translate(str.maketrans({",": ".", ".": ","}))
    return f"{text} kr."


def procent(value) -> str:
    """A share the Danish way: "72,5 %" ("–" when there is nothing to divide by)."""
    share = _decimal(value)
    if share is None or not share.is_finite():
        return NOTHING
    return f"{share:.1f}".replace(".", ",") + " %"


def decimal_number(value, places: int = 1) -> str:
    """A plain number with a decimal comma: "12,5"."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return NOTHING
    return f"{number:.{places}f}".replace(".", ",")


def yes_no(value: bool | None) -> str:
    return {True: "Ja", False: "Nej"}.get(value, "Ukendt")


def display_value(value) -> str:
    """Any stored value as a person reads it (the admin's change history): Ja/Nej, "–" for nothing."""
    if value is None or value == "" or getattr(value, "pk", "") is None:  # an empty foreign key, too
        return NOTHING
    if value is True or value is False:
        return yes_no(value)
    if isinstance(value, datetime):
        return short_datetime(value)
    if isinstance(value, date):
        return short_date(value)
    return str(value)
