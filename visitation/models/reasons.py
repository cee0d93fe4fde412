"""A decision's reasons (begrundelse) in the three parts forvaltningsloven § 24 names.

§ 24, stk. 1: the reasons refer to the legal rules the decision rests on (`Decision.reasons`, as the API has
always called them), state the main considerations where there was discretion (`considerations`), and, where
needed, the facts relied on (`facts`). § 22 requires them whenever a decision does not fully grant what was
asked: a refusal and a partial grant. What counts as a reason is decided here and nowhere else.
"""

import re

from cases.formats import long_date

# Each part is a few paragraphs in a letter: bounded so a pasted journal is refused rather than printed.
REASON_MAX_LENGTH = 4000

# The three parts in the order a letter gives them (facts, rules, considerations), with the name the form,
# the error messages and the letter use, and the message when the part is missing.
PARTS = {
    "facts": (
        "Faktiske forhold",
        "Angiv de faktiske forhold, afgørelsen bygger på. De er påkrævet ved afslag og delvis bevilling.",
    ),
    "reasons": (
        "Regler",
        "Angiv de regler, afgørelsen bygger på. De er påkrævet ved afslag og delvis bevilling.",
    ),
    "considerations": (
        "Hovedhensyn",
        "Angiv de hovedhensyn, der har været afgørende. De er påkrævet ved afslag og delvis bevilling.",
    ),
}

# Words that only say what was decided, never why: "Afslag.", "Delvist bevilget", "Bevilges ikke".
OUTCOME_WORDS = frozenset(
    {
        "afslag",
        "afslået",
        "afslås",
        "afvist",
        "afvises",
        "bevilget",
        "bevilges",
        "bevilling",
        "delvis",
        "delvist",
        "ikke",
        "indstillet",
        "nej",
        "som",
    }
)
MIN_REASON_WORDS = 3


def is_substantive(text: str) -> bool:
    """Whether a part of the reasons says something beyond the outcome.

    A reason names a fact ("Borgeren er i fuldtidsarbejde"), a rule ("Servicelovens § 101, stk. 1") or a
    consideration ("Ambulant behandling er tilstrækkelig"). None of these fits in fewer than three words of its
    own once the words that merely state the outcome are set aside, while "Afslag.", "Intet behov." or "Se
    ovenfor" only restate or point elsewhere. Distinct words are counted (with § and numbers, so a paragraph
    reference counts) so repeating "afslag" does not pass. This is a floor against placeholders, not a
    judgement of quality: that stays with the approver, who signs the letter.
    """
    words = {word.casefold() for word in re.findall(r"§|\w+", text)} - OUTCOME_WORDS
    return len(words) >= MIN_REASON_WORDS


def errors(parts: dict[str, str]) -> dict[str, str]:
    """The Danish message for each part that is missing or says no more than the outcome."""
    found = {}
    for field, (label, missing) in PARTS.items():
        text = (parts.get(field) or "").strip()
        if not text:
            found[field] = missing
        elif not is_substantive(text):
            found[field] = (
                f"{label}: skriv med mindst {MIN_REASON_WORDS} ord ud over selve udfaldet, hvad afgørelsen "
                "bygger på. »Afslag.« alene er ikke en begrundelse (forvaltningslovens § 24)."
            )
    return found


def _day(value) -> str:
    return long_date(value)


def draft_facts(recommendation) -> str:
    """The facts the approver starts from: the assessment's ratings and KABS's recommendation, to edit."""
    lines = []
    assessment = recommendation.assessment
    if assessment is not None:
        lines.append(
            f"Afdækning ({assessment.instrument} {assessment.instrument_version}) fra {_day(assessment.start_date)}:"
        )
        lines += [f"- {rating.get_area_display()}: {rating.get_level_display()}" for rating in assessment.ordered_ratings()]
        substance = f"Primært rusmiddel: {assessment.get_primary_substance_display()}"
        if assessment.psychiatric:
            substance += "; psykiatriske symptomer"
        if assessment.dual_diagnosis:
            substance += "; dobbeltdiagnose"
        lines += [substance + ".", ""]
    tariff = recommendation.tariff
    lines.append(
        f"KABS har indstillet {tariff.name} ({tariff.catalogue.year}) fra {_day(recommendation.start_date)} til "
        f"{_day(recommendation.end_date)} ({recommendation.days} dage)."
    )
    lines.append(f"KABS' begrundelse: {recommendation.justification.strip()}")
    if recommendation.deviation_reason.strip():
        lines.append(f"Begrundelse for en anden takst end forslaget: {recommendation.deviation_reason.strip()}")
    return "\n".join(lines)


def draft_rules(recommendation) -> str:
    """The rules the approver starts from: the legal basis as the letter texts state it (law is data)."""
    from .decision import LetterText, LetterTextKey

    basis = recommendation.tariff.legal_basis
    text = LetterText.objects.filter(key=LetterTextKey.LEGAL_BASIS_REASONS, legal_basis=basis).first()
    if text is None:
        return f"Afgørelsen er truffet efter {basis.reference}."
    # The receipt date and complaint deadline are not known before the decision is sent; a legal-basis text
    # has no use for them.
    return text.render(
        kommune=f"{recommendation.case.municipality.name} Kommune",
        lovgrundlag=basis.reference,
        klagefrist="",
        modtaget="",
    )
