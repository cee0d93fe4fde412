"""WCAG 2.1 AA as a test: axe-core over every page each role reaches, in its empty and its error state.

Each role logs in and walks every link it can reach from its start page (same origin, GET only, no
downloads), breadth first; every page is checked with all of axe's rules, and the suite fails on any
violation of any impact. Then each form is submitted empty (or with a bad value) and its error state is
checked too: the error summary must be there, focused, and link to the fields. What axe cannot see is
checked beside it: every checkbox and radio is followed by its own label (DKFDS draws the box there).
"""

import re
from datetime import timedelta
from urllib.parse import urljoin, urlparse

import pytest
from django.utils import timezone

from cases.models import Role
from tests import factories
from tests.complaint_steps import reconsider, register
from tests.followup_steps import discharged
from tests.visitation_steps import assess, decide, recommend

from .axe import check, unlabelled_controls
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SKIP = ("/log-ud/", ".pdf", ".csv", "/api/", "/static/", "/media/", "indsigt", "/totrin/")
MAX_PAGES = 150


@pytest.fixture
def world(caseworker, counsellor, approver, city, catalogue):
    today = timezone.localdate()
    glostrup = caseworker.municipality
    awaiting = factories.case(factories.citizen(glostrup, cpr="0101901234", name="Mads Jensen"), caseworker,
                              unit=city, inquiry_date=today - timedelta(days=2))
    assess(awaiting, counsellor, start=today)
    recommend(awaiting, counsellor, start=today)
    assessed = factories.case(factories.citizen(glostrup, cpr="1503851118", name="Louise Hansen"), caseworker,
                              unit=city, inquiry_date=today - timedelta(days=1))
    assess(assessed, counsellor, start=today)
    granted = factories.case(factories.citizen(glostrup, cpr="0202802222", name="Peter Holm"), caseworker,
                             unit=city, inquiry_date=today - timedelta(days=3))
    assess(granted, counsellor, start=today)
    recommend(granted, counsellor, start=today)
    decide(granted, approver, sent_date=today)
    factories.case(factories.citizen(glostrup, cpr="0303703334", name="Anne Berg"), caseworker, unit=city,
                   inquiry_date=today)
    # A discharged course with its follow-ups, and a complaint forwarded to Ankestyrelsen: their panels,
    # pages and forms are reached from the case page like the rest.
    ended = factories.case(factories.citizen(glostrup, cpr="0404604446", name="Jens Lund"), caseworker,
                           unit=city, inquiry_date=today - timedelta(days=4))
    discharged(ended, counsellor, approver, on=today)
    complaint = register(granted, caseworker, decision=granted.decisions.get(), received=today)
    reconsider(complaint, approver, on=today)
    return {"awaiting": awaiting, "assessed": assessed, "granted": granted, "ended": ended}


def page_key(path: str) -> str:
    """What makes a page a different page: its path; in the admin, one object of each model stands for all
    (every tariff's change page is the same form), while the app's case pages differ by the case's state."""
    path = urlparse(path).path
    return re.sub(r"/\d+/", "/N/", path) if path.startswith("/admin/") else path


