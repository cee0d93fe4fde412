"""The visitation workflow: each step writes its record and moves the case in one transaction.

Views and the API call these functions; they never re-implement a rule. Every function takes
keyword-only arguments and locks the case through `Case.perform`.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from cases.formats import short_date
from cases.models import Case, Deadline, DeadlineKind, DeadlineStatus
from plans.models import TreatmentPlan
from tariffs.models import Tariff

from .models import Area, Assessment, Decision, Outcome, Rating, Recommendation, RecommendationStatus


def assessment_start(
    *,
    case: Case,
    user,
    start_date: date,
    unit,
    ratings: dict[str, str],
    primary_substance: str,
    psychiatric: bool = False,
    dual_diagnosis: bool = False,
    note: str = "",
) -> Assessment:
    transition = case.assessment_transition()
    reassessment = transition == "reassess"
    case.ensure_can(transition, user=user)
    missing = [Area(area).label for area in Area.values if area not in ratings]
    if missing:
        raise ValidationError({"ratings": f"Alle livsområder skal vurderes. Mangler: {', '.join(missing)}."})
    unknown = sorted(set(ratings) - set(Area.values))
    if unknown:
        raise ValidationError({"ratings": f"Ukendte livsområder: {', '.join(unknown)}."})
    if unit.substance != case.substance:
        raise ValidationError({"unit": f"{unit.name} behandler ikke {case.get_substance_display().lower()}."})
    if start_date < case.inquiry_date:
        raise ValidationError({"start_date": "Afdækningen kan ikke starte før henvendelsesdatoen."})
    if reassessment and unit != case.unit:
        raise ValidationError(
            {"unit": "En ny afdækning under behandling foretages af den enhed, der behandler."}
        )
    with transaction.atomic():
        case = case.perform(transition, user=user, unit=unit)
        end_date, recent = Assessment.end_for(case=case, start=start_date)
        assessment = Assessment.objects.create(
            case=case,
            unit=unit,
            start_date=start_date,
            end_date=end_date,
            primary_substance=primary_substance,
            psychiatric=psychiatric,
            dual_diagnosis=dual_diagnosis,
            recent_kabs_treatment=recent,
            note=note,
            created_by=user,
        )
        ratings_rows = [
            Rating(assessment=assessment, area=area, level=level) for area, level in ratings.items()
        ]
        for rating in ratings_rows:
            rating.full_clean(exclude=["assessment"])
        Rating.objects.bulk_create(ratings_rows)
    return assessment


def recommendation_submit(
    *,
    case: Case,
    user,
    tariff: Tariff,
    start_date: date,
    end_date: date,
    justification: str,
    goals_short: list[str],
    goals_long: list[str] | None = None,
    services: list[str] | None = None,
    deviation_reason: str = "",
    expected_weeks: int | None = None,
    intensity: str = "",
    collaborators: str = "",
    signed_on: date | None = None,
    signed_how: str = "",
) -> Recommendation:
    """KABS places the citizen on a tariff, with the plan, and asks the municipality to decide."""
    transition = case.recommendation_transition()
    case.ensure_can(transition, user=user)
    if transition == "recommend_change" and case.treatment_start and start_date <= case.treatment_start:
        raise ValidationError(
            {
                "start_date": "En ny takst kan tidligst gælde dagen efter behandlingsstarten "
                f"({short_date(case.treatment_start)})."
            }
        )
    services = services or []
    not_in_package = [service for service in services if service not in tariff.package_services]
    if not_in_package:
        raise ValidationError({"services": f"Ydelser uden for takstens pakke: {'; '.join(not_in_package)}."})
    assessment = case.assessments.first()
    with transaction.atomic():
        recommendation = Recommendation(
            case=case,
            assessment=assessment,
            tariff=tariff,
            unit=case.unit,
            start_date=start_date,
            end_date=end_date,
            justification=justification.strip(),
            deviation_reason=deviation_reason.strip(),
            proposed_tariff=assessment.proposed_tariff(start_date) if assessment else None,
            is_change=transition == "recommend_change",
            recommended_by=user,
        )
        if case.unit is None:
            raise ValidationError({"unit": "Sagen er ikke henvist til en KABS-enhed."})
        recommendation.full_clean(exclude=["plan_version"])
        case = case.perform(transition, user=user, recommended_by=user)
        plan = TreatmentPlan.for_case(case)
        recommendation.plan_version = plan.revise(
            author=user,
            goals_short=goals_short,
            goals_long=goals_long or [],
            services=services,
            expected_weeks=expected_weeks,
            intensity=intensity,
            collaborators=collaborators,
            signed_on=signed_on,
            signed_how=signed_how,
        )
        recommendation.case = case
        recommendation.save()
    return recommendation


def decision_make(
    *,
    case: Case,
    user,
    outcome: str,
    reasons: str,
    sent_via: str,
    sent_date: date,
    facts: str = "",
    considerations: str = "",
    tariff: Tariff | None = None,
    end_date: date | None = None,
) -> Decision:
    """The municipality's decision on the pending recommendation; the letter is rendered after commit.

    The decision's rules are its own (`Decision.draft` and `Decision.clean`); this composes them with the
    case's transition, the deadlines and the letter.
    """
    transition = case.decision_transition(grant=outcome != Outcome.REFUSED)
    case.ensure_can(transition, user=user)
    decision = Decision.draft(
        case=case,
        decided_by=user,
        outcome=outcome,
        facts=facts,
        reasons=reasons,
        considerations=considerations,
        sent_via=sent_via,
        sent_date=sent_date,
        tariff=tariff,
        end_date=end_date,
    )
    decision.full_clean(
        exclude=["case", "recommendation", "tariff", "decided_by"], validate_unique=False, validate_constraints=False
    )
    recommendation = decision.recommendation
    with transaction.atomic():
        case = case.perform(transition, user=user)
        decision.case = case
        decision.save(force_insert=True)
        recommendation.status = RecommendationStatus.DECIDED
        recommendation.save(update_fields=["status"])
        if decision.complaint_deadline:
            Deadline.objects.create(case=case, kind=DeadlineKind.COMPLAINT, due_date=decision.complaint_deadline)
        if decision.is_grant:
            _supersede_earlier_grants(case=case, new=decision)
            Deadline.objects.create(case=case, kind=DeadlineKind.TREATMENT_PERIOD_END, due_date=decision.end_date)
        # Rendering is slow and may fail: never inside the transaction, always after it commits.
        transaction.on_commit(lambda: _queue_letter(decision.pk))
    return decision


def _supersede_earlier_grants(*, case: Case, new: Decision) -> None:
    """A new grant during treatment changes the tariff from its start: the earlier grant ends the day before."""
    day_before = new.start_date - timedelta(days=1)
    for earlier in case.decisions.grants().exclude(pk=new.pk).filter(effective_end_date__gte=new.start_date):
        earlier.effective_end_date = max(day_before, earlier.start_date - timedelta(days=1))
        earlier.save(update_fields=["effective_end_date"])
    case.deadlines.open().filter(kind=DeadlineKind.TREATMENT_PERIOD_END).update(
        status=DeadlineStatus.CANCELLED, note="Erstattet af en ny bevilling."
    )


def _queue_letter(decision_id: int) -> None:
    from .tasks import render_letter

    render_letter.delay(decision_id)


def treatment_start(
    *, case: Case, user, start: date, free_choice_provider: str = "", exceed_reason: str = ""
) -> Case:
    case.ensure_can("start_treatment", user=user)
    grant = case.decisions.latest_grant()
    # A start before the inquiry is the case's own error (Case.start_treatment), told in its words.
    error = grant.treatment_start_error(start) if grant and start >= case.inquiry_date else None
    if error:
        raise ValidationError({"date": error})
    return case.perform(
        "start_treatment",
        user=user,
        start=start,
        free_choice_provider=free_choice_provider,
        exceed_reason=exceed_reason,
    )


def treatment_start_not_yet(case: Case, today: date) -> str | None:
    """Why treatment start cannot be recorded today although the case is granted (the granted period has
    not begun), or None. Registered as the case page's availability check for "start_treatment"."""
    grant = case.decisions.latest_grant()
    return grant.treatment_start_not_yet(today) if grant else None


def grants_end(*, case: Case, on: date) -> None:
    """Treatment ended on `on` (discharge): every grant still in force after that day ends on it, so the
    committed cost (Decision.committed_cost) stops there; a grant not yet begun then costs nothing."""
    for grant in case.decisions.grants().filter(effective_end_date__gt=on):
        begun = grant.start_date <= on
        grant.effective_end_date = on if begun else grant.start_date - timedelta(days=1)
        grant.save(update_fields=["effective_end_date"])
