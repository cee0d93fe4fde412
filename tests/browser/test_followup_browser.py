"""The follow-up path in two browsers: the KABS counsellor ends treatment ("Afslut behandling") and records
the 1-month follow-up; Glostrup's caseworker is told and reads the conclusion on the case page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from followups.models import FollowUp, FollowUpStatus, Slot
from tests import factories
from tests.followup_steps import treated
from visitation.models import Decision

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAME = "Ida Kjær"
CONCLUSION = "Stoffri siden udskrivningen, har fået job som lagerarbejder."


def test_discharge_then_one_month_followup_reaches_the_municipality(
    new_page, live_server, caseworker, counsellor, approver, city, catalogue
):
    today = timezone.localdate()
    citizen = factories.citizen(caseworker.municipality, cpr="1105881234", name=NAME)
    case = factories.case(citizen, caseworker, unit=city, inquiry_date=today)
    treated(case, counsellor, approver, start=today)

    # --- Camilla, counsellor at KABS City: ends the treatment ----------------------------------------
    camilla = login(new_page(), live_server, counsellor.username)
    camilla.goto(f"{live_server.url}/sager/{case.pk}/")
    expect(camilla.get_by_role("link", name="Udskriv")).to_have_count(0)
    camilla.get_by_role("link", name="Afslut behandling").click()
    camilla.get_by_label("Behandlingen afsluttes den").fill(today.isoformat())
    camilla.get_by_label("Færdigbehandlet – stoffri").check()
    camilla.get_by_test_id("discharge-submit").click()
    expect(camilla).to_have_url(re.compile(rf"/sager/{case.pk}/$"))
    expect(camilla.get_by_test_id("case-state")).to_have_text("Behandling afsluttet")
    followups = camilla.get_by_test_id("followups")
    expect(followups).to_contain_text("Opfølgning efter 1 måned")
    expect(followups).to_contain_text("Opfølgning efter 6 måneder")
    assert Decision.objects.get(case=case).effective_end_date == today

    # --- the 1-month follow-up talk ------------------------------------------------------------------
    camilla.get_by_role("link", name="Registrér opfølgning").click()
    camilla.get_by_label("Opfølgning", exact=True).select_option(
        str(FollowUp.objects.get(case=case, slot=Slot.ONE_MONTH).pk)
    )
    camilla.get_by_label("Dato for samtalen eller forsøget").fill(today.isoformat())
    camilla.get_by_role("group", name="Blev borgeren truffet?").get_by_label("Ja").check()
    camilla.get_by_role("group", name="Borgerens situation nu").get_by_label("Stoffri").check()
    camilla.get_by_role("group", name="Holder målet i behandlingsplanen?").get_by_label("Ja").check()
    camilla.get_by_label(re.compile("^Konklusion")).fill(CONCLUSION)
    camilla.get_by_test_id("followup-submit").click()
    expect(camilla.get_by_text("Opfølgningen er registreret.")).to_be_visible()
    assert FollowUp.objects.get(case=case, slot=Slot.ONE_MONTH).status == FollowUpStatus.DONE

    # --- Sara, caseworker in Glostrup: is told, and reads the conclusion -----------------------------
    sara = login(new_page(), live_server, caseworker.username)
    sara.goto(f"{live_server.url}/notifikationer/")
    told = re.compile(rf"^Sag {case.pk}: opfølgning efter 1 måned er afsluttet")
    expect(sara.get_by_role("cell", name=told)).to_be_visible()
    sara.goto(f"{live_server.url}/sager/{case.pk}/")
    conclusion = sara.get_by_test_id("followup-conclusion").first
    expect(conclusion).to_contain_text("Stoffri; målet holder.")
    expect(conclusion).to_contain_text(CONCLUSION)
    expect(sara.get_by_role("link", name="Registrér opfølgning")).to_have_count(0)  # KABS's to record
