"""Benchmark: the worklists' query counts and times at 10 and at 10,000 cases (make bench).

Each role's start page, the Frister page (mine and the team's), the notifications page and the deadlines
API, requested as the demo users with 10 and then 10,000 Glostrup cases at KABS City (inquiries, granted
cases waiting for start and cases in treatment, each with an open guarantee or period end). The query count
must not grow with the rows; the time is printed, not asserted.

Runs against a throwaway test database (SQLite by default, PostgreSQL with DATABASE_URL set).
"""

import time
from datetime import timedelta

from common import throwaway_database
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

PAGES = {
    "sagsbehandler-glostrup": ["/", "/frister/", "/frister/?hvem=team", "/notifikationer/", "/api/v1/deadlines/"],
    "behandler-city": ["/", "/frister/", "/frister/?hvem=team", "/api/v1/deadlines/"],
    "godkender-glostrup": ["/", "/frister/"],
}


def main() -> None:
    with throwaway_database():
        results = {}
        for target in (10, 10_000):
            add_cases(target)
            results[target] = measure()
        for (user, url), (queries, ms) in results[10].items():
            big_queries, big_ms = results[10_000][(user, url)]
            print(
                f"{user:<24} {url:<22} queries {queries:>2} at 10 cases, {big_queries:>2} at 10,000; "
                f"{ms:>6.1f} ms → {big_ms:>6.1f} ms"
            )


def add_cases(target: int) -> None:
    from cases.models import (
        Case,
        CaseReferenceCounter,
        CaseState,
        Citizen,
        Deadline,
        DeadlineKind,
        Municipality,
        Unit,
        User,
    )

    glostrup = Municipality.objects.get(code="161")
    city = Unit.objects.get(code="city")
    caseworker = User.objects.get(username="sagsbehandler-glostrup")
    start = Case.objects.filter(municipality=glostrup).count()
    count = max(target - start, 0)
    today = timezone.localdate()
    states = [CaseState.INQUIRY, CaseState.GRANTED, CaseState.IN_TREATMENT]
    citizens = Citizen.objects.bulk_create(
        # Unique within the municipality: ten thousand sequence numbers per birth year.
        Citizen(
            municipality=glostrup,
            cpr=f"0303{(start + i) // 10_000 + 50:02d}{(start + i) % 10_000:04d}",
            name=f"Borger {start + i}",
        )
        for i in range(count)
    )
    # The FSM field is protected against assignment, so rows in a given state are built with bulk_create.
    inquiries = [today - timedelta(days=i % 20) for i in range(count)]
    references = CaseReferenceCounter.reserve_each(municipality=glostrup, years=[day.year for day in inquiries])
    cases = Case.objects.bulk_create(
        Case(
            reference=references[i],
            citizen=citizen,
            municipality=glostrup,
            substance="drugs",
            inquiry_date=inquiries[i],
            channel="phone",
            unit=city,
            state=states[i % 3],
            created_by=caseworker,
        )
        for i, citizen in enumerate(citizens)
    )
    in_treatment, guarantee = DeadlineKind.TREATMENT_PERIOD_END, DeadlineKind.TREATMENT_GUARANTEE
    Deadline.objects.bulk_create(
        Deadline(
            case=case,
            kind=in_treatment if case.state == CaseState.IN_TREATMENT else guarantee,
            due_date=case.inquiry_date + timedelta(days=14),
        )
        for case in cases
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure() -> dict:
    from cases.models import User

    found = {}
    for username, urls in PAGES.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for url in urls:
            client.get(url)  # warm: session, permissions, templates
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (username, url, response.status_code)
            found[(username, url)] = (len(queries), elapsed)
    return found


if __name__ == "__main__":
    main()