def crawl(page, origin: str) -> list[str]:
    """Every same-origin page reachable by links from the start page, each path checked once (the first
    query string found for it: a list's filters and sort orders render the same template)."""
    seen, queue, found = set(), ["/"], []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if page_key(path) in seen:
            continue
        seen.add(page_key(path))
        response = page.goto(origin + path)
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        found += check(page) + unlabelled_controls(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            url = urlparse(urljoin(origin + path, href))
            target = url.path + (f"?{url.query}" if url.query else "")
            if url.netloc == urlparse(origin).netloc and not any(part in target for part in SKIP):
                queue.append(target)
    print(f"axe: {len(seen)} pages")
    return found


@pytest.mark.parametrize("persona", ["caseworker", "counsellor", "approver"])
def test_every_page_a_role_reaches_has_no_axe_violation(request, new_page, live_server, world, persona):
    user = request.getfixturevalue(persona)
    page = login(new_page(), live_server, user.username)
    problems = crawl(page, live_server.url)
    assert problems == [], "\n".join(problems)


def test_administration_pages_have_no_axe_violation(new_page, live_server, world, glostrup):
    administrator = factories.user("anna", Role.ADMINISTRATOR, municipality=glostrup, is_staff=True)
    page = login(new_page(), live_server, administrator.username)
    problems = crawl(page, live_server.url)
    assert problems == [], "\n".join(problems)


# --- every form in its error state ------------------------------------------------------------------------
# Empties what the user can change in the page's main form (text, dates, selects without a choice,
# unchecked boxes and radios), so a submit fails on the form's own rules.
EMPTY_THE_FORM = """
form => {
  for (const el of form.elements) {
    if (["hidden", "submit", "button"].includes(el.type)) continue;
    if (el.tagName === "SELECT") el.selectedIndex = Array.from(el.options).findIndex(o => o.value === "");
    else if (el.type === "checkbox" || el.type === "radio") el.checked = false;
    else el.value = "";
  }
}
"""

SUMMARY = '[data-module="error-summary"]'

SUMMARY_LINKS_TO_MISSING_IDS = """
summary => Array.from(summary.querySelectorAll('a[href^="#"]'))
  .map(a => a.getAttribute("href").slice(1))
  .filter(id => !document.getElementById(id))
"""


def error_state_problems(page, url: str, bad: dict[str, str]) -> list[str]:
    """Submit the page's main form emptied (and with the `bad` values, by CSS selector, where empty is
    valid); the page must come back with a focused error summary whose links reach fields on the page, and
    pass axe. Returns what is wrong, each as one line."""
    from playwright.sync_api import expect

    page.goto(url)
    form = page.locator("main form").filter(has=page.locator("button.button-primary[type=submit]")).first
    form.evaluate(EMPTY_THE_FORM)
    for selector, value in bad.items():
        form.locator(selector).fill(value)
    form.locator("button.button-primary[type=submit]").first.click()
    summary = page.locator(SUMMARY)
    try:
        expect(summary).to_have_count(1)
    except AssertionError:
        return [f"{url}: no error summary after submitting the form empty (now at {page.url})"]
    page.wait_for_load_state()
    problems = check(page) + unlabelled_controls(page)
    if not page.evaluate(f"() => document.activeElement === document.querySelector('{SUMMARY}')"):
        problems.append(f"{url}: the error summary is not focused")
    if summary.locator("li").count() == 0:
        problems.append(f"{url}: the error summary lists no error")
    missing = summary.evaluate(SUMMARY_LINKS_TO_MISSING_IDS)
    if missing:
        problems.append(f"{url}: the error summary links to ids not on the page: {missing}")
    return problems


@pytest.fixture
def forms_world(world, caseworker, counsellor, approver, city):
    """A case at every step that has a form: the world's, plus one in treatment, one discharged with its
    follow-ups due, and a complaint awaiting reconsideration."""
    from complaints import services as complaint_services
    from tests.followup_steps import discharged, treated

    today = timezone.localdate()
    glostrup = caseworker.municipality
    treating = factories.case(factories.citizen(glostrup, cpr="0202902345", name="Ole Dahl"), caseworker,
                              unit=city, inquiry_date=today - timedelta(days=4))
    treated(treating, counsellor, approver, start=today)
    ended = factories.case(factories.citizen(glostrup, cpr="1105881234", name="Birgit Lund"), caseworker,
                           unit=city, inquiry_date=today - timedelta(days=5))
    discharged(ended, counsellor, approver, on=today)
    granted = world["granted"]
    complaint = complaint_services.complaint_register(
        case=granted, user=caseworker, received_date=today, channel="written", about="decision",
        text="Jeg er uenig i afgørelsen.", decision=granted.decisions.get(), oral_note="", acknowledge=False,
    )
    return {**world, "treating": treating, "ended": ended, "complaint": complaint}


FORMS = {
    "caseworker": [
        "/borgere/ny/",
        "/borgere/{citizen}/henvendelse/",
        "/borgere/{citizen}/ret/",
        "/borgere/soeg/",
        "/fristberegner/",
        "/sager/{awaiting}/traek-tilbage/",
        ("/sager/{awaiting}/samtykke/", {"#id_custody_consent_on": "2020-01-01"}),  # a date, nothing else
        "/sager/{granted}/behandlingsstart/",
        "/sager/{granted}/klager/ny/",
        "/sager/{treating}/afslut-behandling/",
    ],
    "counsellor": [
        "/sager/{fresh}/afdaekning/",
        "/sager/{assessed}/indstilling/",
        "/sager/{awaiting}/plan/1/underskrift/",
        "/sager/{ended}/opfoelgning/",
    ],
    "approver": [
        "/sager/{awaiting}/afgoerelse/?udfald=refused",
        "/klager/{complaint}/",
    ],
}


@pytest.mark.parametrize("persona", list(FORMS))
def test_every_form_in_its_error_state_has_a_focused_summary_and_no_axe_violation(
    request, new_page, live_server, forms_world, persona
):
    from cases.models import Case

    fresh = Case.objects.filter(state="inquiry", citizen__name="Anne Berg").get()
    values = {
        "citizen": forms_world["awaiting"].citizen_id, "fresh": fresh.pk,
        **{name: obj.pk for name, obj in forms_world.items()},
    }
    page = login(new_page(), live_server, request.getfixturevalue(persona).username)
    problems = []
    for entry in FORMS[persona]:
        path, bad = entry if isinstance(entry, tuple) else (entry, {})
        problems += error_state_problems(page, live_server.url + path.format(**values), bad)
    print(f"axe: {len(FORMS[persona])} forms in their error state")
    assert problems == [], "\n".join(problems)


def test_a_failed_login_has_a_focused_summary_and_no_axe_violation(page, live_server, world):
    page.goto(f"{live_server.url}/log-ind/")
    page.get_by_label("Brugernavn").fill("nogen")
    page.get_by_label("Adgangskode").fill("forkert")
    page.get_by_role("button", name="Log ind", exact=True).click()
    problems = check(page)
    assert page.evaluate(f"() => document.activeElement === document.querySelector('{SUMMARY}')")
    assert page.locator(SUMMARY).evaluate(SUMMARY_LINKS_TO_MISSING_IDS) == []
    assert problems == [], "\n".join(problems)
