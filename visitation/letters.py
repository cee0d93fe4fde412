"""Decision letters: rendered with WeasyPrint from a Django template, stored once, served as stored.

The first stored rendering wins. A second rendering (the worker and a user's download racing each other)
is discarded, so the letter at its URL is the same bytes every time.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from cases.formats import long_date
from cases.models import DeadlineKind, DeadlineRule, YoungPersonConsent
from cases.models.consent import ADULT_AGE, age_on
from cases.pdf import html_to_pdf
from tariffs.choices import LegalBasisCode

from .models import Decision, Letter, LetterText, LetterTextKey, Outcome


def letter_context(decision: Decision) -> dict:
    case = decision.case
    recommendation = decision.recommendation
    basis = decision.legal_basis
    values = {
        "kommune": case.municipality.name + " Kommune",
        "klagefrist": long_date(decision.complaint_deadline),
        "modtaget": long_date(decision.received_date),
        "lovgrundlag": basis.reference,
        "garantifrist": _rule_length(DeadlineKind.TREATMENT_GUARANTEE, case.substance),
        "klageperiode": _rule_length(DeadlineKind.COMPLAINT, case.substance),
        "genvurderingsperiode": _rule_length(DeadlineKind.RECONSIDERATION, case.substance),
        "videresendelsesperiode": _rule_length(DeadlineKind.FORWARD_TO_ANKESTYRELSEN, case.substance),
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
        "custody_holders": _custody_holders(decision),
        "team_contact": _team_contact(case.municipality),
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


def _rule_length(kind: str, substance: str) -> str:
    """A deadline's length as its rule states it ("14 dage", "4 uger"): the letter texts never write a length
    themselves, so a changed rule changes every letter."""
    try:
        return DeadlineRule.objects.for_kind(kind, substance).length_text()
    except DeadlineRule.DoesNotExist:
        return ""


def _custody_holders(decision: Decision) -> list[dict]:
    """A young person's letter goes to the custody holders too: their names and addresses, when under 18
    on the day the decision is dated."""
    age = age_on(decision.case.citizen.birth_date, decision.sent_date)
    if age is None or age >= ADULT_AGE:
        return []
    consent = YoungPersonConsent.objects.filter(case=decision.case).first()
    return consent.addressees() if consent else []


def _team_contact(municipality) -> list[str]:
    lines = [f"Tlf. {municipality.phone}" if municipality.phone else "", municipality.email]
    return [line for line in lines if line]


def letter_html(decision: Decision) -> str:
    return render_to_string("visitation/letter.html", letter_context(decision))


# The letter's layout, a static file parsed once per process and applied with the template's <style>.
LETTER_STYLESHEETS = ("css/letter.css",)


def render_pdf(decision: Decision) -> tuple[bytes, int]:
    return html_to_pdf(letter_html(decision), LETTER_STYLESHEETS)


def letter_for(decision: Decision) -> Letter:
    """The stored letter, rendering and storing it first if this is the first request for it."""
    return Letter.objects.stored_once(lambda: render_pdf(decision), decision=decision)
