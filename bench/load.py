"""make bench-load: the hot pages at national volume, under load, beside the Django admin and raw SQL.

Run after `manage.py generate_load` on the database DATABASE_URL names (PostgreSQL). For each hot page:
- queries: how many the page runs (in-process, Django's test client, warm);
- one request: the median of a few single requests (in-process);
- p50/p95/p99 under load: gunicorn on loopback, BENCH_USERS users (20) each with 1 s think time, for
  BENCH_SECONDS (8) seconds;
- saturated req/s: BENCH_SATURATE (8) users without think time for BENCH_SATURATE_SECONDS (4) seconds;
- admin ×: the Django admin changelist of the same rows, one request, as a multiple of the page's time;
- SQL ×: the page's slowest query run as raw SQL, and the page's time as a multiple of it.
Then the decision letter's median render time and the access log's cost in saturated throughput (the
case page served with and without the access log's INSERT).

Numbers are measured and printed, never asserted. The machine is shared: read them as orders of
magnitude, and compare within one run.
"""

import http.client
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

USERS = int(os.environ.get("BENCH_USERS", 20))
THINK = float(os.environ.get("BENCH_THINK", 1.0))
SECONDS = float(os.environ.get("BENCH_SECONDS", 8))
SATURATE = int(os.environ.get("BENCH_SATURATE", 8))
SATURATE_SECONDS = float(os.environ.get("BENCH_SATURATE_SECONDS", 4))
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
PORT = int(os.environ.get("BENCH_PORT", 8611))
# While working on one page: BENCH_ONLY=behandler measures only the pages whose label contains it, and
# BENCH_QUICK=1 only in-process (queries, one request, SQL ×), without gunicorn, load or the letter.
ONLY = os.environ.get("BENCH_ONLY", "")
QUICK = bool(os.environ.get("BENCH_QUICK"))
CSRF = "b" * 32  # any 32 letters: the cookie and the header carry the same token


class Page:
    def __init__(self, label, user, paths, admin=None, method="GET", body=None):
        self.label, self.user, self.paths, self.admin = label, user, paths, admin
        self.method, self.body = method, body

    def request(self, n: int):
        return self.paths[n % len(self.paths)], self.body[n % len(self.body)] if self.body else None


def pages() -> list[Page]:
    from cases.models import Case, Municipality, Unit

    glostrup = Municipality.objects.get(code="161")
    city = Unit.objects.get(code="city")
    # Cases in treatment (the richest pages: decisions, plan, deadlines), rotated so no cache helps.
    case_ids = list(
        Case.objects.filter(municipality=glostrup, state="in_treatment", unit=city).order_by("pk")
        .values_list("pk", flat=True)[:40]
    )
    names = ["Jensen", "Mette Hansen", "Lars", "Sørensen", "Ulla Møller", "Bach"]
    municipality = f"municipality__id__exact={glostrup.pk}"
    return [
        Page("sagsbehandler /", "sagsbehandler-glostrup", ["/"], f"/admin/cases/case/?{municipality}"),
        Page("godkender /", "godkender-glostrup", ["/"], f"/admin/cases/case/?{municipality}&state__exact=recommended"),
        Page("behandler /", "behandler-city", ["/"], f"/admin/cases/case/?unit__id__exact={city.pk}"),
        Page("godkender /indstillinger/", "godkender-glostrup", ["/indstillinger/"],
             f"/admin/cases/case/?{municipality}&state__exact=recommended"),
        Page("sagen /sager/<id>/", "sagsbehandler-glostrup", [f"/sager/{pk}/" for pk in case_ids],
             f"/admin/cases/case/{case_ids[0]}/change/"),
        Page("borgersøgning (navn)", "sagsbehandler-glostrup", ["/borgere/soeg/"],
             f"/admin/cases/citizen/?{municipality}&q=Jensen", method="POST",
             body=[urlencode({"q": name, "purpose": "case_work"}) for name in names]),
        Page("API /api/v1/cases/", "sagsbehandler-glostrup", ["/api/v1/cases/"], f"/admin/cases/case/?{municipality}"),
        Page("API /api/v1/citizens/?name=", "sagsbehandler-glostrup",
             [f"/api/v1/citizens/?{urlencode({'name': name})}" for name in names],
             f"/admin/cases/citizen/?{municipality}&q=Jensen"),
        Page("frister /frister/", "sagsbehandler-glostrup", ["/frister/"],
             f"/admin/cases/case/?{municipality}&state__exact=in_treatment"),
        Page("API /api/v1/deadlines/", "sagsbehandler-glostrup", ["/api/v1/deadlines/"],
             f"/admin/cases/case/?{municipality}&state__exact=in_treatment"),
        Page("API /api/v1/followups/", "behandler-city", ["/api/v1/followups/"],
             f"/admin/cases/case/?unit__id__exact={city.pk}&state__exact=discharged"),
        Page("behandler /?sektion=i-behandling", "behandler-city", ["/?sektion=i-behandling"],
             f"/admin/cases/case/?unit__id__exact={city.pk}&state__exact=in_treatment"),
        Page("måltal /maaltal/", "godkender-glostrup", ["/maaltal/"], None),
    ]


