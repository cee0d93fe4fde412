"""The case page (/sager/<id>/) alone, at national volume, without writing to the measured database.

Run against a database filled by `manage.py generate_load` (DATABASE_URL, PostgreSQL):

    DATABASE_URL=postgres://…/rus_load .venv/bin/python bench/case_page.py [--profile] [--serve SECONDS]

- the queries one warm request runs, listed;
- the median of 30 single requests (in-process, rotating over 20 cases in treatment of Glostrup at unit
  "city", as sagsbehandler-glostrup: the cases `make bench-load` requests);
- with --profile: cProfile of 30 more requests, the top functions by cumulative time;
- with --serve N: gunicorn (BENCH_WORKERS, 4) on loopback and BENCH_SATURATE (8) threads without think time
  for N seconds: saturated requests per second.

The database is only read. Sessions live in signed cookies instead of the session table, and the access
log's INSERT goes to a temporary table of the same shape that shadows the real one for the connection
(PostgreSQL searches pg_temp first), so the INSERT is still paid for but nothing is stored. That is why
this is a script of its own rather than `make bench-load`, which writes both.
"""

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
# Read before Django starts, so the gunicorn workers (which import this module, see below) do the same.
os.environ["BENCH_READ_ONLY"] = "1"

import django  # noqa: E402

SIGNED_COOKIES = "django.contrib.sessions.backends.signed_cookies"


def read_only() -> None:
    """Keep the measured database unwritten (see the module docstring); called in every process."""
    from django.conf import settings
    from django.contrib.auth import user_logged_in
    from django.contrib.auth.models import update_last_login
    from django.db.backends.signals import connection_created

    settings.SESSION_ENGINE = SIGNED_COOKIES
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")

    def shadow_access_log(sender, connection, **kwargs):
        from cases.models import AccessLog

        table = connection.ops.quote_name(AccessLog._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (LIKE {table} INCLUDING ALL)")

    connection_created.connect(shadow_access_log, weak=False)


def on_starting(server):  # gunicorn hook (-c bench/case_page.py): in the master, before the workers fork
    django.setup()
    read_only()


def workers_cpu_seconds(master: int) -> float:
    """User + system CPU the gunicorn workers (the master's children) have used so far, from /proc (Linux).

    On a shared machine the requests per second say as much about the neighbours as about the page; the
    CPU a request costs the workers does not."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / ticks


if __name__ == "__main__":
    django.setup()
    read_only()

    from django.conf import settings
    from django.db import connection
    from django.template import engines
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cases.models import Case, Municipality, Unit, User

    # No setup_test_environment(): its instrumented template rendering copies every context for the test
    # client, a cost production does not have.
    settings.ALLOWED_HOSTS = ["*"]
    engine = engines["django"].engine
    loaders = [type(loader).__module__ + "." + type(loader).__name__ for loader in engine.template_loaders]
    print(f"DEBUG={settings.DEBUG}, template loaders: {loaders}")

    glostrup, city = Municipality.objects.get(code="161"), Unit.objects.get(code="city")
    ids = list(
        Case.objects.filter(municipality=glostrup, state="in_treatment", unit=city).order_by("pk")
        .values_list("pk", flat=True)[:20]
    )
    client = Client()
    client.force_login(User.objects.get(username="sagsbehandler-glostrup"))

    def get(pk):
        response = client.get(f"/sager/{pk}/")
        assert response.status_code == 200, response.status_code
        return response

    for pk in ids:
        get(pk)  # warm: templates, permissions, the connection
    with CaptureQueriesContext(connection) as captured:
        get(ids[0])
    print(f"\n{len(captured)} queries for /sager/{ids[0]}/:")
    for number, query in enumerate(captured.captured_queries, 1):
        print(f"{number:>3}. {query['time']}s {query['sql'][:220]}")

    times, cpu = [], []
    for n in range(30):
        started, started_cpu = time.perf_counter(), time.process_time()
        get(ids[n % len(ids)])
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    # The machine is shared: the process's own CPU time says what the page costs in Python, the wall time
    # adds the database and whatever else the machine is doing.
    print(f"\nsingle request: median {statistics.median(times):.1f} ms wall, {statistics.median(cpu):.1f} ms "
          f"CPU in this process (30 requests over {len(ids)} cases)")

    if "--profile" in sys.argv:
        profile = cProfile.Profile()
        profile.enable()
        for n in range(30):
            get(ids[n % len(ids)])
        profile.disable()
        if os.environ.get("PROFILE_DUMP"):
            profile.dump_stats(os.environ["PROFILE_DUMP"])  # for pstats or snakeviz
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(os.environ.get("PROFILE_FILTER", ""), 60)
        stats.sort_stats("tottime").print_stats(25)

    if "--serve" in sys.argv:
        seconds = float(sys.argv[sys.argv.index("--serve") + 1])
        from django.contrib.sessions.backends.signed_cookies import SessionStore

        import bench.load as load

        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        page = load.Page("sagen", "sagsbehandler-glostrup", [f"/sager/{pk}/" for pk in ids])
        cookie_header = f"{settings.SESSION_COOKIE_NAME}={cookie}; csrftoken={load.CSRF}"
        assert SessionStore(cookie).load(), "the signed session cookie did not load"

        import subprocess

        env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1"}
        env.pop("DEBUG", None)
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{load.PORT}",
             "-w", str(load.WORKERS), "-c", str(ROOT / "bench" / "case_page.py"), "--log-level", "warning"],
            cwd=ROOT, env=env, start_new_session=True,
        )
        try:
            import http.client

            for _ in range(100):
                try:
                    http.client.HTTPConnection("127.0.0.1", load.PORT, timeout=1).request("GET", "/log-ind/")
                    break
                except OSError:
                    time.sleep(0.2)
            load.run_users(page, cookie_header, 4, 2, 0)  # warm every worker
            runs, cpu_per_request = [], []
            for _ in range(3):
                cpu_before = workers_cpu_seconds(process.pid)
                latencies, rate = load.run_users(page, cookie_header, load.SATURATE, seconds, 0)
                runs.append(rate)
                cpu_per_request.append((workers_cpu_seconds(process.pid) - cpu_before) * 1000 / len(latencies))
            print(f"saturated: {load.SATURATE} threads, {load.WORKERS} workers, {seconds:g} s ×3: "
                  f"{', '.join(f'{r:.0f}' for r in runs)} req/s (median {statistics.median(runs):.0f}); "
                  f"the workers' CPU per request: median {statistics.median(cpu_per_request):.1f} ms")
        finally:
            load.stop(process)
