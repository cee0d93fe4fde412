"""The citizen's copy of a plan version as a PDF, through the project's sealed renderer."""

from django.template.loader import render_to_string

from cases.pdf import html_to_pdf


def render_plan_pdf(*, case, version) -> bytes:
    html = render_to_string("plans/plan_pdf.html", {"case": case, "version": version, "citizen": case.citizen})
    return html_to_pdf(html)[0]
