"""The isolation walk: every URL pattern the project has — taken from the resolver, so a new view is covered
the day it is added — requested by people who must not see a Glostrup citizen: a caseworker and an
approver of Rødovre, a KABS counsellor of another unit, and an anonymous visitor. Each answer is a
refusal (404, 403, 405, a redirect to the login) or a page/list with nothing of the citizen in it; never
a 500 and never a change to the case. The same walk as the citizen's own staff proves each page works and
that each page showing the citizen wrote a row in the read-access log.

A pattern with a parameter the walk does not know fails the test, naming the parameter: extend VALUES.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

from cases.models import AccessLog, Case, Citizen, Role
from tariffs.choices import UnitCode

from . import factories
from .followup_steps import discharged
from .visitation_steps import decide, fresh, recommended

pytestmark = pytest.mark.usefixtures("catalogue")

NAME = "Mads Jensen"
CPR_PARTS = ("0101901234", "010190-1234")  # the full number in either form; the masked form is allowed


def routes(resolver=None, prefix: str = "") -> list[str]:
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += routes(entry, route)
        elif isinstance(entry, URLPattern):
            found.append(route)
    return sorted(set(found))


def object_for(route: str, world: dict) -> int:
    """The primary key a parameter in this route refers to, by what the route is about."""
    if "followups" in route:
        return world["followup"].pk
    if "decision" in route or "afgoerelse" in route:
        return world["decision"].pk
    if any(word in route for word in ("citizen", "borgere")):
        return world["citizen"].pk
    if any(word in route for word in ("case", "sager")):
        return world["case"].pk
    if "cases/user" in route:
        return world["caseworker"].pk
    return 1


def fill(route: str, world: dict) -> str:
    values = {
        "pk": lambda: object_for(route, world),
        "object_id": lambda: object_for(route, world),
        "id": lambda: object_for(route, world),
        "citizen_pk": lambda: world["citizen"].pk,
        "number": lambda: 1,
        "name": lambda: "withdraw",
        "code": lambda: "afdaekning" if "tariff" in route else "161",
        "app_label": lambda: "cases",
        "format": lambda: "json",
        "content_type_id": lambda: ContentType.objects.get_for_model(Citizen).pk,
        "url": lambda: "ukendt/",
        "uidb64": lambda: "MQ",
        "token": lambda: "x",
        "table": lambda: "garanti",
    }

    def value(name: str) -> str:
        if name not in values:
            pytest.fail(f"The isolation walk has no value for the URL parameter {name!r} in {route!r}")
        return str(values[name]())

    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m.group(1)), path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + path


@pytest.fixture
def world(glostrup, roedovre, provider, city, caseworker, approver, counsellor, case):
    """A Glostrup case with a decision, its letter and plan: something behind every kind of URL."""
    recommended(case, counsellor)
    decision = decide(case, approver)
    # The citizen's earlier course, discharged: its follow-ups are behind the followups/<pk>/ routes.
    earlier = discharged(factories.case(case.citizen, caseworker, unit=city), counsellor, approver)
    return {
        "followup": earlier.followups.order_by("due_date").first(),
        "case": fresh(case),
        "citizen": case.citizen,
        "decision": decision,
        "caseworker": caseworker,
        "stjernevang": factories.user(
            "stine", Role.COUNSELLOR, unit=factories.unit(provider, UnitCode.STJERNEVANG)
        ),
    }


@pytest.fixture
def strangers(world, outsider, outsider_approver):
    return {
        "other-municipality-caseworker": outsider,
        "other-municipality-approver": outsider_approver,
        "other-unit-counsellor": world["stjernevang"],
        "anonymous": None,
    }


def leaks(body: bytes) -> list[str]:
    text = body.decode("utf-8", "replace")
    return [part for part in (NAME, *CPR_PARTS) if part in text]


def test_every_url_refuses_strangers(client, world, strangers):
    case = world["case"]
    before = (case.state, Case.history.count(), Citizen.objects.get(pk=case.citizen_id).name)
    urls = [fill(route, world) for route in routes()]
    walked = 0
    for persona, user in strangers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                walked += 1
                where = f"{persona} {method.upper()} {url}"
                assert response.status_code < 500, where
                if response.status_code in (200, 201):
                    body = response.getvalue() if response.streaming else response.content
                    assert not leaks(body), f"{where} shows {leaks(body)}"
                    assert response["Content-Type"].split(";")[0] != "application/pdf", where
    after = (fresh(case).state, Case.history.count(), Citizen.objects.get(pk=case.citizen_id).name)
    assert after == before
    print(f"isolation walk: {len(urls)} URL patterns x {len(strangers)} personas x 2 methods = {walked} requests")


@pytest.mark.parametrize("persona", ["caseworker", "approver", "counsellor"])
def test_every_url_works_for_the_citizens_own_staff_and_logs_what_it_shows(request, client, world, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    citizen = world["citizen"]
    for route in routes():
        url = fill(route, world)
        before = AccessLog.objects.filter(citizen=citizen).count()
        response = client.get(url)
        assert response.status_code < 500, f"{persona} GET {url}"
        body = response.getvalue() if response.streaming else response.content
        shows_citizen = response.status_code == 200 and (
            NAME.encode() in body or response["Content-Type"].startswith("application/pdf")
        )
        if shows_citizen:
            logged = AccessLog.objects.filter(citizen=citizen).count() - before
            assert logged >= 1, f"{persona} GET {url} shows the citizen but wrote no access-log row"
