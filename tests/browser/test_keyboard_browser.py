"""The whole visitation path with the keyboard only (WCAG 2.1.1): inquiry → assessment → recommendation →
decision → treatment start, by three users, pressing Tab, Shift+Tab, Space and Enter and typing. Nothing
is clicked: a step a mouse user can take but a keyboard user cannot fails here.

Each user opens the page they start from by its address (as a bookmark would); every step after that is
reached through the page's own links and buttons.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Case, CaseState
from tests import factories
from visitation.models import Area, Decision, Outcome

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MAX_TABS = 150
FOCUSED_MATCHES = "selector => document.activeElement !== null && document.activeElement.matches(selector)"


def tab_to(page, selector: str, *, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate(FOCUSED_MATCHES, selector):
            return
    pytest.fail(f"{page.url}: {selector} cannot be reached with {'Shift+Tab' if back else 'Tab'}")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def choose(page, selector: str, label: str) -> None:
    """A closed <select> chooses the option whose label is typed (the browser's type-ahead)."""
    tab_to(page, selector)
    page.keyboard.type(label)
    chosen = page.evaluate("s => { const e = document.querySelector(s); return e.options[e.selectedIndex].text }",
                           selector)
    assert chosen == label, f"{selector}: typing {label!r} chose {chosen!r}"


def type_date(page, selector: str, before: str, day) -> None:
    """Type a date into a date field. The field takes day, month and year as digits in the order of the
    browser's own locale, which headless Chromium does not take from the page: try day first, then month
    first, re-entering the field from the one `before` it (Shift+Tab, Tab) to start again at its first part."""
    for order in ("%d%m%Y", "%m%d%Y"):
        tab_to(page, before, back=True)
        tab_to(page, selector)
        page.keyboard.type(day.strftime(order))
        if page.locator(selector).input_value() == day.isoformat():
            return
    pytest.fail(f"{selector}: could not type {day.isoformat()}")


def follow(page, selector: str) -> None:
    """Tab to a link or submit button and press Enter; wait for the page it leads to."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def keyboard_login(page, live_server, username: str) -> None:
    from tests.factories import PASSWORD

    page.goto(f"{live_server.url}/log-ind/")
    type_into(page, "#id_username", username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_the_visitation_path_can_be_done_with_the_keyboard_alone(
    new_page, live_server, caseworker, counsellor, approver, city, catalogue
):
    today = timezone.localdate()
    end = today + timedelta(days=89)
    citizen = factories.citizen(caseworker.municipality, cpr="0703901234", name="Søren Østergaard",
                                address="Stationsvej 8\n2600 Glostrup")

    # --- the caseworker registers the inquiry, referred to KABS City ----------------------------------
    sara = new_page()
    keyboard_login(sara, live_server, caseworker.username)
    sara.goto(f"{live_server.url}/borgere/{citizen.pk}/")
    follow(sara, f'a[href="/borgere/{citizen.pk}/henvendelse/"]')
    expect(sara.locator("#id_inquiry_date")).to_have_value(today.isoformat())
    choose(sara, "#id_substance", "Stoffer")
    choose(sara, "#id_channel", "Telefonisk")
    choose(sara, "#id_unit", "KABS City")
    type_into(sara, "#id_summary", "Ringer selv; ønsker hjælp til at stoppe med hash.")
    follow(sara, "main button[type=submit]")
    expect(sara.get_by_test_id("case-state")).to_have_text("Henvendelse")
    case = Case.objects.get(citizen=citizen)

    # --- the counsellor: assessment, every life area rated with Space ---------------------------------
    camilla = new_page()
    keyboard_login(camilla, live_server, counsellor.username)
    camilla.goto(f"{live_server.url}/sager/{case.pk}/")
    follow(camilla, f'a[href="/sager/{case.pk}/afdaekning/"]')
    expect(camilla.locator("#id_unit")).to_have_value(str(city.pk))
    for area in Area:
        tab_to(camilla, f'input[name="rating_{area.value}"]')
        camilla.keyboard.press("ArrowDown")  # the second level: "Moderat belastet"
        expect(camilla.locator(f'input[name="rating_{area.value}"]:checked')).to_have_count(1)
    tab_to(camilla, "#id_note", back=True)  # and back up the form, to the note before the ratings
    camilla.keyboard.type("Første samtale holdt.")
    follow(camilla, "main button[type=submit]")
    expect(camilla.get_by_test_id("case-state")).to_have_text("Afdækning")

    # --- the counsellor: recommendation of the proposed tariff ---------------------------------------
    follow(camilla, f'a[href="/sager/{case.pk}/indstilling/"]')
    proposed = camilla.locator("#id_tariff").input_value()
    assert proposed, "the proposal is chosen when the form opens"
    type_date(camilla, "#id_end_date", "#id_start_date", end)
    type_into(camilla, "#id_justification", "Dagligt forbrug; ønsker at stoppe.")
    type_into(camilla, "#id_goals_short", "Stabilt fremmøde")
    camilla.keyboard.press("Enter")  # a new line in the textarea, not a submit
    camilla.keyboard.type("Halvere forbruget")
    follow(camilla, "main button[type=submit]")
    expect(camilla.get_by_test_id("case-state")).to_have_text("Indstillet")

    # --- the approver: "Bevil" opens the decision with the grant chosen ------------------------------
    gitte = new_page()
    keyboard_login(gitte, live_server, approver.username)
    gitte.goto(f"{live_server.url}/sager/{case.pk}/")
    follow(gitte, f'a[href="/sager/{case.pk}/afgoerelse/?udfald=granted"]')
    expect(gitte.locator("#id_outcome_0")).to_be_checked()
    follow(gitte, "main form button[type=submit]")
    expect(gitte.get_by_test_id("case-state")).to_have_text("Bevilget")
    assert Decision.objects.get(case=case).outcome == Outcome.GRANTED

    # --- the caseworker: treatment start, on the grant's first day, prefilled ------------------------
    sara.goto(f"{live_server.url}/sager/{case.pk}/")
    follow(sara, f'a[href="/sager/{case.pk}/behandlingsstart/"]')
    expect(sara.locator("#id_date")).to_have_value(today.isoformat())
    follow(sara, "main button[type=submit]")
    expect(sara.get_by_test_id("case-state")).to_have_text("I behandling")
    stored = Case.objects.get(pk=case.pk)
    assert (stored.state, stored.treatment_start) == (CaseState.IN_TREATMENT, today)
