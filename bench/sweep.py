"""Benchmark: the deadline sweep on PostgreSQL (make bench).

For each size (100,000 open deadlines of which 1,000 are due, and 1,000,000 of which 10,000 are due; half
of the due ones due soon, half overdue) the rows are bulk-loaded with set-based SQL, then, in alternating
rounds on the same rows:
- the sweep's claim (cases.sweep.claim: the batched conditional UPDATE … RETURNING with the join on the
  case's state and SKIP LOCKED, 1,000 rows a transaction, all three stages), and
- one plain `UPDATE … RETURNING` per stage over the same rows (no batches, no join, no locking clause),
each from the same reset state; the medians are printed with their ratio (goal: the claim within 2×).
Then one whole sweep (claims, notifications, e-mails to the locmem backend), with the time spent in the
notification insert. Measured, never asserted. Sizes: BENCH_SWEEP_SIZES=100000,1000000; rounds: BENCH_ROUNDS.
"""

import os
import statistics
import time
from datetime import date

from common import throwaway_database
from django.db import connection, transaction
from django.utils import timezone

SIZES = [int(n) for n in os.environ.get("BENCH_SWEEP_SIZES", "100000,1000000").split(",")]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
CASES = 20_000
TODAY = date(2026, 11, 23)  # a Monday: three working days ahead is Thursday 26 November


