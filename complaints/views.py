"""Thin views over complaints/services.py: parse a form, call one service, render. Every read goes through
complaints/access.py (cases/access.py underneath), so it is scoped to the user and logged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cases.access import log_reads, read_case
from cases.models import AccessAction, TransitionRefused
from cases.models.stored_pdf import pdf_response

from . import services
from .access import get_complaint_for_user, read_complaint
from .documents import NotAvailable, available_kinds, document_for
from .forms import AppealOutcomeForm, ComplaintForm, LateDecisionForm, ReconsiderationForm
from .models import Complaint, ComplaintText, DocumentKind, TextKey

DOCUMENT_URLS = {
    DocumentKind.ACKNOWLEDGEMENT: "complaints:acknowledgement",
    DocumentKind.FORWARDED_LETTER: "complaints:forwarded_letter",
    DocumentKind.BUNDLE: "complaints:bundle",
}
FILE_NAMES = {
    DocumentKind.ACKNOWLEDGEMENT: "kvittering",
    DocumentKind.FORWARDED_LETTER: "videresendt",
    DocumentKind.BUNDLE: "sagsakter",
}


def _attach_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_errors)


@login_required
def register(request, pk):
    case = read_case(request, pk, action=AccessAction.FORM, detail="Registrér klage")
    services.ensure_may_register(case, request.user)
    form = ComplaintForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_register(case=case, user=request.user, **form.service_kwargs())
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, "Klagen er registreret.")
            return redirect("complaints:detail", pk=complaint.pk)
    return render(request, "complaints/complaint_form.html", {"case": case, "form": form})


def _page(request, complaint: Complaint, status: int = 200, **forms):
    """The complaint page with a form for each step this user may take now (bound ones passed in)."""
    allowed = complaint.transitions_for(request.user)
    defaults = {
        "decide_late": LateDecisionForm,
        "reconsider": ReconsiderationForm,
        "record_appeal_outcome": AppealOutcomeForm,
    }
    step_forms = {name: forms.get(name) or form_class() for name, form_class in defaults.items() if name in allowed}
    explanation = ComplaintText.lookup(TextKey.ROUTE_EXPLANATION, complaint.route)
    documents = [
        {"kind": kind, "label": DocumentKind(kind).label, "url": reverse(DOCUMENT_URLS[kind], args=[complaint.pk]),
         "stored": kind in complaint.stored_kinds}
        for kind in available_kinds(complaint)
    ]
    context = {
        "complaint": complaint,
        "case": complaint.case,
        "citizen": complaint.case.citizen,
        "explanation": explanation,
        "documents": documents,
        "forms": step_forms,
        "history": complaint.history.select_related("history_user").order_by("history_date", "history_id"),
    }
    return render(request, "complaints/complaint_detail.html", context, status=status)


@login_required
def detail(request, pk):
    return _page(request, read_complaint(request, pk))


def _step(request, pk, *, name, form_class, service, done):
    complaint = read_complaint(request, pk, action=AccessAction.FORM)
    try:
        complaint.ensure_can(name, user=request.user)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
        return redirect("complaints:detail", pk=complaint.pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(complaint=complaint, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _attach_errors(form, error)
        except TransitionRefused as refused:
            messages.error(request, refused.message)
            return redirect("complaints:detail", pk=complaint.pk)
        else:
            messages.success(request, done)
            return redirect("complaints:detail", pk=complaint.pk)
    return _page(request, complaint, status=400, **{name: form})


@login_required
@require_POST
def decide_late(request, pk):
    return _step(request, pk, name="decide_late", form_class=LateDecisionForm,
                 service=services.complaint_decide_late, done="Beslutningen om den for sene klage er gemt.")


@login_required
@require_POST
def reconsider(request, pk):
    return _step(request, pk, name="reconsider", form_class=ReconsiderationForm,
                 service=services.complaint_reconsider, done="Genvurderingen er registreret.")


@login_required
@require_POST
def appeal_outcome(request, pk):
    return _step(request, pk, name="record_appeal_outcome", form_class=AppealOutcomeForm,
                 service=services.complaint_appeal_outcome, done="Ankestyrelsens afgørelse er registreret.")


def document_response(request, complaint: Complaint, kind: str) -> HttpResponse:
    """The stored PDF, logged as read; NotAvailable if it does not exist at this point of the complaint."""
    document = document_for(complaint, kind)
    log_reads(request, [(complaint.case.citizen_id, complaint.case_id)], action=AccessAction.LETTER,
              detail=f"Klage {complaint.pk}: {DocumentKind(kind).label}")
    return pdf_response(document, f"{FILE_NAMES[kind]}-klage-{complaint.pk}.pdf")


@login_required
def document(request, pk, kind):
    complaint = get_complaint_for_user(request.user, pk)
    try:
        return document_response(request, complaint, kind)
    except NotAvailable:
        raise Http404("Dokumentet findes ikke endnu.") from None
