"""A caseworker registers an inquiry through the browser: log in, find or create the citizen, register."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, CaseState, Citizen, DeadlineKind

from .conftest import case_pk, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NAME = "Søren Østergaard"


def test_caseworker_creates_citizen_and_registers_inquiry(page, live_server, caseworker, city):
    login(page, live_server, caseworker.username)

    # Not there yet: the search (htmx) says so.
    page.get_by_role("link", name="Find borger").click()
    page.get_by_label("Navn eller CPR-nummer").fill(NAME)
    page.get_by_role("button", name="Søg").click()
    expect(page.locator("#results")).to_contain_text("Ingen borgere fundet.")

    page.get_by_role("link", name="Opret borger").click()
    expect(page.get_by_role("heading", name="Opret borger")).to_be_visible()
    page.get_by_label("CPR-nummer").fill("070390-1234")
    page.get_by_label("Navn", exact=True).fill(NAME)
    page.get_by_label("Adresse").fill("Stationsvej 8\n2600 Glostrup")
    page.get_by_role("button", name="Opret borger").click()

    expect(page.get_by_role("heading", name=NAME)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text(f"{NAME} er oprettet.")
    expect(page.locator("main")).to_contain_text("070390-xxxx")

    page.get_by_role("link", name="Registrér henvendelse").click()
    expect(page.get_by_label("Henvendelsesdato")).to_have_value(timezone.localdate().isoformat())
    page.get_by_label("Rusmiddelområde").select_option(label="Stoffer")
    page.get_by_label("Henvendelsesform").select_option(label="Telefonisk")
    page.get_by_label("Henvist til KABS-enhed").select_option(label="KABS City")
    page.get_by_label("Henvendelsens indhold").fill("Ringede selv; ønsker hjælp til at stoppe med kokain.")
    page.get_by_role("button", name="Registrér henvendelse").click()

    expect(page).to_have_url(re.compile(r"/sager/\d+/$"))
    case = Case.objects.get(pk=case_pk(page))
    expect(page.get_by_test_id("case-state")).to_have_text("Henvendelse")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sag {case.reference} · {NAME}")
    expect(page.locator("main")).to_contain_text("KABS City")

    guarantee = case.deadlines.get(kind=DeadlineKind.TREATMENT_GUARANTEE)
    days = (guarantee.due_date - timezone.localdate()).days
    assert days > 1
    row = page.get_by_role("row").filter(has_text="Behandlingsgaranti")
    expect(row.get_by_test_id("days-left")).to_have_text(f"{days} dage tilbage")

    citizen = Citizen.objects.get(name=NAME)
    assert citizen.cpr == "0703901234"
    assert citizen.municipality == caseworker.municipality
    assert (case.citizen, case.state, case.unit) == (citizen, CaseState.INQUIRY, city)


def test_bad_cpr_shows_danish_error_and_keeps_what_was_typed(page, live_server, caseworker):
    login(page, live_server, caseworker.username)
    page.get_by_role("link", name="Opret borger").click()
    page.get_by_label("CPR-nummer").fill("320190-1234")
    page.get_by_label("Navn", exact=True).fill(NAME)
    page.get_by_role("button", name="Opret borger").click()

    expect(page.get_by_role("heading", name="Opret borger")).to_be_visible()
    cpr_group = page.locator(".form-group.form-error").filter(has=page.get_by_label("CPR-nummer"))
    expect(cpr_group).to_contain_text("CPR-nummeret indeholder ikke en gyldig fødselsdato.")
    # Only the reason the number is bad: not also "Angiv CPR-nummer …", which would contradict the user.
    errors = [" ".join(text.split()) for text in cpr_group.locator(".form-error-message").all_text_contents()]
    assert errors == ["Fejl: CPR-nummeret indeholder ikke en gyldig fødselsdato."]
    expect(page.get_by_label("CPR-nummer")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("CPR-nummer")).to_have_value("320190-1234")
    expect(page.get_by_label("Navn", exact=True)).to_have_value(NAME)
    assert not Citizen.objects.filter(name=NAME).exists()
