"""The "Frister" page (/frister/): each person's open deadlines and the team's, overdue, due today, within a
week and later; what must happen and who answers; keyset pages; a constant number of queries."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases import keyset
from cases.models import AccessLog, Case, CaseState, Deadline, DeadlineKind, DeadlineStatus, Role
from cases.worklist_views import WINDOW_ROWS
from tariffs.choices import UnitCode

from . import factories
from .conftest import login
from .visitation_steps import TODAY
from .worklist_rows import bulk_cases

pytestmark = pytest.mark.usefixtures("frozen_today")


def group(html: str, window: str) -> str:
    """The HTML of one window's section on the page."""
    match = re.search(rf'data-testid="deadline-group-{window}">(.*?)</section>', html, re.S)
    assert match, f"no section {window}"
    return match.group(1)


def case_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/sager/(\d+)/"', html)]


@pytest.fixture
def spread(glostrup, city, caseworker):
    """Four Glostrup cases whose guarantee is overdue, due today, in 3 days and in 20 days."""
    cases = {}
    for offset, key in [(-2, "overdue"), (0, "today"), (3, "week"), (20, "later")]:
        (cases[key],) = bulk_cases(1, municipality=glostrup, unit=city, caseworker=caseworker, first=len(cases),
                                   deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, offset)])
    return cases


def test_my_deadlines_are_grouped_overdue_today_week_and_later(client, caseworker, spread):
    html = login(client, caseworker).get("/frister/").content.decode()

    for window, case in spread.items():
        assert case_ids(group(html, window)) == [case.pk], window
    assert "overskredet med 2 dage" in group(html, "overdue")
    assert "udløber i dag" in group(html, "today")
    assert "3 dage tilbage" in group(html, "week")
    assert "16.12.2026" in group(html, "later")


def test_a_row_says_what_must_happen_and_who_answers_by_role_not_by_name(client, caseworker, counsellor, spread):
    html = group(login(client, caseworker).get("/frister/").content.decode(), "week")

    assert "Behandlingsgaranti" in html
    assert "Afdækning, afgørelse og behandlingsstart inden fristen" in html
    assert "Sagsbehandler, Glostrup Kommune og Behandler, KABS City" in html
    assert "Borger 002" in html
    assert "0202800002" not in html and "020280-0002" not in html  # never the CPR number
    assert caseworker.first_name not in html and counsellor.first_name not in html


def test_closed_and_met_deadlines_are_not_listed(client, caseworker, spread):
    Deadline.objects.filter(case=spread["overdue"]).update(status=DeadlineStatus.MET)
    html = login(client, caseworker).get("/frister/").content.decode()
    assert case_ids(group(html, "overdue")) == []
    assert "Ingen frister." in group(html, "overdue")


def test_mine_are_the_deadlines_my_role_answers_for_and_the_team_sees_all_of_its_cases(
    client, glostrup, city, caseworker, approver, counsellor
):
    (guarantee,) = bulk_cases(1, municipality=glostrup, unit=city, caseworker=caseworker,
                              deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, 2)])
    (complaint,) = bulk_cases(1, municipality=glostrup, unit=city, caseworker=caseworker, first=1,
                              state=CaseState.REFUSED, deadlines=[(DeadlineKind.COMPLAINT, 3)])
    (followup,) = bulk_cases(1, municipality=glostrup, unit=city, caseworker=caseworker, first=2,
                             state=CaseState.DISCHARGED, deadlines=[(DeadlineKind.FOLLOWUP_1M, 4)])
    expected_mine = {
        caseworker: {guarantee.pk},
        approver: {complaint.pk},
        counsellor: {guarantee.pk, followup.pk},
    }
    for user, mine in expected_mine.items():
        client.force_login(user)
        assert set(case_ids(client.get("/frister/").content.decode())) == mine, user.username
        team = client.get("/frister/?hvem=team").content.decode()
        assert set(case_ids(team)) == {guarantee.pk, complaint.pk, followup.pk}, user.username
    assert "Godkender, Glostrup Kommune" in team  # who answers for the complaint deadline


def test_the_team_of_another_unit_or_municipality_sees_nothing(client, provider, glostrup, city, caseworker,
                                                               outsider, spread):
    other_unit = factories.user("stine", Role.COUNSELLOR, unit=factories.unit(provider, UnitCode.STJERNEVANG))
    for user in (outsider, other_unit):
        client.force_login(user)
        for url in ("/frister/", "/frister/?hvem=team"):
            html = client.get(url).content.decode()
            assert case_ids(html) == [], (user.username, url)
            assert "Borger 00" not in html


