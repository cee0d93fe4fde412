"""Table-driven tests for the deadline arithmetic: the primitives in cases.deadlines and the rule rows
(DeadlineRule, DeliveryRule) with the default data their migrations write, which is what the cases and the
calculator use. There is no second implementation to test.

Every expected date was worked out by hand from a printed calendar; nothing here is recomputed with the code
under test. Easter 2025 is 20 April; Easter 2024 is 31 March; Easter 2023 is 9 April.
"""

from datetime import date

import pytest

from cases.deadlines import (
    PeriodUnit,
    add_period,
    add_working_days,
    days_left,
    holiday_name,
    holidays_between,
    is_working_day,
    next_working_day,
    non_working_days,
)
from cases.models import DeadlineRule, DeliveryRule


def received_date(sent: date, via: str) -> date:
    return DeliveryRule.objects.get(sent_via=via).received_from(sent)


def complaint_deadline(received: date) -> date:
    return DeadlineRule.objects.for_kind("complaint").due_from(received)

# --- The working-day calendar ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2025, 4, 5), False, id="saturday"),
        pytest.param(date(2025, 4, 6), False, id="sunday"),
        pytest.param(date(2025, 4, 7), True, id="ordinary-monday"),
        pytest.param(date(2025, 4, 16), True, id="wednesday-before-easter"),
        pytest.param(date(2025, 4, 17), False, id="maundy-thursday-2025"),
        pytest.param(date(2025, 4, 18), False, id="good-friday-2025"),
        pytest.param(date(2025, 4, 21), False, id="easter-monday-2025"),
        pytest.param(date(2025, 4, 22), True, id="tuesday-after-easter-2025"),
        pytest.param(date(2025, 5, 29), False, id="ascension-2025"),
        pytest.param(date(2025, 6, 9), False, id="whit-monday-2025"),
        pytest.param(date(2025, 6, 5), False, id="constitution-day-5-june-2025"),
        pytest.param(date(2025, 12, 23), True, id="23-dec-2025"),
        pytest.param(date(2025, 12, 24), False, id="christmas-eve-2025"),
        pytest.param(date(2025, 12, 25), False, id="christmas-day-2025"),
        pytest.param(date(2025, 12, 26), False, id="boxing-day-2025"),
        pytest.param(date(2025, 12, 31), False, id="new-years-eve-2025"),
        pytest.param(date(2026, 1, 1), False, id="new-years-day-2026"),
        pytest.param(date(2026, 1, 2), True, id="2-jan-2026"),
        pytest.param(date(2023, 5, 5), False, id="great-prayer-day-2023-still-holiday"),
        pytest.param(date(2024, 4, 26), True, id="great-prayer-day-2024-abolished"),
        pytest.param(date(2025, 5, 16), True, id="great-prayer-day-2025-abolished"),
    ],
)
def test_is_working_day(day: date, expected: bool) -> None:
    assert is_working_day(day) is expected


def test_non_working_days_is_cached_per_year() -> None:
    assert non_working_days(2025) is non_working_days(2025)
    assert isinstance(non_working_days(2025), frozenset)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2025, 4, 17), "skærtorsdag", id="maundy-thursday"),
        pytest.param(date(2025, 4, 21), "anden påskedag", id="easter-monday"),
        pytest.param(date(2025, 5, 29), "kristi himmelfartsdag", id="ascension"),
        pytest.param(date(2025, 6, 9), "anden pinsedag", id="whit-monday"),
        pytest.param(date(2025, 6, 5), "grundlovsdag", id="5-june"),
        pytest.param(date(2025, 12, 24), "juleaftensdag", id="24-dec"),
        pytest.param(date(2025, 12, 31), "nytårsaftensdag", id="31-dec"),
        pytest.param(date(2023, 5, 5), "store bededag", id="great-prayer-day-2023"),
        pytest.param(date(2024, 4, 26), None, id="great-prayer-day-2024-is-an-ordinary-friday"),
        pytest.param(date(2025, 4, 19), None, id="a-saturday-is-no-holiday"),
    ],
)
def test_holiday_name(day: date, expected: str | None) -> None:
    assert holiday_name(day) == expected


