"""Two caseworkers correct the same citizen in their own browsers: the first save wins, the second is told
what changed in the meantime, keeps what it typed, and can save again deliberately."""

import pytest
from playwright.sync_api import expect

from cases.models import Citizen, Role
from tests import factories

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def open_edit_page(page, live_server, citizen):
    page.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    page.get_by_role("link", name="Ret oplysninger").click()
    expect(page.get_by_role("heading", name="Ret oplysninger")).to_be_visible()
    expect(page.locator("main")).to_contain_text("010190-xxxx")


def test_caseworker_corrects_the_address_and_sees_it_in_the_history(page, live_server, caseworker, glostrup):
    citizen = factories.citizen(glostrup, name="Mads Jensen", address="Hovedvejen 12\n2600 Glostrup")
    login(page, live_server, caseworker.username)

    open_edit_page(page, live_server, citizen)
    page.get_by_label("Adresse").fill("Stationsvej 8\n2600 Glostrup")
    page.get_by_role("button", name="Gem rettelser").click()

    expect(page.get_by_role("heading", name="Mads Jensen")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Navn og adresse er rettet.")
    expect(page.locator("main")).to_contain_text("Stationsvej 8")
    history = page.get_by_test_id("citizen-history")
    expect(history.get_by_role("row").nth(1)).to_contain_text("Rettet: Adresse")
    expect(history.get_by_role("row").nth(1)).to_contain_text(caseworker.first_name)
    expect(page.locator("main")).not_to_contain_text("0101901234")
    assert Citizen.objects.get(pk=citizen.pk).address == "Stationsvej 8\n2600 Glostrup"


def test_the_second_of_two_stale_forms_is_refused_with_what_changed(new_page, live_server, caseworker, glostrup):
    colleague = factories.user("signe", Role.CASEWORKER, municipality=glostrup)
    citizen = factories.citizen(glostrup, name="Mads Jensen", address="Hovedvejen 12\n2600 Glostrup")
    sara, signe = new_page(), new_page()
    login(sara, live_server, caseworker.username)
    login(signe, live_server, colleague.username)
    open_edit_page(sara, live_server, citizen)
    open_edit_page(signe, live_server, citizen)

    sara.get_by_label("Navn", exact=True).fill("Mads Juhl Jensen")
    sara.get_by_role("button", name="Gem rettelser").click()
    expect(sara.get_by_role("status")).to_contain_text("Navn og adresse er rettet.")

    signe.get_by_label("Adresse").fill("Stationsvej 8\n2600 Glostrup")
    signe.get_by_role("button", name="Gem rettelser").click()

    alert = signe.get_by_role("alert")
    expect(alert).to_contain_text("Oplysningerne er ændret af Sara")
    expect(alert).to_contain_text("Intet er gemt.")
    expect(alert).to_contain_text("Navn: nu »Mads Juhl Jensen«, du så »Mads Jensen«.")
    expect(signe.get_by_label("Adresse")).to_have_value("Stationsvej 8\n2600 Glostrup")  # her input, kept
    expect(signe.get_by_label("Navn", exact=True)).to_have_value("Mads Juhl Jensen")  # untouched: Sara's
    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.name, stored.address) == ("Mads Juhl Jensen", "Hovedvejen 12\n2600 Glostrup")

    signe.get_by_role("button", name="Gem rettelser").click()  # saving again, having seen the change

    expect(signe.get_by_role("status")).to_contain_text("Navn og adresse er rettet.")
    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.name, stored.address) == ("Mads Juhl Jensen", "Stationsvej 8\n2600 Glostrup")
