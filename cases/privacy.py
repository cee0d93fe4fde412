"""The citizen's own extract of the read-access log (GDPR art. 15; EU Court C-579/21).

Dates, what was looked at and why — and, as the Court allows, not which employee, unless an
administrator decides the citizen needs the names (`with_names`). The extract is a PDF for the citizen
and a CSV for the record; producing it is itself a read, and is logged.
"""

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone

from .models import AccessLog


def extract_rows(citizen, *, with_names: bool = False) -> list[dict]:
    entries = (
        AccessLog.objects.for_citizen(citizen)
        .select_related("user__municipality", "user__unit__provider")
        .order_by("at", "pk")
    )
    rows = []
    for entry in entries:
        row = {
            "at": timezone.localtime(entry.at),
            "what": entry.what,
            "purpose": entry.get_purpose_display(),
            "organisation": entry.organisation(),
            "via": entry.get_via_display(),
        }
        if with_names:
            row["employee"] = entry.user.get_full_name() or entry.user.username
        rows.append(row)
    return rows


COLUMNS = [
    ("at", "Tidspunkt"),
    ("what", "Hvad"),
    ("purpose", "Formål"),
    ("organisation", "Hvem (organisation)"),
    ("via", "Adgangsvej"),
]


def extract_csv(citizen, *, with_names: bool = False) -> bytes:
    columns = COLUMNS + ([("employee", "Medarbejder")] if with_names else [])
    out = io.StringIO()
    # Semicolons and a byte-order mark: what Danish Excel opens without an import dialog.
    writer = csv.writer(out, delimiter=";")
    writer.writerow([label for _, label in columns])
    for row in extract_rows(citizen, with_names=with_names):
        writer.writerow(
            [f"{row[key]:%d.%m.%Y %H:%M}" if key == "at" else row[key] for key, _ in columns]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def extract_pdf(citizen, *, with_names: bool = False) -> bytes:
    from .pdf import html_to_pdf

    html = render_to_string(
        "cases/access_extract.html",
        {
            "citizen": citizen,
            "rows": extract_rows(citizen, with_names=with_names),
            "with_names": with_names,
            "made": timezone.localtime(),
        },
    )
    return html_to_pdf(html)[0]
