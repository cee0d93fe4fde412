"""Decision letters as the citizen receives them: real PDFs rendered with WeasyPrint, read back with pypdf.

What a letter must contain follows DOMAIN.md, "What a decision letter must contain" (forvaltningsloven
§§ 22–25): reasons, the legal basis, complaint guidance that fits the legal basis, and for a grant what is
granted. A letter is rendered once and then served as stored.
"""

from datetime import date, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from cases.models import Citizen, Role
from config.celery import app as celery_app
from tariffs.choices import UnitCode
from visitation.letters import letter_for
from visitation.models import Decision, Letter, LetterText, LetterTextKey, Outcome

from . import factories
from .visitation_steps import TODAY, api, assess, decide, pdf_text, recommend, recommended

pytestmark = pytest.mark.usefixtures("catalogue")

# A refusal's or partial grant's reasons in forvaltningsloven § 24's three parts. REASONS is the main
# consideration; the rules are the legal-basis text the decision form starts from.
FACTS = "Du er i fast arbejde, og afdækningen viser moderat belastning på alle livsområder."
REASONS = "Afdækningen viser, at dit behov kan dækkes af rådgivning i jobcentret."


def why(case) -> dict:
    """The reasons as an approver gives them in the decision form: facts, the pre-filled rules, considerations."""
    pending = case.recommendations.pending().select_related("tariff__legal_basis", "case__municipality").get()
    return {"facts": FACTS, "reasons": Decision.drafted_reasons(pending)["reasons"], "considerations": REASONS}


@pytest.fixture
def eager_celery():
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def letter_text(decision) -> str:
    return pdf_text(bytes(letter_for(decision).pdf))


@pytest.fixture
def refusal(case, counsellor, approver):
    recommended(case, counsellor)
    return decide(case, approver, outcome=Outcome.REFUSED, **why(case))


@pytest.fixture
def grant(case, counsellor, approver):
    recommended(case, counsellor)
    return decide(case, approver)


# --- § 101 refusal --------------------------------------------------------------------------------------------


def test_refusal_letter_gives_reasons_legal_basis_and_names_ankestyrelsen(refusal):
    text = letter_text(refusal)

    assert text.startswith("Glostrup Kommune Socialforvaltningen Rådhuset Glostrup")  # the letterhead
    assert "Mads Jensen" in text  # the party
    assert "Afgørelse om behandling for stofmisbrug: afslag" in text
    assert "Glostrup Kommune har besluttet at give dig afslag på behandlingen." in text
    assert REASONS in text
    assert "Lov om social service § 101" in text
    assert "Klagevejledning" in text
    assert "Klagefrist: 28. december 2026." in text
    assert "Klagen skal være modtaget senest 28. december 2026" in text
    assert "Afgørelsen anses for modtaget 26. november 2026 (Digital Post)" in text
    assert "Du kan klage mundtligt eller skriftligt til Glostrup Kommune." in text
    assert "genvurderer vi afgørelsen inden for 4 uger" in text
    assert "Ankestyrelsen" in text
    assert "Side 1 af" in text


def test_refusal_letter_does_not_state_a_grant(refusal):
    text = letter_text(refusal)
    assert "Du er bevilget" not in text
    assert "Pris pr. dag" not in text
    assert "handleplan" not in text


def test_letter_sent_by_physical_post_states_the_later_receipt_and_deadline(case, counsellor, approver):
    Citizen.objects.filter(pk=case.citizen_id).update(address="Hovedgaden 1\n2600 Glostrup")
    recommended(case, counsellor)
    decision = decide(case, approver, outcome=Outcome.REFUSED, **why(case), sent_via="physical_post")

    text = letter_text(decision)

    assert "Klagefrist: 4. januar 2027." in text
    assert "Afgørelsen anses for modtaget 4. december 2026 (Fysisk post)" in text


# --- § 101 grant ------------------------------------------------------------------------------------------------


def test_grant_letter_states_what_is_granted_and_offers_action_plan_and_free_choice(grant):
    text = letter_text(grant)

    assert "Afgørelse om behandling for stofmisbrug: bevilling" in text
    assert "Takst City Basis (2024)" in text
    assert "Behandlingssted KABS City (KABS)" in text
    assert "Periode 26. november 2026 til 24. maj 2027 (180 dage)" in text
    assert "Pris pr. dag 302,00 kr." in text
    assert "Forventet udgift 54.360,00 kr." in text  # 180 days × 302 kr.
    assert "skøn" in text  # priced with the 2024 catalogue: later years' prices are not known yet
    assert "Lov om social service § 101" in text
    assert "handleplan" in text and "servicelovens § 141" in text
    assert "Frit valg af behandlingstilbud" in text and "frit at vælge" in text
    assert "Tilbudsportalen" in text
    assert "Klagevejledning" in text and "Klagefrist: 28. december 2026." in text
    assert "Ankestyrelsen" in text


