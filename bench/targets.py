"""Benchmark: the management view (måltal og udgifter) for one municipality with 400,000 cases (make bench).

The cases are written by set-based SQL (generate_series), ten years of inquiries for Glostrup: most started
within 20 days and granted a KABS City tariff for 180 days, discharged after 3–13 months with a reason
cycling through the reasons, each with its settled 14-day guarantee, its follow-ups, and a complaint about
one decision in a hundred. Then it prints, with query counts:
- computing the figures (the nightly Celery task, or "Beregn igen"): every aggregate query;
- the page, the API (JSON and CSV) and one table's CSV, which read the stored figures.

PostgreSQL only (DATABASE_URL=postgres://…): the volume is the point, and SQLite is for `make run`.
"""

import os
import sys
import time

from common import throwaway_database
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

CASES = int(os.environ.get("BENCH_TARGET_CASES", 400_000))
YEAR = 2026


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        print("targets: skipped, needs PostgreSQL (DATABASE_URL=postgres://…) for 400,000 cases")
        return
    with throwaway_database():
        started = time.perf_counter()
        fill(CASES)
        print(f"targets: {CASES:,} Glostrup cases written in {time.perf_counter() - started:.1f} s")
        measure()


def fill(count: int) -> None:
    from cases.models import Municipality, Unit, User
    from tariffs.models import Tariff

    glostrup = Municipality.objects.get(code="161")
    city = Unit.objects.get(code="city")
    counsellor = User.objects.get(username="behandler-city")
    approver = User.objects.get(username="godkender-glostrup")
    tariffs = list(
        Tariff.objects.filter(catalogue__year=2024, code__in=["city-basis", "city-udvidet", "city-intensiv"])
        .order_by("code").values_list("pk", flat=True)
    )
    reasons = ["completed_drug_free", "completed_reduced", "completed_stabilised", "other_offer", "hospital",
               "other", "dropped_out"]
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
        # Only the rows written here get deadlines, recommendations and decisions (not the demo data's).
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM cases_case")
        first_case = cursor.fetchone()[0] + 1
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM visitation_recommendation")
        first_recommendation = cursor.fetchone()[0] + 1
        cursor.execute(
            """
            CREATE TEMP TABLE bench_cases AS
            SELECT i,
                   DATE '2017-01-01' + (i::bigint * 3617 / %(count)s)::int AS inquiry,
                   (i %% 20) AS wait,
                   90 + (i::bigint * 7919 %% 300)::int AS stay
            FROM generate_series(1, %(count)s) AS i
            """,
            {"count": count},
        )
        cursor.execute(
            """
            INSERT INTO cases_citizen (cpr, birth_date, name, address, anonymous, created_at, modified,
                                       municipality_id, version)
            SELECT lpad(i::text, 10, '0'), NULL, 'Borger ' || i, '', false, now(), now(), %(m)s, 1
            FROM bench_cases ORDER BY i
            """,
            {"m": glostrup.pk},
        )
        cursor.execute(
            """
            INSERT INTO cases_case (reference, substance, inquiry_date, channel, summary, state, treatment_start,
                discharge_date, discharge_reason, created_at, modified, created_by_id, citizen_id,
                municipality_id, unit_id, awaiting_decision, free_choice_provider, guarantee_exceed_reason,
                withdrawal_reason, closure_reason, readmission)
            SELECT 'BENCH-' || EXTRACT(YEAR FROM b.inquiry)::int || '-' || lpad(b.i::text, 7, '0'),
                   'drugs', b.inquiry, 'phone', '',
                   CASE WHEN b.inquiry + b.wait + b.stay <= CURRENT_DATE THEN 'discharged'
                        WHEN b.inquiry + b.wait <= CURRENT_DATE THEN 'in_treatment' ELSE 'inquiry' END,
                   CASE WHEN b.inquiry + b.wait <= CURRENT_DATE THEN b.inquiry + b.wait END,
                   CASE WHEN b.inquiry + b.wait + b.stay <= CURRENT_DATE THEN b.inquiry + b.wait + b.stay END,
                   CASE WHEN b.inquiry + b.wait + b.stay <= CURRENT_DATE
                        THEN (%(reasons)s::text[])[1 + b.i %% 7] ELSE '' END,
                   now(), now(), NULL, c.id, %(m)s, %(unit)s, false, '', '', '', '', b.i %% 9 = 0
            FROM bench_cases b JOIN cases_citizen c ON c.cpr = lpad(b.i::text, 10, '0') AND c.municipality_id = %(m)s
            """,
            {"m": glostrup.pk, "unit": city.pk, "reasons": reasons},
        )
        cursor.execute(
            """
            INSERT INTO cases_deadline (kind, due_date, status, resolved_on, note, created_at, case_id,
                                        municipality_id)
            SELECT 'treatment_guarantee', c.inquiry_date + 14,
                   CASE WHEN c.treatment_start IS NULL THEN 'open'
                        WHEN c.treatment_start <= c.inquiry_date + 14 THEN 'met' ELSE 'missed' END,
                   c.treatment_start, '', now(), c.id, c.municipality_id
            FROM cases_case c WHERE c.id >= %(first)s
            """,
            {"first": first_case},
        )
        cursor.execute(
            """
            INSERT INTO visitation_recommendation (start_date, end_date, justification, deviation_reason,
                is_change, status, created_at, case_id, recommended_by_id, tariff_id, unit_id)
            SELECT c.treatment_start, c.treatment_start + 179, '', '', false, 'decided', now(), c.id,
                   %(counsellor)s, (%(tariffs)s::bigint[])[1 + c.id %% 3], %(unit)s
            FROM cases_case c WHERE c.id >= %(first)s AND c.treatment_start IS NOT NULL
            """,
            {"first": first_case, "unit": city.pk, "counsellor": counsellor.pk, "tariffs": tariffs},
        )
        cursor.execute(
            """
            INSERT INTO visitation_decision (outcome, start_date, end_date, effective_end_date, facts, reasons,
                considerations, sent_via,
                sent_date, received_date, complaint_deadline, decided_at, case_id, decided_by_id, tariff_id,
                recommendation_id)
            SELECT 'granted', r.start_date, r.end_date, LEAST(r.end_date, COALESCE(c.discharge_date, r.end_date)),
                   '', '', '', 'digital_post', r.start_date, r.start_date, r.start_date + 28, now(), r.case_id,
                   %(approver)s, r.tariff_id, r.id
            FROM visitation_recommendation r JOIN cases_case c ON c.id = r.case_id
            WHERE r.id >= %(first)s
            """,
            {"first": first_recommendation, "approver": approver.pk},
        )
        # Follow-ups 1 and 6 months after each discharge (held on time for four in five), and a complaint
        # about one decision in a hundred (upheld and forwarded for half of them).
        cursor.execute(
            """
            INSERT INTO followups_followup (case_id, slot, due_date, status, held_on, situation, goal_holds,
                conclusion, created_at)
            SELECT c.id, s.slot, c.discharge_date + s.months,
                   CASE WHEN c.discharge_date + s.months > CURRENT_DATE THEN 'pending'
                        WHEN c.id %% 5 = 0 THEN 'unreachable' ELSE 'done' END,
                   CASE WHEN c.discharge_date + s.months <= CURRENT_DATE THEN c.discharge_date + s.months - 1 END,
                   CASE WHEN c.discharge_date + s.months <= CURRENT_DATE AND c.id %% 5 <> 0
                        THEN (ARRAY['drug_free', 'reduced', 'stabilised', 'unchanged', 'relapse'])[1 + c.id %% 5]
                        ELSE '' END,
                   CASE WHEN c.discharge_date + s.months <= CURRENT_DATE AND c.id %% 5 <> 0 THEN c.id %% 3 <> 0 END,
                   '', now()
            FROM cases_case c
            CROSS JOIN (VALUES ('followup_1m', 30), ('followup_6m', 182)) AS s (slot, months)
            WHERE c.id >= %(first)s AND c.discharge_date IS NOT NULL
            """,
            {"first": first_case},
        )
        cursor.execute(
            """
            INSERT INTO complaints_complaint (case_id, decision_id, received_date, channel, oral_note, about, text,
                route, in_time, complaint_deadline, late_reason, registered_by_id, registered_at, state,
                reconsideration_outcome, reconsidered_on, reconsideration_note, appeal_outcome)
            SELECT d.case_id, d.id, d.received_date + 10, 'written', '', 'decision', 'Jeg er uenig.',
                   'ankestyrelsen', d.id %% 7 <> 0, d.complaint_deadline, '', %(approver)s, now(),
                   CASE WHEN d.id %% 2 = 0 THEN 'forwarded' ELSE 'reconsidered' END,
                   CASE WHEN d.id %% 2 = 0 THEN 'upheld' ELSE 'changed' END, d.received_date + 20, 'Genvurderet.', ''
            FROM visitation_decision d
            WHERE d.recommendation_id >= %(first)s AND d.id %% 100 = 0
            """,
            {"first": first_recommendation, "approver": approver.pk},
        )
        cursor.execute("ANALYZE")


