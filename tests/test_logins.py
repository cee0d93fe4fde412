"""Lock-out after failed logins (django-axes, per username and per address) and the password rules."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory, override_settings
from django.utils import timezone

from cases.accounts.lockout import client_address

from .factories import PASSWORD

WRONG = "not-the-password"


def attempt(client, username, password, *, url="/log-ind/", address="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_logs_in_after_a_few_typos(client, caseworker):
    for _ in range(4):
        assert attempt(client, "sara", WRONG).status_code == 200
    response = attempt(client, "sara", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_five_wrong_passwords_lock_the_username_even_for_the_right_password(client, caseworker):
    for _ in range(5):
        attempt(client, "sara", WRONG)
    response = attempt(client, "sara", PASSWORD, address="10.0.0.99")  # another address: still locked
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "Log ind er midlertidigt spærret" in page
    assert "30 minutter" in page


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, caseworker):
    """The review's finding, as it was reported."""
    for _ in range(30):
        attempt(client, "sara", WRONG)
    assert attempt(client, "sara", PASSWORD).status_code == 429
    assert not logged_in(client)


def test_the_lock_lifts_after_the_cool_off(client, caseworker):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(5):
            attempt(client, "sara", WRONG)
        traveller.shift(timedelta(minutes=29))
        assert attempt(client, "sara", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=60), tick=False):
        # 29 minutes in the failed attempt above renewed the lock; 31 minutes after that it has lifted.
        response = attempt(client, "sara", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_other_users_at_the_same_address_are_not_locked_by_one_users_typos(client, caseworker, approver):
    for _ in range(5):
        attempt(client, "sara", WRONG)
    response = attempt(client, "gitte", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_an_address_guessing_across_usernames_is_locked_at_its_own_limit(client, caseworker, settings):
    assert settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS == 20
    for number in range(19):
        attempt(client, f"guess{number}", WRONG, address="203.0.113.7")
    assert attempt(client, "sara", PASSWORD, address="203.0.113.7").status_code == 302
    client.logout()
    attempt(client, "guess-last", WRONG, address="203.0.113.7")  # the 20th failure from this address
    assert attempt(client, "sara", PASSWORD, address="203.0.113.7").status_code == 429
    assert attempt(client, "sara", PASSWORD, address="198.51.100.1").status_code == 302


def test_a_successful_login_forgets_only_that_users_failures_from_that_address(client, caseworker, outsider):
    """Axes' own reset would wipe every failure from the address, also those piled up against others."""
    for _ in range(4):
        attempt(client, "rasmus", WRONG)  # someone guessing Rasmus' password
    for _ in range(4):
        attempt(client, "sara", WRONG)
    assert attempt(client, "sara", PASSWORD).status_code == 302  # Sara's typos are forgiven...
    client.logout()
    attempt(client, "rasmus", WRONG)  # ...the guesses against Rasmus are not: this is the fifth
    assert attempt(client, "rasmus", PASSWORD).status_code == 429


def test_the_admin_login_is_locked_too(client, admin_user):
    for _ in range(5):
        attempt(client, "admin", WRONG, url="/admin/login/")
    response = attempt(client, "admin", PASSWORD, url="/admin/login/")
    assert response.status_code == 429
    assert "Log ind er midlertidigt spærret" in response.content.decode()
    # The lock is on the username, whichever door it was earned at.
    assert attempt(client, "admin", PASSWORD).status_code == 429


def test_axes_reset_unlocks_a_user(client, caseworker):
    from django.core.management import call_command

    for _ in range(5):
        attempt(client, "sara", WRONG)
    call_command("axes_reset_username", "sara", stdout=None)
    # The address still carries 5 failures (of its 20), so Sara can log in again.
    assert attempt(client, "sara", PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("header", "proxies", "expected"),
    [
        ("", 0, "10.1.1.1"),
        ("198.51.100.9", 0, "10.1.1.1"),  # no trusted proxy: the header is the client's own claim
        ("198.51.100.9", 1, "198.51.100.9"),
        ("6.6.6.6, 198.51.100.9", 1, "198.51.100.9"),  # a forged entry on the left is ignored
        ("198.51.100.9, 172.16.0.2", 2, "198.51.100.9"),
        ("", 1, "10.1.1.1"),  # the proxy did not say: fall back to the connecting address
    ],
)
def test_client_address_trusts_only_the_configured_proxies(header, proxies, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR=header)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        assert client_address(request) == expected


# --- password rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("sagsbehandler-glostrup", "minder for meget om"),
        ("kort-kode1", "for kort"),
        ("password12345", "for almindelig"),
        ("734982017364519", "udelukkende numerisk"),
    ],
)
def test_weak_passwords_are_refused_in_danish(db, password, message):
    from cases.models import User

    user = User(username="sagsbehandler-glostrup", first_name="Sara")
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert any(message in text for text in refused.value.messages), refused.value.messages


def test_a_long_unrelated_password_is_accepted(db):
    from cases.models import User

    validate_password("grøn-kaffe-på-rådhuset", User(username="sagsbehandler-glostrup"))


def test_the_demo_passwords_pass_the_rules(db):
    from cases import demo
    from cases.models import User

    for username, *_ in demo.MUNICIPAL_USERS:
        validate_password(demo.DEMO_PASSWORD, User(username=username))
    validate_password(demo.ADMIN_PASSWORD, User(username="admin", first_name="Admin", last_name="Istrator"))
