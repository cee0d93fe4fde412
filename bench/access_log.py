"""Benchmark: what the read-access log costs on the case page (make bench).

The case page is requested back to back in one process (saturated: no think time), in alternating blocks
with the access log written and with it switched off (the logging function replaced by a no-op for the
block), so both see the same database, caches and machine load. Prints requests per second for each,
the ratio, and the access-log rows and queries one page view writes.

Runs against a throwaway test database (SQLite by default, PostgreSQL with DATABASE_URL set).
"""

import os
import time

from common import throwaway_database
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

BLOCKS = int(os.environ.get("BENCH_BLOCKS", 40))
PER_BLOCK = int(os.environ.get("BENCH_PER_BLOCK", 25))


def main() -> None:
    with throwaway_database():
        bench_case_page()


def bench_case_page() -> None:
    from cases import access
    from cases.models import AccessLog, Case, User

    user = User.objects.get(username="sagsbehandler-glostrup")
    case = Case.objects.for_user(user).order_by("pk").first()
    url = f"/sager/{case.pk}/"
    client = Client()
    client.force_login(user)
    for _ in range(50):  # warm-up: templates, permissions, connection
        assert client.get(url).status_code == 200

    before = AccessLog.objects.count()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    rows = AccessLog.objects.count() - before
    inserts = sum(1 for q in queries.captured_queries if 'INSERT INTO "cases_accesslog"' in q["sql"])
    print(f"case page: {len(queries)} statements per view, {inserts} of them writing {rows} access-log row(s)")

    real = access.log_reads
    elapsed = {"with": 0.0, "without": 0.0}
    for block in range(BLOCKS * 2):
        mode = "with" if block % 2 == 0 else "without"
        access.log_reads = real if mode == "with" else (lambda *args, **kwargs: None)
        try:
            started = time.perf_counter()
            for _ in range(PER_BLOCK):
                client.get(url)
            elapsed[mode] += time.perf_counter() - started
        finally:
            access.log_reads = real
    requests = BLOCKS * PER_BLOCK
    rate = {mode: requests / seconds for mode, seconds in elapsed.items()}
    cost = 1 - rate["with"] / rate["without"]
    print(
        f"case page saturated, {requests} requests each: {rate['with']:.0f} req/s with the access log, "
        f"{rate['without']:.0f} req/s without; ratio {rate['with'] / rate['without']:.3f} "
        f"(cost {cost * 100:.1f} %)"
    )


if __name__ == "__main__":
    main()
