"""Browser tests: headless Chromium, driven by Playwright, against pytest-django's live server.

Run them with `.venv/bin/pytest tests/browser` (or `-m browser`). They need Debian's Chromium at
/usr/bin/chromium (`apt-get install chromium`); Playwright's own browser downloads are not used. Without
it the tests skip with the reason, unless REQUIRE_SERVICES=1 (CI), which makes it a failure.

The database. The live server answers in a thread of its own, so what a test writes must be committed
before the server can see it, and the other way round: the tests use `transactional_db`. Its teardown
empties every table, also the rows the data migrations wrote (LegalBasis, DeadlineRule, DeliveryRule,
LetterText) and the role groups created on post_migrate. So every browser test module is marked

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

and Django puts the database back as it was after migrate before each of them. pytest-django runs
transactional tests after the ordinary ones, so the rest of the suite never sees the emptied tables.
`_reference_data` below checks that this worked, so a missing marker fails with a clear message.

Time is not frozen here: the live server's thread must see the real date, so the tests compute
expectations from `timezone.localdate()` instead of the `frozen_today` fixture.
"""

import os
import re
from pathlib import Path

import pytest

from tests.conftest import missing_service
from tests.factories import PASSWORD

# Playwright's sync API runs an asyncio event loop in the main thread and, between its calls, leaves
# that loop marked as running (asyncio._set_running_loop). Django's ORM sees a running loop in the
# calling thread and raises SynchronousOnlyOperation, although the test code is plain synchronous code
# and the live server handles requests in its own thread without any loop. The check guards against a
# real mistake (blocking calls inside async code) that cannot happen here, so switch it off. It is set
# when this conftest is imported and stays set for the session: the loop counts as running from the
# first browser test until Playwright stops at the end of the session, so ORM calls in any test that
# runs after a browser test would hit the same check.
#
# The running loop has a second effect, see `browser` below: Django keeps its connections in an
# asgiref Local, which switches from thread-local to context-variable storage while a loop runs.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    """One Chromium for the whole session; every test gets fresh contexts (cookies, storage) of its own."""
    if not CHROMIUM.exists():
        missing_service(f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with django_db_blocker.unblock():
        wrappers = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    # Django's `connections` is an asgiref Local(thread_critical=True): thread-local storage, but while
    # an event loop runs in the thread it switches to context-variable storage, which starts out empty.
    # Playwright leaves its loop marked as running from here on, so the main thread would get new
    # DatabaseWrapper objects: not the ones the test database was set up on. Those lack the data that
    # serialized_rollback restores (`_test_serialized_contents`, so Django silently skips the restore:
    # pytest-django issue #1117), and with in-memory SQLite they are not the connection shared with the
    # live server. Hand the same wrappers to the new storage, so the main thread keeps using them.
    # (Playwright event callbacks run in greenlets with contexts of their own: no ORM in callbacks.)
    for alias, wrapper in wrappers.items():
        connections[alias] = wrapper
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


_REPORTS = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so `new_page` knows at teardown whether the test failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture
def new_page(browser, request, tmp_path):
    """Factory: `new_page()` opens a page in a new browser context, i.e. a separate user's browser.

    On failure each page's screenshot and HTML are saved under the test's tmp_path (path printed).
    """
    opened = []

    def make():
        context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen", accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        opened.append((context, page))
        return page

    yield make
    call = request.node.stash.get(_REPORTS, {}).get("call")
    if call is not None and call.failed:
        for number, (_, page) in enumerate(opened, start=1):
            try:
                page.screenshot(path=tmp_path / f"page{number}.png", full_page=True)
                (tmp_path / f"page{number}.html").write_text(page.content(), encoding="utf-8")
                print(f"page {number} at {page.url}: {tmp_path}/page{number}.png and .html")
            except Exception as error:  # the page may be gone; the report matters more than the artefact
                print(f"page {number}: could not save artefacts: {error}")
    for context, _ in opened:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(autouse=True)
def _eager_celery():
    """Run Celery tasks in-process (the decision letter is rendered by a task queued on commit)."""
    from config.celery import app

    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """The role groups and the data migrations' rows must be there; see the module docstring."""
    from cases.models import DeadlineRule, DeliveryRule
    from cases.roles import ensure_role_groups
    from tariffs.models import LegalBasis
    from visitation.models import LetterText

    ensure_role_groups()
    empty = [model.__name__ for model in (LegalBasis, DeadlineRule, DeliveryRule, LetterText)
             if not model.objects.exists()]
    if empty:
        pytest.fail(
            f"Tables written by data migrations are empty: {', '.join(empty)}. Mark the test "
            "@pytest.mark.django_db(transaction=True, serialized_rollback=True)."
        )


def login(page, live_server, username: str, password: str = PASSWORD):
    """Log in through the real form at /log-ind/ and wait until the header names the user."""
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}/log-ind/")
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(password)
    page.get_by_role("button", name="Log ind", exact=True).click()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    return page


def case_pk(page) -> int:
    """The case's primary key from the case page's URL (/sager/<pk>/)."""
    match = re.search(r"/sager/(\d+)/$", page.url)
    assert match, f"not on a case page: {page.url}"
    return int(match.group(1))
