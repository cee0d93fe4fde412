"""Complaints (DOMAIN.md, "Complaints"; retssikkerhedsloven §§ 66-67): the route by legal basis and subject,
whether the complaint came in time, the late decision, reconsideration with its deadlines, the reopened
decision with its own letter, forwarding with the case file, and Ankestyrelsen's outcome. Through the real
services; a refused step changes nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseState, Deadline, DeadlineKind, DeadlineStatus, Role, TransitionRefused
from complaints.documents import document_for
from complaints.models import Complaint, ComplaintDocument, ComplaintState, DocumentKind
from tariffs.choices import UnitCode
from visitation.letters import letter_for
from visitation.models import Decision, Letter, Recommendation, RecommendationStatus

from . import factories
from .complaint_steps import NOTE, TEXT, appeal, reconsider, register
from .visitation_steps import CONSIDERATIONS, FACTS, TODAY, decide, fresh, granted, recommended

pytestmark = pytest.mark.usefixtures("catalogue")

# A decision sent by Digital Post on Thursday 26 November 2026 is received the same day; 4 weeks is
# Thursday 24 December (juleaftensdag), then the 25th, 26th and Sunday 27th: the deadline is Monday 28th.
COMPLAINT_DEADLINE = date(2026, 12, 28)
# Reconsideration and forwarding: 4 weeks from receipt of a complaint received today, moved the same way.
RECONSIDERATION_DUE = date(2026, 12, 28)


@pytest.fixture
def decision(case, counsellor, approver):
    return granted(case, counsellor, approver)


@pytest.fixture
def alcohol_counsellor(alkohol):
    return factories.user("anna", Role.COUNSELLOR, unit=alkohol)


def counts() -> dict:
    return {
        "complaints": Complaint.objects.count(),
        "deadlines": Deadline.objects.count(),
        "history": Complaint.history.count(),
        "documents": ComplaintDocument.objects.count(),
    }


# --- route and deadline ---------------------------------------------------------------------------------------


def test_complaint_about_a_section_101_decision_is_reconsidered_then_goes_to_ankestyrelsen(case, decision, caseworker):
    complaint = register(case, caseworker, decision=decision)

    assert complaint.route == "ankestyrelsen"
    assert complaint.state == ComplaintState.REGISTERED
    assert complaint.complaint_deadline == decision.complaint_deadline == COMPLAINT_DEADLINE
    assert complaint.in_time is True
    deadlines = {d.kind: d for d in fresh(case).deadlines.all()}
    assert deadlines[DeadlineKind.RECONSIDERATION].due_date == RECONSIDERATION_DUE
    assert deadlines[DeadlineKind.FORWARD_TO_ANKESTYRELSEN].due_date == RECONSIDERATION_DUE
    assert complaint.reconsideration_deadline == deadlines[DeadlineKind.RECONSIDERATION]
    # The citizen complained in time: the decision's complaint deadline is met, not left counting down.
    assert deadlines[DeadlineKind.COMPLAINT].status == DeadlineStatus.MET


def test_alcohol_decision_goes_to_styrelsen_for_patientklager_without_reconsideration(
    citizen, caseworker, approver, alkohol, alcohol_counsellor, frozen_today
):
    case = factories.case(citizen, caseworker, substance="alcohol", unit=alkohol)
    decision = granted(case, alcohol_counsellor, approver, code="alkohol-basis")
    complaint = register(case, caseworker, decision=decision)

    assert complaint.route == "patientklager"
    assert complaint.state == ComplaintState.GUIDED
    assert complaint.in_time is None and complaint.complaint_deadline is None
    kinds = set(fresh(case).deadlines.values_list("kind", flat=True))
    assert not kinds & {DeadlineKind.RECONSIDERATION, DeadlineKind.FORWARD_TO_ANKESTYRELSEN}


def test_anonymous_section_101a_decision_has_no_administrative_appeal(glostrup, caseworker, counsellor, approver, city,
                                                                      frozen_today):
    citizen = factories.citizen(glostrup, cpr=None, name="K.")
    case = factories.case(citizen, caseworker, unit=city)
    recommended(case, counsellor, code="city-anonym", end=TODAY + timedelta(days=111))
    decision = decide(case, approver, sent_via="handed_over")
    complaint = register(case, caseworker, decision=decision)

    assert complaint.route == "none"
    assert complaint.state == ComplaintState.GUIDED
    assert complaint.in_time is None


def test_the_route_follows_the_legal_basis_as_data(case, decision, caseworker):
    from tariffs.models import LegalBasis

    LegalBasis.objects.filter(code="SEL_101").update(complaint_route="patientklager")
    assert register(case, caseworker, decision=Decision.objects.get(pk=decision.pk)).route == "patientklager"


@pytest.mark.parametrize(
    ("about", "route", "state"),
    [
        pytest.param("staff", "internal", ComplaintState.GUIDED, id="staff-to-management-and-borgerraadgiver"),
        pytest.param("health", "patientklager", ComplaintState.GUIDED, id="health-to-patientklager"),
        pytest.param("self_payment", "ankestyrelsen", ComplaintState.REGISTERED, id="self-payment-reconsidered"),
    ],
)
def test_complaints_without_a_deadline_are_routed_by_subject(case, caseworker, about, route, state):
    complaint = register(case, caseworker, about=about)
    assert (complaint.route, complaint.state) == (route, state)
    assert complaint.in_time is None and complaint.complaint_deadline is None


def test_broken_guarantee_complaint_runs_four_weeks_from_the_guarantee(case, caseworker, frozen_today):
    # The guarantee ran out on Friday 4 December 2026; 4 weeks later is 1 January 2027 (nytårsdag, a Friday),
    # so the deadline moves to Monday 4 January.
    frozen_today.move_to(date(2027, 1, 4))
    complaint = register(case, caseworker, about="guarantee", received=date(2027, 1, 4))
    assert complaint.route == "ankestyrelsen"
    assert complaint.complaint_deadline == date(2027, 1, 4)
    assert complaint.in_time is True

    late = register(case, caseworker, about="guarantee", received=date(2027, 1, 4))
    assert late.in_time is True  # the last day counts in full
    frozen_today.move_to(date(2027, 1, 5))
    assert register(case, caseworker, about="guarantee", received=date(2027, 1, 5)).in_time is False


def test_broken_alcohol_guarantee_goes_to_patientklager(citizen, caseworker, alkohol, frozen_today):
    case = factories.case(citizen, caseworker, substance="alcohol", unit=alkohol)
    complaint = register(case, caseworker, about="guarantee")
    assert complaint.route == "patientklager"
    assert complaint.in_time is True


# --- bad input -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        pytest.param({"received": TODAY - timedelta(days=1)}, "received_date",
                     "Klagen kan ikke være modtaget før afgørelsen, som borgeren modtog 26. nov. 2026.",
                     id="before-decision"),
        pytest.param({"received": TODAY + timedelta(days=1)}, "received_date",
                     "Modtagelsesdatoen kan ikke ligge i fremtiden.", id="future"),
        pytest.param({"channel": "oral"}, "oral_note",
                     "En mundtlig klage skal noteres: skriv, hvad borgeren sagde.", id="oral-without-note"),
        pytest.param({"text": "  "}, "text", "Skriv, hvad klagen går ud på.", id="no-text"),
        pytest.param({"text": "x" * 20_001}, "text", None, id="text-too-long"),
        pytest.param({"decision": None}, "decision", "Vælg den afgørelse, klagen drejer sig om.", id="no-decision"),
    ],
)
def test_bad_complaint_is_refused_in_danish_and_nothing_is_saved(case, decision, caseworker, change, field, message):
    before = counts()
    arguments = {"decision": decision, **change}
    with pytest.raises(ValidationError) as invalid:
        register(case, caseworker, **arguments)
    assert field in invalid.value.message_dict
    if message:
        assert invalid.value.message_dict[field] == [message]
    assert counts() == before


def test_decision_of_another_case_is_refused(case, decision, caseworker, glostrup, city):
    other = factories.case(factories.citizen(glostrup, cpr="0202902345", name="Eva Holm"), caseworker, unit=city)
    with pytest.raises(ValidationError) as invalid:
        register(other, caseworker, decision=decision)
    assert invalid.value.message_dict["decision"] == ["Afgørelsen hører ikke til denne sag."]
    assert Complaint.objects.count() == 0


def test_oral_complaint_keeps_the_note_of_what_was_said(case, decision, caseworker):
    complaint = register(case, caseworker, decision=decision, channel="oral", oral_note="Ringede og var vred.")
    assert fresh(complaint.case).complaints.get().oral_note == "Ringede og var vred."


@pytest.mark.parametrize("persona", ["counsellor", "outsider"])
def test_only_the_municipality_registers_complaints(request, case, decision, persona):
    with pytest.raises(PermissionDenied):
        register(case, request.getfixturevalue(persona), decision=decision)
    assert Complaint.objects.count() == 0


# --- late complaints -------------------------------------------------------------------------------------------


@pytest.fixture
def late(case, decision, caseworker, frozen_today):
    frozen_today.move_to(date(2027, 1, 5))
    return register(case, caseworker, decision=decision, received=date(2027, 1, 5))


def test_late_complaint_is_recorded_late_and_not_reconsidered_until_accepted(late, approver):
    assert late.in_time is False
    with pytest.raises(TransitionRefused) as refused:
        reconsider(late, approver, on=date(2027, 1, 5))
    assert "for sent" in refused.value.message
    assert Complaint.objects.get(pk=late.pk).reconsideration_outcome == ""

    with pytest.raises(ValidationError) as invalid:
        services_decide_late(late, approver, accept=True, reason=" ")
    assert invalid.value.message_dict == {"reason": ["Begrund beslutningen om den for sene klage."]}

    accepted = services_decide_late(late, approver, accept=True, reason="Borgeren var indlagt.")
    assert (accepted.late_accepted, accepted.late_decided_by, accepted.state) == (True, approver, "registered")
    assert reconsider(late, approver, on=date(2027, 1, 5)).state == ComplaintState.FORWARDED


def test_late_complaint_not_accepted_is_closed_and_its_deadlines_cancelled(late, approver):
    closed = services_decide_late(late, approver, accept=False, reason="Ingen særlige grunde.")
    assert closed.state == ComplaintState.CLOSED
    assert closed.reconsideration_deadline.status == DeadlineStatus.CANCELLED
    assert closed.forward_deadline.status == DeadlineStatus.CANCELLED
    with pytest.raises(TransitionRefused):
        services_decide_late(late, approver, accept=True, reason="Fortrudt.")


def test_a_complaint_in_time_needs_no_late_decision(case, decision, caseworker, approver):
    complaint = register(case, caseworker, decision=decision)
    with pytest.raises(TransitionRefused) as refused:
        services_decide_late(complaint, approver, accept=True, reason="Særlige grunde.")
    assert refused.value.message == "Klagen er ikke for sen; der skal ikke træffes beslutning om fristen."


def services_decide_late(complaint, user, **kwargs):
    from complaints.services import complaint_decide_late

    return complaint_decide_late(complaint=Complaint.objects.get(pk=complaint.pk), user=user, **kwargs)


# --- reconsideration -------------------------------------------------------------------------------------------


@pytest.fixture
def complaint(case, decision, caseworker):
    return register(case, caseworker, decision=decision)


def test_upheld_forwards_with_bundle_and_letter_and_meets_both_deadlines(
    complaint, approver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        forwarded = reconsider(complaint, approver)

    assert forwarded.state == ComplaintState.FORWARDED
    assert (forwarded.reconsideration_outcome, forwarded.reconsidered_by) == ("upheld", approver)
    assert forwarded.reconsideration_deadline.status == DeadlineStatus.MET
    assert forwarded.forward_deadline.status == DeadlineStatus.MET
    kinds = set(forwarded.documents.values_list("kind", flat=True))
    assert kinds == {DocumentKind.BUNDLE, DocumentKind.FORWARDED_LETTER}
    history = list(forwarded.history.order_by("history_date").values_list("history_change_reason", "history_user"))
    assert history == [("register", complaint.registered_by.pk), ("reconsider", approver.pk)]


def test_reconsideration_after_its_deadline_is_recorded_as_missed(complaint, approver, frozen_today):
    frozen_today.move_to(date(2027, 1, 4))
    forwarded = reconsider(complaint, approver, on=date(2027, 1, 4))
    assert forwarded.reconsideration_deadline.status == DeadlineStatus.MISSED
    assert forwarded.forward_deadline.status == DeadlineStatus.MISSED


@pytest.mark.parametrize("outcome", ["changed", "partially_changed"])
def test_agreement_reopens_the_decision_for_a_new_one_with_its_own_letter(
    case, complaint, decision, approver, outcome
):
    reconsidered = reconsider(complaint, approver, outcome=outcome)

    assert reconsidered.state == ComplaintState.RECONSIDERED
    assert reconsidered.forward_deadline.status == DeadlineStatus.CANCELLED
    assert reconsidered.reconsideration_deadline.status == DeadlineStatus.MET
    reopened = fresh(case)
    assert (reopened.state, reopened.awaiting_decision) == (CaseState.RECOMMENDED, True)
    assert reopened.history.order_by("-history_id").first().history_change_reason == "reopen_decision"
    pending = Recommendation.objects.get(case=case, status=RecommendationStatus.PENDING)
    assert (pending.tariff, pending.start_date, pending.end_date) == (
        decision.recommendation.tariff, decision.recommendation.start_date, decision.recommendation.end_date
    )
    assert not ComplaintDocument.objects.filter(complaint=complaint, kind=DocumentKind.BUNDLE).exists()

    new = decide(case, approver, outcome="partially_granted", facts=FACTS, considerations=CONSIDERATIONS,
                 reasons="Servicelovens § 101: kortere periode efter genvurdering af klagen.",
                 end_date=decision.end_date - timedelta(days=30))
    assert Decision.objects.filter(case=case).count() == 2
    assert new.recommendation == pending
    assert letter_for(new).pk != letter_for(decision).pk
    assert Letter.objects.count() == 2
    assert fresh(case).state == CaseState.GRANTED


def test_agreement_during_treatment_keeps_the_case_in_treatment(case, complaint, decision, caseworker, approver):
    from visitation.services import treatment_start

    treatment_start(case=fresh(case), user=caseworker, start=TODAY)
    reconsider(complaint, approver, outcome="changed")
    reopened = fresh(case)
    assert (reopened.state, reopened.awaiting_decision) == (CaseState.IN_TREATMENT, True)
    new = decide(case, approver)
    assert new.recommendation.is_change
    assert fresh(case).awaiting_decision is False


def test_a_complaint_is_reconsidered_once(complaint, approver):
    reconsider(complaint, approver)
    before = counts()
    with pytest.raises(TransitionRefused) as refused:
        reconsider(complaint, approver, outcome="changed")
    assert refused.value.message.startswith("Klagen er allerede genvurderet 26. nov. 2026")
    assert counts() == before


@pytest.mark.parametrize(
    ("on", "message"),
    [
        pytest.param(TODAY - timedelta(days=1), "Genvurderingen kan ikke ligge før klagen blev modtaget (26. nov. 2026).",
                     id="before-receipt"),
        pytest.param(TODAY + timedelta(days=1), "Genvurderingen kan ikke dateres i fremtiden.", id="future"),
    ],
)
def test_reconsideration_dated_outside_receipt_to_today_is_refused(case, complaint, approver, on, message):
    with pytest.raises(ValidationError) as invalid:
        reconsider(complaint, approver, on=on)
    assert invalid.value.message_dict == {"date": [message]}
    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.state, stored.reconsideration_outcome) == (ComplaintState.REGISTERED, "")
    assert fresh(case).state == CaseState.GRANTED


def test_reconsideration_needs_the_municipalitys_reasons(complaint, approver):
    with pytest.raises(ValidationError) as invalid:
        reconsider(complaint, approver, note="")
    assert "note" in invalid.value.message_dict


@pytest.mark.parametrize("persona", ["caseworker", "counsellor", "outsider_approver"])
def test_only_the_municipalitys_approver_reconsiders(request, complaint, persona):
    with pytest.raises(PermissionDenied):
        reconsider(complaint, request.getfixturevalue(persona))
    assert Complaint.objects.get(pk=complaint.pk).state == ComplaintState.REGISTERED


def test_guided_complaint_is_not_reconsidered(case, caseworker, approver):
    complaint = register(case, caseworker, about="staff")
    with pytest.raises(TransitionRefused) as refused:
        reconsider(complaint, approver)
    assert "genvurderes ikke af kommunen" in refused.value.message


def test_reopening_is_refused_while_another_decision_is_pending(case, complaint, approver, counsellor, caseworker):
    from visitation.services import treatment_start

    treatment_start(case=fresh(case), user=caseworker, start=TODAY)
    fresh(case).perform("recommend_change", user=counsellor, recommended_by=counsellor)
    with pytest.raises(TransitionRefused):
        reconsider(complaint, approver, outcome="changed")
    assert Complaint.objects.get(pk=complaint.pk).state == ComplaintState.REGISTERED


# --- Ankestyrelsen's outcome -----------------------------------------------------------------------------------


def test_appeal_outcome_is_refused_before_forwarding(complaint, approver):
    with pytest.raises(TransitionRefused) as refused:
        appeal(complaint, approver)
    assert refused.value.message == (
        "Ankestyrelsens afgørelse kan først registreres, når klagen er sendt til Ankestyrelsen."
    )
    assert Complaint.objects.get(pk=complaint.pk).appeal_outcome == ""


@pytest.mark.parametrize(("outcome", "reopens"), [("upheld", False), ("dismissed", False), ("changed", True),
                                                   ("sent_back", True)])
def test_appeal_outcome_is_recorded_and_changed_or_sent_back_reopens(case, complaint, approver, outcome, reopens):
    reconsider(complaint, approver)
    decided = appeal(complaint, approver, outcome=outcome)
    assert (decided.state, decided.appeal_outcome, decided.appeal_decided_on) == (
        ComplaintState.APPEAL_DECIDED, outcome, TODAY
    )
    assert (fresh(case).state == CaseState.RECOMMENDED) is reopens
    with pytest.raises(TransitionRefused):
        appeal(complaint, approver, outcome="upheld")


# --- documents -------------------------------------------------------------------------------------------------


def test_acknowledgement_is_sent_on_request_with_the_route_text(case, decision, caseworker,
                                                                 django_capture_on_commit_callbacks):
    from .visitation_steps import pdf_text

    with django_capture_on_commit_callbacks(execute=True):
        complaint = register(case, caseworker, decision=decision, acknowledge=True)
    text = pdf_text(bytes(complaint.documents.get(kind=DocumentKind.ACKNOWLEDGEMENT).pdf))
    assert "Vi har modtaget din klage" in text
    assert "genvurderer afgørelsen senest 28. december 2026" in text


def test_bundle_is_one_pdf_with_the_case_file_stored_once(complaint, decision, approver):
    from .visitation_steps import pdf_text

    reconsider(complaint, approver)
    complaint = Complaint.objects.get(pk=complaint.pk)
    bundle = document_for(complaint, DocumentKind.BUNDLE)
    text = pdf_text(bytes(bundle.pdf))

    assert "Klagesag til Ankestyrelsen" in text  # the index
    assert TEXT in text  # the complaint
    assert pdf_text(bytes(letter_for(decision).pdf))[:200] in text  # the decision letter as stored
    assert "Borgeren har brug for ambulant behandling." in text  # the recommendation's justification
    assert "Fysisk helbred Moderat belastet" in text and "Bolig Moderat belastet" in text  # the ratings
    assert "Stoffri hverdag" in text  # the plan
    assert NOTE in text  # the reconsideration note
    assert bundle.pages >= 6
    again = document_for(Complaint.objects.get(pk=complaint.pk), DocumentKind.BUNDLE)
    assert bytes(again.pdf) == bytes(bundle.pdf) and again.pk == bundle.pk
    assert bundle.verify() and len(bundle.sha256) == 64


def test_bundle_does_not_exist_before_forwarding(complaint):
    from complaints.documents import NotAvailable

    with pytest.raises(NotAvailable):
        document_for(complaint, DocumentKind.BUNDLE)
    assert not ComplaintDocument.objects.exists()


def test_kabs_unit_of_another_municipality_never_sees_the_complaint(complaint, provider, roedovre):
    other = factories.user("stine", Role.COUNSELLOR, unit=factories.unit(provider, UnitCode.STJERNEVANG))
    assert not Complaint.objects.for_user(other).exists()
    assert not Complaint.objects.for_user(factories.user("rolf", Role.APPROVER, municipality=roedovre)).exists()


@pytest.mark.parametrize(
    ("about", "says", "never"),
    [
        pytest.param("health", "Styrelsen for Patientklager", "Ankestyrelsen", id="health-to-patientklager"),
        pytest.param("staff", "borgerrådgiver", "Ankestyrelsen", id="staff-to-borgerraadgiver"),
    ],
)
def test_acknowledgement_names_the_right_authority_per_route(case, caseworker, about, says, never):
    from .visitation_steps import pdf_text

    complaint = register(case, caseworker, about=about)
    text = pdf_text(bytes(document_for(complaint, DocumentKind.ACKNOWLEDGEMENT).pdf))
    assert says in text and never not in text


def test_complaint_text_with_an_unknown_placeholder_is_refused():
    from complaints.models import ComplaintText

    text = ComplaintText.objects.get(key="acknowledgement", route="ankestyrelsen")
    text.body = "Modtaget {klagefrist}."
    with pytest.raises(ValidationError) as invalid:
        text.full_clean()
    assert "ukendt pladsholder" in invalid.value.message_dict["body"][0]
