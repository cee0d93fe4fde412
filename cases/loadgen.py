"""National volume for measuring: citizens, cases and everything a case carries, written by set-based SQL.

`manage.py generate_load` calls `generate()`. Every row comes from `generate_series` and a deterministic
hash of the row number and the seed (`hashint8extended`), never from the ORM row by row and never from
`random()`: the same options on the same starting database give the same rows. Ids are assigned here
(identity columns accept explicit ids) so child rows refer to their parents by arithmetic instead of
joins, and the sequences are moved past them at the end, so the application continues normally.

Generated citizens carry `GENERATED_MARKER` as the last line of their address. The generator refuses a
database that holds any citizen that is neither generated nor one of the demo citizens (cases/demo.py):
it is for measuring databases, never for one with real people in it.

PostgreSQL only: the volume is the point, and SQLite is for `make run`.
"""

import time
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

GENERATED_MARKER = "(testdata fra generate_load)"
GENERATED_MUNICIPALITY_PREFIX = "Testkommune"
# Two inactive users act for the generated municipalities (decisions and logged reads need an actor).
GENERATED_USERS = ("testdata-sagsbehandler", "testdata-godkender")

# Shares of cases per state, cumulative over a hash in [0, 1): about 5 % open (inquiry … in treatment),
# the rest discharged, refused, withdrawn or closed, as ten years of a municipality's cases look.
STATE_SHARES = [
    ("inquiry", 0.006),
    ("assessment", 0.016),
    ("recommended", 0.021),
    ("granted", 0.025),
    ("in_treatment", 0.050),
    ("discharged", 0.070),
    ("refused", 0.075),
    ("withdrawn", 0.155),
    ("closed", 1.0),
]
# The transition that leads into each state: the history's change reason for the case's latest row.
LAST_TRANSITION = {
    "assessment": "start_assessment",
    "recommended": "recommend",
    "granted": "grant",
    "refused": "refuse",
    "in_treatment": "start_treatment",
    "discharged": "discharge",
    "closed": "close",
    "withdrawn": "withdraw",
}
DRUG_UNITS = [("city", 0.35), ("stjernevang", 0.55), ("hvidovre", 0.75), ("gentofte", 0.90), ("kasa", 1.0)]
UNIT_TARIFFS = {
    "city": ["city-basis", "city-udvidet", "city-intensiv"],
    "stjernevang": ["stjernevang-basis", "stjernevang-udvidet", "stjernevang-intensiv"],
    "hvidovre": ["hvidovre-gentofte-basis", "hvidovre-gentofte-udvidet", "hvidovre-gentofte-intensiv"],
    "gentofte": ["hvidovre-gentofte-basis", "hvidovre-gentofte-udvidet", "substitution"],
    "kasa": ["kasa"],
    "alkohol": ["alkohol-basis", "alkohol-udvidet", "alkohol-intensiv"],
}
FIRST_NAMES = [
    "Anders", "Anne", "Bente", "Bo", "Camilla", "Christian", "Dorthe", "Emil", "Frederik", "Hanne", "Henrik",
    "Ida", "Jakob", "Jens", "Julie", "Karen", "Kasper", "Kirsten", "Lars", "Line", "Louise", "Mads", "Maria",
    "Martin", "Mette", "Michael", "Morten", "Niels", "Nina", "Ole", "Peter", "Pia", "Rasmus", "Sara", "Simon",
    "Sofie", "Søren", "Thomas", "Tina", "Ulla",
]
LAST_NAMES = [
    "Andersen", "Bach", "Christensen", "Dahl", "Eriksen", "Frandsen", "Hansen", "Holm", "Jakobsen", "Jensen",
    "Jeppesen", "Johansen", "Jørgensen", "Kristensen", "Larsen", "Lund", "Madsen", "Mikkelsen", "Møller",
    "Nielsen", "Olsen", "Pedersen", "Petersen", "Poulsen", "Rasmussen", "Schmidt", "Sørensen", "Thomsen",
    "Vestergaard", "Østergaard",
]
STREETS = ["Hovedgaden", "Skolevej", "Kirkevej", "Stationsvej", "Søndergade", "Vestergade", "Møllevej", "Parkvej"]
AREAS = ["substance_use", "social", "physical_health", "mental_health", "work_education", "housing", "other_help"]
LEVELS = ["low", "moderate", "much", "severe"]
DISCHARGE_REASONS = [
    "completed_drug_free", "completed_reduced", "completed_stabilised", "other_offer", "hospital", "other",
    "dropped_out",
]


