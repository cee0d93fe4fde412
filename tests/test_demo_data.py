"""The demo data set: safe to run twice, and every printed login works through the real login form."""

import os
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client

from cases import demo
from cases.models import Case, Citizen, Deadline, Municipality, Provider, Unit, User

USERNAMES = [
    *(username for username, *_ in demo.MUNICIPAL_USERS),
    *(username for username, *_ in demo.COUNSELLORS),
    "admin",
    "administrator-glostrup",
]

# The section heading each role's home page ("Mine sager") starts with.
HOME_SECTION = {
    "sagsbehandler": "Kommunens aktive sager",
    "godkender": "Til afgørelse",
    "behandler": "Sager til afdækning og indstilling",
    "admin": "Alle aktive sager",
}
# The municipality's administrator has no cases of its own; its start page leads to the access log.
ADMINISTRATOR_HOME = '<a href="/adgangslog/">Adgangslog og indsigt</a>'



def counts() -> dict[str, int]:
    return {
        "municipalities": Municipality.objects.count(),
        "providers": Provider.objects.count(),
        "served": Provider.municipalities.through.objects.count(),
        "units": Unit.objects.count(),
        "users": User.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "citizens": Citizen.objects.count(),
        "citizen_history": Citizen.history.count(),
        "cases": Case.objects.count(),
        "case_history": Case.history.count(),
        "deadlines": Deadline.objects.count(),
    }


@pytest.fixture
def printed_logins(db) -> dict[str, str]:
    """Run the command as a person would and read username → password from what it prints."""
    out = StringIO()
    call_command("seed_demo", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Demobrugere (brugernavn / adgangskode):"
    return dict(line.split()[:2] for line in lines[1:])


def test_seed_demo_creates_the_documented_organisation(db):
    demo.seed()
    assert set(Municipality.objects.values_list("code", flat=True)) == {"161", "175", "167", "157"}
    kabs = Provider.objects.get(name="KABS")
    assert kabs.municipalities.count() == 4
    assert set(Unit.objects.values_list("code", flat=True)) == {
        "city",
        "stjernevang",
        "hvidovre",
        "gentofte",
        "kasa",
        "alkohol",
    }
    assert Citizen.objects.count() == Case.objects.count() == len(demo.CITIZENS)
    assert set(Case.objects.values_list("state", flat=True)) == {"inquiry"}
    assert Deadline.objects.count() == len(demo.CITIZENS)  # one guarantee (or mapping) deadline each


def test_seed_demo_command_walks_cases_through_visitation_once(catalogue):
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
        states = dict(Case.objects.values_list("citizen__name", "state"))
        call_command("seed_demo", stdout=quiet)

    assert set(states.values()) == {"inquiry", "assessment", "recommended", "in_treatment"}
    assert dict(Case.objects.values_list("citizen__name", "state")) == states
    treated = Case.objects.get(state="in_treatment")
    assert treated.decisions.count() == 1 and treated.assessments.count() == 1
    assert Case.objects.get(state="recommended").awaiting_decision


def test_seed_demo_twice_changes_nothing(db):
    demo.seed()
    first = counts()
    states = dict(Case.objects.values_list("pk", "state"))
    passwords = dict(User.objects.values_list("username", "password"))

    demo.seed()

    assert counts() == first
    assert dict(Case.objects.values_list("pk", "state")) == states
    assert dict(User.objects.values_list("username", "password")) == passwords


def test_seed_demo_command_twice_prints_the_same_logins(db):
    outputs = []
    for _ in range(2):
        out = StringIO()
        call_command("seed_demo", stdout=out)
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]


def test_every_demo_user_is_printed_with_its_password(printed_logins):
    assert list(printed_logins) == USERNAMES
    assert {printed_logins[name] for name in USERNAMES if name != "admin"} == {"rusmiddel-demo"}
    assert printed_logins["admin"] == "rusmiddel-admin"


def test_demo_users_have_their_role_and_organisation(printed_logins):
    for username, code, role, *_ in demo.MUNICIPAL_USERS:
        user = User.objects.get(username=username)
        assert user.municipality.code == code
        assert list(user.groups.values_list("name", flat=True)) == [role.label]
    for username, unit_code, _ in demo.COUNSELLORS:
        user = User.objects.get(username=username)
        assert user.unit.code == unit_code and user.municipality is None
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    local = User.objects.get(username="administrator-glostrup")
    assert (local.is_superuser, local.is_staff, local.municipality.code) == (False, True, "161")


@pytest.mark.parametrize("username", USERNAMES)
def test_demo_user_logs_in_through_the_form_and_reaches_mine_sager(printed_logins, username):
    browser = Client(enforce_csrf_checks=True)
    form = browser.get("/log-ind/")
    assert form.status_code == 200
    token = form.cookies["csrftoken"].value

    response = browser.post(
        "/log-ind/",
        {"username": username, "password": printed_logins[username], "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    home = browser.get("/")
    html = home.content.decode()
    assert home.status_code == 200
    assert "<h1>Mine sager</h1>" in html
    role = "admin" if username == "admin" else username.split("-")[0]
    if role == "administrator":
        assert ADMINISTRATOR_HOME in html
    else:
        assert f"<h2>{HOME_SECTION[role]}</h2>" in html


def test_wrong_password_stays_on_the_login_page_with_a_danish_message(printed_logins):
    response = Client().post("/log-ind/", {"username": "sagsbehandler-glostrup", "password": "forkert"})
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert. Prøv igen." in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session


def test_demo_home_pages_show_each_municipality_its_own_cases_only(printed_logins):
    browser = Client()
    browser.force_login(User.objects.get(username="sagsbehandler-glostrup"))
    html = browser.get("/").content.decode()
    assert "Mads Jensen" in html and "Louise Hansen" in html and "Peter Nielsen" in html
    assert "Emma Larsen" not in html  # Rødovre
    assert "Sofie Christensen" not in html  # Hvidovre


def test_demo_roles_exist_as_groups(printed_logins):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Sagsbehandler",
        "Godkender",
        "Behandler",
        "Administrator",
    }