def main() -> None:
    with throwaway_database():
        if connection.vendor != "postgresql":
            print("sweep: skipped, needs PostgreSQL (set DATABASE_URL=postgres://…)")
            return
        load_cases()
        for size in SIZES:
            bench(size, due=size // 100)


def sql(statement: str, params=None) -> list:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def load_cases() -> None:
    """CASES cases in treatment spread over the demo's citizens and KABS units, in one statement; staff
    get e-mail addresses so the sweep sends mail."""
    from cases.models import Citizen, Unit

    citizens = list(Citizen.objects.values_list("pk", "municipality_id"))
    units = list(Unit.objects.values_list("pk", flat=True))
    sql(
        """
        INSERT INTO cases_case (substance, inquiry_date, channel, summary, state, discharge_reason, created_at,
            modified, citizen_id, municipality_id, unit_id, awaiting_decision, free_choice_provider,
            guarantee_exceed_reason, withdrawal_reason, closure_reason, readmission)
        SELECT 'drugs', %(today)s, 'phone', '', 'in_treatment', '', now(), now(),
            (%(citizens)s::bigint[])[1 + g %% %(nc)s], (%(municipalities)s::bigint[])[1 + g %% %(nc)s],
            (%(units)s::bigint[])[1 + g %% %(nu)s], false, '', '', '', '', false
        FROM generate_series(1, %(cases)s) g
        """,
        {
            "today": TODAY,
            "citizens": [c for c, _ in citizens],
            "municipalities": [m for _, m in citizens],
            "nc": len(citizens),
            "units": units,
            "nu": len(units),
            "cases": CASES,
        },
    )
    sql("UPDATE cases_user SET email = username || '@example.dk' WHERE is_active")
    sql("VACUUM ANALYZE cases_case")


def load_deadlines(size: int, due: int) -> None:
    """`size` open deadlines of every kind the sweep knows: `due` / 2 due within three working days,
    `due` / 2 overdue, the rest due 10 days to a year ahead. One INSERT … SELECT."""
    from cases.models.deadline import RESPONSIBLE

    sql("TRUNCATE cases_notification")
    sql("DELETE FROM cases_deadline")
    case_ids = [row[0] for row in sql("SELECT id FROM cases_case WHERE state = 'in_treatment' ORDER BY id")]
    sql(
        """
        INSERT INTO cases_deadline (case_id, municipality_id, kind, due_date, status, note, created_at)
        SELECT c.id, c.municipality_id, d.kind, d.due_date, 'open', '', now()
        FROM (
            SELECT (%(cases)s::bigint[])[1 + g %% %(ncases)s] AS case_id, (%(kinds)s::text[])[1 + g %% %(nkinds)s] AS kind,
                CASE WHEN g <= %(soon)s THEN %(today)s::date + (g %% 4)
                     WHEN g <= %(due)s THEN %(today)s::date - 1 - (g %% 30)
                     ELSE %(today)s::date + 10 + (g %% 365) END AS due_date
            FROM generate_series(1, %(size)s) g
        ) d JOIN cases_case c ON c.id = d.case_id
        """,
        {
            "cases": case_ids,
            "ncases": len(case_ids),
            "kinds": [str(kind) for kind in RESPONSIBLE],
            "nkinds": len(RESPONSIBLE),
            "soon": due // 2,
            "due": due,
            "today": TODAY,
            "size": size,
        },
    )
    vacuum()


def vacuum() -> None:
    sql("VACUUM ANALYZE cases_deadline")
    sql("VACUUM ANALYZE cases_notification")


def reset() -> None:
    sql(
        "UPDATE cases_deadline SET due_soon_notified_at = NULL, overdue_notified_at = NULL, escalated_at = NULL "
        "WHERE due_soon_notified_at IS NOT NULL OR overdue_notified_at IS NOT NULL OR escalated_at IS NOT NULL"
    )
    sql("TRUNCATE cases_notification")
    vacuum()


def plain_update(horizon: date) -> tuple[float, int]:
    """The floor: one UPDATE … RETURNING per stage over exactly the rows the sweep will claim."""
    from cases.sweep import STAGES

    started, rows = time.perf_counter(), 0
    for stage in STAGES:
        with transaction.atomic():
            rows += len(
                sql(
                    f"UPDATE cases_deadline p SET {stage.field} = now() "  # noqa: S608
                    f"WHERE p.status = 'open' AND p.{stage.field} IS NULL AND {stage.due} "
                    "RETURNING p.id, p.kind, p.due_date, p.case_id",
                    {"today": TODAY, "horizon": horizon},
                )
            )
    return time.perf_counter() - started, rows


def sweep_claim(horizon: date) -> tuple[float, int]:
    """The sweep's own claim, batch by batch, each batch its own transaction (as the sweep runs it)."""
    from cases import sweep

    started, rows = time.perf_counter(), 0
    for stage in sweep.STAGES:
        while True:
            with transaction.atomic():
                batch = sweep.claim(stage, today=TODAY, horizon=horizon, now=timezone.now(), limit=sweep.BATCH_SIZE)
            rows += len(batch)
            if len(batch) < sweep.BATCH_SIZE:
                break
    return time.perf_counter() - started, rows


def explain_claim(horizon: date) -> str:
    from cases import sweep

    statement, params = sweep.claim_statement(
        sweep.DUE_SOON, today=TODAY, horizon=horizon, now=timezone.now(), limit=sweep.BATCH_SIZE
    )
    plan = [row[0] for row in sql("EXPLAIN " + statement, params)]
    used = [line.strip() for line in plan if "Index" in line and "deadline" in line]
    return used[0] if used else "no index on cases_deadline in the plan"


def whole_sweep() -> None:
    from django.core import mail

    from cases import sweep

    timings = {"insert": 0.0, "email": 0.0}
    real_insert, real_send = sweep.insert_notifications, sweep.send_pending_emails

    def timed(name, call):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                timings[name] += time.perf_counter() - started

        return wrapper

    sweep.insert_notifications = timed("insert", real_insert)
    sweep.send_pending_emails = timed("email", real_send)
    mail.outbox = []
    try:
        started = time.perf_counter()
        result = sweep.sweep_deadlines(today=TODAY)
        elapsed = time.perf_counter() - started
    finally:
        sweep.insert_notifications, sweep.send_pending_emails = real_insert, real_send
    print(f"  whole sweep: {elapsed:.2f} s — {result}")
    print(
        f"    of which notification insert {timings['insert'] * 1000:.0f} ms "
        f"({result.notifications} rows, {result.notifications / max(timings['insert'], 1e-9):,.0f} rows/s), "
        f"e-mail {timings['email'] * 1000:.0f} ms (locmem backend)"
    )
    started = time.perf_counter()
    again = sweep.sweep_deadlines(today=TODAY)
    print(f"  a second sweep right after: {(time.perf_counter() - started) * 1000:.0f} ms — {again}")


def bench(size: int, due: int) -> None:
    from django.conf import settings

    from cases import deadlines as arithmetic

    horizon = arithmetic.add_working_days(TODAY, settings.DEADLINE_DUE_SOON_WORKING_DAYS)
    started = time.perf_counter()
    load_deadlines(size, due)
    print(f"{size:,} open deadlines, {due:,} due (loaded in {time.perf_counter() - started:.1f} s)")
    print(f"  claim plan: {explain_claim(horizon)}")

    times: dict[str, list[float]] = {"claim": [], "plain": []}
    counts = {}
    for round_ in range(ROUNDS):
        order = ("plain", "claim") if round_ % 2 == 0 else ("claim", "plain")
        for name in order:
            reset()
            seconds, rows = (plain_update if name == "plain" else sweep_claim)(horizon)
            times[name].append(seconds)
            counts[name] = rows
    assert counts["claim"] == counts["plain"], counts  # the same rows, or the comparison means nothing
    # The machine is shared: the median is the typical figure, the fastest round the least disturbed one.
    for label, pick in (("median", statistics.median), ("fastest", min)):
        claim, plain = pick(times["claim"]), pick(times["plain"])
        print(
            f"  claim {claim * 1000:.1f} ms vs plain UPDATE … RETURNING {plain * 1000:.1f} ms over the same "
            f"{counts['claim']:,} stage rows ({label} of {ROUNDS}): ratio {claim / plain:.2f}×"
        )
    reset()
    whole_sweep()


if __name__ == "__main__":
    main()
