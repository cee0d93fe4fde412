"""Two approvers reconsidering one complaint at the same moment: the row lock lets exactly one through and
tells the other, in Danish, that it was already reconsidered. Needs PostgreSQL (SELECT … FOR UPDATE)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from cases.models import Case, CaseState, Role, TransitionRefused
from complaints import services
from complaints.models import Complaint, ComplaintState
from tariffs.models import Tariff
from visitation import services as visitation
from visitation.models import Area, Recommendation, RecommendationStatus

from . import factories
from .parallel import run_at_once


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reconsiderations_at_once_make_one(postgres, caseworker, counsellor, approver, citizen, city):
    call_command("load_tariffs", verbosity=0)
    today = date.today()
    second_approver = factories.user("gorm", Role.APPROVER, municipality=approver.municipality)
    case = factories.case(citizen, caseworker, unit=city, inquiry_date=today)
    visitation.assessment_start(
        case=case, user=counsellor, start_date=today, unit=city,
        ratings=dict.fromkeys(Area.values, "low"), primary_substance="cannabis",
    )
    visitation.recommendation_submit(
        case=Case.objects.get(pk=case.pk), user=counsellor, tariff=Tariff.objects.get(code="city-basis"),
        start_date=today, end_date=today, justification="Lav belastning.", goals_short=["Ophør"],
    )
    decision = visitation.decision_make(
        case=Case.objects.get(pk=case.pk), user=approver, outcome="granted", reasons="",
        sent_via="digital_post", sent_date=today,
    )
    complaint = services.complaint_register(
        case=Case.objects.get(pk=case.pk), user=caseworker, received_date=today, channel="written",
        about="decision", text="Uenig.", decision=decision,
    )

    def reconsider(user, outcome):
        return lambda: services.complaint_reconsider(
            complaint=Complaint.objects.get(pk=complaint.pk), user=user, outcome=outcome, date=today,
            note="Begrundelse.",
        )

    outcomes = run_at_once(
        reconsider(approver, "upheld"), reconsider(second_approver, "changed"),
        catch=(TransitionRefused, ValidationError, PermissionDenied),
    )

    done = [o for o in outcomes if isinstance(o, Complaint)]
    refused = [o for o in outcomes if isinstance(o, TransitionRefused)]
    assert len(done) == 1 and len(refused) == 1, outcomes
    assert refused[0].message.startswith("Klagen er allerede genvurderet")
    stored = Complaint.objects.get(pk=complaint.pk)
    assert stored.reconsideration_outcome == done[0].reconsideration_outcome
    assert stored.history.filter(history_change_reason="reconsider").count() == 1
    # Only the winner's consequences: forwarded, or one reopened decision with one pending recommendation.
    pending = Recommendation.objects.filter(case=case, status=RecommendationStatus.PENDING).count()
    if stored.state == ComplaintState.FORWARDED:
        assert (Case.objects.get(pk=case.pk).state, pending) == (CaseState.GRANTED, 0)
    else:
        assert (Case.objects.get(pk=case.pk).state, pending) == (CaseState.RECOMMENDED, 1)
