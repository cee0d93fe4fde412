"""The management view (måltal og udgifter): the page, its refresh button and a CSV per table.

The figures are read from the stored snapshot (cases/models/targets.py), computed nightly by Celery or
when someone presses "Beregn igen"; the page says when. Only aggregates are shown, never a citizen, so
there is nothing to write to the access log.
"""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from tariffs.choices import Substance

from . import targets
from .forms import TargetsForm
from .models import DeadlineKind, DeadlineRule, Municipality, TargetSnapshot


def _scope(request, data):
    form = TargetsForm(data, today=timezone.localdate())
    if not form.is_valid():
        return form, None, None
    municipality = targets.municipality_for(request.user, form.cleaned_data["kommune"])
    if municipality is None:
        raise Http404("Kommunen findes ikke.")
    return form, municipality, form.cleaned_data["aar"] or timezone.localdate().year


@login_required
@permission_required("cases.view_targets", raise_exception=True)
def targets_page(request):
    form, municipality, year = _scope(request, request.GET)
    if municipality is None:
        return render(request, "cases/targets.html", {"form": form}, status=400)
    snapshot = TargetSnapshot.objects.current(municipality, year)
    data = snapshot.data
    query = urlencode({"aar": year, "kommune": municipality.code})
    context = {
        "form": form,
        "municipality": municipality,
        "municipalities": Municipality.objects.order_by("name") if request.user.is_superuser else None,
        "year": year,
        "years": targets.years_to_pick(data, timezone.localdate()),
        "snapshot": snapshot,
        "data": data,
        "tables": targets.tables(data),
        "query": query,
        "charts": charts(data),
        # The page's sentence about the guarantee says what the rule says (drugs and alcohol alike: 14 days).
        "guarantee_length": DeadlineRule.objects.for_kind(DeadlineKind.TREATMENT_GUARANTEE, Substance.DRUGS)
        .length_text(),
    }
    return render(request, "cases/targets.html", context)


@login_required
@permission_required("cases.view_targets", raise_exception=True)
@require_POST
def targets_refresh(request):
    form, municipality, year = _scope(request, request.POST)
    if municipality is None:
        return render(request, "cases/targets.html", {"form": form}, status=400)
    TargetSnapshot.objects.refresh(municipality, year)
    messages.success(request, f"Måltal og udgifter for {municipality.name} Kommune {year} er beregnet igen.")
    return redirect(f"{reverse('cases:targets')}?{urlencode({'aar': year, 'kommune': municipality.code})}")


@login_required
@permission_required("cases.view_targets", raise_exception=True)
def targets_csv(request, table):
    form, municipality, year = _scope(request, request.GET)
    if municipality is None:
        return HttpResponse("Ugyldigt år eller kommune.", status=400, content_type="text/plain; charset=utf-8")
    found = targets.tables(TargetSnapshot.objects.current(municipality, year).data).get(table)
    if found is None:
        raise Http404("Tabellen findes ikke.")
    response = HttpResponse(table_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="maaltal-{municipality.code}-{year}-{table}.csv"'
    return response


def table_csv(table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(table.headers)
    for row in table.cells():
        writer.writerow([targets.csv_value(value, kind) for value, kind in row])
    # A byte-order mark so spreadsheet programs read the Danish letters as UTF-8.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def charts(data: dict) -> dict:
    """What the charts draw (json_script → static/js/targets.js); the tables beside them hold the same."""
    months = [targets.month_label(row["month"]) for row in data["guarantee"]["months"]]
    costs = data["costs"]["months"]
    return {
        "guarantee": {
            "labels": months,
            "values": [row["kept_pct"] for row in data["guarantee"]["months"]],
            "label": "Overholdt i procent",
        },
        "discharges": {
            "labels": [row["label"] for row in data["discharges"]["reasons"]],
            "values": [row["count"] for row in data["discharges"]["reasons"]],
            "label": "Antal udskrivninger",
        },
        "costs": {
            "labels": [targets.month_label(row["month"]) for row in costs],
            "values": [row["amount"] for row in costs],
            "before": [row["same_month_last_year"] for row in costs],
            "label": "Bevilget (kr.)",
            "before_label": "Samme måned året før (kr.)",
        },
    }
