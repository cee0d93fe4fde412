"""Two people acting on the same case at the same moment: the row lock makes one win and refuses the
other, instead of both 'succeeding' and one silently overwriting the other. Needs PostgreSQL, where
SELECT … FOR UPDATE really locks (SQLite ignores it)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from cases.models import Case, CaseState, Role, TransitionRefused
from tariffs.models import Tariff
from visitation import services
from visitation.models import Area, Decision

from . import factories
from .parallel import run_at_once
from .visitation_steps import REASONED


def run_concurrently(*calls):
    return run_at_once(*calls, catch=(TransitionRefused, ValidationError, PermissionDenied))


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_approvers_deciding_at_once_make_one_decision(postgres, caseworker, counsellor, approver, citizen, city):
    call_command("load_tariffs", verbosity=0)
    second_approver = factories.user("gorm", Role.APPROVER, municipality=approver.municipality)
    case = factories.case(citizen, caseworker, unit=city, inquiry_date=date.today())
    services.assessment_start(
        case=case, user=counsellor, start_date=date.today(), unit=city,
        ratings=dict.fromkeys(Area.values, "low"), primary_substance="cannabis",
    )
    services.recommendation_submit(
        case=Case.objects.get(pk=case.pk), user=counsellor, tariff=Tariff.objects.get(code="city-basis"),
        start_date=date.today(), end_date=date.today(), justification="Lav belastning.", goals_short=["Ophør"],
    )

    def decide(user, outcome, **reasons):
        return lambda: services.decision_make(
            case=Case.objects.get(pk=case.pk), user=user, outcome=outcome, **{"reasons": "", **reasons},
            sent_via="digital_post", sent_date=date.today(),
        )

    # Both are valid decisions on their own (the refusal gives all three parts of the reasons), so the
    # only thing that can refuse one of them is the other.
    outcomes = run_concurrently(decide(approver, "granted"), decide(second_approver, "refused", **REASONED))

    decisions = [outcome for outcome in outcomes if isinstance(outcome, Decision)]
    refusals = [outcome for outcome in outcomes if isinstance(outcome, TransitionRefused | ValidationError)]
    assert len(decisions) == 1 and len(refusals) == 1
    assert Decision.objects.filter(case=case).count() == 1
    winner = decisions[0]
    expected_state = CaseState.GRANTED if winner.outcome == "granted" else CaseState.REFUSED
    assert Case.objects.get(pk=case.pk).state == expected_state
