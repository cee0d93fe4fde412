"""The decision letter as a citizen reads it (issue 8, item 5), read back from the real PDF: a reference to
quote, who decided and how to reach the team, one date style, one font family, the tariff in plain words
beside its name, and "Behandlingen er gratis for dig" where it is — never in a refusal."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from tariffs.models import Tariff
from visitation.letters import letter_for
from visitation.models import Outcome

from . import factories
from .visitation_steps import CONSIDERATIONS, FACTS, decide, pdf_text, recommended

pytestmark = pytest.mark.usefixtures("catalogue")

REASONS = "Afdækningen viser, at dit behov kan dækkes af rådgivning i jobcentret."
NUMERIC_DATE = re.compile(r"\b\d{1,2}[.-]\d{1,2}[.-]\d{2,4}\b")
CITY_BASIS_PLAIN = "ambulant behandling for stofmisbrug, 4-8 gange om måneden"


@pytest.fixture
def approver(glostrup):
    return factories.user("gitte", factories.Role.APPROVER, municipality=glostrup, last_name="Godkender")


def pdf(decision) -> bytes:
    return bytes(letter_for(decision).pdf)


@pytest.fixture
def grant(case, counsellor, approver):
    recommended(case, counsellor)
    return decide(case, approver)


@pytest.fixture
def refusal(case, counsellor, approver):
    recommended(case, counsellor)
    return decide(case, approver, outcome=Outcome.REFUSED, facts=FACTS, reasons=REASONS, considerations=CONSIDERATIONS)


def fonts(data: bytes) -> set[str]:
    """The font families the PDF uses (subset prefix and weight/style suffix removed)."""
    found = set()
    for page in PdfReader(BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            name = str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1]
            found.add(re.sub(r"-(Bold|Oblique|BoldOblique|Italic)$", "", name))
    return found


@pytest.mark.parametrize("which", ["grant", "refusal"])
def test_the_letter_gives_a_reference_the_deciders_name_and_the_teams_phone_and_email(request, which):
    decision = request.getfixturevalue(which)
    text = pdf_text(pdf(decision))

    assert decision.case.reference == "GLO-2026-000001"
    assert "Sagsnr.: GLO-2026-000001" in text
    assert "Glostrup Kommune · Sagsnr. GLO-2026-000001" in text  # every page's footer
    assert "Sagsbehandler: Gitte Godkender" in text
    assert "Tlf. 43 23 60 00" in text
    assert "rusmiddel@161.example.dk" in text
    assert f"Sag: {decision.case.pk}" not in text


@pytest.mark.parametrize("which", ["grant", "refusal"])
def test_the_letter_writes_every_date_one_way(request, which):
    text = pdf_text(pdf(request.getfixturevalue(which)))

    assert NUMERIC_DATE.findall(text) == []
    assert "Dato: 26. november 2026" in text
    assert "Klagefrist: 28. december 2026." in text
    # The standard texts' placeholders use the same style as the template.
    assert "modtaget senest 28. december 2026, som er 4 uger efter, at du har modtaget afgørelsen (26. november 2026)" \
        in text


@pytest.mark.parametrize("which", ["grant", "refusal"])
def test_the_letter_uses_one_font_family(request, which):
    assert fonts(pdf(request.getfixturevalue(which))) == {"DejaVu-Sans"}


def test_a_grant_names_the_tariff_in_plain_words_and_says_it_is_free(grant):
    text = pdf_text(pdf(grant))

    assert f"Takst City Basis (2024): {CITY_BASIS_PLAIN}" in text
    assert "Behandlingen er gratis for dig." in text
    # The guarantee's length comes from its rule, in the grant only.
    assert "iværksættes senest 14 dage efter" in text


def test_a_refusal_names_the_tariff_in_plain_words_and_promises_nothing(refusal):
    text = pdf_text(pdf(refusal))

    assert f"KABS har indstillet dig til City Basis ({CITY_BASIS_PLAIN})" in text
    assert "gratis" not in text
    assert "14 dage" not in text
    assert "behandlingsgaranti" not in text.lower()


def test_a_tariff_with_self_payment_is_not_called_free(case, counsellor, approver):
    Tariff.objects.filter(code="city-basis").update(free_for_citizen=False)
    recommended(case, counsellor)

    assert "gratis" not in pdf_text(pdf(decide(case, approver)))


def test_a_changed_guarantee_length_reaches_the_letter(case, counsellor, approver):
    from cases.models import DeadlineKind, DeadlineRule

    DeadlineRule.objects.filter(kind=DeadlineKind.TREATMENT_GUARANTEE, substance="drugs").update(amount=10)
    recommended(case, counsellor)
    text = pdf_text(pdf(decide(case, approver)))

    assert "iværksættes senest 10 dage efter" in text
    assert "behandlingsgarantien på 10 dage bortfalde" in text
    assert "14 dage" not in text


def test_the_plan_pdf_carries_the_reference_and_the_same_date_style(client, case, counsellor, caseworker):
    recommended(case, counsellor)
    client.force_login(caseworker)

    response = client.get(f"/sager/{case.pk}/plan/1.pdf")

    text = pdf_text(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "Sagsnr. GLO-2026-000001" in text
    assert "Udarbejdet 26. november 2026" in text
    assert NUMERIC_DATE.findall(text) == []


def test_the_case_page_and_the_list_show_the_reference(client, case, caseworker):
    client.force_login(caseworker)

    page = client.get(f"/sager/{case.pk}/").content.decode()
    home = client.get("/").content.decode()

    assert "Sag GLO-2026-000001 · Mads Jensen" in page
    assert 'data-testid="case-reference">GLO-2026-000001<' in page
    assert f'href="/sager/{case.pk}/">GLO-2026-000001</a>' in home


def test_the_team_contact_is_edited_in_the_admin_and_printed_in_the_letter(client, admin_user, case, counsellor,
                                                                         approver, glostrup):
    client.force_login(admin_user)
    form = client.get(f"/admin/cases/municipality/{glostrup.pk}/change/").content.decode()
    assert all(f'name="{field}"' in form for field in ("abbreviation", "phone", "email"))

    response = client.post(f"/admin/cases/municipality/{glostrup.pk}/change/", {
        "code": "161", "name": "Glostrup", "department": "Rusmiddelteamet", "address_lines": "Rådhusvej 1",
        "contact_lines": "", "phone": "43 23 61 61", "email": "rusmiddelteamet@glostrup.dk", "abbreviation": "GLO",
        "recent_treatment_months": "24", "followup_attempts": "3",
    })
    assert response.status_code == 302
    recommended(case, counsellor)
    text = pdf_text(pdf(decide(case, approver)))

    assert "Rusmiddelteamet Rådhusvej 1 Tlf. 43 23 61 61 rusmiddelteamet@glostrup.dk" in text
