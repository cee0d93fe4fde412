"""Property-based fuzz of the integration API against its own OpenAPI schema: no operation answers 5xx.

Schemathesis generates requests from the schema drf-spectacular builds for the API (valid ones, and
invalid ones: wrong types, values outside the enumerations, strings with NUL bytes, …) and sends them
in-process to the WSGI application, token-authenticated as the personas who do each step, against a
database with a Glostrup citizen whose cases stand at each step of the process. Path ids are drawn
from the real rows as often as from the generator, so requests reach the views and not only the 404.

Bounded for CI: FUZZ_MAX_EXAMPLES examples per operation (default 10) plus Schemathesis's coverage
examples, derandomised so every run sends the same requests (a failure reproduces). For a deeper run:
FUZZ_MAX_EXAMPLES=500 pytest tests/test_api_fuzz.py -s
"""

import json
import os
from collections import Counter

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from cases.models import Case, Citizen
from tariffs.models import Tariff
from visitation.letters import letter_for
from visitation.models import Decision

from . import factories
from .visitation_steps import assess, granted, recommended, token_for

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "10"))


def project_schema() -> schemathesis.BaseSchema:
    """The project's own schema, generated as /api/v1/schema/ serves it (no request, so no login needed)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))


SCHEMA = project_schema()
EXAMPLES: Counter = Counter()
STATUSES: dict[str, Counter] = {}
# Filled by the `world` fixture before each operation's examples are generated; read by the hook below.
REAL_IDS: dict[str, list] = {}

# Who does each step, and on which case: a step's body is fuzzed on a case in the state the step needs,
# by the role that does it, so requests reach the step's rules instead of stopping at 404, 403 or 409.
STEPS = {
    "/assessment/": ("counsellor", "inquiry"),
    "/recommendation/": ("counsellor", "assessment"),
    "/decision/": ("approver", "recommended"),
    "/treatment-start/": ("caseworker", "granted"),
    "/letter/": ("approver", None),
}


def step_of(path: str) -> tuple[str, str | None]:
    return next((step for end, step in STEPS.items() if path.endswith(end)), ("caseworker", None))


@SCHEMA.hook
def flatmap_path_parameters(context, path_parameters):
    """For reads: half the time a row that exists, so the request reaches the view and not only the 404."""
    path = context.operation.path
    rows = next((ids for prefix, ids in REAL_IDS.items() if path.startswith(prefix)), None)
    if not rows or not path_parameters or len(path_parameters) != 1:
        return st.just(path_parameters)
    (name,) = path_parameters
    return st.one_of(st.just(path_parameters), st.sampled_from(rows).map(lambda row: {name: row}))


@pytest.fixture
def wsgi_app():
    """The WSGI application, called in-process. As in Django's test client, the requests share the
    test's transaction, so the per-request connection clean-up must not close (roll back) it."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(caseworker, counsellor, approver):
    return {"caseworker": token_for(caseworker), "counsellor": token_for(counsellor), "approver": token_for(approver)}


@pytest.fixture
def world(catalogue, case, citizen, caseworker, counsellor, approver, frozen_today):
    """Glostrup with a case at each step of the process (the case fixture is the one in inquiry)."""
    stages = {"inquiry": [case.pk]}
    steps = {
        "assessment": ("0202902345", lambda other: assess(other, counsellor)),
        "recommended": ("0303903456", lambda other: recommended(other, counsellor)),
        "granted": ("0404904567", lambda other: granted(other, counsellor, approver)),
    }
    for stage, (cpr, step) in steps.items():
        other = factories.case(factories.citizen(citizen.municipality, cpr=cpr), caseworker, unit=case.unit)
        step(other)
        stages[stage] = [other.pk]
    REAL_IDS.update(
        stages,
        **{
            "/api/v1/decisions/": list(Decision.objects.values_list("pk", flat=True)),
            "/api/v1/cases/": list(Case.objects.values_list("pk", flat=True)),
            "/api/v1/citizens/": list(Citizen.objects.values_list("pk", flat=True)),
            "/api/v1/tariffs/": sorted(set(Tariff.objects.values_list("code", flat=True))),
            "/api/v1/municipalities/": ["161", "175"],
        },
    )
    yield
    REAL_IDS.clear()


@pytest.fixture(scope="module", autouse=True)
def _report():
    """The figures the issue asks for: requests sent per operation (shown with -s)."""
    yield
    total = sum(EXAMPLES.values())
    print(f"\nAPI fuzz: {total} requests over {len(EXAMPLES)} operations (max_examples={MAX_EXAMPLES})")
    for label, count in sorted(EXAMPLES.items()):
        statuses = " ".join(f"{status}×{n}" for status, n in sorted(STATUSES[label].items()))
        print(f"  {count:5d}  {label:45s} {statuses}")


@SCHEMA.parametrize()
@hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_api_operation_answers_a_server_error(case, world, tokens, wsgi_app):
    persona, stage = step_of(case.operation.path)
    if case.operation.path.endswith("/letter/"):
        for decision in Decision.objects.filter(letter__isnull=True):
            letter_for(decision)  # stored once, as after the decision's commit, so reads never render
    if stage and case.path_parameters:
        (name,) = case.path_parameters
        case.path_parameters = {name: REAL_IDS[stage][0]}
    # Each example starts from the same world: what one request changes (an accepted assessment moves
    # the case on) is rolled back, so the next request meets the case in the state its step needs.
    with transaction.atomic():
        response = case.call(app=wsgi_app, headers={"Authorization": f"Token {tokens[persona]}"})
        transaction.set_rollback(True)
    EXAMPLES[case.operation.label] += 1
    STATUSES.setdefault(case.operation.label, Counter())[response.status_code] += 1
    case.validate_response(response, checks=[not_a_server_error])
