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
    legal_reasons = paragraph(LetterTextKey.LEGAL_BASIS_REASONS)
    return {
        "decision": decision,
        "case": case,
        "citizen": case.citizen,
        "municipality": case.municipality,
        "recommendation": recommendation,
        "legal_basis": basis,
        "cost": decision.cost(),
        "Outcome": Outcome,
        "legal_reasons": legal_reasons,
        "reasons": reason_sections(decision, legal_reasons["body"] if legal_reasons else ""),
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


# The reasons as the letter labels them, in the order forvaltningsloven § 24 gives them.
REASON_TITLES = {
    "facts": "De faktiske forhold, vi har lagt vægt på",
    "reasons": "De regler, afgørelsen bygger på",
    "considerations": "De hovedhensyn, der har været afgørende",
}


def reason_sections(decision: Decision, legal_text: str) -> list[dict]:
    """The reasons in three labelled parts, leaving out a part a full grant did not give.

    The rules always name the legal basis: the form starts the rules from the legal-basis text, so it is only
    added when the approver's rules (or a full grant without any) do not already contain it.
    """
    rules = decision.reasons.strip()
    if legal_text and " ".join(legal_text.split()) not in " ".join(rules.split()):
        rules = f"{legal_text}\n\n{rules}".strip()
    parts = {"facts": decision.facts.strip(), "reasons": rules, "considerations": decision.considerations.strip()}
    return [{"title": REASON_TITLES[name], "body": body} for name, body in parts.items() if body]


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
