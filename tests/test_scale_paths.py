"""The shapes the hot paths rely on at national volume (issue 11): deadlines carry their case's
municipality, the API lists page by cursor with a bounded count, name search has its trigram index."""

from datetime import timedelta

import pytest
from django.db import connection

from cases.api import pagination
from cases.models import Deadline, DeadlineKind

from . import factories


def test_a_deadline_takes_its_cases_municipality_when_created_and_bulk_created(case, glostrup):
    created = Deadline.objects.create(case=case, kind=DeadlineKind.COMPLAINT, due_date=case.inquiry_date)
    [bulk] = Deadline.objects.bulk_create(
        [Deadline(case=case, kind=DeadlineKind.RECONSIDERATION, due_date=case.inquiry_date + timedelta(days=28))]
    )

    assert created.municipality_id == bulk.municipality_id == glostrup.pk
    assert set(case.deadlines.values_list("municipality_id", flat=True)) == {glostrup.pk}


def test_deadlines_of_another_municipality_stay_out_of_the_lists(case, outsider, caseworker):
    assert Deadline.objects.for_user(caseworker).filter(case=case).exists()
    assert not Deadline.objects.for_user(outsider).exists()
    assert not Deadline.objects.responsible(outsider).exists()


def test_api_case_list_counts_up_to_the_limit_and_pages_by_cursor(client, caseworker, glostrup, city,
                                                                  frozen_today, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 60)
    cases = [factories.case(factories.citizen(glostrup, cpr=None, name=f"Anonym {n}"), caseworker, unit=city)
             for n in range(70)]
    client.force_login(caseworker)

    first = client.get("/api/v1/cases/").json()
    assert first["count"] == 60  # the limit: "at least 60"
    assert "cursor=" in first["next"] and first["previous"] is None
    second = client.get(first["next"]).json()
    seen = [row["id"] for row in first["results"] + second["results"]]
    assert sorted(seen) == sorted(case.pk for case in cases)
    assert second["next"] is None and second["previous"] is not None


def test_api_count_is_exact_below_the_limit(client, caseworker, case):
    client.force_login(caseworker)
    assert client.get("/api/v1/cases/").json()["count"] == 1


@pytest.mark.parametrize("url", ["/api/v1/cases/?page=2", "/api/v1/citizens/?name=Mads&page=1"])
def test_a_page_number_is_refused_with_the_way_to_page(client, caseworker, case, url):
    client.force_login(caseworker)
    response = client.get(url)
    assert response.status_code == 400
    assert "følg linket i 'next'" in str(response.json()["page"])


def test_name_search_has_a_trigram_index_on_postgresql(postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'citizen_name_trgm'")
        row = cursor.fetchone()
    assert row and "gin_trgm_ops" in row[0] and "upper" in row[0].lower()


@pytest.mark.parametrize(
    ("variable", "value", "option", "present"),
    [
        ("DB_JIT", None, "jit=off", True),
        ("DB_JIT", "1", "jit=off", False),
        ("DB_PARALLEL", None, "max_parallel_workers_per_gather=0", True),
        ("DB_PARALLEL", "1", "max_parallel_workers_per_gather=0", False),
    ],
)
def test_web_connections_run_without_jit_and_parallel_workers_unless_asked(
    postgres, monkeypatch, variable, value, option, present
):
    import importlib

    import config.settings

    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, value)
    try:
        options = importlib.reload(config.settings).DATABASES["default"].get("OPTIONS", {})
        assert (option in options.get("options", "")) == present
    finally:
        monkeypatch.delenv(variable, raising=False)
        importlib.reload(config.settings)


def test_a_live_web_connection_is_serial_and_without_jit(postgres):
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        workers = cursor.fetchone()[0]
        cursor.execute("SHOW jit")
        jit = cursor.fetchone()[0]
    assert (workers, jit) == ("0", "off")
