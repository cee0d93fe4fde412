from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import keyset, privacy
from .access import (
    log_reads,
    read_case,
    read_citizen,
    read_citizen_access_log,
    remember_lookup_purpose,
)
from .actions import not_yet_reason
from .calculator import calculate
from .forms import (
    CaseListForm,
    CitizenEditForm,
    CitizenForm,
    CitizenSearchForm,
    DeadlineCalculatorForm,
    EndCaseForm,
    InquiryForm,
    YoungPersonConsentForm,
)
from .models import (
    AccessAction,
    AccessLog,
    AccessPurpose,
    Case,
    CaseState,
    Citizen,
    Deadline,
    Role,
    Unit,
    YoungPersonConsent,
)
from .models.consent import consent_status
from .models.states import TRANSITION_LABELS, TransitionRefused
from .roles import role_matrix

# Every step the case page offers has a page of its own, owned by the app that handles that step: it takes
# the input or, for steps that cannot be undone, asks for confirmation and a reason. Nothing acts on one
# click. Named by URL name (a string), so the core never imports a process app.
TRANSITION_FORMS = {
    "start_assessment": "visitation:assessment",
    "reassess": "visitation:assessment",
    "recommend": "visitation:recommendation",
    "grant": "visitation:decision",
    "refuse": "visitation:decision",
    "start_treatment": "visitation:treatment_start",
    "discharge": "followups:discharge",
    "record_followup": "followups:followup",
    "withdraw": "cases:withdraw",
    "close": "cases:close",
    "recommend_change": "visitation:recommendation",
    "decide_change": "visitation:decision",
}


# "Bevil" and "Giv afslag" open the same decision form with that outcome chosen (visitation.DecisionForm
# reads `udfald`; the values are visitation's Outcome values).
TRANSITION_FORM_QUERY = {"grant": "udfald=granted", "refuse": "udfald=refused"}


# The counsellor's "periode udløber": granted periods ending within this many days, in time to evaluate the
# goals with the citizen and, if need remains, recommend anew before the period runs out.
PERIOD_END_WARNING_DAYS = 30
# A start-page section shows its most urgent rows; "Se alle" shows the section alone, a page at a time, each
# page continuing after the last row of the one before (cases/keyset.py): no count, no offset (issue 11).
# A page of many sections (the counsellor's six) shows fewer rows in each, so the page stays a page.
SECTION_ROWS = 25
CROWDED_SECTION_ROWS = 10
PAGE_ROWS = 50


# What a row of a start-page section reads (cases/_case_table.html, the access log, the sections' orders):
# whole cases with their citizen and unit cost more to build than the page's queries took (issue 11).
CASE_ROW_COLUMNS = (
    "reference", "citizen_id", "municipality_id", "unit_id", "substance", "state", "inquiry_date", "readmission",
    "awaiting_decision", "modified", "treatment_start", "open_guarantee_due", "open_period_end",
    "citizen__name", "citizen__cpr", "unit__name",
)


def _home_sections(request, user, today) -> list[tuple[str, str, object, object]]:
    """The start page's sections for this user's roles: (slug, title, cases in order, filter form or None)."""
    cases = Case.objects.for_user(user).select_related("citizen", "unit").only(*CASE_ROW_COLUMNS).with_guarantee()
    sections = []
    if user.has_role(Role.APPROVER):
        sections.append(("til-afgoerelse", "Til afgørelse",
                         cases.filter(awaiting_decision=True).order_by("modified", "pk"), None))
    if user.has_role(Role.CASEWORKER):
        units = Unit.objects.filter(provider__municipalities=user.municipality_id).order_by("name")
        form = CaseListForm(request.GET, units=units)
        query = form.query() if form.is_valid() else {}
        sections.append(("aktive", "Kommunens aktive sager", cases.active().worklist_filter(**query, today=today), form))
    if user.has_role(Role.COUNSELLOR):
        sections += [
            ("afdaekning", "Sager til afdækning og indstilling",
             cases.filter(state__in=[CaseState.INQUIRY, CaseState.ASSESSMENT]).order_by("inquiry_date", "pk"), None),
            ("afventer-afgoerelse", "Afventer afgørelse",
             cases.filter(awaiting_decision=True).order_by("modified", "pk"), None),
            ("afventer-start", "Bevilget – afventer start", cases.awaiting_start().order_by("inquiry_date", "pk"), None),
            ("periode-udloeber", f"Periode udløber inden for {PERIOD_END_WARNING_DAYS} dage",
             cases.period_ending(PERIOD_END_WARNING_DAYS, today).order_by("open_period_end", "pk"), None),
            ("revurdering", "Til revurdering: bevillingsperioden er udløbet",
             cases.needing_reevaluation(today).order_by("open_period_end", "pk"), None),
            ("i-behandling", "I behandling",
             cases.filter(state=CaseState.IN_TREATMENT).order_by("treatment_start", "pk"), None),
        ]  # fmt: skip
    if user.is_superuser and not sections:
        sections.append(("alle", "Alle aktive sager", cases.active().worklist_filter(today=today), None))
    return sections


