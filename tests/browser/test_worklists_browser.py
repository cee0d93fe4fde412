"""The worklists in the browser: the counsellor's start page by stage, "Frister" and a notification marked
read; the caseworker's list filtered and sorted, the urgent guarantee and the inquiry without a unit, and
"Markér alle som læst". Every page under the Content-Security-Policy without a violation."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import CaseState, DeadlineKind
from tests.worklist_rows import bulk_cases, notify

from .conftest import login
from .test_csp_browser import Watcher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def section(page, title: str):
    """The table that follows the section heading `title` on the start page."""
    return page.locator(f"h2:text-is('{title}') ~ table").first


def test_the_counsellors_worklist_and_a_notification_marked_read(new_page, live_server, caseworker, counsellor,
                                                                  city):
    today = timezone.localdate()
    municipality = caseworker.municipality
    (granted,) = bulk_cases(1, municipality=municipality, unit=city, caseworker=caseworker, state=CaseState.GRANTED,
                            deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, 2)], today=today)
    (ending,) = bulk_cases(1, municipality=municipality, unit=city, caseworker=caseworker, first=1,
                           state=CaseState.IN_TREATMENT, deadlines=[(DeadlineKind.TREATMENT_PERIOD_END, 10)],
                           today=today)
    (notification,) = notify(counsellor, [granted.deadlines.get()])

    watcher = Watcher(new_page(), live_server.url)
    camilla = watcher.page
    login(camilla, live_server, counsellor.username)
    watcher.collect()

    expect(section(camilla, "Bevilget – afventer start").get_by_role("link", name=granted.reference)).to_be_visible()
    expect(section(camilla, "Periode udløber inden for 30 dage").get_by_role("link", name=ending.reference)) \
        .to_be_visible()
    expect(camilla.get_by_test_id("due-counts")).to_contain_text("0 overskredne og 1 der udløber inden for en uge")

    # Frister: the guarantee within the week, with what must happen and who answers.
    camilla.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Frister").click()
    watcher.collect()
    week = camilla.get_by_test_id("deadline-group-week")
    expect(week.get_by_role("link", name=granted.reference)).to_be_visible()
    expect(week).to_contain_text("Behandlingsgaranti")
    expect(week).to_contain_text("2 dage tilbage")
    expect(week).to_contain_text("Sagsbehandler, Glostrup Kommune og Behandler, KABS City")
    expect(camilla.get_by_test_id("deadline-group-later")).to_contain_text("Bevillingsperiodens udløb")

    # The header announces one unread notification; marking it read takes the count away.
    link = camilla.get_by_test_id("notifications-link")
    expect(camilla.get_by_test_id("unread-count")).to_have_text("1")
    expect(link).to_contain_text("ulæste notifikationer")
    link.click()
    watcher.collect()
    row = camilla.get_by_test_id(f"notification-{notification.pk}")
    expect(row).to_contain_text(f"Frist nærmer sig på sag {granted.pk}")
    row.get_by_role("button", name="Markér som læst").click()
    watcher.collect()
    expect(camilla.get_by_test_id(f"notification-{notification.pk}")).to_contain_text("Læst")
    expect(camilla.get_by_test_id("unread-count")).to_have_count(0)
    notification.refresh_from_db()
    assert notification.read_at is not None

    watcher.assert_clean()


def test_the_caseworkers_list_filtered_sorted_and_notifications_all_read(new_page, live_server, caseworker, city):
    today = timezone.localdate()
    municipality = caseworker.municipality

    def one(first, offset, unit=city, state=CaseState.ASSESSMENT):
        (case,) = bulk_cases(1, municipality=municipality, unit=unit, caseworker=caseworker, first=first,
                             state=state, deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, offset)], today=today)
        return case

    overdue, urgent, calm = one(0, -1), one(1, 3), one(2, 6)
    no_unit = one(3, 12, unit=None, state=CaseState.INQUIRY)
    notify(caseworker, [overdue.deadlines.get(), urgent.deadlines.get()])

    watcher = Watcher(new_page(), live_server.url)
    sara = watcher.page
    login(sara, live_server, caseworker.username)
    watcher.collect()

    table = section(sara, "Kommunens aktive sager")
    links = table.get_by_role("link")
    expect(links).to_have_text([c.reference for c in (overdue, urgent, calm, no_unit)])
    expect(table.get_by_test_id("guarantee-urgent")).to_have_count(2)  # -1 and 3 days left stand out
    expect(table.locator("tr", has=sara.get_by_role("link", name=urgent.reference, exact=True))
           .get_by_test_id("guarantee-urgent")).to_contain_text("3 dage tilbage")
    expect(table.locator("tr", has=sara.get_by_role("link", name=no_unit.reference, exact=True))
           .get_by_test_id("missing-unit")).to_have_text("Mangler enhed")

    # Filter: overdue guarantees only.
    filters = sara.get_by_test_id("case-filter")
    filters.get_by_label("Behandlingsgaranti").select_option(label="Overskredet")
    filters.get_by_role("button", name="Vis", exact=True).click()
    expect(sara).to_have_url(re.compile(r"garanti=overskredet"))
    watcher.collect()
    expect(section(sara, "Kommunens aktive sager").get_by_role("link")).to_have_text([overdue.reference])

    # Sort: most days left first, all guarantees.
    filters = sara.get_by_test_id("case-filter")
    filters.get_by_label("Behandlingsgaranti").select_option(label="Alle")
    filters.get_by_label("Sortering").select_option(label="Flest dage tilbage først")
    filters.get_by_role("button", name="Vis", exact=True).click()
    watcher.collect()
    expect(section(sara, "Kommunens aktive sager").get_by_role("link")).to_have_text(
        [c.reference for c in (no_unit, calm, urgent, overdue)]
    )

    # A bad value in the address is a form error, and the page still works.
    sara.goto(f"{live_server.url}/?garanti=maaske")
    watcher.collect()
    expect(sara.get_by_test_id("case-filter")).to_contain_text("Marker en gyldig valgmulighed")

    # The counts lead to Frister.
    sara.get_by_test_id("due-counts").get_by_role("link").click()
    watcher.collect()
    expect(sara.get_by_test_id("deadline-group-overdue").get_by_role("link", name=overdue.reference)).to_be_visible()

    # Two unread notifications, all marked read at once.
    expect(sara.get_by_test_id("unread-count")).to_have_text("2")
    sara.get_by_test_id("notifications-link").click()
    sara.get_by_role("button", name="Markér alle som læst").click()
    watcher.collect()
    expect(sara.get_by_text("Alle notifikationer er markeret som læst.")).to_be_visible()
    expect(sara.get_by_test_id("unread-count")).to_have_count(0)
    expect(sara.get_by_role("button", name="Markér som læst")).to_have_count(0)

    watcher.assert_clean()


def test_a_section_alone_pages_on_from_the_last_case_shown(new_page, live_server, caseworker, city):
    """"Se alle" opens the caseworker's list alone; "Næste side" continues after the last case, with the filter
    kept, until every case has been shown once (no page numbers, no count)."""
    today = timezone.localdate()
    cases = bulk_cases(60, municipality=caseworker.municipality, unit=city, caseworker=caseworker,
                       deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, 5)], today=today)
    watcher = Watcher(new_page(), live_server.url)
    sara = watcher.page
    login(sara, live_server, caseworker.username)
    watcher.collect()

    sara.get_by_role("link", name="Se alle i „Kommunens aktive sager“").click()
    watcher.collect()
    expect(sara.get_by_role("link", name="Tilbage til Mine sager")).to_be_visible()
    seen = [sara.locator("tbody tr a").all_inner_texts()]
    sara.get_by_role("link", name="Næste side").click()
    watcher.collect()
    seen.append(sara.locator("tbody tr a").all_inner_texts())

    assert [len(page) for page in seen] == [50, 10]
    assert [reference for page in seen for reference in page] == [case.reference for case in cases]
    expect(sara.get_by_role("link", name="Næste side")).to_have_count(0)
    expect(sara.locator("input[name=sektion]")).to_have_value("aktive")
    watcher.assert_clean()
