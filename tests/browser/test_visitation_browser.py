"""The whole visitation path in three browsers: caseworker, KABS counsellor and approver.

Inquiry (Glostrup) → assessment with the seven MapPlan ratings (KABS City) → recommendation with a tariff
other than the proposal, the services swapped in by htmx → decision "as recommended" (Glostrup's
approver) → the letter as a PDF with the complaint guidance.
"""

import io
import re
from datetime import timedelta

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, CaseState, SentVia
from tariffs.models import Tariff
from tests import factories
from visitation.models import Area, Decision, Letter, Outcome

from .conftest import case_pk, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAME = "Søren Østergaard"

# Mean burden 2.0 → the Basis level, so the proposal is City Basis (cannabis, no psychiatry → KABS City).
RATINGS = {
    Area.SUBSTANCE_USE: "Meget belastet",
    Area.SOCIAL: "Moderat belastet",
    Area.PHYSICAL_HEALTH: "Lavt belastet",
    Area.MENTAL_HEALTH: "Moderat belastet",
    Area.WORK_EDUCATION: "Moderat belastet",
    Area.HOUSING: "Moderat belastet",
    Area.OTHER_HELP: "Moderat belastet",
}
# In City Udvidet's package, not in City Basis's: only there once htmx has swapped the checkboxes.
EXTENDED_ONLY_SERVICE = "Tværsektoriel koordination"