def _page_link(request, **changes) -> str:
    query = request.GET.copy()
    for key, value in changes.items():
        query[key] = value
    return f"?{query.urlencode()}"


@login_required
def home(request):
    """'Mine sager': every case that needs this user's role, by stage, most urgent first; one section alone
    (?sektion=…), a page at a time (&efter=…)."""
    user = request.user
    today = timezone.localdate()
    sections = _home_sections(request, user, today)
    chosen = request.GET.get("sektion")
    if chosen:
        sections = [section for section in sections if section[0] == chosen]
        if not sections:
            return render(request, "400.html", {"message": "Den valgte sektion findes ikke på din side."}, status=400)
    shown = []
    section_rows = SECTION_ROWS if len(sections) <= 2 else CROWDED_SECTION_ROWS
    for slug, title, cases, form in sections:
        rows = PAGE_ROWS if chosen else section_rows
        page = cases
        if chosen and request.GET.get("efter"):
            try:
                page = keyset.after(cases, request.GET["efter"])
            except keyset.BadCursor:
                message = "Siden findes ikke længere. Gå tilbage til Mine sager og vælg sektionen igen."
                return render(request, "400.html", {"message": message}, status=400)
        # One row more than shown says whether there are more, without counting them.
        found = page.head(rows + 1)
        more, found = len(found) > rows, found[:rows]
        link = None
        if more:
            link = _page_link(request, sektion=slug, efter=keyset.cursor(cases, found[-1])) if chosen else (
                _page_link(request, sektion=slug))
        shown.append({"slug": slug, "title": title, "cases": found, "form": form, "more": link})
    log_reads(request, [(case.citizen_id, case.pk) for section in shown for case in section["cases"]],
              action=AccessAction.LIST, detail="Mine sager")
    due = None
    if not chosen and (user.is_municipal_staff or user.is_counsellor):
        due = Deadline.objects.responsible(user, open_only=True).due_counts(today)
    context = {"sections": shown, "today": today, "due": due, "chosen": chosen, "section_rows": section_rows}
    return render(request, "cases/home.html", context)


@login_required
def roles(request):
    """The role model as data an auditor can read: which role may do what, per part of the system."""
    if not request.user.is_staff:
        raise PermissionDenied("Kun administrationens brugere kan se rollerne.")
    return render(request, "cases/roles.html", {"matrix": role_matrix()})


@login_required
def deadline_calculator(request):
    """The fristberegner: the rules the cases use, for any kind and date, with the reason. GET, no personal data."""
    if not (request.user.roles or request.user.is_superuser):
        raise PermissionDenied("Fristberegneren er for medarbejdere med en rolle.")
    form = DeadlineCalculatorForm(request.GET or None)
    result = None
    if form.is_valid():
        try:
            result = calculate(**form.arguments())
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "cases/deadline_calculator.html", {"form": form, "result": result})


def _search(request, citizens, *, link: str, title: str, intro: str, default_purpose=AccessPurpose.CASE_WORK):
    """Search runs on POST so a CPR number never ends up in a URL, a browser history or an access log.
    What it finds is logged as a search, with the purpose the user chose."""
    results = None
    if request.method == "POST":
        form = CitizenSearchForm(request.POST, default_purpose=default_purpose)
        if form.is_valid():
            results = list(citizens.search(form.cleaned_data["q"]).select_related("municipality")[:50])
            query, purpose = form.cleaned_data["q"], form.cleaned_data["purpose"]
            log_reads(request, [(c.pk, None) for c in results], action=AccessAction.SEARCH, purpose=purpose)
            remember_lookup_purpose(request, [c.pk for c in results], purpose)
            # A fresh form: the page echoes a typed name back, never a typed CPR number.
            by_cpr = Citizen.objects.searches_by_cpr(query)
            form = CitizenSearchForm(initial={"q": "" if by_cpr else query, "purpose": purpose})
    else:
        form = CitizenSearchForm()
    template = "cases/_citizen_search.html" if request.htmx else "cases/citizen_search.html"
    context = {"form": form, "results": results, "link": link, "title": title, "intro": intro}
    return render(request, template, context)