class LoadRefused(Exception):
    """The database is not one the generator may write to; the message says why, in Danish."""


@dataclass(frozen=True)
class Options:
    cases: int = 1_000_000
    municipalities: int = 98
    citizens_per_case: float = 0.7
    anonymous_share: float = 0.02
    demo_share: float = 0.2
    access_log_per_case: int = 2
    complaint_every: int = 100
    seed: int = 11
    today: date | None = None


def check_database() -> None:
    """Refuse anything but PostgreSQL holding only demo and generated citizens, and no earlier load."""
    from cases.demo import CITIZENS
    from cases.models import Citizen

    if connection.vendor != "postgresql":
        raise LoadRefused(
            "generate_load kræver PostgreSQL (DATABASE_URL=postgres://…); SQLite er kun til `make run`."
        )
    demo_cprs = {cpr for _code, cpr, *_rest in CITIZENS}
    real = Citizen.objects.exclude(address__endswith=GENERATED_MARKER).exclude(cpr__in=demo_cprs)
    if real.exists():
        raise LoadRefused(
            "Databasen indeholder borgere, der hverken er demodata eller genererede testdata. "
            "generate_load skriver kun i en database til målinger: opret en ny (createdb), kør migrate, "
            "load_tariffs og seed_demo, og prøv igen."
        )
    if Citizen.objects.filter(address__endswith=GENERATED_MARKER).exists():
        raise LoadRefused(
            "Databasen har allerede genererede testdata. Brug en ny database, så resultatet er det samme "
            "for de samme valg."
        )


def generate(options: Options, progress=lambda line: None) -> dict[str, int]:
    """Write the load and return the row count per table. Runs in one transaction: all or nothing."""
    from django.utils import timezone

    check_database()
    today = options.today or timezone.localdate()
    started = time.perf_counter()
    counts: dict[str, int] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        cursor.execute("SET LOCAL jit TO off")
        params = _prepare(cursor, options, today)
        # The few rows _prepare wrote are checked now: ALTER TABLE refuses a table with pending checks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        foreign_keys = _drop_foreign_keys(cursor)
        for number, (label, table, sql) in enumerate(STEPS, start=1):
            step_started = time.perf_counter()
            cursor.execute(sql, params)
            rows = max(cursor.rowcount, 0)
            if table:
                counts[table] = counts.get(table, 0) + rows
            progress(
                f"[{number:>2}/{len(STEPS)}] {label:<42} {rows:>11,} rækker "
                f"{time.perf_counter() - step_started:7.1f} s  (i alt {time.perf_counter() - started:6.1f} s)"
            )
        step_started = time.perf_counter()
        _restore_foreign_keys(cursor, foreign_keys)
        progress(f"[fremmednøgler kontrolleret] {'':<22} {time.perf_counter() - step_started:19.1f} s")
        for table in SEQUENCED_TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )
    step_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress(f"[ANALYZE] {'':<40} {time.perf_counter() - step_started:19.1f} s")
    return counts


def _drop_foreign_keys(cursor) -> list[tuple[str, str, str]]:
    """Drop the loaded tables' foreign keys for the load, to be added again (and so checked) after it.

    Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: row by row, tens of millions of checks would
    queue up until COMMIT. Adding a key back checks every row in one join per key (PostgreSQL's advice for
    populating a database), inside the same transaction: a broken reference still aborts the whole load.
    """
    tables = sorted({table for _label, table, _sql in STEPS if table})
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
        [tables],
    )
    keys = cursor.fetchall()
    for table, name, _definition in keys:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    return keys