def test_partial_grant_letter_states_the_reasons_and_what_was_recommended(case, counsellor, approver):
    recommended(case, counsellor, code="city-udvidet", deviation_reason="Borgeren er gravid.")
    decision = decide(case, approver, outcome=Outcome.PARTIALLY_GRANTED, **why(case), tariff_code="city-basis")

    text = letter_text(decision)

    assert "delvis bevilling" in text
    assert "ikke fuldt ud som KABS har indstillet" in text
    assert "Takst City Basis (2024)" in text
    assert "KABS indstillede City Udvidet" in text
    assert REASONS in text
    assert "Klagevejledning" in text


# --- the reasons in three labelled parts (forvaltningsloven §§ 22–24) ------------------------------------------

FACTS_TITLE = "De faktiske forhold, vi har lagt vægt på"
RULES_TITLE = "De regler, afgørelsen bygger på"
CONSIDERATIONS_TITLE = "De hovedhensyn, der har været afgørende"
LEGAL_TEXT_101 = "Afgørelsen er truffet efter Lov om social service § 101"


def test_refusal_letter_gives_facts_rules_and_considerations_in_labelled_parts_in_order(refusal):
    text = letter_text(refusal)

    parts = [f"Begrundelse {FACTS_TITLE} {FACTS}", f"{RULES_TITLE} {LEGAL_TEXT_101}",
             f"{CONSIDERATIONS_TITLE} {REASONS}"]
    assert [part for part in parts if part not in text] == []
    assert text.index(parts[0]) < text.index(parts[1]) < text.index(parts[2]) < text.index("Klagevejledning")
    assert text.count(LEGAL_TEXT_101) == 1  # the pre-filled rules are not repeated by the legal-basis text


def test_partial_grant_letter_gives_the_three_parts(case, counsellor, approver):
    recommended(case, counsellor)
    decision = decide(case, approver, outcome=Outcome.PARTIALLY_GRANTED, **why(case), end_date=date(2027, 2, 28))

    text = letter_text(decision)

    assert f"{FACTS_TITLE} {FACTS}" in text
    assert f"{RULES_TITLE} {LEGAL_TEXT_101}" in text
    assert f"{CONSIDERATIONS_TITLE} {REASONS}" in text


def test_rules_written_by_the_approver_follow_the_legal_basis_text(case, counsellor, approver):
    """Through the API the rules may name only the provision; the letter still states the legal basis."""
    recommended(case, counsellor)
    rules = "Servicelovens § 101, stk. 1, om behandling til personer med et behandlingsbehov."
    decision = decide(case, approver, outcome=Outcome.REFUSED, facts=FACTS, reasons=rules, considerations=REASONS)

    text = letter_text(decision)

    assert f"{RULES_TITLE} {LEGAL_TEXT_101}" in text
    assert text.index(LEGAL_TEXT_101) < text.index(rules)


def test_a_full_grant_without_reasons_states_only_the_legal_basis(grant):
    text = letter_text(grant)

    assert f"Begrundelse {RULES_TITLE} {LEGAL_TEXT_101}" in text
    assert FACTS_TITLE not in text
    assert CONSIDERATIONS_TITLE not in text


# --- one letter per legal basis × outcome: what it must say and what it must not ------------------------------
#
# DOMAIN.md, "Complaints" and "What a decision letter must contain". A refusal never promises treatment; health
# decisions (§§ 141, 142) go to Styrelsen for Patientklager within 2 and 5 years; § 101 a has no administrative
# appeal, no deadline, no guarantee, no action plan, no CPR and no Digital Post.

SHORTER_END = date(2027, 3, 31)  # a partial grant: a shorter period than the recommended one

NO_HEALTH_ERRORS = ["Ankestyrelsen", "Patientombuddet", "Styrelsen for Patientsikkerhed", "stk. 6", "Klagefrist:",
                    "genvurderer"]
HEALTH_ROUTE = ["Styrelsen for Patientklager", "stpk.dk", "2 år", "5 år"]
GUARANTEE = "iværksættes senest 14 dage"


