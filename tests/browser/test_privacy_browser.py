"""The municipality's administrator answers a citizen's request for insight (GDPR art. 15) in the browser:
finds the citizen by CPR number with a purpose, sees who looked at the case, and downloads the extract,
which names no employee."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from cases.models import Role
from tests import factories

from ..visitation_steps import pdf_text
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_administrator_finds_who_looked_and_downloads_the_extract(
    new_page, live_server, caseworker, glostrup, city
):
    administrator = factories.user("anna", Role.ADMINISTRATOR, is_staff=True, municipality=glostrup)
    citizen = factories.citizen(glostrup, name="Mads Jensen")
    case = factories.case(citizen, caseworker, unit=city)

    sara = new_page()
    login(sara, live_server, caseworker.username)
    sara.goto(f"{live_server.url}/sager/{case.pk}/")
    expect(sara.get_by_role("heading", level=1)).to_contain_text(f"Sag {case.reference}")

    anna = new_page()
    login(anna, live_server, administrator.username)
    anna.get_by_role("link", name="Adgangslog", exact=True).click()
    anna.get_by_label("Navn eller CPR-nummer").fill("010190-1234")
    anna.get_by_label("Formål med opslaget").select_option(label="Borgerens anmodning om indsigt")
    anna.get_by_role("button", name="Søg").click()
    anna.locator("#results").get_by_role("link", name="Mads Jensen").click()

    log = anna.get_by_test_id("access-log")
    expect(log).to_contain_text(caseworker.first_name)
    expect(log).to_contain_text(f"Sagen, sag {case.pk}")
    expect(log).to_contain_text("Borgerens anmodning om indsigt")  # her own look-up, with its purpose

    with anna.expect_download() as download:
        anna.get_by_role("link", name="Borgerens indsigtsudtræk (PDF, uden medarbejdernavne)").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert f"Sagen, sag {case.pk}" in text
    assert "Glostrup Kommune" in text
    assert caseworker.first_name not in text
