"""Thin views over visitation/services.py: parse a form, call one service, render."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from cases import keyset
from cases.access import get_case_for_user, log_reads, read_case
from cases.formats import short_date
from cases.models import AccessAction, TransitionRefused
from cases.models.stored_pdf import pdf_response

from . import services
from .forms import AssessmentForm, DecisionForm, RecommendationForm, TreatmentStartForm
from .letters import letter_for
from .models import Decision, Outcome, Rating, Recommendation


def _attach_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


def _step(
    request, pk, *, transition, form_factory, service, template, done_message, context=None, not_yet=None
):
    """One process step: refuse early if the state or role does not allow it, or if it cannot succeed
    today (`not_yet(case, today)` says why), else form → service. `done_message` is a text or, given what
    the service returned, a function that says what happened."""
    case = read_case(request, pk, action=AccessAction.FORM, detail=template.rsplit("/", 1)[-1])
    name = transition(case) if callable(transition) else transition
    try:
        case.ensure_can(name, user=request.user)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
        return redirect("cases:case_detail", pk=case.pk)
    reason = not_yet(case, timezone.localdate()) if not_yet else None
    if reason:
        messages.error(request, reason)
        return redirect("cases:case_detail", pk=case.pk)
    form = form_factory(case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = service(case=case, user=request.user, **form.service_kwargs())
        except ValidationError as error:
            _attach_errors(form, error)
        except TransitionRefused as refused:
            messages.error(request, refused.message)
            return redirect("cases:case_detail", pk=case.pk)
        else:
            messages.success(request, done_message(result) if callable(done_message) else done_message)
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, template, {"case": case, "form": form, **(context(case) if context else {})})


@login_required
def assessment(request, pk):
    return _step(
        request,
        pk,
        transition=lambda case: case.assessment_transition(),
        form_factory=lambda case, data: AssessmentForm(data, case=case),
        service=lambda **kw: services.assessment_start(**kw),
        template="visitation/assessment_form.html",
        done_message="Afdækningen er startet.",
    )


def _proposal(case):
    latest = case.assessments.prefetch_related("ratings").select_related("unit", "case").first()
    start = timezone.localdate()
    return latest, (latest.proposed_tariff(start) if latest else None)


@login_required
def recommendation(request, pk):
    def factory(case, data):
        return RecommendationForm(data, case=case, proposed=_proposal(case)[1])

    def context(case):
        latest, proposed = _proposal(case)
        return {"assessment": latest, "proposed": proposed}

    return _step(
        request,
        pk,
        transition=lambda case: case.recommendation_transition(),
        form_factory=factory,
        service=lambda **kw: services.recommendation_submit(**kw),
        template="visitation/recommendation_form.html",
        done_message="Indstillingen er sendt til kommunen.",
        context=context,
    )


@login_required
def decision(request, pk):
    @functools.cache
    def pending(case):
        """The recommendation the page shows and the form's reasons start from, read once per request."""
        return (
            case.recommendations.pending()
            .select_related(
                "case__municipality", "tariff__catalogue", "tariff__legal_basis", "unit", "recommended_by",
                "plan_version", "assessment",
            )
            .prefetch_related(Prefetch("assessment__ratings", queryset=Rating.objects.order_by("area")))
            .first()
        )

    def context(case):
        recommendation = pending(case)
        return {"recommendation": recommendation, "cost": recommendation.cost() if recommendation else None}

    return _step(
        request,
        pk,
        transition=lambda case: case.decision_transition(),
        # A posted form shows what the approver wrote; only a fresh one starts from the case's facts and rules,
        # and with the outcome the link asked for ("Bevil", "Giv afslag").
        form_factory=lambda case, data: DecisionForm(
            data,
            case=case,
            recommendation=pending(case) if data is None else None,
            outcome=request.GET.get("udfald"),
        ),
        service=lambda **kw: services.decision_make(**kw),
        template="visitation/decision_form.html",
        done_message=_decision_done,
        context=context,
    )


def _decision_done(decision: Decision) -> str:
    what = {
        Outcome.GRANTED: "Behandlingen er bevilget som indstillet",
        Outcome.PARTIALLY_GRANTED: "Behandlingen er delvist bevilget",
        Outcome.REFUSED: "Der er givet afslag",
    }[decision.outcome]
    return f"{what}. Brevet til borgeren dannes nu og kan hentes på sagen."


def _treatment_started(case) -> str:
    return f"Behandlingsstarten {short_date(case.treatment_start)} er registreret, og sagen er nu i behandling."


@login_required
def treatment_start(request, pk):
    def factory(case, data):
        grant = case.decisions.latest_grant()
        first_day = grant.suggested_treatment_start(timezone.localdate()) if grant else None
        return TreatmentStartForm(data, first_day=first_day)

    return _step(
        request,
        pk,
        transition="start_treatment",
        form_factory=factory,
        service=lambda **kw: services.treatment_start(**kw),
        template="visitation/treatment_start_form.html",
        done_message=_treatment_started,
        context=lambda case: {"guarantee": case.guarantee_deadline(), "today": timezone.localdate()},
        not_yet=services.treatment_start_not_yet,
    )


# The queue shows this many recommendations a page.
QUEUE_ROWS = 50


@login_required
@permission_required("cases.decide_case", raise_exception=True)
def queue(request):
    """The approver's queue: pending recommendations, oldest first, with days left on the guarantee; a page at a
    time, each after the last row of the one before (no count over the queue, no offset: cases/keyset.py)."""
    pending = Recommendation.objects.for_user(request.user).queue()
    page = pending
    if request.GET.get("efter"):
        try:
            page = keyset.after(pending, request.GET["efter"])
        except keyset.BadCursor:
            message = "Siden findes ikke længere. Gå tilbage til køen og begynd forfra."
            return render(request, "400.html", {"message": message}, status=400)
    found = list(page[: QUEUE_ROWS + 1])
    more, found = len(found) > QUEUE_ROWS, found[:QUEUE_ROWS]
    following = f"?efter={keyset.cursor(pending, found[-1])}" if more else None
    log_reads(request, [(r.case.citizen_id, r.case_id) for r in found], action=AccessAction.LIST, detail="Til afgørelse")
    context = {"recommendations": found, "following": following, "first_page": page is pending,
               "today": timezone.localdate(), "rows": QUEUE_ROWS}
    return render(request, "visitation/queue.html", context)


@login_required
def tariff_services(request, pk):
    """htmx partial: the package services of the chosen tariff, as checkboxes."""
    case = get_case_for_user(request.user, pk)
    form = RecommendationForm(request.GET, case=case, proposed=None)
    return render(request, "visitation/_services.html", {"field": form["services"]})


def letter_response(request, decision: Decision) -> HttpResponse:
    letter = letter_for(decision)
    log_reads(
        request, [(decision.case.citizen_id, decision.case_id)], action=AccessAction.LETTER, detail=f"Brev {decision.pk}"
    )
    return pdf_response(letter, f"afgoerelse-{decision.pk}.pdf")


@login_required
def letter(request, pk):
    decision = get_object_or_404(Decision.objects.for_user(request.user).select_related("case"), pk=pk)
    return letter_response(request, decision)