def _section_101(citizen, caseworker, provider, **_):
    city = factories.unit(provider, UnitCode.CITY)
    counsellor = factories.user("camilla", Role.COUNSELLOR, unit=city)
    case = factories.case(citizen, caseworker, unit=city)
    assess(case, counsellor)
    recommend(case, counsellor, code="city-udvidet", deviation_reason="Borgeren er gravid.")
    return case, {"tariff_code": "city-basis"}


def _section_142(citizen, caseworker, provider, **_):
    hvidovre = factories.unit(provider, UnitCode.HVIDOVRE)
    doctor = factories.user("henrik", Role.COUNSELLOR, unit=hvidovre)
    case = factories.case(citizen, caseworker, unit=hvidovre)
    assess(case, doctor, primary_substance="opioids")
    recommend(case, doctor, code="substitution", deviation_reason="Behov for metadon.")
    return case, {"end_date": SHORTER_END}


def _section_141(citizen, caseworker, provider, **_):
    alkohol = factories.unit(provider, UnitCode.ALKOHOL)
    therapist = factories.user("alma", Role.COUNSELLOR, unit=alkohol)
    case = factories.case(citizen, caseworker, substance="alcohol", unit=alkohol)
    assess(case, therapist, primary_substance="alcohol")
    recommend(case, therapist, code="alkohol-basis")
    return case, {"end_date": SHORTER_END}


def _section_101a(caseworker, provider, glostrup, **_):
    city = factories.unit(provider, UnitCode.CITY)
    counsellor = factories.user("camilla", Role.COUNSELLOR, unit=city)
    anonymous = factories.citizen(glostrup, cpr=None, name="M.J.")
    case = factories.case(anonymous, caseworker, unit=city)
    assess(case, counsellor)
    recommend(case, counsellor, code="city-anonym", end=TODAY + timedelta(days=111),
              deviation_reason="Borgeren ønsker anonym behandling.")
    return case, {"end_date": date(2027, 2, 26)}


SETUPS = {"SEL_101": _section_101, "SEL_101A": _section_101a, "SUL_141": _section_141, "SUL_142": _section_142}

# basis → outcome → (required, forbidden)
EXPECTED = {
    "SEL_101": {
        Outcome.GRANTED: (
            ["Lov om social service § 101", "Klagefrist: 28. december 2026.", "Ankestyrelsen",
             "genvurderer vi afgørelsen", "Behandlingsgaranti", GUARANTEE, "Tilbud om handleplan",
             "skal kommunen tilbyde at udarbejde en handleplan", "stofmisbrug, der modtager social behandling",
             "kan behandlingsgarantien på 14 dage bortfalde", "CPR-nr.: 010190-1234", "(Digital Post)"],
            ["Du har ret til at få udarbejdet en handleplan", "gælder behandlingsgarantien", "Patientklager"],
        ),
        Outcome.PARTIALLY_GRANTED: (
            ["delvis bevilling", "Takst City Basis (2024)", REASONS, "Klagefrist: 28. december 2026.",
             "Ankestyrelsen", GUARANTEE],
            ["Patientklager", "gælder behandlingsgarantien"],
        ),
        Outcome.REFUSED: (
            ["afslag", REASONS, "Lov om social service § 101", "Klagefrist: 28. december 2026.", "Ankestyrelsen"],
            [GUARANTEE, "Behandlingsgaranti", "handleplan", "Frit valg", "Du er bevilget", "Patientklager"],
        ),
    },
    "SUL_142": {
        Outcome.GRANTED: (
            ["Sundhedsloven § 142", "Pris pr. dag 145,00 kr.", *HEALTH_ROUTE],
            [*NO_HEALTH_ERRORS, "handleplan"],
        ),
        Outcome.PARTIALLY_GRANTED: (
            ["delvis bevilling", "31. marts 2027", REASONS, *HEALTH_ROUTE],
            NO_HEALTH_ERRORS,
        ),
        Outcome.REFUSED: (
            ["afslag", REASONS, "Sundhedsloven § 142", *HEALTH_ROUTE],
            [*NO_HEALTH_ERRORS, GUARANTEE, "Du er bevilget"],
        ),
    },
    "SUL_141": {
        Outcome.GRANTED: (
            ["Afgørelse om alkoholbehandling: bevilling", "Sundhedsloven § 141", *HEALTH_ROUTE, "Behandlingsgaranti",
             GUARANTEE, "sundhedslovens § 141, stk. 2", "Anonym behandling", "sundhedslovens § 141, stk. 7",
             "Frit valg af behandlingstilbud", "sundhedslovens § 141, stk. 8",
             "kan behandlingsgarantien på 14 dage bortfalde"],
            [*NO_HEALTH_ERRORS, "handleplan", "gælder behandlingsgarantien"],
        ),
        Outcome.PARTIALLY_GRANTED: (
            ["delvis bevilling", "31. marts 2027", REASONS, *HEALTH_ROUTE, GUARANTEE],
            NO_HEALTH_ERRORS,
        ),
        Outcome.REFUSED: (
            ["Afgørelse om alkoholbehandling: afslag", REASONS, "Sundhedsloven § 141", *HEALTH_ROUTE],
            [*NO_HEALTH_ERRORS, GUARANTEE, "Behandlingsgaranti", "Frit valg", "Anonym behandling", "Du er bevilget"],
        ),
    },
    "SEL_101A": {
        Outcome.GRANTED: (
            ["Lov om social service § 101 a", "M.J.", "kan ikke indbringes for anden administrativ myndighed",
             "servicelovens § 101 a, stk. 6", "Takst City anonym"],
            ["Ankestyrelsen", "Klagefrist", "klagefrist", "CPR", "Digital Post", GUARANTEE, "14 dage",
             "handleplan", "Patientklager", "genvurderer"],
        ),
        Outcome.PARTIALLY_GRANTED: (
            ["delvis bevilling", "26. februar 2027", REASONS, "servicelovens § 101 a, stk. 6"],
            ["Ankestyrelsen", "Klagefrist", "CPR", "Digital Post", GUARANTEE, "handleplan"],
        ),
        Outcome.REFUSED: (
            ["afslag", REASONS, "servicelovens § 101 a, stk. 6"],
            ["Ankestyrelsen", "Klagefrist", "CPR", "Digital Post", GUARANTEE, "handleplan", "Du er bevilget"],
        ),
    },
}


