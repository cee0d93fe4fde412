"""The worklists in the API: GET /api/v1/deadlines/ (responsible by default, ?scope=visible for all the user may
see; filters validated), GET /api/v1/notifications/ and POST /api/v1/notifications/{id}/read/."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import AccessLog, CaseState, DeadlineKind, DeadlineStatus, Notification

from .visitation_steps import TODAY, api
from .worklist_rows import bulk_cases, notify

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def world(glostrup, roedovre, city, caseworker):
    """Glostrup: a guarantee in 2 days, a complaint deadline in 10 (approvers'), a follow-up in 30 (the unit's);
    Rødovre: a guarantee of its own."""
    (guarantee,) = bulk_cases(1, municipality=glostrup, unit=city, caseworker=caseworker,
                              deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, 2)])
    (complaint,) = bulk_cases(1, municipality=glostrup, unit=city, caseworker=caseworker, first=1,
                              state=CaseState.REFUSED, deadlines=[(DeadlineKind.COMPLAINT, 10)])
    (followup,) = bulk_cases(1, municipality=glostrup, unit=city, caseworker=caseworker, first=2,
                             state=CaseState.DISCHARGED, deadlines=[(DeadlineKind.FOLLOWUP_1M, 30)])
    (elsewhere,) = bulk_cases(1, municipality=roedovre, unit=city, caseworker=caseworker, first=3,
                              deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, 1)])
    return {key: case.deadlines.get() for key, case in
            {"guarantee": guarantee, "complaint": complaint, "followup": followup, "elsewhere": elsewhere}.items()}


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_an_item_carries_id_case_kind_due_date_status_and_days_left(client, caseworker, world):
    body = api(client, caseworker).get("/api/v1/deadlines/").json()
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None
    deadline = world["guarantee"]
    assert body["results"] == [{
        "id": deadline.pk,
        "case": deadline.case_id,
        "kind": "treatment_guarantee",
        "due_date": (TODAY + timedelta(days=2)).isoformat(),
        "status": "open",
        "days_left": 2,
    }]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("caseworker", ["guarantee"]),
        ("approver", ["complaint"]),
        ("counsellor", ["elsewhere", "guarantee", "followup"]),  # KABS City serves Glostrup and Rødovre
        ("outsider", ["elsewhere"]),
    ],
)
def test_by_default_the_deadlines_the_user_answers_for(request, client, world, persona, expected):
    user = request.getfixturevalue(persona)
    assert ids(api(client, user).get("/api/v1/deadlines/")) == [world[key].pk for key in expected]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("caseworker", ["guarantee", "complaint", "followup"]),
        ("approver", ["guarantee", "complaint", "followup"]),
        ("counsellor", ["elsewhere", "guarantee", "complaint", "followup"]),  # KABS serves both
        ("outsider", ["elsewhere"]),
    ],
)
def test_scope_visible_lists_every_deadline_the_user_may_see(request, client, world, persona, expected):
    user = request.getfixturevalue(persona)
    assert ids(api(client, user).get("/api/v1/deadlines/?scope=visible")) == [world[key].pk for key in expected]


def test_filters_status_kind_and_due_before(client, counsellor, world):
    world["guarantee"].status = DeadlineStatus.MET
    world["guarantee"].save()
    api(client, counsellor)
    assert ids(client.get("/api/v1/deadlines/?status=open")) == [world["elsewhere"].pk, world["followup"].pk]
    assert ids(client.get("/api/v1/deadlines/?status=met")) == [world["guarantee"].pk]
    assert ids(client.get("/api/v1/deadlines/?kind=followup_1m")) == [world["followup"].pk]
    due = (TODAY + timedelta(days=30)).isoformat()
    assert ids(client.get(f"/api/v1/deadlines/?due_before={due}")) == [  # before the day, not on it
        world["elsewhere"].pk, world["guarantee"].pk,
    ]
    assert ids(client.get(f"/api/v1/deadlines/?scope=visible&status=open&due_before={due}")) == [
        world["elsewhere"].pk, world["complaint"].pk,
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=late", "status"),
        ("kind=mapping", "kind"),
        ("scope=everyone", "scope"),
        ("due_before=2026-13-01", "due_before"),
        ("due_before=9999-12-31", "due_before"),
        ("due_before=1066-10-14", "due_before"),
        ("due_before=i+morgen", "due_before"),
    ],
)
def test_a_bad_filter_is_a_400_in_danish_on_its_field(client, caseworker, world, query, field):
    response = api(client, caseworker).get(f"/api/v1/deadlines/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    message = " ".join(body[field])
    assert any(word in message for word in ("gyldig", "Dato", "format", "valg")), message


def test_the_deadline_list_logs_the_page_in_one_insert(client, counsellor, world):
    api(client, counsellor)
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/deadlines/")
    assert sum("cases_accesslog" in q["sql"] and "INSERT" in q["sql"] for q in queries) == 1
    logged = set(AccessLog.objects.filter(via="api").values_list("case_id", "action"))
    assert logged == {(world[key].case_id, "list") for key in ("elsewhere", "guarantee", "followup")}


def test_the_deadline_list_query_count_does_not_grow(client, glostrup, city, caseworker):
    api(client, caseworker).get("/api/v1/deadlines/")
    counts = []
    for count in (10, 200):
        bulk_cases(count, municipality=glostrup, unit=city, caseworker=caseworker, first=len(counts) * 100)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/deadlines/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_anonymous_is_401(client):
    assert client.get("/api/v1/deadlines/").status_code == 401
    assert client.get("/api/v1/notifications/").status_code == 401
    assert client.post("/api/v1/notifications/1/read/").status_code == 401


# --- notifications ------------------------------------------------------------------------------------


def test_notifications_are_mine_newest_first(client, caseworker, approver, world):
    deadlines = [world["guarantee"], world["complaint"]]
    mine = notify(caseworker, deadlines)
    notify(approver, deadlines)
    body = api(client, caseworker).get("/api/v1/notifications/").json()
    assert [item["id"] for item in body["results"]] == [mine[1].pk, mine[0].pk]
    item = body["results"][1]
    assert item == {
        "id": mine[0].pk,
        "kind": "due_soon",
        "message": f"Frist nærmer sig på sag {world['guarantee'].case_id}",
        "deadline": world["guarantee"].pk,
        "case": world["guarantee"].case_id,
        "created_at": item["created_at"],
        "read_at": None,
    }


def test_notifications_filter_unread(client, caseworker, world):
    unread = notify(caseworker, [world["guarantee"]])
    read = notify(caseworker, [world["complaint"]], read=True)
    api(client, caseworker)
    assert ids(client.get("/api/v1/notifications/?unread=true")) == [unread[0].pk]
    assert ids(client.get("/api/v1/notifications/?unread=false")) == [read[0].pk]
    response = client.get("/api/v1/notifications/?unread=kanske")
    assert response.status_code == 400
    assert list(response.json()) == ["unread"]


def test_mark_one_read(client, caseworker, world):
    (notification,) = notify(caseworker, [world["guarantee"]])
    response = api(client, caseworker).post(f"/api/v1/notifications/{notification.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    notification.refresh_from_db()
    first_read = notification.read_at
    assert first_read is not None
    assert client.post(f"/api/v1/notifications/{notification.pk}/read/").status_code == 200
    notification.refresh_from_db()
    assert notification.read_at == first_read  # read once: the first time stays


def test_another_users_notification_is_404_and_unchanged(client, outsider, approver, world):
    (theirs,) = notify(approver, [world["complaint"]])
    response = api(client, outsider).post(f"/api/v1/notifications/{theirs.pk}/read/")
    assert response.status_code == 404
    assert client.post("/api/v1/notifications/987654/read/").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert ids(client.get("/api/v1/notifications/")) == []


def test_the_schema_documents_the_worklist_endpoints(client, caseworker):
    schema = api(client, caseworker).get("/api/v1/schema/?format=json").json()
    deadlines = schema["paths"]["/api/v1/deadlines/"]["get"]
    assert {p["name"] for p in deadlines["parameters"]} >= {"scope", "status", "kind", "due_before", "cursor"}
    followups = schema["paths"]["/api/v1/followups/"]["get"]
    for listing in (deadlines, followups):
        # Paged by cursor: no page numbers, and the count is documented as bounded.
        assert "page" not in {p["name"] for p in listing["parameters"]}
        page = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        assert "talt op til" in schema["components"]["schemas"][page]["properties"]["count"]["description"]
    assert "/api/v1/notifications/" in schema["paths"]
    assert "post" in schema["paths"]["/api/v1/notifications/{id}/read/"]
