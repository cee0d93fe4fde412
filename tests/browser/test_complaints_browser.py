"""The complaint path in two browsers (issue 8): Glostrup's caseworker registers a written complaint about a
§ 101 grant with an acknowledgement → the approver upholds it on reconsideration → the bundle for
Ankestyrelsen as one PDF → Ankestyrelsen's outcome recorded."""

import io

import pypdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from complaints.models import Complaint, ComplaintState, DocumentKind
from tests import factories
from visitation import services
from visitation.models import Area

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAME = "Søren Østergaard"
COMPLAINT = "Jeg har brug for mere støtte end to samtaler om måneden."
NOTE = "Afdækningen viser moderat belastning; Basis-taksten dækker behovet."


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages).split())


def test_register_reconsider_uphold_bundle_and_outcome(new_page, live_server, caseworker, counsellor, approver, city,
                                                        catalogue):
    from cases.models import Case
    from tariffs.models import Tariff

    today = timezone.localdate()
    citizen = factories.citizen(caseworker.municipality, cpr="0703901234", name=NAME, address="Stationsvej 8\n2600 Glostrup")
    case = factories.case(citizen, caseworker, unit=city, inquiry_date=today)
    services.assessment_start(case=case, user=counsellor, start_date=today, unit=city,
                              ratings=dict.fromkeys(Area.values, "moderate"), primary_substance="cannabis")
    services.recommendation_submit(case=Case.objects.get(pk=case.pk), user=counsellor,
                                   tariff=Tariff.objects.in_force_on(today).get(code="city-basis"), start_date=today,
                                   end_date=today, justification="Ambulant behandling.", goals_short=["Stoffri hverdag"])
    services.decision_make(case=Case.objects.get(pk=case.pk), user=approver, outcome="granted", reasons="",
                           sent_via="digital_post", sent_date=today)

    # --- Sara, caseworker: registers the written complaint, with an acknowledgement ---------------------
    sara = login(new_page(), live_server, caseworker.username)
    sara.goto(f"{live_server.url}/sager/{case.pk}/")
    expect(sara.get_by_test_id("complaints")).to_have_count(0)
    sara.get_by_role("link", name="Registrér klage").click()
    expect(sara.get_by_label("Klagen er modtaget")).to_have_value(today.isoformat())
    sara.get_by_label("Skriftlig", exact=True).check()
    sara.get_by_label("Klagen drejer sig om").select_option(label="En afgørelse")
    sara.get_by_label("Klagens indhold").fill(COMPLAINT)
    sara.get_by_label("Send borgeren en kvittering for klagen").check()
    sara.get_by_role("button", name="Registrér klage").click()

    expect(sara.get_by_role("status")).to_contain_text("Klagen er registreret.")
    expect(sara.get_by_test_id("complaint-state")).to_have_text("Registreret – afventer genvurdering")
    expect(sara.get_by_test_id("route")).to_have_text("Genvurdering i kommunen, derefter Ankestyrelsen")
    expect(sara.get_by_test_id("in-time")).to_contain_text("Rettidig")
    expect(sara.get_by_role("button", name="Registrér genvurdering")).to_have_count(0)
    complaint = Complaint.objects.get(case=case)
    assert complaint.documents.filter(kind=DocumentKind.ACKNOWLEDGEMENT).exists(), "kvittering not rendered on commit"

    # --- Gitte, approver: upholds the decision, which forwards the complaint ------------------------------
    gitte = login(new_page(), live_server, approver.username)
    gitte.goto(f"{live_server.url}/sager/{case.pk}/")
    gitte.get_by_test_id("complaints").get_by_role("link").first.click()
    gitte.get_by_label("Afgørelsen fastholdes – sendes til Ankestyrelsen").check()
    expect(gitte.get_by_label("Genvurderet den")).to_have_value(today.isoformat())
    gitte.get_by_label("Kommunens begrundelse").fill(NOTE)
    gitte.get_by_role("button", name="Registrér genvurdering").click()

    expect(gitte.get_by_role("status")).to_contain_text("Genvurderingen er registreret.")
    expect(gitte.get_by_test_id("complaint-state")).to_have_text("Sendt til Ankestyrelsen")
    expect(gitte.get_by_test_id("reconsideration")).to_contain_text("Afgørelsen fastholdes")

    # --- The bundle: one PDF with the complaint, the decision letter and the municipality's reasons -------
    link = gitte.get_by_test_id("documents").get_by_role("link", name="Sagens akter til Ankestyrelsen (PDF)")
    href = link.get_attribute("href")
    first = gitte.context.request.get(f"{live_server.url}{href}")
    assert first.ok and first.headers["content-type"] == "application/pdf"
    text = pdf_text(first.body())
    for expected in ("Klagesag til Ankestyrelsen", COMPLAINT, "Klagevejledning", "Moderat belastet",
                     "Stoffri hverdag", NOTE):
        assert expected in text, expected
    assert gitte.context.request.get(f"{live_server.url}{href}").body() == first.body()
    letter_link = gitte.get_by_role("link", name="Brev om videresendelse til Ankestyrelsen (PDF)")
    letter = gitte.context.request.get(live_server.url + letter_link.get_attribute("href"))
    assert "Din klage er sendt til Ankestyrelsen" in pdf_text(letter.body())

    # --- Ankestyrelsen's outcome ---------------------------------------------------------------------------
    gitte.get_by_label("Stadfæstet").check()
    gitte.get_by_label("Ankestyrelsens afgørelse er dateret").fill(today.isoformat())
    gitte.get_by_role("button", name="Registrér Ankestyrelsens afgørelse").click()
    expect(gitte.get_by_role("status")).to_contain_text("Ankestyrelsens afgørelse er registreret.")
    expect(gitte.get_by_test_id("appeal-outcome")).to_contain_text("Stadfæstet")
    assert Complaint.objects.get(pk=complaint.pk).state == ComplaintState.APPEAL_DECIDED

    # The caseworker's case page shows where the complaint ended.
    sara.goto(f"{live_server.url}/sager/{case.pk}/")
    expect(sara.get_by_test_id("complaints").get_by_test_id("complaint-state")).to_have_text("Ankestyrelsen har afgjort")