@pytest.mark.parametrize(
    "basis, outcome",
    [pytest.param(basis, outcome, id=f"{basis}-{outcome}") for basis, cases in EXPECTED.items() for outcome in cases],
)
def test_letter_per_legal_basis_and_outcome(
    basis, outcome, citizen, caseworker, provider, glostrup, approver, frozen_today
):
    case, partial = SETUPS[basis](citizen=citizen, caseworker=caseworker, provider=provider, glostrup=glostrup)
    sent_via = "handed_over" if basis == "SEL_101A" else "digital_post"
    extra = partial if outcome == Outcome.PARTIALLY_GRANTED else {}
    reasons = {} if outcome == Outcome.GRANTED else why(case)
    decision = decide(case, approver, outcome=outcome, **reasons, sent_via=sent_via, **extra)
    assert decision.legal_basis.code == basis

    text = letter_text(decision)

    required, forbidden = EXPECTED[basis][outcome]
    assert [phrase for phrase in required if phrase not in text] == []
    assert [phrase for phrase in forbidden if phrase in text] == []


# --- stored once, served as stored ------------------------------------------------------------------------------


def test_a_letter_is_rendered_once_and_served_as_stored(grant):
    first = letter_for(grant)
    second = letter_for(grant)

    assert second.pk == first.pk
    assert second.sha256 == first.sha256
    assert bytes(second.pdf) == bytes(first.pdf)
    assert bytes(first.pdf).startswith(b"%PDF-")
    assert first.verify()
    assert first.pages == len(PdfReader(BytesIO(bytes(first.pdf))).pages)  # the count the footer states
    assert f"Side {first.pages} af {first.pages}" in letter_text(grant)
    assert Letter.objects.count() == 1


def test_a_tampered_letter_fails_verification(grant):
    letter = letter_for(grant)
    Letter.objects.filter(pk=letter.pk).update(pdf=bytes(letter.pdf) + b"%")
    letter.refresh_from_db()
    assert not letter.verify()


def test_the_worker_renders_the_letter_after_the_decision_commits(
    case, counsellor, approver, eager_celery, django_capture_on_commit_callbacks
):
    recommended(case, counsellor)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        decision = decide(case, approver)

    assert len(callbacks) == 1
    letter = Letter.objects.get(decision=decision)
    assert letter.verify()
    assert letter_for(decision).sha256 == letter.sha256


