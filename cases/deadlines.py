"""Legal deadline arithmetic: the one place that knows the Danish working-day calendar.

Pure functions over `datetime.date`, no Django and no database, so every rule can be tested with a table.
Sources: Justitsministeriets vejledning nr. 9533 af 26. juni 2018 om beregning af klagefrister (receipt and
complaint deadlines) and the common rule that a deadline ending on a non-working day moves to the next
working day (e.g. forældelsesloven § 27, stk. 2). See DOMAIN.md, "Computing legal deadlines".

No lengths live here: the lengths and legal references are rows (`DeadlineRule`, `DeliveryRule`), whose
methods call these primitives, so the cases, the calculator and the tests share one implementation and a
change in the law is a data change, not a code change.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType

import holidays
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

# Store Bededag (the 4th Friday after Easter) stopped being a public holiday by lov nr. 213 af 28/02/2023.
GREAT_PRAYER_DAY_ABOLISHED_FROM = 2024


class PeriodUnit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


# Days the common deadline rule treats like public holidays although they are not statutory ones.
EXTRA_NON_WORKING_DAYS = {(6, 5): "grundlovsdag", (12, 24): "juleaftensdag", (12, 31): "nytårsaftensdag"}


@functools.lru_cache(maxsize=256)
def holiday_names(year: int) -> Mapping[date, str]:
    """Public holidays plus the days the common deadline rule treats like them, for one year, with their
    Danish names (lower case, to stand inside a sentence).

    1. The statutory public holidays from the `holidays` package (category "public" only, so optional days
       such as Grundlovsdag do not depend on the package's categorisation), named in Danish.
    2. Store Bededag is removed from 2024 even if an older package version still lists it.
    3. Grundlovsdag (5 June), juleaftensdag (24 Dec) and nytårsaftensdag (31 Dec) are added: offices are
       closed, and forældelsesloven § 27, stk. 2 treats them as non-working days.
    """
    days = {day: name.lower() for day, name in holidays.country_holidays("DK", years=year, language="da").items()}
    if year >= GREAT_PRAYER_DAY_ABOLISHED_FROM:
        days.pop(easter(year) + timedelta(days=26), None)
    for (month, day), name in EXTRA_NON_WORKING_DAYS.items():
        days[date(year, month, day)] = name
    return MappingProxyType(days)  # cached, so read-only


@functools.lru_cache(maxsize=256)
def non_working_days(year: int) -> frozenset[date]:
    """The dates of `holiday_names(year)`: the days besides weekends on which no deadline ends."""
    return frozenset(holiday_names(year))


def holiday_name(d: date) -> str | None:
    """The Danish name of the non-working day `d` ("langfredag"), or None for an ordinary day."""
    return holiday_names(d.year).get(d)


def holidays_between(start: date, end: date) -> list[date]:
    """Non-working days that fall on a weekday after `start` up to and including `end`: the days a count of
    working days passed over besides the weekends (so an explanation can name them)."""
    days = []
    d = start + timedelta(days=1)
    while d <= end:
        if d.weekday() < 5 and d in non_working_days(d.year):
            days.append(d)
        d += timedelta(days=1)
    return days


def is_working_day(d: date) -> bool:
    """True on Monday to Friday unless the day is a public holiday or treated as one."""
    return d.weekday() < 5 and d not in non_working_days(d.year)


def next_working_day(d: date) -> date:
    """The day itself if it is a working day, else the first working day after it."""
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_working_days(d: date, n: int) -> date:
    """The n-th working day after `d`; `d` itself is never counted, whether or not it is a working day.

    n = 0 returns `d` unchanged. Counting backwards is not a legal need here, so negative n is refused.
    """
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    while n > 0:
        d += timedelta(days=1)
        if is_working_day(d):
            n -= 1
    return d


def add_period(d: date, amount: int, unit: PeriodUnit | str) -> date:
    """Plain calendar arithmetic, ignoring working days.

    Months are calendar months, not 30 days: a day that does not exist in the target month becomes that
    month's last day (31 Jan + 1 month = 28 or 29 Feb), as relativedelta does.
    """
    unit = PeriodUnit(unit)
    if unit is PeriodUnit.DAYS:
        return d + timedelta(days=amount)
    if unit is PeriodUnit.WEEKS:
        return d + timedelta(weeks=amount)
    return d + relativedelta(months=amount)


def days_left(due: date, today: date) -> int:
    """Days until `due` as seen from `today`: 0 on the day itself, negative once overdue."""
    return (due - today).days
