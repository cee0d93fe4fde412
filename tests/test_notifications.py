"""Notifications in the UI: the unread count in the header (counted with the request's user), the list newest first
a page at a time, "Markér som læst" and "Markér alle som læst" — only ever the user's own."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import AccessLog, DeadlineKind, Notification

from .conftest import login
from .worklist_rows import bulk_cases, notify

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def deadlines(glostrup, city, caseworker):
    cases = bulk_cases(3, municipality=glostrup, unit=city, caseworker=caseworker,
                       deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, 1)])
    return [case.deadlines.get() for case in cases]


def unread_badge(html: str) -> str | None:
    match = re.search(r'data-testid="unread-count">([^<]*)</span>', html)
    return match.group(1) if match else None


def notification_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-testid="notification-(\d+)"', html)]


def test_the_header_shows_the_unread_count_announced_for_screen_readers(client, caseworker, deadlines):
    notify(caseworker, deadlines[:2])
    notify(caseworker, deadlines[2:], read=True)
    html = login(client, caseworker).get("/").content.decode()
    assert unread_badge(html) == "2"
    assert '<span class="sr-only"> ulæste notifikationer</span>' in html


def test_no_badge_without_unread_notifications(client, caseworker, approver, deadlines):
    notify(approver, deadlines)  # someone else's
    html = login(client, caseworker).get("/").content.decode()
    assert unread_badge(html) is None
    assert 'href="/notifikationer/"' in html


def test_a_long_backlog_shows_99_plus_and_the_count_stops_there(client, glostrup, city, caseworker):
    cases = bulk_cases(120, municipality=glostrup, unit=city, caseworker=caseworker)
    from cases.models import Deadline

    notify(caseworker, Deadline.objects.filter(case__in=cases))
    login(client, caseworker).get("/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/frister/").content.decode()
    assert unread_badge(html) == "99+"
    counting = [q["sql"] for q in queries if "cases_notification" in q["sql"]]
    assert len(counting) == 1  # one query per page, however many templates ask: the user's own
    assert "LIMIT 100" in counting[0]


def test_the_list_is_mine_newest_first_and_logged(client, caseworker, approver, deadlines):
    mine = notify(caseworker, deadlines)
    theirs = notify(approver, deadlines)
    html = login(client, caseworker).get("/notifikationer/").content.decode()
    assert notification_ids(html) == [n.pk for n in reversed(mine)]
    assert not set(notification_ids(html)) & {n.pk for n in theirs}
    assert f"Frist nærmer sig på sag {deadlines[0].case_id}" in html
    logged = set(AccessLog.objects.filter(detail="Notifikationer").values_list("case_id", flat=True))
    assert logged == {d.case_id for d in deadlines}


def test_mark_one_read(client, caseworker, deadlines):
    first, second, _ = notify(caseworker, deadlines)
    login(client, caseworker)
    response = client.post(f"/notifikationer/{first.pk}/laest/")
    assert response.status_code == 302 and response["Location"] == "/notifikationer/"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    html = client.get("/notifikationer/").content.decode()
    assert unread_badge(html) == "2"
    assert "Læst 26.11.2026" in html


def test_marking_is_a_post(client, caseworker, deadlines):
    (first, *_) = notify(caseworker, deadlines)
    login(client, caseworker)
    assert client.get(f"/notifikationer/{first.pk}/laest/").status_code == 405
    assert client.get("/notifikationer/laest/").status_code == 405
    first.refresh_from_db()
    assert first.read_at is None


def test_marking_needs_the_csrf_token(caseworker, deadlines):
    from django.test import Client

    (first, *_) = notify(caseworker, deadlines)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(caseworker)
    assert strict.post(f"/notifikationer/{first.pk}/laest/").status_code == 403
    assert strict.post("/notifikationer/laest/").status_code == 403
    first.refresh_from_db()
    assert first.read_at is None


def test_another_persons_notification_is_not_found_and_stays_unread(client, caseworker, outsider, approver,
                                                                    deadlines):
    (theirs, *_) = notify(approver, deadlines)
    for user in (caseworker, outsider):
        login(client, user)
        assert client.post(f"/notifikationer/{theirs.pk}/laest/").status_code == 404
        assert client.get(f"/notifikationer/?foer={theirs.pk}").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_marks_only_mine(client, caseworker, approver, deadlines):
    notify(caseworker, deadlines)
    theirs = notify(approver, deadlines)
    login(client, caseworker)
    response = client.post("/notifikationer/laest/", follow=True)
    assert "Alle notifikationer er markeret som læst." in response.content.decode()
    assert not Notification.objects.for_user(caseworker).unread().exists()
    assert Notification.objects.filter(pk__in=[n.pk for n in theirs], read_at__isnull=True).count() == 3
    assert unread_badge(response.content.decode()) is None
    assert "Markér alle som læst" not in response.content.decode()


def test_the_list_pages_by_keyset(client, glostrup, city, caseworker):
    from cases.models import Deadline

    cases = bulk_cases(60, municipality=glostrup, unit=city, caseworker=caseworker)
    made = notify(caseworker, Deadline.objects.filter(case__in=cases).order_by("pk"))
    newest_first = [n.pk for n in reversed(made)]
    login(client, caseworker)
    first = client.get("/notifikationer/").content.decode()
    assert notification_ids(first) == newest_first[:50]
    link = re.search(r'href="(\?foer=\d+)" data-testid="next-page"', first).group(1)
    second = client.get(f"/notifikationer/{link}").content.decode()
    assert notification_ids(second) == newest_first[50:]
    assert 'data-testid="next-page"' not in second


@pytest.mark.parametrize("query", ["foer=abc", "foer=0", "foer=-1", "foer=99999999999999999999999"])
def test_a_bad_page_is_a_danish_400(client, caseworker, query):
    response = login(client, caseworker).get(f"/notifikationer/?{query}")
    assert response.status_code == 400
    assert "Ugyldig side." in response.content.decode()


def test_the_page_query_count_does_not_grow(client, glostrup, city, caseworker):
    from cases.models import Deadline

    login(client, caseworker).get("/notifikationer/")
    counts = []
    for count in (10, 200):
        cases = bulk_cases(count, municipality=glostrup, unit=city, caseworker=caseworker, first=len(counts) * 100)
        notify(caseworker, Deadline.objects.filter(case__in=cases))
        with CaptureQueriesContext(connection) as queries:
            client.get("/notifikationer/")
        counts.append(len(queries))
    assert counts[0] == counts[1]