# --- in-process: queries, one request, the admin, the raw SQL -------------------------------------------
def clients() -> dict:
    from cases.models import User

    made = {}
    for user in User.objects.filter(is_active=True):
        client = Client(enforce_csrf_checks=False)
        client.force_login(user)
        made[user.username] = client
    return made


def call(client, page: Page, n: int = 0):
    path, body = page.request(n)
    if page.method == "POST":
        response = client.post(path, body, content_type="application/x-www-form-urlencoded")
    else:
        response = client.get(path)
    assert response.status_code == 200, (page.label, path, response.status_code)
    return response


def median_ms(action, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def in_process(page: Page, all_clients: dict) -> dict:
    client = all_clients[page.user]
    call(client, page)  # warm: templates, permissions, connection
    with CaptureQueriesContext(connection) as captured:
        call(client, page)
    queries = captured.captured_queries
    single = median_ms(lambda: call(client, page))
    selects = [q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    slowest = max(selects, key=lambda q: float(q["time"]))["sql"] if selects else None
    sql_ms = None
    if slowest:
        with connection.cursor() as cursor:
            sql_ms = median_ms(lambda: (cursor.execute(slowest), cursor.fetchall()))
    admin_ms = None
    if page.admin:
        admin = all_clients["admin"]
        assert admin.get(page.admin).status_code == 200, page.admin
        admin_ms = median_ms(lambda: admin.get(page.admin), repeat=3)
    return {"queries": len(queries), "single": single, "sql": sql_ms, "admin": admin_ms, "slowest": slowest}


# --- under load: gunicorn on loopback and a small threaded load generator -------------------------------
def session_cookies() -> dict[str, str]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from cases.models import User

    cookies = {}
    for user in User.objects.filter(is_active=True):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies[user.username] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; csrftoken={CSRF}"
    return cookies


def start_gunicorn(extra_env: dict | None = None) -> subprocess.Popen:
    env = {**os.environ, "ALLOWED_HOSTS": "127.0.0.1", **(extra_env or {})}
    env.pop("DEBUG", None)
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", str(WORKERS),
         "-c", str(ROOT / "bench" / "gunicorn_bench.py"), "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/log-ind/")
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def one_request(page: Page, cookie: str, n: int) -> float:
    path, body = page.request(n)
    headers = {"Cookie": cookie, "X-CSRFToken": CSRF, "Host": "127.0.0.1"}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    conn.request(page.method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        raise RuntimeError(f"{page.label}: {path} answered {response.status}")
    return elapsed


def run_users(page: Page, cookie: str, users: int, seconds: float, think: float) -> tuple[list[float], float]:
    """`users` threads request the page until `seconds` have passed, each sleeping `think` between requests.
    Returns the response times (ms) and the requests completed per second."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def user(index: int) -> None:
        n = index
        time.sleep(think * index / max(users, 1))  # spread the users' first requests over one think time
        while time.perf_counter() < deadline:
            try:
                elapsed = one_request(page, cookie, n)
            except Exception as error:  # noqa: BLE001 - reported below, the run goes on
                errors.append(str(error))
                return
            with lock:
                latencies.append(elapsed)
            n += users
            if think:
                time.sleep(think)

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"  ! {page.label}: {errors[0]}")
    return latencies, len(latencies) / (time.perf_counter() - started)


WRK_SCRIPT = """
local paths = {%(paths)s}
local bodies = {%(bodies)s}
local n = 0
request = function()
  n = n + 1
  local i = (n %% #paths) + 1
  local body = nil
  if #bodies > 0 then body = bodies[(n %% #bodies) + 1] end
  return wrk.format("%(method)s", paths[i], nil, body)
end
"""


def saturate(page: Page, cookie: str, connections: int, seconds: float) -> float:
    """Requests per second with `connections` clients and no think time. With wrk (C, one thread) when it is
    installed, so the client takes little of the two cores the server runs on; else the Python threads."""
    wrk = shutil.which("wrk")
    if not wrk:
        return run_users(page, cookie, connections, seconds, 0)[1]

    def lua(values) -> str:
        return ", ".join('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for value in values)

    script = WRK_SCRIPT % {"paths": lua(page.paths), "bodies": lua(page.body or []), "method": page.method}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    headers = ["-H", f"Cookie: {cookie}", "-H", f"X-CSRFToken: {CSRF}", "-H", "Host: 127.0.0.1"]
    if page.body:
        headers += ["-H", "Content-Type: application/x-www-form-urlencoded"]
    try:
        result = subprocess.run(  # noqa: S603 - wrk with our own arguments
            [wrk, "-t1", f"-c{connections}", f"-d{max(int(seconds), 1)}s", "-s", handle.name, *headers,
             f"http://127.0.0.1:{PORT}"], capture_output=True, text=True, check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    if "Non-2xx" in result:
        print(f"  ! {page.label}: {result.split('Non-2xx')[1].splitlines()[0].strip()} non-2xx answers")
    return float(result.split("Requests/sec:")[1].split()[0])


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --- the letter ------------------------------------------------------------------------------------------
def letter_median_ms() -> float:
    from visitation.letters import render_pdf
    from visitation.models import Decision

    decision = (
        # A recent grant: the tariff catalogues priced in the letter begin in 2024.
        Decision.objects.filter(case__municipality__code="161", outcome="granted", start_date__year__gte=2025)
        .select_related("case__citizen", "case__municipality", "recommendation", "tariff").order_by("-pk").first()
    )
    render_pdf(decision)  # fonts and templates load once per process
    return median_ms(lambda: render_pdf(decision), repeat=9)


def main() -> None:
    from cases.loadgen import GENERATED_MARKER
    from cases.models import Case, Citizen

    if connection.vendor != "postgresql":
        raise SystemExit("bench-load: needs PostgreSQL with generated data (DATABASE_URL=postgres://…)")
    if not Citizen.objects.filter(address__endswith=GENERATED_MARKER).exists():
        raise SystemExit("bench-load: no generated data here; run `manage.py generate_load` first")
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    print(f"bench-load: {Case.objects.count():,} cases, {Citizen.objects.count():,} citizens; "
          f"gunicorn {WORKERS} workers; {USERS} users with {THINK:g} s think time for {SECONDS:g} s; "
          f"saturated: {SATURATE} users for {SATURATE_SECONDS:g} s")
    all_pages = [page for page in pages() if ONLY in page.label]
    all_clients = clients()
    measured = {page.label: in_process(page, all_clients) for page in all_pages}
    if QUICK:
        for page in all_pages:
            m = measured[page.label]
            print(f"{page.label:<30} {m['queries']:>3} queries {m['single']:>7.1f} ms  slowest query {m['sql'] or 0:.1f} ms")
            if os.environ.get("BENCH_VERBOSE"):
                print(m["slowest"])
        return
    cookies = session_cookies()
    server = start_gunicorn()
    try:
        for page in all_pages:
            cookie = cookies[page.user]
            # Warm every worker (its connection, templates, the endpoint's first-use setup): two clients per
            # worker, so each worker's first request of the page is not among the measured ones.
            run_users(page, cookie, WORKERS * 2, 2, 0)
            latencies, _ = run_users(page, cookie, USERS, SECONDS, THINK)
            saturated = saturate(page, cookie, SATURATE, SATURATE_SECONDS)
            measured[page.label].update(
                p50=percentile(latencies, 50), p95=percentile(latencies, 95), p99=percentile(latencies, 99),
                rps=saturated,
            )
    finally:
        stop(server)
    # The access log's cost: the case page saturated with and without its INSERT, alternating servers three
    # times (a single pair of 4-second runs differed by more than the cost itself).
    case_page = next((page for page in all_pages if page.label.startswith("sagen")), None)
    runs = {"with": [], "without": []}
    for _ in range(3 if case_page else 0):
        for key, env in (("with", None), ("without", {"BENCH_NO_ACCESS_LOG": "1"})):
            server = start_gunicorn(env)
            try:
                run_users(case_page, cookies[case_page.user], 2, 1, 0)
                runs[key].append(saturate(case_page, cookies[case_page.user], SATURATE, SATURATE_SECONDS))
            finally:
                stop(server)
    with_log, without_log = (statistics.median(runs[key]) if runs[key] else 0 for key in ("with", "without"))

    header = (f"{'page':<30} {'queries':>7} {'one req':>9} {'p50':>8} {'p95':>8} {'p99':>8} {'req/s':>7} "
              f"{'admin ×':>8} {'SQL ×':>7}")
    print(header)
    print("-" * len(header))
    for page in all_pages:
        m = measured[page.label]
        admin = f"{m['admin'] / m['single']:.1f}" if m["admin"] else "–"
        sql = f"{m['single'] / m['sql']:.0f}" if m["sql"] else "–"
        print(f"{page.label:<30} {m['queries']:>7} {m['single']:>7.1f}ms {m['p50']:>6.1f}ms {m['p95']:>6.1f}ms "
              f"{m['p99']:>6.1f}ms {m['rps']:>7.1f} {admin:>8} {sql:>7}")
    print("admin ×: the admin changelist's time as a multiple of the page's; SQL ×: the page's time as a multiple"
          " of its slowest query run as raw SQL")
    if case_page:
        cost = (without_log - with_log) / without_log * 100 if without_log else float("nan")
        print(f"access log: case page saturated {with_log:.1f} req/s with, {without_log:.1f} without: "
              f"costs {cost:.1f} %")
    if not ONLY:
        print(f"decision letter: median render {letter_median_ms():.0f} ms")
    if os.environ.get("BENCH_VERBOSE"):
        for page in all_pages:
            print(f"\n-- {page.label}: slowest query\n{measured[page.label]['slowest']}")


if __name__ == "__main__":
    main()
