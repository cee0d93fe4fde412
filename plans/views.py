"""The plan's own pages: the citizen's copy as a PDF, and recording the citizen's signature."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cases.access import read_case
from cases.models import AccessAction

from .documents import render_plan_pdf
from .forms import PlanSignatureForm
from .models import PlanVersion


@login_required
def plan_pdf(request, pk, number):
    """The citizen's copy of a plan version, rendered from what was stored (a signed version never changes)."""
    case = read_case(request, pk, action=AccessAction.PLAN, detail=f"Plan version {number}")
    version = get_object_or_404(PlanVersion.objects.select_related("created_by"), plan__case=case, number=number)
    response = HttpResponse(render_plan_pdf(case=case, version=version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="behandlingsplan-{case.pk}-v{number}.pdf"'
    return response


@login_required
@permission_required("cases.assess_case", raise_exception=True)
def plan_sign(request, pk, number):
    """Record the citizen's signature on a plan version; a signed version is never changed again."""
    case = read_case(request, pk, action=AccessAction.FORM, detail=f"Underskrift på plan version {number}")
    version = get_object_or_404(PlanVersion, plan__case=case, number=number)
    form = PlanSignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version.sign(on=form.cleaned_data["signed_on"], how=form.cleaned_data["signed_how"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Underskriften på behandlingsplanens version {version.number} er registreret.")
            return redirect("cases:case_detail", pk=case.pk)
    return render(
        request,
        "cases/transition_form.html",
        {"case": case, "form": form, "title": f"Registrér underskrift på plan version {version.number}"},
    )