def test_holiday_names_cannot_be_changed_through_the_cache() -> None:
    from cases.deadlines import holiday_names

    with pytest.raises(TypeError):
        holiday_names(2025)[date(2025, 3, 3)] = "ingen"  # type: ignore[index]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(
            date(2025, 4, 11), date(2025, 4, 24), [date(2025, 4, 17), date(2025, 4, 18), date(2025, 4, 21)],
            id="easter-weekdays-only",
        ),
        pytest.param(date(2025, 3, 3), date(2025, 3, 11), [], id="none-in-march"),
        pytest.param(date(2025, 6, 5), date(2025, 6, 9), [date(2025, 6, 9)], id="start-day-not-included"),
    ],
)
def test_holidays_between(start: date, end: date, expected: list[date]) -> None:
    assert holidays_between(start, end) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2025, 4, 7), date(2025, 4, 7), id="working-day-is-itself"),
        pytest.param(date(2025, 4, 19), date(2025, 4, 22), id="easter-saturday-to-tuesday"),
        pytest.param(date(2025, 12, 24), date(2025, 12, 29), id="christmas-eve-to-monday-29-dec"),
        pytest.param(date(2025, 12, 31), date(2026, 1, 2), id="new-years-eve-across-year"),
    ],
)
def test_next_working_day(day: date, expected: date) -> None:
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        pytest.param(date(2025, 4, 4), 0, date(2025, 4, 4), id="zero-is-the-day-itself"),
        pytest.param(date(2025, 4, 4), 1, date(2025, 4, 7), id="friday-plus-one-is-monday"),
        pytest.param(date(2025, 4, 16), 1, date(2025, 4, 22), id="over-easter"),
    ],
)
def test_add_working_days(day: date, n: int, expected: date) -> None:
    assert add_working_days(day, n) == expected


def test_add_working_days_refuses_negative() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2025, 4, 4), -1)


# --- Calendar periods --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        pytest.param(date(2025, 1, 31), 30, PeriodUnit.DAYS, date(2025, 3, 2), id="30-days-over-february"),
        pytest.param(date(2025, 1, 31), 2, "weeks", date(2025, 2, 14), id="2-weeks-as-string"),
        pytest.param(date(2024, 1, 31), 1, PeriodUnit.MONTHS, date(2024, 2, 29), id="31-jan-2024-plus-month"),
        pytest.param(date(2025, 1, 31), 1, "months", date(2025, 2, 28), id="31-jan-2025-plus-month"),
        pytest.param(date(2024, 2, 29), 12, "months", date(2025, 2, 28), id="leap-day-plus-12-months"),
        pytest.param(date(2025, 8, 31), 6, "months", date(2026, 2, 28), id="follow-up-6-months"),
    ],
)
def test_add_period(start: date, amount: int, unit: PeriodUnit | str, expected: date) -> None:
    assert add_period(start, amount, unit) == expected


def test_add_period_refuses_unknown_unit() -> None:
    with pytest.raises(ValueError):
        add_period(date(2025, 1, 31), 1, "years")


# --- When a decision counts as received --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "via", "expected"),
    [
        pytest.param(date(2025, 12, 19), "digital_post", date(2025, 12, 19), id="digital-same-day"),
        pytest.param(date(2025, 4, 19), "digital_post", date(2025, 4, 19), id="digital-on-holiday-same-day"),
        pytest.param(date(2025, 3, 3), "physical_post", date(2025, 3, 11), id="post-monday-over-weekend"),
        pytest.param(date(2025, 3, 7), "physical_post", date(2025, 3, 17), id="post-friday-two-weekends"),
        pytest.param(date(2025, 3, 8), "physical_post", date(2025, 3, 17), id="post-sent-on-saturday"),
        pytest.param(date(2025, 4, 14), "physical_post", date(2025, 4, 25), id="post-over-easter-2025"),
        pytest.param(date(2025, 6, 3), "physical_post", date(2025, 6, 13), id="post-over-5-june-and-whit"),
        pytest.param(date(2025, 12, 19), "physical_post", date(2026, 1, 5), id="post-over-christmas"),
        pytest.param(date(2023, 5, 1), "physical_post", date(2023, 5, 10), id="post-great-prayer-day-2023"),
        pytest.param(date(2024, 4, 22), "physical_post", date(2024, 4, 30), id="post-great-prayer-day-2024"),
        pytest.param(date(2025, 3, 6), "quickpost", date(2025, 3, 8), id="quickpost-lands-on-saturday"),
        pytest.param(date(2025, 12, 23), "quickpost", date(2025, 12, 25), id="quickpost-calendar-days"),
    ],
)
@pytest.mark.django_db
def test_received_date(sent: date, via: str, expected: date) -> None:
    assert received_date(sent, via) == expected


def test_receipt_lengths_come_from_the_rule_row() -> None:
    assert DeliveryRule(days=2, working_days=True).received_from(date(2025, 3, 7)) == date(2025, 3, 11)
    assert DeliveryRule(days=3, working_days=False).received_from(date(2025, 3, 3)) == date(2025, 3, 6)