def test_the_ui_and_the_api_serve_the_same_bytes(client, grant, caseworker):
    client.force_login(caseworker)
    from_ui = client.get(f"/afgoerelser/{grant.pk}/brev.pdf")
    client.logout()
    from_api = api(client, caseworker).get(f"/api/v1/decisions/{grant.pk}/letter/")

    assert from_ui.status_code == from_api.status_code == 200
    assert from_ui["Content-Type"] == from_api["Content-Type"] == "application/pdf"
    assert from_ui.content == from_api.content == bytes(Letter.objects.get(decision=grant).pdf)
    assert from_ui["ETag"] == f'"{Letter.objects.get(decision=grant).sha256}"'


def test_another_municipality_cannot_fetch_the_letter(client, grant, outsider):
    client.force_login(outsider)
    assert client.get(f"/afgoerelser/{grant.pk}/brev.pdf").status_code == 404
    client.logout()
    assert api(client, outsider).get(f"/api/v1/decisions/{grant.pk}/letter/").status_code == 404
    assert not Letter.objects.exists()  # nothing was rendered for the outsider either


def test_the_counsellor_at_the_unit_may_read_the_letter(client, grant, counsellor):
    client.force_login(counsellor)
    assert client.get(f"/afgoerelser/{grant.pk}/brev.pdf").status_code == 200


# --- letter texts are data an administrator edits ------------------------------------------------------------------


def test_an_edited_letter_text_changes_the_next_letter_and_not_a_sent_one(
    client, grant, glostrup, city, counsellor, approver, caseworker, admin_user
):
    sent = letter_for(grant)
    sent_bytes = bytes(sent.pdf)
    guidance = LetterText.objects.get(key=LetterTextKey.COMPLAINT_GUIDANCE, legal_basis="SEL_101")

    client.force_login(admin_user)
    response = client.post(f"/admin/visitation/lettertext/{guidance.pk}/change/", {
        "key": guidance.key, "legal_basis": guidance.legal_basis_id, "title": "Sådan klager du",
        "body": "Ring til borgerservice i {kommune} senest {klagefrist}. " + guidance.body,
        "loaded_version": guidance.version,  # the version the form was loaded with (cases/concurrency.py)
    })
    assert response.status_code == 302

    other = factories.citizen(glostrup, cpr="0202801234", name="Anne Hansen")
    other_case = factories.case(other, caseworker, unit=city)
    recommended(other_case, counsellor)
    text = letter_text(decide(other_case, approver))

    assert "Sådan klager du" in text
    assert "Ring til borgerservice i Glostrup Kommune senest 28. december 2026." in text
    assert "Anne Hansen" in text
    sent.refresh_from_db()
    assert bytes(sent.pdf) == sent_bytes  # the letter already sent is never re-rendered
    assert "Ring til borgerservice" not in pdf_text(sent_bytes)


def test_a_letter_text_with_an_unknown_placeholder_cannot_be_saved(client, admin_user):
    guidance = LetterText.objects.get(key=LetterTextKey.COMPLAINT_GUIDANCE, legal_basis="SEL_101")
    client.force_login(admin_user)

    response = client.post(f"/admin/visitation/lettertext/{guidance.pk}/change/", {
        "key": guidance.key, "legal_basis": guidance.legal_basis_id, "title": guidance.title,
        "body": "Klag til {borgerservice} senest {klagefrist}.", "loaded_version": guidance.version,
    })

    assert response.status_code == 200  # the form again, with the error
    assert "ukendt pladsholder" in response.content.decode()
    guidance.refresh_from_db()
    assert "{borgerservice}" not in guidance.body


def test_the_complaint_guidance_takes_its_lengths_from_the_rules(refusal):
    """The § 101 guidance names no length itself: it says what the rule rows say, and a changed rule (an
    amendment, edited by an administrator) changes the next letter."""
    from cases.models import DeadlineKind, DeadlineRule
    from visitation.letters import letter_context

    assert "4 uger" not in LetterText.objects.get(key="complaint_guidance", legal_basis="SEL_101").body
    text = " ".join(letter_text(refusal).split())
    assert "som er 4 uger efter, at du har modtaget afgørelsen" in text
    assert "genvurderer vi afgørelsen inden for 4 uger" in text
    rule = DeadlineRule.objects.for_kind(DeadlineKind.RECONSIDERATION)
    rule.amount = 3
    rule.save()
    guidance = letter_context(Decision.objects.get(pk=refusal.pk))["complaint_guidance"]["body"]
    assert "genvurderer vi afgørelsen inden for 3 uger" in guidance