def timed(label: str, call, repeat: int = 5) -> None:
    call()  # warm: templates, permissions, connection
    best_queries, times = 0, []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            call()
            times.append((time.perf_counter() - started) * 1000)
        best_queries = len(queries)
    times.sort()
    print(f"targets: {label:<44} {best_queries:>3} queries, median {times[len(times) // 2]:>8.1f} ms")


def measure() -> None:
    from cases.models import Municipality, TargetSnapshot, User

    glostrup = Municipality.objects.get(code="161")
    client = Client()
    client.force_login(User.objects.get(username="godkender-glostrup"))

    def get(url: str, **headers):
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        return response

    timed("compute the figures (nightly / Beregn igen)", lambda: TargetSnapshot.objects.refresh(glostrup, YEAR), 3)
    snapshot = TargetSnapshot.objects.get(municipality=glostrup, year=YEAR)
    data = snapshot.data
    print(
        f"targets: {YEAR}: guarantee kept {data['guarantee']['year']['kept_pct']} %, "
        f"{data['discharges']['total']:,} discharges, {data['complaints']['total']:,} complaints, "
        f"committed {data['costs']['total_year']} kr."
    )
    timed("page /maaltal/", lambda: get("/maaltal/"))
    timed("API /api/v1/targets/ (JSON)", lambda: get("/api/v1/targets/"))
    timed("API /api/v1/targets/?format=csv", lambda: get("/api/v1/targets/?format=csv"))
    timed("CSV /maaltal/udgifter_maaned.csv", lambda: get("/maaltal/udgifter_maaned.csv"))


if __name__ == "__main__":
    sys.exit(main())
