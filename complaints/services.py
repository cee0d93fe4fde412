"""The complaint workflow: register, decide on lateness, reconsider, record Ankestyrelsen's outcome.

Views and the API call these; they never re-check a rule. Each state change locks the complaint row through
`Complaint.perform`; a reopened decision goes through `Case.perform` in the same transaction, so either the
complaint's outcome and the case's new state are both saved, or neither is.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cases.formats import short_date
from cases.models import Case, Deadline, DeadlineKind, DeadlineRule, DeadlineStatus
from visitation.models import Recommendation, RecommendationStatus

from .models import Complaint, DocumentKind
from .models.states import REOPENING_APPEALS, REOPENING_RECONSIDERATIONS

# The municipality's own deadlines on the Ankestyrelsen route, both 4 weeks from receipt (retssikkerhedsloven
# §§ 66-67), lengths and references from the DeadlineRule rows.
RECONSIDERATION_KINDS = (DeadlineKind.RECONSIDERATION, DeadlineKind.FORWARD_TO_ANKESTYRELSEN)


def ensure_may_register(case: Case, user) -> None:
    """The municipality's caseworkers and approvers register complaints; KABS reads them."""
    if not (user.has_perm("complaints.register_complaint") and user.can_see_case(case)):
        raise PermissionDenied("Du har ikke adgang til at registrere klager på denne sag.")


def complaint_register(
    *,
    case: Case,
    user,
    received_date: date,
    channel: str,
    about: str,
    text: str,
    decision=None,
    oral_note: str = "",
    acknowledge: bool = False,
) -> Complaint:
    """Register a complaint: its route, whether it came in time, and the municipality's deadlines."""
    ensure_may_register(case, user)
    complaint = Complaint(
        case=case,
        decision=decision,
        received_date=received_date,
        channel=channel,
        about=about,
        text=(text or "").strip(),
        oral_note=(oral_note or "").strip(),
        registered_by=user,
    )
    complaint.full_clean(exclude=["state", "route"], validate_unique=False, validate_constraints=False)
    complaint.assess()
    with transaction.atomic():
        if complaint.reconsiders:
            complaint.reconsideration_deadline, complaint.forward_deadline = (
                Deadline.objects.create(
                    case=case, kind=kind, due_date=DeadlineRule.due(kind, received_date, case.substance)
                )
                for kind in RECONSIDERATION_KINDS
            )
        else:
            complaint.guide()
        complaint._history_user = user
        complaint._change_reason = "register"
        complaint.save()
        if complaint.in_time and complaint.decision_id:
            # The citizen used the right to complain in time: the decision's complaint deadline is met.
            case.deadlines.open().filter(kind=DeadlineKind.COMPLAINT, due_date=complaint.complaint_deadline).update(
                status=DeadlineStatus.MET, resolved_on=received_date, note=f"Klage modtaget {short_date(received_date)}."
            )
        if acknowledge:
            transaction.on_commit(lambda: _queue(complaint.pk, DocumentKind.ACKNOWLEDGEMENT))
    return complaint


def complaint_decide_late(*, complaint: Complaint, user, accept: bool, reason: str) -> Complaint:
    """A person decides, with a reason, whether a late complaint is dealt with anyway (DOMAIN.md)."""
    return complaint.perform("decide_late", user=user, accept=accept, reason=reason, by=user)


def complaint_reconsider(*, complaint: Complaint, user, outcome: str, date: date, note: str) -> Complaint:
    """The municipality's reconsideration (retssikkerhedsloven § 66).

    Changed or partly changed reopens the decision for a new one through the visitation flow; upheld forwards
    the complaint to Ankestyrelsen with the case file (the bundle) and tells the citizen (§ 67).
    """
    complaint.ensure_can("reconsider", user=user)
    reopens = outcome in REOPENING_RECONSIDERATIONS and complaint.decision_id is not None
    if reopens:
        complaint.case.ensure_can(complaint.case.reopen_transition(), user=user)
    with transaction.atomic():
        complaint = complaint.perform("reconsider", user=user, outcome=outcome, on=date, note=note, by=user)
        if reopens:
            _reopen(complaint, user)
        if complaint.was_forwarded:
            for kind in (DocumentKind.BUNDLE, DocumentKind.FORWARDED_LETTER):
                transaction.on_commit(lambda kind=kind: _queue(complaint.pk, kind))
    return complaint


def complaint_appeal_outcome(*, complaint: Complaint, user, outcome: str, date: date) -> Complaint:
    """Ankestyrelsen's outcome; changed or sent back reopens the decision for the municipality."""
    complaint.ensure_can("record_appeal_outcome", user=user)
    reopens = outcome in REOPENING_APPEALS and complaint.decision_id is not None
    if reopens:
        complaint.case.ensure_can(complaint.case.reopen_transition(), user=user)
    with transaction.atomic():
        complaint = complaint.perform("record_appeal_outcome", user=user, outcome=outcome, on=date)
        if reopens:
            _reopen(complaint, user)
    return complaint


def _reopen(complaint: Complaint, user) -> Recommendation:
    """Put the decided recommendation back before the approver as a new pending one (Recommendation and
    Decision are one-to-one), and move the case to await that decision. The approver then decides through
    the ordinary decision step, which writes the new decision, its deadlines and its letter."""
    case = complaint.case
    name = case.reopen_transition()
    case = case.perform(name, user=user)
    decided = complaint.decision.recommendation
    return Recommendation.objects.create(
        case=case,
        assessment=decided.assessment,
        plan_version=decided.plan_version,
        tariff=decided.tariff,
        unit=decided.unit,
        start_date=decided.start_date,
        end_date=decided.end_date,
        justification=decided.justification,
        proposed_tariff=decided.proposed_tariff,
        deviation_reason=decided.deviation_reason,
        is_change=name == "reopen_change",
        status=RecommendationStatus.PENDING,
        recommended_by=decided.recommended_by,
    )


def _queue(complaint_id: int, kind: str) -> None:
    from .tasks import render_document

    render_document.delay(complaint_id, kind)
