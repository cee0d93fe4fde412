"""A complaint's PDFs: the acknowledgement (kvittering), the letter saying it was forwarded, and the bundle
of the case file for Ankestyrelsen. Rendered through the sealed renderer, stored once, served as stored.

The first stored rendering wins, as for decision letters (visitation/letters.py): a second rendering racing
it is discarded, so a document's URL gives the same bytes every time.
"""

from io import BytesIO

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from cases.formats import long_date
from cases.pdf import html_to_pdf
from visitation.letters import letter_for
from visitation.models import Rating

from .models import Complaint, ComplaintDocument, ComplaintText, DocumentKind, TextKey


class NotAvailable(Exception):
    """The document does not exist at this point of the complaint (the bundle before forwarding)."""


def available_kinds(complaint: Complaint) -> list[str]:
    kinds = [DocumentKind.ACKNOWLEDGEMENT]
    if complaint.was_forwarded:
        kinds += [DocumentKind.FORWARDED_LETTER, DocumentKind.BUNDLE]
    return kinds


def document_for(complaint: Complaint, kind: str) -> ComplaintDocument:
    """The stored document, rendering and storing it first if this is the first request for it."""
    existing = ComplaintDocument.objects.filter(complaint=complaint, kind=kind).first()
    if existing:
        return existing
    if kind not in available_kinds(complaint):
        raise NotAvailable(kind)
    return ComplaintDocument.objects.stored_once(lambda: RENDERERS[kind](complaint), complaint=complaint, kind=kind)


# --- the citizen's letters --------------------------------------------------------------------------------
def _values(complaint: Complaint) -> dict:
    deadline = complaint.reconsideration_deadline
    return {
        "kommune": f"{complaint.case.municipality.name} Kommune",
        "modtaget": long_date(complaint.received_date),
        "genvurdering_frist": long_date(deadline.due_date) if deadline else "",
        "videresendt": long_date(complaint.reconsidered_on) if complaint.reconsidered_on else "",
    }


def _letter(complaint: Complaint, key: str) -> tuple[bytes, int]:
    text = ComplaintText.lookup(key, complaint.route)
    case = complaint.case
    context = {
        "complaint": complaint,
        "case": case,
        "citizen": case.citizen,
        "municipality": case.municipality,
        "title": text.title if text else TextKey(key).label,
        "body": text.render(**_values(complaint)) if text else "",
        "show_note": key == TextKey.FORWARDED,
        "today": timezone.localdate(),
    }
    return html_to_pdf(render_to_string("complaints/pdf/letter.html", context))


def render_acknowledgement(complaint: Complaint) -> tuple[bytes, int]:
    return _letter(complaint, TextKey.ACKNOWLEDGEMENT)


def render_forwarded_letter(complaint: Complaint) -> tuple[bytes, int]:
    return _letter(complaint, TextKey.FORWARDED)


# --- the bundle: the case file for Ankestyrelsen, one PDF ----------------------------------------------------
def bundle_sources(complaint: Complaint) -> dict:
    """What the bundle holds: the decision complained of (or the case's latest), its recommendation, the
    assessment with its ratings and the plan version the recommendation carried."""
    case = complaint.case
    decision = complaint.decision or case.decisions.order_by("-decided_at", "-pk").first()
    recommendation = decision.recommendation if decision else None
    assessment = None
    if recommendation and recommendation.assessment_id:
        assessment = recommendation.assessment
    elif case.assessments.exists():
        assessment = case.assessments.first()
    if assessment is not None:
        assessment = (
            type(assessment).objects.prefetch_related(Prefetch("ratings", queryset=Rating.objects.order_by("area")))
            .get(pk=assessment.pk)
        )
    plan = recommendation.plan_version if recommendation else None
    return {"decision": decision, "recommendation": recommendation, "assessment": assessment, "plan": plan}


def _part(template: str, context: dict) -> tuple[bytes, int]:
    return html_to_pdf(render_to_string(f"complaints/pdf/{template}", context))


def render_bundle(complaint: Complaint) -> tuple[bytes, int]:
    """One PDF: an index page, then each document on pages of its own.

    1. Render each part (the decision letter is the stored Letter's bytes, exactly as the citizen got it).
    2. Render the index with each part's first page, counting the index's own pages (re-rendered once if
       the index itself runs over a page).
    3. Merge with pypdf, in the index's order.
    """
    from pypdf import PdfReader, PdfWriter

    sources = bundle_sources(complaint)
    case = complaint.case
    context = {"complaint": complaint, "case": case, "citizen": case.citizen, "municipality": case.municipality,
               **sources}
    parts: list[tuple[str, bytes, int]] = [("Klagen", *_part("bundle_complaint.html", context))]
    if sources["decision"] is not None:
        letter = letter_for(sources["decision"])
        parts.append(("Afgørelsen (brevet som sendt til borgeren)", bytes(letter.pdf), letter.pages))
    parts.append(("KABS' indstilling", *_part("bundle_recommendation.html", context)))
    parts.append(("Afdækningen med vurderinger af livsområderne", *_part("bundle_assessment.html", context)))
    parts.append(("Behandlingsplanen", *_part("bundle_plan.html", context)))
    parts.append(("Kommunens genvurdering og begrundelse", *_part("bundle_reconsideration.html", context)))

    cover_pages = 1
    for _ in range(2):
        index, first = [], cover_pages + 1
        for title, _pdf, pages in parts:
            index.append({"title": title, "page": first, "pages": pages})
            first += pages
        cover, rendered_pages = _part("bundle_cover.html", {**context, "index": index, "total": first - 1})
        if rendered_pages == cover_pages:
            break
        cover_pages = rendered_pages

    writer = PdfWriter()
    for data in [cover, *(pdf for _title, pdf, _pages in parts)]:
        writer.append(PdfReader(BytesIO(data)))
    writer.add_metadata({"/Title": f"Klagesag – sag {case.pk}, klage {complaint.pk}"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


RENDERERS = {
    DocumentKind.ACKNOWLEDGEMENT: render_acknowledgement,
    DocumentKind.FORWARDED_LETTER: render_forwarded_letter,
    DocumentKind.BUNDLE: render_bundle,
}