def test_inquiry_assessment_recommendation_decision_and_letter(
    new_page, live_server, caseworker, counsellor, approver, city, catalogue
):
    today = timezone.localdate()
    end = today + timedelta(days=89)
    factories.citizen(caseworker.municipality, cpr="0703901234", name=NAME, address="Stationsvej 8\n2600 Glostrup")
    basis = Tariff.objects.in_force_on(today).get(code="city-basis")
    extended = Tariff.objects.in_force_on(today).get(code="city-udvidet")
    assert EXTENDED_ONLY_SERVICE in extended.package_services
    assert EXTENDED_ONLY_SERVICE not in basis.package_services

    # --- Sara, caseworker in Glostrup: registers the inquiry, referred to KABS City -------------------
    sara = login(new_page(), live_server, caseworker.username)
    sara.get_by_role("link", name="Find borger").click()
    sara.get_by_label("Navn eller CPR-nummer").fill("070390-1234")
    sara.get_by_role("button", name="Søg").click()
    # A look-up by CPR number asks why (the citizen may learn the purpose, GDPR art. 15).
    why = "Vælg formålet med opslaget, når du søger på CPR-nummer."
    expect(sara.locator(".form-error-message").filter(has_text=why)).to_be_visible()
    # htmx swapped the form in with its errors: the summary on top is focused and links to the field.
    expect(sara.get_by_test_id("error-summary")).to_be_focused()
    expect(sara.get_by_test_id("error-summary").get_by_role("link", name=why)).to_have_attribute("href", "#id_purpose")
    sara.get_by_label("Formål med opslaget").select_option(label="Ny henvendelse")
    sara.get_by_role("button", name="Søg").click()
    sara.locator("#results").get_by_role("link", name=NAME).click()
    # The number is masked until she asks to see it; asking is logged.
    expect(sara.locator("#cpr")).to_contain_text("070390-xxxx")
    sara.get_by_role("button", name="Vis CPR-nummer").click()
    expect(sara.get_by_test_id("cpr-full")).to_have_text("070390-1234")
    sara.get_by_role("link", name="Registrér henvendelse").click()
    sara.get_by_label("Rusmiddelområde").select_option(label="Stoffer")
    sara.get_by_label("Henvendelsesform").select_option(label="Personligt fremmøde")
    sara.get_by_label("Henvist til KABS-enhed").select_option(label="KABS City")
    sara.get_by_role("button", name="Registrér henvendelse").click()
    expect(sara).to_have_url(re.compile(r"/sager/\d+/$"))
    expect(sara.get_by_test_id("case-state")).to_have_text("Henvendelse")
    pk = case_pk(sara)
    reference = Case.objects.get(pk=pk).reference

    # --- Camilla, counsellor at KABS City: assessment ------------------------------------------------
    camilla = login(new_page(), live_server, counsellor.username)
    expect(camilla.get_by_role("heading", name="Sager til afdækning og indstilling")).to_be_visible()
    camilla.get_by_role("link", name=reference, exact=True).click()
    expect(camilla.get_by_test_id("case-state")).to_have_text("Henvendelse")
    camilla.get_by_role("link", name="Start afdækning").click()

    expect(camilla.get_by_label("Afdækningen starter")).to_have_value(today.isoformat())
    expect(camilla.get_by_label("KABS-enhed")).to_have_value(str(city.pk))
    camilla.get_by_label("Primært rusmiddel").select_option(label="Cannabis")
    for area, level in RATINGS.items():
        camilla.get_by_role("group", name=area.label).get_by_label(level, exact=True).check()
    camilla.get_by_role("button", name="Start afdækning").click()

    expect(camilla.get_by_role("status")).to_contain_text("Afdækningen er startet.")
    expect(camilla.get_by_test_id("case-state")).to_have_text("Afdækning")

    # --- Camilla: recommendation, a tariff other than the proposal ---------------------------------
    camilla.get_by_role("link", name="Indstil takst").click()
    expect(camilla.get_by_test_id("proposal")).to_contain_text(f"{basis.name} ({basis.catalogue.year})")
    tariff = camilla.get_by_label("Takst", exact=True)
    expect(tariff).to_have_value(str(basis.pk))
    services = camilla.locator("#services-field")
    expect(services.get_by_label(basis.package_services[0], exact=True)).to_be_visible()
    expect(services.get_by_label(EXTENDED_ONLY_SERVICE, exact=True)).to_have_count(0)

    with camilla.expect_response(re.compile(r"/indstilling/ydelser/\?")) as swap:
        tariff.select_option(value=str(extended.pk))
    assert swap.value.ok
    extended_box = camilla.locator("#services-field").get_by_label(EXTENDED_ONLY_SERVICE, exact=True)
    extended_box.check()
    expect(extended_box).to_be_checked()
    expect(camilla.locator("#services-field input[type=checkbox]")).to_have_count(len(extended.package_services))

    expect(camilla.get_by_label("Fra", exact=True)).to_have_value(today.isoformat())
    camilla.get_by_label("Til", exact=True).fill(end.isoformat())
    camilla.get_by_label("Begrundelse for indstillingen").fill("Dagligt forbrug af cannabis; ønsker at stoppe.")
    camilla.get_by_label("Begrundelse for at vælge en anden takst end forslaget").fill(
        "Behov for koordination med jobcenter og bostøtte ud over basispakken."
    )
    camilla.get_by_label("Kortsigtede mål (ét pr. linje)").fill("Stabilt fremmøde\nHalvere forbruget")
    camilla.get_by_label("Langsigtede mål (ét pr. linje)").fill("Stoffri")
    camilla.get_by_role("button", name="Send indstilling").click()

    expect(camilla.get_by_role("status")).to_contain_text("Indstillingen er sendt til kommunen.")
    expect(camilla.get_by_test_id("case-state")).to_have_text("Indstillet")
    expect(camilla.locator("main")).to_contain_text(f"Indstilling afventer afgørelse: {extended.name}")

    # --- Gitte, approver in Glostrup: the queue, the decision page, the decision -------------------
    gitte = login(new_page(), live_server, approver.username)
    gitte.get_by_role("navigation").get_by_role("link", name="Til afgørelse").click()
    expect(gitte).to_have_url(f"{live_server.url}/indstillinger/")
    expect(gitte.get_by_role("heading", name="Til afgørelse")).to_be_visible()
    row = gitte.get_by_test_id("queue").get_by_role("row").filter(has_text=NAME)
    expect(row).to_contain_text(extended.name)
    expect(row).to_contain_text(re.compile(r"\d+ dage tilbage"))
    row.get_by_role("link", name=reference).click()

    expect(gitte.get_by_role("heading", name="Træf afgørelse")).to_be_visible()
    recommendation = gitte.get_by_test_id("recommendation")
    expect(recommendation).to_contain_text(f"{extended.name} ({extended.catalogue.year})")
    expect(recommendation).to_contain_text("KABS City")
    expect(recommendation).to_contain_text("90 dage")
    expect(recommendation).to_contain_text(re.compile(r"Forventet udgift\s*[\d.]+,\d\d kr\."))
    expect(gitte.locator("main")).to_contain_text("Behov for koordination med jobcenter")  # deviation reason
    ratings = gitte.get_by_role("table").filter(has_text="Livsområde")
    for area, level in RATINGS.items():
        expect(ratings.get_by_role("row").filter(has_text=area.label)).to_contain_text(level)
    plan = gitte.get_by_role("heading", name=re.compile(r"Behandlingsplan \(version 1\)")).locator("..")
    expect(plan).to_contain_text("Stabilt fremmøde")
    expect(plan).to_contain_text("Halvere forbruget")
    expect(plan).to_contain_text(EXTENDED_ONLY_SERVICE)
    # Side by side: the recommendation and the ratings/plan columns start at the same height.
    left = gitte.get_by_role("heading", name="Indstilling fra KABS").bounding_box()
    right = gitte.get_by_role("heading", name="Vurderinger").bounding_box()
    assert left["x"] < right["x"] and abs(left["y"] - right["y"]) < 5, (left, right)

    gitte.get_by_label("Bevilget som indstillet").check()
    gitte.get_by_label("Sendes med").select_option(label="Digital Post")
    expect(gitte.get_by_label("Afsendelsesdato")).to_have_value(today.isoformat())
    gitte.get_by_role("button", name="Træf afgørelse").click()

    expect(gitte.get_by_role("status")).to_contain_text("Behandlingen er bevilget som indstillet.")
    expect(gitte.get_by_test_id("case-state")).to_have_text("Bevilget")
    decisions = gitte.get_by_test_id("decisions")
    expect(decisions).to_contain_text("Bevilget som indstillet")
    expect(decisions).to_contain_text(extended.name)

    decision = Decision.objects.get(case_id=pk)
    assert (decision.outcome, decision.tariff, decision.sent_via, decision.decided_by) == (
        Outcome.GRANTED, extended, SentVia.DIGITAL_POST, approver
    )
    assert Case.objects.get(pk=pk).state == CaseState.GRANTED
    assert Letter.objects.filter(decision=decision).exists(), "the render_letter task did not run on commit"

    # --- The letter ----------------------------------------------------------------------------------
    href = decisions.get_by_test_id("letter-link").get_attribute("href")
    response = gitte.context.request.get(f"{live_server.url}{href}")
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    data = response.body()
    assert data[:4] == b"%PDF"
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    flat = " ".join(text.split())
    assert "Klagevejledning" in flat
    assert NAME in flat
    assert extended.name in flat
    assert f"Klagefrist: {decision.complaint_deadline.day}." in flat

    # The caseworker sees the grant on her own screen too.
    sara.reload()
    expect(sara.get_by_test_id("case-state")).to_have_text("Bevilget")
    expect(sara.get_by_test_id("letter-link")).to_be_visible()