@pytest.mark.django_db
def test_the_delivery_rules_hold_the_law_by_default() -> None:
    rules = {r.sent_via: (r.days, r.working_days) for r in DeliveryRule.objects.all()}
    assert rules == {
        "digital_post": (0, False),
        "physical_post": (6, True),
        "quickpost": (2, False),
        "handed_over": (0, False),  # handed to the citizen in person (anonymous treatment): received at once
    }


# --- Complaint deadlines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "via", "received", "deadline"),
    [
        pytest.param(
            date(2025, 3, 3), "digital_post", date(2025, 3, 3), date(2025, 3, 31), id="digital-nothing-moves"
        ),
        pytest.param(
            date(2025, 3, 9), "digital_post", date(2025, 3, 9), date(2025, 4, 7), id="digital-ends-sunday"
        ),
        pytest.param(
            date(2025, 3, 6), "quickpost", date(2025, 3, 8), date(2025, 4, 7), id="quickpost-ends-saturday"
        ),
        pytest.param(
            date(2025, 3, 20), "digital_post", date(2025, 3, 20), date(2025, 4, 22), id="ends-maundy-thursday"
        ),
        pytest.param(
            date(2025, 3, 21), "digital_post", date(2025, 3, 21), date(2025, 4, 22), id="ends-good-friday"
        ),
        pytest.param(
            date(2025, 3, 14),
            "physical_post",
            date(2025, 3, 24),
            date(2025, 4, 22),
            id="post-ends-easter-monday",
        ),
        pytest.param(
            date(2025, 5, 1), "digital_post", date(2025, 5, 1), date(2025, 5, 30), id="ends-ascension"
        ),
        pytest.param(date(2025, 5, 8), "digital_post", date(2025, 5, 8), date(2025, 6, 6), id="ends-5-june"),
        pytest.param(
            date(2025, 5, 12), "digital_post", date(2025, 5, 12), date(2025, 6, 10), id="ends-whit-monday"
        ),
        pytest.param(
            date(2025, 11, 26), "digital_post", date(2025, 11, 26), date(2025, 12, 29), id="ends-24-dec"
        ),
        pytest.param(
            date(2025, 11, 19), "physical_post", date(2025, 11, 27), date(2025, 12, 29), id="post-ends-25-dec"
        ),
        pytest.param(
            date(2025, 11, 28), "digital_post", date(2025, 11, 28), date(2025, 12, 29), id="ends-26-dec"
        ),
        pytest.param(
            date(2025, 12, 3), "digital_post", date(2025, 12, 3), date(2026, 1, 2), id="ends-31-dec-and-1-jan"
        ),
        pytest.param(
            date(2025, 12, 19), "physical_post", date(2026, 1, 5), date(2026, 2, 2), id="post-over-christmas"
        ),
        pytest.param(
            date(2023, 4, 7),
            "digital_post",
            date(2023, 4, 7),
            date(2023, 5, 8),
            id="ends-great-prayer-day-2023",
        ),
        pytest.param(
            date(2024, 3, 29),
            "digital_post",
            date(2024, 3, 29),
            date(2024, 4, 26),
            id="ends-former-prayer-day",
        ),
    ],
)
@pytest.mark.django_db
def test_complaint_deadline_four_weeks(sent: date, via: str, received: date, deadline: date) -> None:
    assert received_date(sent, via) == received
    assert complaint_deadline(received) == deadline


@pytest.mark.parametrize(
    ("received", "months", "expected"),
    [
        pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="31-jan-leap-year-thursday"),
        pytest.param(date(2025, 1, 31), 1, date(2025, 2, 28), id="31-jan-2025-friday"),
        pytest.param(date(2026, 1, 31), 1, date(2026, 3, 2), id="31-jan-2026-ends-saturday"),
        pytest.param(date(2025, 3, 31), 1, date(2025, 4, 30), id="31-mar-to-30-apr"),
        pytest.param(date(2025, 11, 24), 1, date(2025, 12, 29), id="ends-christmas-eve"),
    ],
)
def test_a_deadline_in_months_moves_off_non_working_days(received: date, months: int, expected: date) -> None:
    rule = DeadlineRule(amount=months, unit=PeriodUnit.MONTHS, moves_to_working_day=True)
    assert rule.due_from(received) == expected


def test_a_deadline_in_days_moves_off_christmas() -> None:
    rule = DeadlineRule(amount=4, unit=PeriodUnit.DAYS, moves_to_working_day=True)
    assert rule.due_from(date(2025, 12, 20)) == date(2025, 12, 29)


def test_a_rule_that_does_not_move_ends_on_the_holiday() -> None:
    rule = DeadlineRule(amount=4, unit=PeriodUnit.DAYS, moves_to_working_day=False)
    assert rule.due_from(date(2025, 12, 20)) == date(2025, 12, 24)


