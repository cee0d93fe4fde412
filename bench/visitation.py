"""Benchmarks for the visitation path (make bench).

1. Letter rendering: median and spread of 20 WeasyPrint renderings of a real decision letter.
2. The approver's queue page: number of SQL queries and time with 10 and with 1,000 pending recommendations
   (the count must not grow with the rows).

Runs against a throwaway test database (SQLite by default, PostgreSQL with DATABASE_URL set).
"""

import os
import statistics
import time
from datetime import date, timedelta

from common import throwaway_database
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def main() -> None:
    with throwaway_database():
        bench_letter()
        bench_queue()


def make_pending(count: int) -> None:
    from cases.models import (
        Case,
        CaseReferenceCounter,
        CaseState,
        Channel,
        Citizen,
        Deadline,
        DeadlineKind,
        Municipality,
        Unit,
        User,
    )
    from tariffs.models import Tariff
    from visitation.models import Recommendation

    glostrup = Municipality.objects.get(code="161")
    city = Unit.objects.get(code="city")
    counsellor = User.objects.get(username="behandler-city")
    tariff = Tariff.objects.get(code="city-basis")
    today = date.today()
    start = Citizen.objects.count()
    citizens = Citizen.objects.bulk_create(
        Citizen(
            municipality=glostrup,
            cpr=f"0101{(start + i) % 100:02d}{4000 + start + i:04d}",
            name=f"Borger {start + i}",
        )
        for i in range(count)
    )
    # The FSM field is protected against assignment, so rows in a given state are built with bulk_create.
    inquiries = [today - timedelta(days=i % 14) for i in range(count)]
    references = CaseReferenceCounter.reserve_each(municipality=glostrup, years=[day.year for day in inquiries])
    cases = Case.objects.bulk_create(
        Case(
            reference=references[i],
            citizen=c,
            municipality=glostrup,
            substance="drugs",
            inquiry_date=inquiries[i],
            channel=Channel.PHONE,
            unit=city,
            state=CaseState.RECOMMENDED,
            awaiting_decision=True,
            recommended_by=counsellor,
        )
        for i, c in enumerate(citizens)
    )
    Deadline.objects.bulk_create(
        Deadline(
            case=case, kind=DeadlineKind.TREATMENT_GUARANTEE, due_date=case.inquiry_date + timedelta(days=14)
        )
        for case in cases
    )
    Recommendation.objects.bulk_create(
        Recommendation(
            case=case,
            tariff=tariff,
            unit=city,
            start_date=today,
            end_date=today + timedelta(days=90),
            justification="Benchmark",
            recommended_by=counsellor,
        )
        for case in cases
    )
    if connection.vendor == "postgresql":
        # A live database has planner statistics (autovacuum); freshly bulk-loaded tables would mislead it.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def bench_queue() -> None:
    from cases.models import User
    from visitation.models import Recommendation

    client = Client()
    # force_login: the lock-out backend (django-axes) needs the request that Client.login() does not pass.
    client.force_login(User.objects.get(username="godkender-glostrup"))
    for target in (10, 1000):
        make_pending(target - Recommendation.objects.pending().count())
        client.get("/indstillinger/")  # warm caches (permissions, templates)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/indstillinger/")
            elapsed = time.perf_counter() - started
        assert response.status_code == 200
        print(
            f"approver queue with {target:>5} pending: {len(queries):>2} queries, {elapsed * 1000:.0f} ms "
            f"(first page of 100 rows)"
        )
        if os.environ.get("BENCH_VERBOSE"):
            for query in queries.captured_queries:
                print(
                    f"  {query['time']}s {query['sql'][: 200 if os.environ['BENCH_VERBOSE'] != 'full' else None]}"
                )


def bench_letter() -> None:
    from cases.models import Case, User
    from tariffs.models import Tariff
    from visitation import services
    from visitation.letters import render_pdf
    from visitation.models import Area, Decision

    case = Case.objects.filter(state="inquiry", substance="drugs", unit__code="city").first()
    counsellor = User.objects.get(username="behandler-city")
    approver = User.objects.get(
        username=f"godkender-{'glostrup' if case.municipality.code == '161' else 'roedovre'}"
    )
    services.assessment_start(
        case=case,
        user=counsellor,
        start_date=date.today(),
        unit=case.unit,
        ratings=dict.fromkeys(Area.values, "moderate"),
        primary_substance="cannabis",
    )
    tariff = Tariff.objects.get(code="city-basis")
    recommendation = services.recommendation_submit(
        case=Case.objects.get(pk=case.pk),
        user=counsellor,
        tariff=tariff,
        start_date=date.today(),
        end_date=date.today() + timedelta(days=180),
        justification="Benchmark",
        goals_short=["Ophør"],
    )
    # A typical letter carries the reasons the decision form pre-fills (ratings, recommendation, legal basis).
    decision = services.decision_make(
        case=Case.objects.get(pk=case.pk),
        user=approver,
        outcome="granted",
        **Decision.drafted_reasons(recommendation),
        sent_via="physical_post",
        sent_date=date.today(),
    )
    render_pdf(decision)  # warm-up: fonts and templates load once per process
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        pdf, pages = render_pdf(decision)
        timings.append(time.perf_counter() - started)
    print(
        f"letter render (n=20): median {statistics.median(timings) * 1000:.0f} ms, "
        f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms, {pages} pages, {len(pdf)} bytes"
    )


if __name__ == "__main__":
    main()
