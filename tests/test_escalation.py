"""No role can grow itself. An administrator (staff, the Administrator group, not a superuser) holds
change_user to look after ordinary accounts; it must never be able to make itself or anyone else a
superuser, staff member, group member or permission holder — not in the admin, not through the API.
Only a superuser grants privileges.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from cases.models import Role, User

from . import factories
from .conftest import login

ESCALATION = {"is_superuser": "on", "is_staff": "on"}


@pytest.fixture
def administrator(glostrup):
    return factories.user("alma", Role.ADMINISTRATOR, is_staff=True)


def privileges(user: User) -> tuple:
    user = User.objects.get(pk=user.pk)
    return (
        user.is_superuser,
        user.is_staff,
        sorted(user.groups.values_list("name", flat=True)),
        sorted(user.user_permissions.values_list("codename", flat=True)),
    )


def change_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "municipality": user.municipality_id or "",
        "unit": user.unit_id or "",
        "groups": [group.pk for group in Group.objects.all()],
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)),
        **ESCALATION,
    }
    data.update(changes)
    return data


def test_administrator_cannot_open_or_change_its_own_account_in_the_admin(client, administrator):
    before = privileges(administrator)
    login(client, administrator)
    url = f"/admin/cases/user/{administrator.pk}/change/"

    assert client.get(url).status_code == 302  # "does not exist", back to the admin index
    client.post(url, change_form(administrator))

    assert privileges(administrator) == before == (False, True, ["Administrator"], [])


def test_administrator_changes_a_caseworkers_name_but_not_its_privileges(client, administrator, caseworker):
    before = privileges(caseworker)
    login(client, administrator)
    url = f"/admin/cases/user/{caseworker.pk}/change/"

    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="groups"' not in page
    response = client.post(url, change_form(caseworker, first_name="Sarah"))

    assert response.status_code == 302
    assert User.objects.get(pk=caseworker.pk).first_name == "Sarah"  # the change it may make is made
    assert privileges(caseworker) == before == (False, False, ["Sagsbehandler"], [])


def test_administrator_cannot_create_a_privileged_user(client, administrator):
    login(client, administrator)
    client.post(
        "/admin/cases/user/add/",
        {
            "username": "ny-bruger",
            "usable_password": "true",
            "password1": "en-lang-adgangskode-2026",
            "password2": "en-lang-adgangskode-2026",
            "groups": [group.pk for group in Group.objects.all()],
            **ESCALATION,
        },
    )
    created = User.objects.get(username="ny-bruger")
    assert privileges(created) == (False, False, [], [])


@pytest.mark.parametrize("target", ["admin_user", "other_administrator"])
def test_administrator_cannot_reach_privileged_accounts_or_their_passwords(
    request, client, administrator, target
):
    if target == "other_administrator":
        victim = factories.user("aksel", Role.ADMINISTRATOR, is_staff=True)
    else:
        victim = request.getfixturevalue(target)
    password_hash = victim.password
    login(client, administrator)

    assert client.get(f"/admin/cases/user/{victim.pk}/change/").status_code == 302
    client.post(
        f"/admin/cases/user/{victim.pk}/password/",
        {"password1": "overtaget-konto-2026", "password2": "overtaget-konto-2026", "usable_password": "true"},
    )
    assert User.objects.get(pk=victim.pk).password == password_hash


def test_administrator_cannot_edit_groups(client, administrator):
    login(client, administrator)
    group = Group.objects.get(name=Role.ADMINISTRATOR.label)
    assert client.get("/admin/auth/group/").status_code == 403
    client.post(f"/admin/auth/group/{group.pk}/change/", {"name": group.name, "permissions": [1, 2, 3]})
    assert client.get(f"/admin/auth/group/{group.pk}/change/").status_code == 403


def test_superuser_grants_a_role(client, admin_user, caseworker):
    """The control: the one who may grant privileges can, through the same form."""
    approver_group = Group.objects.get(name=Role.APPROVER.label)
    login(client, admin_user)
    response = client.post(
        f"/admin/cases/user/{caseworker.pk}/change/",
        change_form(caseworker, groups=[approver_group.pk], user_permissions=[], is_superuser="", is_staff=""),
    )
    assert response.status_code == 302
    assert privileges(caseworker) == (False, False, ["Godkender"], [])


def api_urls(resolver=None, prefix="") -> list[str]:
    """Every route under /api/v1/, with its parameters filled in."""
    urls = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            urls += api_urls(entry, route)
        elif isinstance(entry, URLPattern) and route.startswith("api/v1/"):
            urls.append(route)
    return urls


def test_no_api_route_changes_privileges(client, administrator, caseworker):
    import re

    token = Token.objects.create(user=administrator).key
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    body = {
        "is_superuser": True,
        "is_staff": True,
        "groups": [group.pk for group in Group.objects.all()],
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)),
    }
    before = {user.pk: privileges(user) for user in (administrator, caseworker)}
    routes = api_urls()
    assert len(routes) > 10

    for route in routes:
        for pk in (administrator.pk, caseworker.pk):
            path = "/" + re.sub(r"\(\?P<[^>]+>[^)]+\)|<[^>]+>", str(pk), route).lstrip("^").rstrip("$")
            path = path.replace("\\.", ".").replace("/?", "/")
            for method in (client.post, client.put, client.patch):
                response = method(path, body, content_type="application/json")
                assert response.status_code < 500, (method.__name__, path, response.status_code)

    assert {user.pk: privileges(user) for user in (administrator, caseworker)} == before


def test_roles_page_shows_each_role_and_what_it_may_do(client, administrator):
    html = login(client, administrator).get("/roller/").content.decode()
    for role in ("Sagsbehandler", "Godkender", "Behandler", "Administrator", "Superbruger"):
        assert f"<h2>{role}</h2>" in html
    assert "Kan træffe afgørelse" in html  # the approver's decision right, in the permission's own words


def test_roles_page_is_for_administration_staff_only(client, caseworker):
    assert login(client, caseworker).get("/roller/").status_code == 403


def test_roles_command_prints_the_same_matrix(db):
    from io import StringIO

    from django.core.management import call_command

    stdout = StringIO()
    call_command("roles", stdout=stdout)
    out = stdout.getvalue()
    assert "## Godkender" in out
    assert "Kan træffe afgørelse" in out