def test_the_page_logs_every_row_it_shows_in_one_insert(client, caseworker, spread):
    login(client, caseworker)
    with CaptureQueriesContext(connection) as queries:
        client.get("/frister/")
    assert sum("cases_accesslog" in q["sql"] and "INSERT" in q["sql"] for q in queries) == 1
    logged = set(AccessLog.objects.filter(detail="Frister").values_list("citizen_id", "case_id", "action"))
    assert logged == {(case.citizen_id, case.pk, "list") for case in spread.values()}


def test_a_long_window_pages_by_keyset_without_counting(client, glostrup, city, caseworker):
    cases = bulk_cases(60, municipality=glostrup, unit=city, caseworker=caseworker,
                       deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, -5)])
    login(client, caseworker)
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/frister/").content.decode()
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "cases_deadline" in q["sql"]]

    shown = case_ids(group(first, "overdue"))
    assert shown == [case.pk for case in cases[:WINDOW_ROWS]]  # the overview: each window's most urgent
    link = re.search(r'href="(\?[^"]+)" data-testid="next-page"', first).group(1).replace("&amp;", "&")
    assert "gruppe=overdue" in link and "efter=" in link

    second = client.get(f"/frister/{link}").content.decode()
    assert case_ids(group(second, "overdue")) == [case.pk for case in cases[WINDOW_ROWS:]]  # alone: up to 50
    assert 'data-testid="deadline-group-week"' not in second  # one window while paging
    assert 'data-testid="next-page"' not in second


@pytest.mark.parametrize(
    "query",
    [
        "hvem=alle",
        "gruppe=snart",
        "gruppe=overdue&efter=igaar",
        "gruppe=overdue&efter=9999-12-31.1",
        "gruppe=overdue&efter=2026-02-30.1",
        "efter=2026-11-26.1",  # a cursor without its window
        "gruppe=overdue&efter=2026-11-26.99999999999999999999",
        "gruppe=overdue&efter=" + "x" * 100_000,
        # A cursor the server gave out for another list (the counsellor's start-page section) is not this one's.
        "gruppe=overdue&efter=" + keyset.cursor(
            Case.objects.order_by("inquiry_date", "pk"), Case(inquiry_date=date(2026, 11, 1), pk=1)
        ),
    ],
)
def test_bad_parameters_are_a_danish_error_not_a_server_error(client, caseworker, spread, query):
    response = login(client, caseworker).get(f"/frister/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Siden kan ikke vises" in html
    assert case_ids(html) == []


def test_the_query_count_does_not_grow_with_the_rows(client, glostrup, city, caseworker, counsellor, record_property):
    offsets = [(DeadlineKind.TREATMENT_GUARANTEE, -3), (DeadlineKind.TREATMENT_PERIOD_END, 2)]
    counts = {}
    for user in (caseworker, counsellor):
        client.force_login(user)
        client.get("/frister/")  # warm up the session
    bulk_cases(10, municipality=glostrup, unit=city, caseworker=caseworker, deadlines=offsets)
    for rows in (10, 200):
        if rows == 200:
            bulk_cases(190, municipality=glostrup, unit=city, caseworker=caseworker, deadlines=offsets, first=10)
        for user in (caseworker, counsellor):
            client.force_login(user)
            client.get("/frister/")  # the first request after a login also saves the session
            for scope in ("mine", "team"):
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(f"/frister/?hvem={scope}").status_code == 200
                counts[user.username, scope, rows] = len(queries)
    print("Frister queries:", counts)
    record_property("frister_queries", counts)
    for user in ("sara", "camilla"):
        for scope in ("mine", "team"):
            assert counts[user, scope, 10] == counts[user, scope, 200], (user, scope)
            # Session, user, roles, one per window (4), the log INSERT, the header's organisation and unread
            # count, the menu's permissions (2); a counsellor's scope also reads the unit.
            assert counts[user, scope, 10] <= 13, (user, scope)


def test_anonymous_visitors_go_to_the_login(client):
    response = client.get("/frister/")
    assert response.status_code == 302
    assert "/log-ind/" in response["Location"]


def test_later_window_starts_after_the_week(client, glostrup, city, caseworker):
    (case,) = bulk_cases(1, municipality=glostrup, unit=city, caseworker=caseworker,
                         deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, 7)])
    html = login(client, caseworker).get("/frister/").content.decode()
    assert case_ids(group(html, "week")) == [case.pk]
    Deadline.objects.filter(case=case).update(due_date=TODAY + timedelta(days=8))
    html = client.get("/frister/").content.decode()
    assert case_ids(group(html, "later")) == [case.pk]
