"""Thin views over followups/services.py: the discharge form and the follow-up form of a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from cases.access import read_case
from cases.models import AccessAction, AccessPurpose, TransitionRefused

from . import services
from .forms import DischargeForm, FollowUpForm
from .models import FollowUp


def _attach_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


def _step(request, case, *, transition, form, service, template, done_message, context=None):
    """Refuse early if the state or role does not allow the step; else form → service → the case page."""
    try:
        case.ensure_can(transition, user=request.user)
    except (TransitionRefused, PermissionDenied) as refused:
        messages.error(request, getattr(refused, "message", str(refused)))
        return redirect("cases:case_detail", pk=case.pk)
    if request.method == "POST" and form.is_valid():
        try:
            service(case=case, user=request.user, **form.service_kwargs())
        except ValidationError as error:
            _attach_errors(form, error)
        except (TransitionRefused, PermissionDenied) as refused:
            messages.error(request, getattr(refused, "message", str(refused)))
            return redirect("cases:case_detail", pk=case.pk)
        else:
            messages.success(request, done_message)
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, template, {"case": case, "form": form, **(context or {})})


@login_required
def discharge(request, pk):
    """Afslut behandling (udskrivning): the date, the reason, and what follows."""
    case = read_case(request, pk, action=AccessAction.FORM, detail="Afslut behandling")
    return _step(
        request,
        case,
        transition="discharge",
        form=DischargeForm(request.POST or None),
        service=services.discharge,
        template="followups/discharge_form.html",
        done_message="Behandlingen er afsluttet. Opfølgning efter 1 og 6 måneder er sat i gang.",
    )


@login_required
def followup(request, pk):
    """The follow-up talk (or an attempt at it) for one of the case's pending follow-ups."""
    case = read_case(request, pk, action=AccessAction.FORM, detail="Opfølgning", purpose=AccessPurpose.FOLLOWUP)
    pending = FollowUp.objects.filter(case=case).pending().order_by("due_date")
    form = FollowUpForm(request.POST or None, pending=pending)
    return _step(
        request,
        case,
        transition="record_followup",
        form=form,
        service=lambda *, case, **kwargs: services.followup_record(**kwargs),
        template="followups/followup_form.html",
        done_message="Opfølgningen er registreret.",
        context={"attempts_allowed": case.municipality.followup_attempts, "followups": case.followups.for_panel()},
    )
