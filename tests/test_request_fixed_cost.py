"""What every authenticated request pays before its own work (issue 11), and that paying less stays safe.

The request's user comes with its municipality or unit and the header's unread count in one query, and its
roles and permissions in one more (cases/accounts/backends.py, User.load_access). Nothing about rights is
kept between requests: what an administrator revokes bites on the very next request.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from cases.accounts.backends import ModelBackend
from cases.context_processors import notifications
from cases.models import Role

from .conftest import login

pytestmark = pytest.mark.usefixtures("frozen_today")

TARGETS = "cases.view_targets"


def fresh(user):
    """The user as a request gets it: loaded by the backend, nothing cached yet."""
    return ModelBackend().get_user(user.pk)


def test_one_query_serves_roles_and_permissions(approver):
    user = fresh(approver)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm(TARGETS)
        assert user.has_role(Role.APPROVER) and not user.has_role(Role.CASEWORKER)
        assert not user.has_perm("cases.add_citizen")
        assert user.is_municipal_staff
        assert TARGETS in user.get_all_permissions()
        assert TARGETS in user.get_group_permissions() and not user.get_user_permissions()
    assert len(queries) == 1


def test_roles_first_then_permissions_is_still_one_query(caseworker):
    user = fresh(caseworker)
    with CaptureQueriesContext(connection) as queries:
        assert user.roles == {Role.CASEWORKER}
        assert user.has_perm("cases.add_citizen") and not user.has_perm(TARGETS)
    assert len(queries) == 1


def test_a_permission_given_to_the_person_counts_and_a_role_without_permissions_still_counts(caseworker):
    caseworker.user_permissions.add(Permission.objects.get(codename="view_targets"))
    empty = Group.objects.create(name="Tom rolle")
    caseworker.groups.add(empty)
    user = fresh(caseworker)
    assert user.get_user_permissions() == {TARGETS}
    assert user.has_perm(TARGETS) and user.has_perm("cases.add_citizen")
    assert user.roles == {Role.CASEWORKER}


def test_a_permission_revoked_from_a_role_bites_on_the_next_request(client, approver):
    login(client, approver)
    assert client.get("/maaltal/").status_code == 200
    Group.objects.get(name=Role.APPROVER.label).permissions.remove(Permission.objects.get(codename="view_targets"))
    assert client.get("/maaltal/").status_code == 403


def test_a_role_taken_away_bites_on_the_next_request(client, approver):
    login(client, approver)
    assert 'href="/maaltal/"' in client.get("/").content.decode()
    approver.groups.clear()
    assert client.get("/maaltal/").status_code == 403
    assert 'href="/maaltal/"' not in client.get("/").content.decode()


def test_inactive_anonymous_and_superusers_are_treated_as_django_does(approver, admin_user):
    approver.is_active = False
    with CaptureQueriesContext(connection) as queries:
        assert not approver.has_perm(TARGETS)
        assert approver.get_all_permissions() == set()
        assert not approver.has_module_perms("cases")
    assert len(queries) == 0  # as Django: an inactive user has no permissions, asked or not

    anonymous = AnonymousUser()
    assert not anonymous.has_perm(TARGETS) and anonymous.get_all_permissions() == set()

    superuser = fresh(admin_user)
    every = {f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")}
    assert superuser.get_all_permissions() == every
    assert superuser.get_user_permissions() == every == superuser.get_group_permissions()
    assert superuser.has_role(Role.ADMINISTRATOR)


def test_an_inactive_user_gets_no_request_user(approver):
    get_user_model().objects.filter(pk=approver.pk).update(is_active=False)
    assert fresh(approver) is None


@pytest.mark.parametrize("unread", [0, 1, 100])
def test_the_header_count_comes_with_the_user(client, glostrup, city, caseworker, unread):
    from cases.models import Deadline

    from .test_notifications import unread_badge
    from .worklist_rows import bulk_cases, notify

    cases = bulk_cases(unread, municipality=glostrup, unit=city, caseworker=caseworker) if unread else []
    notify(caseworker, Deadline.objects.filter(case__in=cases))
    login(client, caseworker).get("/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert unread_badge(html) == {0: None, 1: "1", 100: "99+"}[unread]
    counting = [q["sql"] for q in queries if "cases_notification" in q["sql"]]
    assert len(counting) == 1 and '"cases_user"' in counting[0]  # counted in the user's own query


def test_a_user_not_loaded_by_the_backend_still_gets_the_right_count(glostrup, city, caseworker):
    from cases.models import Deadline

    from .worklist_rows import bulk_cases, notify

    notify(caseworker, Deadline.objects.filter(case__in=bulk_cases(2, municipality=glostrup, unit=city,
                                                                    caseworker=caseworker)))
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(pk=caseworker.pk)
    with CaptureQueriesContext(connection) as queries:
        count = notifications(request)["unread_notifications"]
        assert count() == 2 and count() == 2
    assert len(queries) == 1  # counted once per request
