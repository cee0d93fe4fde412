from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .access import get_case_for_user, get_citizen_for_user
from .forms import CitizenEditForm, CitizenForm, CitizenSearchForm, DischargeForm, InquiryForm
from .models import Case, CaseState, Citizen, Role
from .models.states import TRANSITION_LABELS, TransitionRefused

# Transitions that take input get their own form page, owned by the app that handles that step.
# Named by URL name (a string), so the core never imports a process app.
TRANSITION_FORMS = {
    "start_assessment": "visitation:assessment",
    "recommend": "visitation:recommendation",
    "grant": "visitation:decision",
    "refuse": "visitation:decision",
    "start_treatment": "visitation:treatment_start",
    "discharge": "cases:discharge",
    "recommend_change": "visitation:recommendation",
    "decide_change": "visitation:decision",
}


@login_required
def home(request):
    """'Mine sager': what each role works on, most urgent first."""
    user = request.user
    cases = Case.objects.for_user(user).select_related("citizen", "unit").with_guarantee()
    sections = []
    if user.has_role(Role.APPROVER):
        sections.append(
            ("Indstillinger til afgørelse", cases.filter(awaiting_decision=True).order_by("modified"))
        )
    if user.has_role(Role.CASEWORKER):
        sections.append(("Kommunens aktive sager", cases.active().order_by("guarantee_due", "pk")))
    if user.has_role(Role.COUNSELLOR):
        sections.append(
            (
                "Sager til afdækning og indstilling",
                cases.filter(state__in=[CaseState.INQUIRY, CaseState.ASSESSMENT]).order_by("inquiry_date"),
            )
        )
        sections.append(("Til revurdering: bevillingsperioden er udløbet", cases.needing_reevaluation()))
        sections.append(
            ("I behandling", cases.filter(state=CaseState.IN_TREATMENT).order_by("treatment_start"))
        )
    if user.is_superuser and not sections:
        sections.append(("Alle aktive sager", cases.active().order_by("guarantee_due", "pk")))
    limited = [(title, rows[:100]) for title, rows in sections]
    return render(request, "cases/home.html", {"sections": limited, "today": timezone.localdate()})


@login_required
def citizen_search(request):
    """Search runs on POST so a CPR number never ends up in a URL, a browser history or an access log."""
    results = None
    if request.method == "POST":
        form = CitizenSearchForm(request.POST)
        if form.is_valid():
            results = (
                Citizen.objects.for_user(request.user)
                .search(form.cleaned_data["q"])
                .select_related("municipality")[:50]
            )
    else:
        form = CitizenSearchForm()
    template = "cases/_citizen_results.html" if request.htmx else "cases/citizen_search.html"
    return render(request, template, {"form": form, "results": results})


@login_required
@permission_required("cases.add_citizen", raise_exception=True)
def citizen_create(request):
    if not request.user.municipality_id:
        raise PermissionDenied("Kun kommunens medarbejdere kan oprette borgere.")
    form = CitizenForm(request.POST or None, municipality=request.user.municipality)
    if request.method == "POST" and form.is_valid():
        citizen = form.save(commit=False)
        citizen._history_user = request.user
        citizen.save()
        messages.success(request, f"{citizen.name} er oprettet.")
        return redirect("cases:citizen_detail", pk=citizen.pk)
    return render(request, "cases/citizen_form.html", {"form": form})


@login_required
def citizen_detail(request, pk):
    citizen = get_citizen_for_user(request.user, pk)
    cases = (
        Case.objects.for_user(request.user).filter(citizen=citizen).select_related("unit").with_guarantee()
    )
    context = {
        "citizen": citizen,
        "cases": cases,
        "today": timezone.localdate(),
        "can_edit": citizen.editable_by(request.user),
        "changes": citizen.change_history(),
    }
    return render(request, "cases/citizen_detail.html", context)


@login_required
@permission_required("cases.change_citizen", raise_exception=True)
def citizen_edit(request, pk):
    """Correct name and address. A form loaded before someone else's save is refused, never saved over it."""
    citizen = get_citizen_for_user(request.user, pk)
    if not citizen.editable_by(request.user):
        raise Http404  # seen through a KABS case, but another municipality's record: as if it did not exist
    form = CitizenEditForm(request.POST or None, instance=citizen)
    if request.method == "POST" and form.is_valid():
        if not form.has_changed():
            messages.info(request, "Du har ikke rettet noget, så intet er gemt.")
            return redirect("cases:citizen_detail", pk=citizen.pk)
        if form.save_unless_stale(history_user=request.user):
            messages.success(request, "Navn og adresse er rettet.")
            return redirect("cases:citizen_detail", pk=citizen.pk)
    return render(request, "cases/citizen_edit.html", {"form": form, "citizen": citizen})


@login_required
@permission_required("cases.register_inquiry", raise_exception=True)
def inquiry_create(request, citizen_pk):
    citizen = get_citizen_for_user(request.user, citizen_pk)
    form = InquiryForm(request.POST or None, citizen=citizen)
    if request.method == "POST" and form.is_valid():
        case = form.save(user=request.user)
        messages.success(
            request, "Henvendelsen er registreret. Behandlingsgarantien løber fra henvendelsesdatoen."
        )
        return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/inquiry_form.html", {"form": form, "citizen": citizen})


def _actions(case, user) -> list[dict]:
    actions = []
    for name in case.transitions_for(user):
        url_name = TRANSITION_FORMS.get(name)
        try:
            url = reverse(url_name, args=[case.pk]) if url_name else None
        except NoReverseMatch:
            continue  # the step's form ships with its app; until then the action is not offered
        actions.append({"name": name, "label": TRANSITION_LABELS[name], "form_url": url})
    return actions


@login_required
def case_detail(request, pk):
    case = get_case_for_user(request.user, pk)
    context = {
        "case": case,
        "citizen": case.citizen,
        "deadlines": case.deadlines.all(),
        "timeline": case.timeline(),
        "actions": _actions(case, request.user),
        "today": timezone.localdate(),
    }
    return render(request, "cases/case_detail.html", context)


@login_required
@require_POST
def case_transition(request, pk, name):
    """Transitions that need no input (withdraw, close): one POST, refused ones explained."""
    case = get_case_for_user(request.user, pk)
    if name not in TRANSITION_LABELS or name in TRANSITION_FORMS:
        return HttpResponseNotAllowed(["GET"])
    try:
        case.perform(name, user=request.user)
    except TransitionRefused as refused:
        messages.error(request, refused.message)
    except PermissionDenied as denied:
        messages.error(request, str(denied))
    else:
        messages.success(request, f"{TRANSITION_LABELS[name]}: udført.")
    return redirect("cases:case_detail", pk=case.pk)


@login_required
def discharge(request, pk):
    case = get_case_for_user(request.user, pk)
    form = DischargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case.perform(
                "discharge",
                user=request.user,
                on=form.cleaned_data["date"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("date", error.message_dict.get("date", error.messages))
        except (TransitionRefused, PermissionDenied) as refused:
            form.add_error(None, getattr(refused, "message", str(refused)))
        else:
            messages.success(request, "Borgeren er udskrevet.")
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/transition_form.html", {"case": case, "form": form, "title": "Udskriv"})