def _restore_foreign_keys(cursor, keys: list[tuple[str, str, str]]) -> None:
    for table, name, definition in keys:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _prepare(cursor, options: Options, today: date) -> dict:
    """The generated municipalities and users (a handful of rows, by the ORM), the lookup tables the
    statements join, and the id offsets every table's rows start after."""
    from cases.models import Municipality, Unit, User
    from tariffs.models import Tariff

    demo = list(Municipality.objects.exclude(name__startswith=GENERATED_MUNICIPALITY_PREFIX).order_by("code"))
    generated = []
    for n in range(max(options.municipalities - len(demo), 0)):
        code = f"{900 + n + 1}"
        generated.append(
            Municipality.objects.create(
                code=code, name=f"{GENERATED_MUNICIPALITY_PREFIX} {code}", abbreviation=f"T{code}",
                department="Center for Rusmiddelbehandling", address_lines=f"Rådhuset\n{code}0 Testby",
            )
        )
    actors = {}
    for username in GENERATED_USERS:
        actors[username], _ = User.objects.get_or_create(
            username=username,
            defaults={"is_active": False, "password": make_password(None), "first_name": "Testdata"},
        )
    users = {user.username: user.pk for user in User.objects.all()}
    units = {unit.code: unit.pk for unit in Unit.objects.all()}
    tariffs = {}
    for tariff in Tariff.objects.order_by("catalogue__year", "pk"):
        tariffs[tariff.code] = tariff.pk  # the newest catalogue's tariff wins

    from cases.demo import slug

    cursor.execute(
        "CREATE TEMP TABLE load_municipality (n int PRIMARY KEY, id bigint, demo boolean, prefix text, "
        "caseworker bigint, approver bigint) ON COMMIT DROP"
    )
    rows = []
    for n, municipality in enumerate(demo + generated):
        # Demo municipalities first (n < n_demo): the SQL picks a citizen's municipality by index.
        is_demo = municipality in demo
        name = slug(municipality.name)
        rows.append((
            n, municipality.pk, is_demo, municipality.reference_prefix,
            users.get(f"sagsbehandler-{name}", actors[GENERATED_USERS[0]].pk),
            users.get(f"godkender-{name}", actors[GENERATED_USERS[1]].pk),
        ))
    cursor.executemany("INSERT INTO load_municipality VALUES (%s, %s, %s, %s, %s, %s)", rows)
    cursor.execute(
        "CREATE TEMP TABLE load_unit_tariff (unit_id bigint, n int, tariff_id bigint, counsellor bigint, cnt int) "
        "ON COMMIT DROP"
    )
    for code, codes in UNIT_TARIFFS.items():
        counsellor = users.get(f"behandler-{code}", actors[GENERATED_USERS[0]].pk)
        for n, tariff_code in enumerate(codes):
            cursor.execute(
                "INSERT INTO load_unit_tariff VALUES (%s, %s, %s, %s, %s)",
                [units[code], n, tariffs[tariff_code], counsellor, len(codes)],
            )
    # A uniform number in [0, 1) from a row number and a salt: deterministic for the seed.
    cursor.execute(
        "CREATE FUNCTION pg_temp.r(i bigint, salt int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
        f"$$ SELECT (hashint8extended(i, {int(options.seed) * 1000} + salt) & 1073741823)::float8 "
        "/ 1073741824.0 $$"
    )
    offsets = {}
    for key, table in OFFSET_TABLES.items():
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
        offsets[key] = cursor.fetchone()[0]
    n_demo = sum(1 for row in rows if row[2])
    citizens = max(1, round(options.cases * options.citizens_per_case))
    drug_units = [units[code] for code, _share in DRUG_UNITS]
    return {
        **offsets,
        "cases": options.cases,
        "citizens": citizens,
        "n_demo": n_demo,
        "n_generated": len(rows) - n_demo,
        "demo_share": options.demo_share if len(rows) > n_demo else 1.0,
        "anonymous_share": options.anonymous_share,
        "access_per_case": options.access_log_per_case,
        "complaint_every": options.complaint_every,
        "today": today,
        "first_names": FIRST_NAMES,
        "last_names": LAST_NAMES,
        "streets": STREETS,
        "marker": GENERATED_MARKER,
        "state_names": [state for state, _share in STATE_SHARES],
        # width_bucket(x, lower bounds) + 1 is the 1-based index of the bucket x falls in.
        "state_limits": [share for _state, share in STATE_SHARES[:-1]],
        "drug_units": drug_units,
        "drug_limits": [share for _code, share in DRUG_UNITS[:-1]],
        "alcohol_unit": units["alkohol"],
        "city_unit": units["city"],
        "areas": AREAS,
        "levels": LEVELS,
        "reasons": DISCHARGE_REASONS,
        "transitions": [LAST_TRANSITION.get(state, "register_inquiry") for state, _share in STATE_SHARES],
    }


OFFSET_TABLES = {
    "citizen0": "cases_citizen",
    "case0": "cases_case",
    "assessment0": "visitation_assessment",
    "recommendation0": "visitation_recommendation",
    "decision0": "visitation_decision",
    "plan0": "plans_treatmentplan",
    "planversion0": "plans_planversion",
}
SEQUENCED_TABLES = list(OFFSET_TABLES.values())

from cases.loadgen_sql import STEPS  # noqa: E402  (the statements live in their own module: long SQL)
