"""The citizen's copy of a plan version as a PDF, through the project's sealed renderer."""

from django.template.loader import render_to_string

from cases.pdf import html_to_pdf


def plan_html(*, case, version) -> str:
    return render_to_string("plans/plan_pdf.html", {"case": case, "version": version, "citizen": case.citizen})


def render_plan_pdf(*, case, version) -> bytes:
    return html_to_pdf(plan_html(case=case, version=version))[0]
