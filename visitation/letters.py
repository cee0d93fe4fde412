"""Decision letters: rendered with WeasyPrint from a Django template, stored once, served as stored.

The first stored rendering wins. A second rendering (the worker and a user's download racing each other)
is discarded, so the letter at its URL is the same bytes every time.
"""

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cases.pdf import html_to_pdf
from tariffs.choices import LegalBasisCode

from .models import Decision, Letter, LetterText, LetterTextKey, Outcome


def letter_context(decision: Decision) -> dict:
    case = decision.case
    recommendation = decision.recommendation
    basis = decision.legal_basis
    values = {
        "kommune": case.municipality.name + " Kommune",
        "klagefrist": f"{decision.complaint_deadline:%d.%m.%Y}" if decision.complaint_deadline else "",
        "modtaget": f"{decision.received_date:%d.%m.%Y}",
        "lovgrundlag": basis.reference,
    }
    texts = {text.key: text for text in LetterText.objects.filter(legal_basis=basis)}

    def paragraph(key: str) -> dict | None:
        text = texts.get(key)
        return {"title": text.title, "body": text.render(**values)} if text else None

    is_grant = decision.is_grant
    return {
        "decision": decision,
        "case": case,
        "citizen": case.citizen,
        "municipality": case.municipality,
        "recommendation": recommendation,
        "legal_basis": basis,
        "cost": decision.cost(),
        "Outcome": Outcome,
        "legal_reasons": paragraph(LetterTextKey.LEGAL_BASIS_REASONS),
        "complaint_guidance": paragraph(LetterTextKey.COMPLAINT_GUIDANCE),
        # What follows only a grant: a refusal never promises treatment (no guarantee, plan or free choice).
        "treatment_guarantee": paragraph(LetterTextKey.TREATMENT_GUARANTEE) if is_grant else None,
        "action_plan_offer": paragraph(LetterTextKey.ACTION_PLAN_OFFER) if is_grant else None,
        "free_choice": paragraph(LetterTextKey.FREE_CHOICE) if is_grant else None,
        "anonymity": paragraph(LetterTextKey.ANONYMITY) if is_grant else None,
        # Anonymous treatment (§ 101 a) identifies no one: no CPR number in the letter, whatever is on file.
        "show_cpr": bool(case.citizen.cpr) and basis.code != LegalBasisCode.SEL_101A,
        "today": timezone.localdate(),
    }


def render_pdf(decision: Decision) -> tuple[bytes, int]:
    return html_to_pdf(render_to_string("visitation/letter.html", letter_context(decision)))


def letter_for(decision: Decision) -> Letter:
    """The stored letter, rendering and storing it first if this is the first request for it."""
    existing = Letter.objects.filter(decision=decision).first()
    if existing:
        return existing
    pdf, pages = render_pdf(decision)
    try:
        with transaction.atomic():
            return Letter.objects.create(decision=decision, pdf=pdf, sha256=Letter.digest(pdf), pages=pages)
    except IntegrityError:
        # Someone else stored it first; theirs is the letter.
        return Letter.objects.get(decision=decision)
