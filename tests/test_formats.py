"""Dates and money the Danish way (cases/formats.py and the template filters of the same names)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template

from cases import formats


@pytest.mark.parametrize(
    ("day", "short", "compact", "long"),
    [
        (date(2026, 11, 25), "25. nov. 2026", "25.11.2026", "25. november 2026"),
        (date(2026, 12, 10), "10. dec. 2026", "10.12.2026", "10. december 2026"),
        (date(2027, 1, 4), "4. jan. 2027", "04.01.2027", "4. januar 2027"),
        (date(2027, 3, 1), "1. mar. 2027", "01.03.2027", "1. marts 2027"),
        (date(2027, 5, 17), "17. maj 2027", "17.05.2027", "17. maj 2027"),  # maj has no abbreviation
        (date(2027, 6, 5), "5. juni 2027", "05.06.2027", "5. juni 2027"),
        (date(2027, 7, 1), "1. juli 2027", "01.07.2027", "1. juli 2027"),
        (date(2027, 10, 31), "31. okt. 2027", "31.10.2027", "31. oktober 2027"),
        (None, "", "", ""),
    ],
)
def test_dates(day, short, compact, long):
    assert formats.short_date(day) == short
    assert formats.compact_date(day) == compact
    assert formats.long_date(day) == long
    rendered = Template("{% load ui %}{{ d|short_date }}|{{ d|compact_date }}|{{ d|long_date }}").render(
        Context({"d": day})
    )
    assert rendered == f"{short}|{compact}|{long}"


@pytest.mark.parametrize(
    ("moment", "short", "compact"),
    [
        # A moment is dated and timed in Copenhagen: 23:30 UTC on the 25th is 00.30 on the 26th (winter time).
        (datetime(2026, 11, 25, 23, 30, tzinfo=UTC), "26. nov. 2026 kl. 00.30", "26.11.2026 kl. 00.30"),
        # Summer time is two hours ahead.
        (datetime(2026, 6, 5, 12, 5, tzinfo=UTC), "5. juni 2026 kl. 14.05", "05.06.2026 kl. 14.05"),
        (None, "", ""),
    ],
)
def test_moments_are_local_time(moment, short, compact):
    assert formats.short_datetime(moment) == short
    assert formats.compact_datetime(moment) == compact
    assert formats.short_date(moment) == short.split(" kl.")[0]


def test_a_weekday_where_it_helps():
    assert formats.short_date(date(2026, 11, 25), weekday=True) == "onsdag 25. nov. 2026"
    assert Template('{% load ui %}{{ d|short_date:"weekday" }}').render(Context({"d": date(2026, 11, 29)})) == (
        "søndag 29. nov. 2026"
    )


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        (Decimal("302"), "302,00 kr."),
        (Decimal("302.00"), "302,00 kr."),
        ("1234.5", "1.234,50 kr."),
        (Decimal("1234567.89"), "1.234.567,89 kr."),
        (0, "0,00 kr."),
        (Decimal("-70.25"), "-70,25 kr."),
        (None, "–"),
        ("", "–"),
        ("ikke et tal", "–"),
        (Decimal("NaN"), "–"),
    ],
)
def test_money(amount, written):
    assert formats.kroner(amount) == written
    assert Template("{% load ui %}{{ a|kroner }}").render(Context({"a": amount})) == written


@pytest.mark.parametrize(
    ("share", "written"), [(Decimal("72.5"), "72,5 %"), (100, "100,0 %"), (None, "–")]
)
def test_shares(share, written):
    assert formats.procent(share) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [(True, "Ja"), (False, "Nej"), (None, "–"), ("", "–"), (date(2026, 11, 25), "25. nov. 2026"), ("Glostrup", "Glostrup")],
)
def test_a_stored_value_as_the_admin_history_shows_it(value, written):
    assert formats.display_value(value) == written
