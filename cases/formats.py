"""How dates are written to citizens: one style in every letter and document ("27. november 2026").

Spelled out here rather than through the active locale, so a letter rendered by the Celery worker reads
exactly like one rendered in a request, whatever language either happened to have active.
"""

from datetime import date, datetime

from django.utils import timezone

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip


def long_date(day: date | datetime | None) -> str:
    if day is None or day == "":
        return ""
    if isinstance(day, datetime):
        # A moment is dated where the reader is: 23:30 UTC on the 26th is the 27th in Copenhagen.
        day = timezone.localtime(day) if timezone.is_aware(day) else day
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