@login_required
def citizen_search(request):
    return _search(
        request,
        Citizen.objects.for_user(request.user),
        link="cases:citizen_detail",
        title="Find borger",
        intro="Søg på navn eller CPR-nummer. Du ser kun borgere, du har adgang til.",
    )


@login_required
@permission_required("cases.view_accesslog", raise_exception=True)
def access_log_search(request):
    """Administrators find a citizen of their municipality to see who looked, or to make the extract."""
    return _search(
        request,
        Citizen.objects.for_access_log(request.user),
        link="cases:citizen_access_log",
        title="Adgangslog og indsigt",
        intro="Find borgeren for at se, hvem der har slået op i borgerens oplysninger, "
        "eller for at lave borgerens indsigtsudtræk.",
        default_purpose=AccessPurpose.SUPERVISION,
    )


@login_required
@permission_required("cases.add_citizen", raise_exception=True)
def citizen_create(request):
    if not request.user.municipality_id:
        raise PermissionDenied("Kun kommunens medarbejdere kan oprette borgere.")
    form = CitizenForm(request.POST or None, municipality=request.user.municipality)
    if request.method == "POST" and form.is_valid():
        citizen = form.save(commit=False)
        try:
            citizen.save_checked(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{citizen.name} er oprettet.")
            return redirect("cases:citizen_detail", pk=citizen.pk)
    return render(request, "cases/citizen_form.html", {"form": form})


@login_required
def citizen_detail(request, pk):
    citizen = read_citizen(request, pk)
    return render(request, "cases/citizen_detail.html", {"citizen": citizen, **_citizen_page_context(request, citizen)})


def _citizen_page_context(request, citizen) -> dict:
    cases = (
        Case.objects.for_user(request.user).filter(citizen=citizen).select_related("unit").with_guarantee()
    )
    return {
        "cases": cases,
        "today": timezone.localdate(),
        "may_see_access_log": Citizen.objects.for_access_log(request.user).filter(pk=citizen.pk).exists(),
        "can_edit": citizen.editable_by(request.user),
        "changes": citizen.change_history(),
    }


@login_required
@require_POST
def citizen_show_cpr(request, pk):
    """The full CPR number, on purpose and logged: pages show it masked until someone asks."""
    citizen = read_citizen(request, pk, action=AccessAction.CPR_SHOWN)
    if request.htmx:
        return render(request, "cases/_cpr.html", {"citizen": citizen, "revealed": True})
    return render(
        request,
        "cases/citizen_detail.html",
        {"citizen": citizen, "revealed": True, **_citizen_page_context(request, citizen)},
    )


@login_required
@permission_required("cases.change_citizen", raise_exception=True)
def citizen_edit(request, pk):
    """Correct name and address. A form loaded before someone else's save is refused, never saved over it."""
    citizen = read_citizen(request, pk, action=AccessAction.FORM, detail="Ret oplysninger")
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
def citizen_access_log(request, pk):
    """Who looked at this citizen, when and why: for administrators of the citizen's municipality."""
    citizen = read_citizen_access_log(request, pk)
    entries = (
        AccessLog.objects.for_citizen(citizen)
        .select_related("user__municipality", "user__unit__provider")
    )
    page = Paginator(entries, 100).get_page(request.GET.get("side"))
    return render(request, "cases/access_log.html", {"citizen": citizen, "page": page})


@login_required
def citizen_access_extract(request, pk, fmt):
    """The citizen's own extract (GDPR art. 15), PDF or CSV; employee names only when asked for."""
    citizen = read_citizen_access_log(request, pk, action=AccessAction.EXTRACT)
    with_names = request.GET.get("navne") == "1"
    return extract_response(citizen, fmt=fmt, with_names=with_names)


def extract_response(citizen, *, fmt: str, with_names: bool) -> HttpResponse:
    if fmt == "csv":
        body, content_type = privacy.extract_csv(citizen, with_names=with_names), "text/csv; charset=utf-8"
    else:
        body, content_type = privacy.extract_pdf(citizen, with_names=with_names), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="indsigt-borger-{citizen.pk}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@permission_required("cases.register_inquiry", raise_exception=True)
def inquiry_create(request, citizen_pk):
    citizen = read_citizen(request, citizen_pk, action=AccessAction.FORM, detail="Registrér henvendelse")
    form = InquiryForm(request.POST or None, citizen=citizen)
    if request.method == "POST" and form.is_valid():
        case = form.save(user=request.user)
        messages.success(
            request, "Henvendelsen er registreret. Behandlingsgarantien løber fra henvendelsesdatoen."
        )
        return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/inquiry_form.html", {"form": form, "citizen": citizen})


def _actions(case, user, today) -> list[dict]:
    """The steps this user can take on the case now, each a link to its page; a step the state allows but
    that cannot succeed today carries the reason instead (`not_yet`, cases/actions.py)."""
    actions = []
    for name in case.transitions_for(user):
        try:
            url = reverse(TRANSITION_FORMS[name], args=[case.pk])
        except (KeyError, NoReverseMatch):
            continue  # the step's page ships with its app; until then the action is not offered
        if name in TRANSITION_FORM_QUERY:
            url = f"{url}?{TRANSITION_FORM_QUERY[name]}"
        actions.append(
            {"name": name, "label": TRANSITION_LABELS[name], "form_url": url,
             "not_yet": not_yet_reason(case, name, today)}
        )
    return actions


@login_required
def case_detail(request, pk):
    case = read_case(request, pk, page=True)
    today = timezone.localdate()
    context = {
        "case": case,
        "citizen": case.citizen,
        "deadlines": case.deadlines.with_legal_reference(),
        "timeline": case.timeline(),
        "actions": _actions(case, request.user, today),
        "today": today,
        "consent_status": consent_status(case, on=today),
    }
    return render(request, "cases/case_detail.html", context)


@login_required
@permission_required("cases.change_youngpersonconsent", raise_exception=True)
def young_person_consent(request, pk):
    """Record the custody holders and their consent (and the young person's own from 15) on the case."""
    case = read_case(request, pk, action=AccessAction.FORM, detail="Samtykke (under 18 år)")
    form = YoungPersonConsentForm(request.POST or None, instance=YoungPersonConsent.for_case(case))
    if request.method == "POST" and form.is_valid():
        form.instance.record(user=request.user)
        messages.success(request, "Samtykket er registreret.")
        return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/consent_form.html", {"case": case, "form": form})


# Ending a case: a page that says what ending it means, a required reason, then one POST; afterwards a
# message that says what happened.
END_CASE = {
    "withdraw": (
        "Træk henvendelsen tilbage",
        "Sagen lukkes uden behandling. Åbne frister, også behandlingsgarantien, bortfalder.",
        "Henvendelsen er trukket tilbage, og sagens åbne frister er annulleret.",
    ),
    "close": (
        "Afslut sagen",
        "Sagen afsluttes, og åbne frister annulleres.",
        "Sagen er afsluttet, og dens åbne frister er annulleret.",
    ),
}


@login_required
def end_case(request, pk, name):
    """Withdraw or close with a confirmation step and a required reason (rules: Case.withdraw, Case.close)."""
    title, consequence, done = END_CASE[name]
    case = read_case(request, pk, action=AccessAction.FORM, detail=title)
    try:
        case.ensure_can(name, user=request.user)
    except (TransitionRefused, PermissionDenied) as refused:
        messages.error(request, getattr(refused, "message", str(refused)))
        return redirect("cases:case_detail", pk=case.pk)
    form = EndCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case.perform(name, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.message_dict.get("reason", error.messages))
        except (TransitionRefused, PermissionDenied) as refused:
            messages.error(request, getattr(refused, "message", str(refused)))
            return redirect("cases:case_detail", pk=case.pk)
        else:
            messages.success(request, done)
            return redirect("cases:case_detail", pk=case.pk)
    context = {
        "case": case,
        "form": form,
        "title": title,
        "consequence": consequence,
        "open_deadlines": case.deadlines.open(),
    }
    return render(request, "cases/end_case_form.html", context)


@login_required
def help_page(request):
    """'Hjælp': what the user's role(s) do, the process in five steps and what each deadline means."""
    from . import help

    roles = sorted(request.user.roles, key=list(Role).index)
    if request.user.is_superuser and not roles:
        roles = list(Role)
    context = {
        "roles": [(role, help.ROLE_HELP[role]) for role in roles],
        "steps": help.STEPS,
        "deadlines": help.deadlines(),
    }
    return render(request, "cases/help.html", context)
