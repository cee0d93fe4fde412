"""Legal deadline arithmetic: the one place that knows the Danish working-day calendar.

Pure functions over `datetime.date`, no Django and no database, so every rule can be tested with a table.
Sources: Justitsministeriets vejledning nr. 9533 af 26. juni 2018 om beregning af klagefrister (receipt and
complaint deadlines) and the common rule that a deadline ending on a non-working day moves to the next
working day (e.g. forældelsesloven § 27, stk. 2). See DOMAIN.md, "Computing legal deadlines".

The lengths used here (6 working days, 2 days, 4 weeks, 14 days) are defaults only: callers pass the values
they hold as data, so a change in the law is a data change, not a code change.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from enum import StrEnum

import holidays
from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

# Defaults from vejledning nr. 9533/2018; overridable per call because they will come from database rows.
PHYSICAL_POST_WORKING_DAYS = 6
QUICKPOST_DAYS = 2
COMPLAINT_DEADLINE_AMOUNT = 4
GUARANTEE_DAYS = 14

# Store Bededag (the 4th Friday after Easter) stopped being a public holiday by lov nr. 213 af 28/02/2023.
GREAT_PRAYER_DAY_ABOLISHED_FROM = 2024


class PeriodUnit(StrEnum):
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"


class SentVia(StrEnum):
    """How a decision was sent; decides when the citizen counts as having received it."""

    DIGITAL_POST = "digital_post"
    PHYSICAL_POST = "physical_post"
    QUICKPOST = "quickpost"


@functools.lru_cache(maxsize=64)
def non_working_days(year: int) -> frozenset[date]:
    """Public holidays plus the days the common deadline rule treats like them, for one year.

    1. The statutory public holidays from the `holidays` package (category "public" only, so optional days
       such as Grundlovsdag do not depend on the package's categorisation).
    2. Store Bededag is removed from 2024 even if an older package version still lists it.
    3. Grundlovsdag (5 June), juleaftensdag (24 Dec) and nytårsaftensdag (31 Dec) are added: offices are
       closed, and forældelsesloven § 27, stk. 2 treats them as non-working days.
    """
    days = set(holidays.country_holidays("DK", years=year).keys())
    if year >= GREAT_PRAYER_DAY_ABOLISHED_FROM:
        days.discard(easter(year) + timedelta(days=26))
    days.update({date(year, 6, 5), date(year, 12, 24), date(year, 12, 31)})
    return frozenset(days)


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


def received_date(
    sent_date: date,
    sent_via: SentVia | str,
    *,
    physical_post_working_days: int = PHYSICAL_POST_WORKING_DAYS,
    quickpost_days: int = QUICKPOST_DAYS,
) -> date:
    """When the citizen counts as having received a decision; complaint deadlines run from this day.

    Digital Post counts as received the day it is sent; ordinary post after a number of working days
    (because it is not delivered at weekends and holidays); Quickpost after a number of calendar days.
    """
    try:
        via = SentVia(sent_via)
    except ValueError:
        raise ValueError(f"unknown sent_via: {sent_via!r}") from None
    if via is SentVia.DIGITAL_POST:
        return sent_date
    if via is SentVia.PHYSICAL_POST:
        return add_working_days(sent_date, physical_post_working_days)
    return sent_date + timedelta(days=quickpost_days)


def deadline_end(start: date, amount: int, unit: PeriodUnit | str) -> date:
    """Last day (until 23:59) of a statutory deadline counted from `start`.

    The start day is not counted, which is exactly what calendar addition does. An end on a Saturday,
    Sunday or non-working day moves to the next working day, so a closed office never shortens the deadline.
    """
    return next_working_day(add_period(start, amount, unit))


def complaint_deadline(
    received: date,
    amount: int = COMPLAINT_DEADLINE_AMOUNT,
    unit: PeriodUnit | str = PeriodUnit.WEEKS,
) -> date:
    """Last day to complain about a decision, counted from the day it counts as received."""
    return deadline_end(received, amount, unit)


def guarantee_due(inquiry: date, days: int = GUARANTEE_DAYS) -> date:
    """Last day to start treatment under the treatment guarantee.

    A municipal obligation rather than a citizen's deadline, so it is not moved off weekends or holidays:
    the municipality must plan to meet it.
    """
    return inquiry + timedelta(days=days)


def days_left(due: date, today: date) -> int:
    """Days until `due` as seen from `today`: 0 on the day itself, negative once overdue."""
    return (due - today).days
