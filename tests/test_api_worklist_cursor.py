"""The API's deadline and follow-up lists page by cursor (issue 11), soonest first, like the case list.

A client follows `next` until it is null and must get every row it may see exactly once, also when many rows
share a due date (the cursor's position) and the page ends in the middle of them; page numbers are refused
with the way to page, in Danish.
"""

from datetime import timedelta

import pytest

from cases.api.pagination import KeysetPagination
from cases.models import CaseState, Deadline, DeadlineKind
from followups.models import FollowUp, Slot

from .worklist_rows import TODAY, bulk_cases

pytestmark = pytest.mark.usefixtures("frozen_today")


def walk(client, url: str) -> list[dict]:
    rows, pages = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        url, pages = body["next"], pages + 1
        assert pages < 100  # a cursor that never ends fails here rather than hanging
    return rows


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(KeysetPagination, "page_size", 4)


@pytest.fixture
def cases(glostrup, city, caseworker):
    # Three due dates for eleven cases: pages end in the middle of a date, where the cursor needs its offset.
    return bulk_cases(11, municipality=glostrup, unit=city, caseworker=caseworker, state=CaseState.DISCHARGED,
                      deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, 3), (DeadlineKind.ACTION_PLAN_OFFER, 1)])


@pytest.fixture
def elsewhere(roedovre, city, outsider):
    return bulk_cases(3, municipality=roedovre, unit=city, caseworker=outsider, first=500,
                      state=CaseState.DISCHARGED)


def test_the_deadline_list_walks_every_row_once_soonest_first(client, small_pages, caseworker, cases, elsewhere):
    Deadline.objects.filter(case__in=cases[::3], kind=DeadlineKind.ACTION_PLAN_OFFER).update(
        due_date=TODAY + timedelta(days=3)
    )
    client.force_login(caseworker)

    rows = walk(client, "/api/v1/deadlines/?scope=visible")

    mine = Deadline.objects.filter(case__in=cases)
    assert [row["id"] for row in rows] == list(mine.order_by("due_date", "pk").values_list("pk", flat=True))
    assert len({row["id"] for row in rows}) == len(rows) == 22


def test_the_deadline_list_keeps_its_filters_across_pages(client, small_pages, caseworker, cases):
    client.force_login(caseworker)
    rows = walk(client, f"/api/v1/deadlines/?kind=action_plan_offer&due_before={TODAY + timedelta(days=2)}")
    assert len(rows) == 11 and {row["kind"] for row in rows} == {"action_plan_offer"}


def test_the_followup_list_walks_every_row_once_soonest_first(client, small_pages, caseworker, cases, elsewhere):
    followups = FollowUp.objects.bulk_create(
        FollowUp(case=case, slot=slot, due_date=TODAY + timedelta(days=days))
        for case in [*cases, *elsewhere]
        for slot, days in ((Slot.ONE_MONTH, 30), (Slot.SIX_MONTHS, 180))
    )
    client.force_login(caseworker)

    rows = walk(client, "/api/v1/followups/")

    mine = sorted((f for f in followups if f.case in cases), key=lambda f: (f.due_date, f.pk))
    assert [row["id"] for row in rows] == [f.pk for f in mine]
    assert len(rows) == 22


@pytest.mark.parametrize("url", ["/api/v1/deadlines/?page=2", "/api/v1/followups/?page=1"])
def test_a_page_number_is_refused_with_the_way_to_page(client, caseworker, url):
    client.force_login(caseworker)
    response = client.get(url)
    assert response.status_code == 400
    assert "Listen bladres ikke med sidetal: følg linket i 'next'" in str(response.json()["page"])


@pytest.mark.parametrize("url", ["/api/v1/deadlines/?cursor=ikke-en-markoer", "/api/v1/followups/?cursor=²"])
def test_a_forged_cursor_is_refused_in_danish(client, caseworker, url):
    client.force_login(caseworker)
    response = client.get(url)
    assert response.status_code == 404
    assert "Ugyldig side" in response.json()["detail"]
