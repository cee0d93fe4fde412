"""Shared fixtures: the personas and the rule for real services.

Personas (like healthchecks' alice/bob/charlie):
- `caseworker`  Sara, sagsbehandler in Glostrup
- `approver`    Gitte, godkender in Glostrup
- `outsider`    Rasmus, sagsbehandler in Rødovre: must never see Glostrup's citizens
- `counsellor`  Camilla, behandler at KABS City (KABS serves Glostrup and Rødovre)

Real services: tests that need PostgreSQL or Redis ask for the `postgres` or `redis_url` fixture. When
the service is absent they skip with the reason, unless REQUIRE_SERVICES=1 (CI), which makes it a failure.
"""

import os
from datetime import date

import pytest
import time_machine

from cases.models import Role
from tariffs.choices import UnitCode

from . import factories

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
TODAY = date(2026, 11, 26)


def pytest_configure(config):
    if REQUIRE_SERVICES and not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise pytest.UsageError("REQUIRE_SERVICES=1 kræver DATABASE_URL=postgres://… (PostgreSQL).")
    if REQUIRE_SERVICES and not os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"):
        raise pytest.UsageError("REQUIRE_SERVICES=1 kræver CELERY_BROKER_URL=redis://… (Redis).")


def missing_service(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture
def postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        missing_service("needs PostgreSQL: set DATABASE_URL=postgres://…")
    return connection


@pytest.fixture
def redis_url():
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        missing_service("needs Redis: set CELERY_BROKER_URL=redis://…")
    import redis

    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError as error:
        missing_service(f"Redis at {url} does not answer: {error}")
    return url


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def celery_eager():
    """Tasks run in-process in tests; the worker integration test turns this off for itself."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = previous


@pytest.fixture
def frozen_today():
    """Freeze time at a Thursday in November 2026 (the tests' 'today')."""
    with time_machine.travel(date(2026, 11, 26), tick=False) as traveller:
        yield traveller


@pytest.fixture
def glostrup(db):
    return factories.municipality("161", "Glostrup")


@pytest.fixture
def roedovre(db):
    return factories.municipality("175", "Rødovre")


@pytest.fixture
def provider(glostrup, roedovre):
    return factories.kabs(glostrup, roedovre)


@pytest.fixture
def city(provider):
    return factories.unit(provider, UnitCode.CITY)


@pytest.fixture
def alkohol(provider):
    return factories.unit(provider, UnitCode.ALKOHOL)


@pytest.fixture
def caseworker(glostrup):
    return factories.user("sara", Role.CASEWORKER, municipality=glostrup)


@pytest.fixture
def approver(glostrup):
    return factories.user("gitte", Role.APPROVER, municipality=glostrup)


@pytest.fixture
def outsider(roedovre):
    return factories.user("rasmus", Role.CASEWORKER, municipality=roedovre)


@pytest.fixture
def outsider_approver(roedovre):
    return factories.user("rikke", Role.APPROVER, municipality=roedovre)


@pytest.fixture
def counsellor(city):
    return factories.user("camilla", Role.COUNSELLOR, unit=city)


@pytest.fixture
def admin_user(db):
    return factories.user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.fixture
def citizen(glostrup):
    return factories.citizen(glostrup)


@pytest.fixture
def case(citizen, caseworker, city, frozen_today):
    return factories.case(citizen, caseworker, unit=city)


@pytest.fixture
def catalogue(db):
    from django.core.management import call_command

    call_command("load_tariffs", verbosity=0)


def login(client, user):
    client.force_login(user)
    return client