# --- Treatment guarantee and days left ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("substance", ["drugs", "alcohol"])
@pytest.mark.parametrize(
    ("inquiry", "expected"),
    [
        pytest.param(date(2025, 3, 3), date(2025, 3, 17), id="monday-to-monday"),
        pytest.param(date(2025, 2, 24), date(2025, 3, 10), id="across-month-end"),
        pytest.param(date(2024, 2, 15), date(2024, 2, 29), id="lands-on-29-february"),
        pytest.param(date(2025, 3, 1), date(2025, 3, 15), id="lands-on-saturday-and-stays"),
        pytest.param(date(2025, 12, 11), date(2025, 12, 25), id="lands-on-christmas-and-stays"),
        pytest.param(date(2025, 4, 4), date(2025, 4, 18), id="lands-on-good-friday-and-stays"),
    ],
)
def test_guarantee_is_14_calendar_days_for_drugs_and_alcohol(inquiry: date, expected: date, substance: str) -> None:
    assert DeadlineRule.due("treatment_guarantee", inquiry, substance) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "start", "expected"),
    [
        pytest.param("followup_1m", date(2024, 1, 31), date(2024, 2, 29), id="followup-1m-31-jan-leap-year"),
        pytest.param("followup_1m", date(2025, 1, 31), date(2025, 2, 28), id="followup-1m-31-jan"),
        pytest.param("followup_1m", date(2025, 2, 28), date(2025, 3, 28), id="followup-1m-28-feb"),
        pytest.param("followup_6m", date(2025, 8, 31), date(2026, 2, 28), id="followup-6m-month-end"),
        pytest.param("followup_6m", date(2024, 2, 29), date(2024, 8, 29), id="followup-6m-from-29-feb"),
        pytest.param("followup_1m", date(2025, 5, 29), date(2025, 6, 29), id="followup-lands-on-sunday-stays"),
        pytest.param("reconsideration", date(2025, 3, 21), date(2025, 4, 22), id="reconsideration-good-friday"),
        pytest.param("forward_to_ankestyrelsen", date(2025, 5, 1), date(2025, 5, 30), id="forward-ascension"),
        pytest.param("action_plan_offer", date(2025, 10, 31), date(2025, 12, 31), id="action-plan-2-months"),
        pytest.param("treatment_period_end", date(2025, 12, 24), date(2025, 12, 24), id="period-end-is-the-day"),
    ],
)
def test_the_other_kinds_by_their_default_rules(kind: str, start: date, expected: date) -> None:
    assert DeadlineRule.due(kind, start) == expected


@pytest.mark.django_db
def test_the_guarantee_has_a_rule_per_substance_with_its_own_law() -> None:
    drugs = DeadlineRule.objects.for_kind("treatment_guarantee", "drugs")
    alcohol = DeadlineRule.objects.for_kind("treatment_guarantee", "alcohol")

    assert (drugs.amount, drugs.unit, alcohol.amount, alcohol.unit) == (14, "days", 14, "days")
    assert drugs.legal_reference.startswith("Serviceloven § 101, stk. 4")
    assert alcohol.legal_reference.startswith("Sundhedsloven § 141, stk. 2")


@pytest.mark.django_db
def test_a_kind_common_to_both_substances_is_found_for_either() -> None:
    common = DeadlineRule.objects.for_kind("complaint")
    assert DeadlineRule.objects.for_kind("complaint", "alcohol") == common
    assert DeadlineRule.objects.for_kind("complaint", "drugs") == common


@pytest.mark.django_db
def test_a_guarantee_without_substance_has_no_rule() -> None:
    with pytest.raises(DeadlineRule.DoesNotExist):
        DeadlineRule.objects.for_kind("treatment_guarantee")


@pytest.mark.django_db
def test_an_administrators_edit_changes_the_due_date() -> None:
    DeadlineRule.objects.filter(kind="treatment_guarantee", substance="alcohol").update(amount=10)
    assert DeadlineRule.due("treatment_guarantee", date(2025, 3, 3), "alcohol") == date(2025, 3, 13)
    assert DeadlineRule.due("treatment_guarantee", date(2025, 3, 3), "drugs") == date(2025, 3, 17)


@pytest.mark.parametrize(
    ("due", "today", "expected"),
    [
        pytest.param(date(2025, 3, 31), date(2025, 3, 24), 7, id="a-week-left"),
        pytest.param(date(2025, 3, 31), date(2025, 3, 31), 0, id="due-today"),
        pytest.param(date(2025, 3, 31), date(2025, 4, 2), -2, id="two-days-overdue"),
        pytest.param(date(2026, 1, 2), date(2025, 12, 19), 14, id="across-new-year"),
    ],
)
def test_days_left(due: date, today: date, expected: int) -> None:
    assert days_left(due, today) == expected
