"""The case's copies of its open guarantee and its open treatment period end (deadline.CASE_COPIES).

The start pages sort and filter by these columns instead of asking the deadlines per case (issue 11), so a
stale copy would put a case in the wrong section or order. Each test drives a domain event through the
services a view calls and checks the copy against the deadlines themselves.
"""

from datetime import timedelta

import pytest

from cases.models import Case, CaseState, Deadline, DeadlineKind, DeadlineStatus
from cases.models.deadline import CASE_COPIES
from followups import services as followups
from visitation import services as visitation

from . import factories
from .visitation_steps import (
    GUARANTEE_DUE,
    INQUIRY_DATE,
    REASONED,
    TODAY,
    decide,
    fresh,
    granted,
    recommended,
)

pytestmark = pytest.mark.usefixtures("frozen_today")


def copies(case) -> tuple:
    case = fresh(case)
    return case.open_guarantee_due, case.open_period_end


def truth(case) -> tuple:
    """What the copies must say: the earliest open deadline of each kind, read from the deadlines."""
    found = []
    for kind in CASE_COPIES:
        first = Deadline.objects.filter(case=case, kind=kind, status=DeadlineStatus.OPEN).order_by("due_date").first()
        found.append(first.due_date if first else None)
    return tuple(found)


def test_a_new_inquiry_carries_its_guarantee(case):
    assert copies(case) == (GUARANTEE_DUE, None) == truth(case)


def test_an_anonymous_inquiry_has_no_guarantee_to_copy(glostrup, caseworker, city, frozen_today):
    anonymous = factories.citizen(glostrup, cpr=None, name="Anonym 17")
    case = Case.register_inquiry(
        citizen=anonymous, substance="drugs", inquiry_date=TODAY, channel="phone", user=caseworker, unit=city
    )
    assert copies(case) == (None, None)


def test_the_start_settles_the_guarantee_and_the_grant_opens_the_period(case, counsellor, approver, catalogue):
    granted(case, counsellor, approver)
    period_end = Deadline.objects.get(case=case, kind=DeadlineKind.TREATMENT_PERIOD_END).due_date
    assert copies(case) == (GUARANTEE_DUE, period_end)

    visitation.treatment_start(case=fresh(case), user=counsellor, start=TODAY)

    # The transition saves the case after settling the guarantee: the case's save must not write back the
    # copy it read before.
    assert copies(case) == (None, period_end) == truth(case)
    assert fresh(case).state == CaseState.IN_TREATMENT


def test_discharge_lets_the_period_lapse(case, counsellor, approver, catalogue):
    granted(case, counsellor, approver)
    visitation.treatment_start(case=fresh(case), user=counsellor, start=TODAY)

    followups.discharge(case=fresh(case), user=counsellor, on=TODAY, reason="completed_drug_free")

    assert copies(case) == (None, None) == truth(case)


def test_a_refusal_ends_the_guarantee(case, counsellor, approver, catalogue):
    recommended(case, counsellor)
    decide(case, approver, outcome="refused", **REASONED)

    assert copies(case) == (None, None) == truth(case)


def test_withdrawal_cancels_the_guarantee(case, caseworker):
    fresh(case).perform("withdraw", user=caseworker, reason="Borgeren ønsker ikke behandling alligevel.")

    assert copies(case) == (None, None) == truth(case)


def test_a_refused_transition_leaves_the_copy(case, counsellor):
    """The counsellor may not withdraw: nothing changes, the guarantee stays open and copied."""
    with pytest.raises(Exception):  # noqa: B017, PT011 - PermissionDenied; the point is what is left
        fresh(case).perform("withdraw", user=counsellor, reason="Forkert rolle.")

    assert copies(case) == (GUARANTEE_DUE, None) == truth(case)


def test_bulk_changes_to_deadlines_keep_the_copies(case):
    guarantee = Deadline.objects.filter(case=case, kind=DeadlineKind.TREATMENT_GUARANTEE)
    later = INQUIRY_DATE + timedelta(days=20)

    guarantee.update(due_date=later)
    assert copies(case) == (later, None)

    guarantee.update(status=DeadlineStatus.MET)
    assert copies(case) == (None, None)

    guarantee.update(status=DeadlineStatus.OPEN)
    guarantee.delete()
    assert copies(case) == (None, None) == truth(case)


def test_a_deadline_of_another_kind_leaves_the_copies(case):
    Deadline.objects.create(case=case, kind=DeadlineKind.ACTION_PLAN_OFFER, due_date=TODAY + timedelta(days=3))
    Deadline.objects.filter(case=case, kind=DeadlineKind.ACTION_PLAN_OFFER).update(status=DeadlineStatus.MET)

    assert copies(case) == (GUARANTEE_DUE, None)

