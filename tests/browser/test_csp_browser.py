"""Every page passes the Content-Security-Policy without 'unsafe-inline', and nothing leaves our origin.

Chromium enforces the policy the server sends. The test listens for `securitypolicyviolation` events in
every document (an init script, installed before the page's own scripts run) and for CSP errors on the
console, and records every request the browser makes. It visits the pages of each role, the admin and
the API docs (Swagger UI, which must load from our static files and actually render).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Role
from tests import factories
from tests.visitation_steps import assess, recommend

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
                              `at ${event.sourceFile}:${event.lineNumber}`);
});
"""


class Watcher:
    """Collects CSP violations, console errors about the policy and every request of one page."""

    def __init__(self, page, origin: str):
        self.page, self.origin = page, origin
        self.violations: list[str] = []
        self.requests: list[str] = []
        self.static_responses: list[tuple[str, str]] = []
        page.add_init_script(WATCH_CSP)
        page.on("console", self._console)
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("response", self._response)

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.violations.append(f"console: {message.text}")

    def _response(self, response):
        if "/static/" in response.url:
            self.static_responses.append((response.url, response.headers.get("cache-control", "")))

    def visit(self, path: str, *, ready: str = "main, #swagger-ui, #content"):
        self.page.goto(self.origin + path)
        expect(self.page.locator(ready).first).to_be_visible()
        self.collect()

    def collect(self):
        self.page.wait_for_load_state("load")
        self.violations += [
            f"{self.page.url}: {text}" for text in self.page.evaluate("window.__cspViolations")
        ]
        self.page.evaluate("window.__cspViolations = []")

    def assert_clean(self):
        assert self.violations == []
        foreign = [
            url for url in self.requests if not url.startswith(self.origin) and not url.startswith("data:")
        ]
        assert foreign == [], "requests left the live server's origin"
        assert self.requests, "no request was recorded: the watcher is not listening"


@pytest.fixture
def cases(caseworker, counsellor, city, catalogue):
    """A case awaiting the approver's decision, and one assessed, awaiting the counsellor's recommendation."""
    today = timezone.localdate()
    awaiting = factories.case(
        factories.citizen(caseworker.municipality, cpr="0101901234", name="Mads Jensen"),
        caseworker, unit=city, inquiry_date=today - timedelta(days=2),
    )  # fmt: skip
    assess(awaiting, counsellor, start=today)
    recommend(awaiting, counsellor, start=today)
    assessed = factories.case(
        factories.citizen(caseworker.municipality, cpr="1503851118", name="Louise Hansen"),
        caseworker, unit=city, inquiry_date=today - timedelta(days=1),
    )  # fmt: skip
    assess(assessed, counsellor, start=today)
    return awaiting, assessed


def test_no_page_violates_the_csp_or_leaves_the_origin(
    new_page, live_server, caseworker, counsellor, approver, admin_user, cases
):
    awaiting, assessed = cases
    origin = live_server.url
    watchers = []

    def browser_of(user) -> Watcher:
        watcher = Watcher(new_page(), origin)
        watchers.append(watcher)
        watcher.visit("/log-ind/")
        login(watcher.page, live_server, user.username)
        watcher.collect()
        return watcher

    sara = browser_of(caseworker)
    for path in [
        "/",
        "/borgere/soeg/",
        f"/borgere/{awaiting.citizen_id}/",
        "/borgere/ny/",
        f"/borgere/{awaiting.citizen_id}/henvendelse/",
        f"/sager/{awaiting.pk}/",
    ]:
        sara.visit(path)
    # An htmx request (the citizen search swaps in its results) under the same policy.
    sara.visit("/borgere/soeg/")
    sara.page.get_by_label("Navn eller CPR-nummer").fill("Mads")
    sara.page.get_by_role("button", name="Søg").click()
    expect(sara.page.locator("#results").get_by_role("link", name="Mads Jensen")).to_be_visible()
    sara.collect()

    camilla = browser_of(counsellor)
    for path in ["/", f"/sager/{assessed.pk}/", f"/sager/{assessed.pk}/indstilling/"]:
        camilla.visit(path)
    camilla.page.get_by_label("Takst", exact=True).select_option(
        index=2
    )  # htmx swaps the tariff's services in
    camilla.page.wait_for_load_state("networkidle")
    camilla.collect()

    gitte = browser_of(approver)
    for path in ["/", "/indstillinger/", f"/sager/{awaiting.pk}/", f"/sager/{awaiting.pk}/afgoerelse/"]:
        gitte.visit(path)
    # The management view's charts: Chart.js from our static files, drawn without inline script or style.
    gitte.visit("/maaltal/")
    expect(gitte.page.locator("canvas[data-chart='costs']")).to_be_visible()
    assert gitte.page.evaluate("Object.keys(window.Chart.instances).length") == 3
    gitte.visit("/totrin/opsaet/")  # the second factor's enrolment page with its inline SVG QR code
    expect(gitte.page.locator(".app-qr svg")).to_be_visible()

    admin = browser_of(admin_user)
    administrator = factories.user("anna", Role.ADMINISTRATOR, is_staff=True)
    for path in [
        "/admin/",
        "/admin/cases/citizen/",
        f"/admin/cases/citizen/{awaiting.citizen_id}/change/",
        f"/admin/cases/user/{administrator.pk}/change/",
        "/admin/cases/user/add/",
        "/admin/tariffs/tariff/",
        "/admin/authtoken/tokenproxy/",
    ]:
        admin.visit(path)
    admin.visit("/api/v1/docs/")
    expect(admin.page.locator(".swagger-ui .info .title")).to_contain_text("Rusmiddelsag API")
    expect(admin.page.locator(".swagger-ui .opblock").first).to_be_visible()  # the schema was fetched
    admin.collect()

    anonymous = Watcher(new_page(), origin)
    watchers.append(anonymous)
    anonymous.visit("/log-ind/")

    for watcher in watchers:
        watcher.assert_clean()
    static = [entry for watcher in watchers for entry in watcher.static_responses]
    assert static, "no static file was loaded"
    assert [url for url, cache in static if "no-store" in cache] == []  # static files keep their caching
