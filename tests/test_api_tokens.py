"""API tokens expire after API_TOKEN_TTL and can be rotated or revoked (command and admin)."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.authtoken.models import Token

# UTC: 90 days after a winter date is a summer date, and aware arithmetic in Copenhagen time is wall-clock.
ISSUED = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def api_token(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue().strip()


@pytest.fixture
def token(caseworker):
    with time_machine.travel(ISSUED, tick=False):
        key, _ = api_token("sara")
    return key


def get_cases(client, key):
    return client.get("/api/v1/cases/", headers={"Authorization": f"Token {key}"})


def test_a_token_works_until_its_90th_day(client, token):
    with time_machine.travel(ISSUED + timedelta(days=90) - timedelta(seconds=1), tick=False):
        assert get_cases(client, token).status_code == 200


def test_an_expired_token_is_refused_with_401_in_danish(client, token):
    with time_machine.travel(ISSUED + timedelta(days=90), tick=False):
        response = get_cases(client, token)
    assert response.status_code == 401
    assert "API-nøglen er udløbet" in response.json()["detail"]


def test_the_lifetime_comes_from_the_settings(client, token, settings):
    settings.API_TOKEN_TTL = timedelta(days=7)
    with time_machine.travel(ISSUED + timedelta(days=8), tick=False):
        assert get_cases(client, token).status_code == 401


def test_the_command_prints_the_same_token_again(token):
    assert api_token("sara")[0] == token


def test_the_command_warns_when_the_printed_token_has_expired(token):
    with time_machine.travel(ISSUED + timedelta(days=91), tick=False):
        key, warning = api_token("sara")
    assert key == token
    assert "udløbet" in warning and "--rotate" in warning


def test_rotate_replaces_the_token_and_the_old_one_stops_working(client, token):
    with time_machine.travel(ISSUED + timedelta(days=100), tick=False):
        new, _ = api_token("sara", "--rotate")
        assert new != token
        assert get_cases(client, token).status_code == 401
        assert get_cases(client, new).status_code == 200
    with time_machine.travel(ISSUED + timedelta(days=189), tick=False):
        assert get_cases(client, new).status_code == 200  # the new one's 90 days run from its rotation


def test_revoke_deletes_the_token(client, token, caseworker):
    message, _ = api_token("sara", "--revoke")
    assert "tilbagekaldt" in message and token not in message
    assert not Token.objects.filter(user=caseworker).exists()
    with time_machine.travel(ISSUED, tick=False):
        assert get_cases(client, token).status_code == 401


def test_a_deactivated_users_token_can_be_revoked_but_not_printed(token, caseworker):
    from django.core.management.base import CommandError

    caseworker.is_active = False
    caseworker.save()
    with pytest.raises(CommandError, match="Ukendt eller inaktiv bruger"):
        api_token("sara")
    assert "tilbagekaldt" in api_token("sara", "--revoke")[0]


def test_an_administrator_revokes_a_token_in_the_admin(client, token, caseworker, admin_user):
    client.force_login(admin_user)
    listing = client.get("/admin/authtoken/tokenproxy/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Udløber" in page and "Oprettet" in page
    assert token not in page  # the list shows the start of the key only
    response = client.post(f"/admin/authtoken/tokenproxy/{caseworker.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=caseworker).exists()
