"""The second factor (TOTP, django-otp) for approvers, administrators and superusers, when REQUIRE_2FA is on.

Codes are computed from the device's key at a frozen time, as the user's authenticator app would.
"""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import login

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def code(device: TOTPDevice) -> str:
    """The code the app shows now (time is frozen by the clock fixture)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Godkendelsesapp", confirmed=True)


def test_off_by_default_so_the_demo_logs_in_with_a_password(client, approver, settings):
    assert settings.REQUIRE_2FA is False
    login(client, approver)
    assert client.get("/").status_code == 200


def test_an_approver_without_a_device_is_sent_to_set_one_up(client, approver, require_2fa, clock):
    login(client, approver)
    response = client.get("/indstillinger/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/totrin/opsaet/?next=%2Findstillinger%2F")
    page = response.content.decode()
    assert "Opsæt totrinsbekræftelse" in page
    assert "<svg" in page  # the QR code, rendered here
    device = TOTPDevice.objects.get(user=approver, confirmed=False)
    assert response.context["key_groups"] and "".join(response.context["key_groups"]) in device.config_url


def test_enrolment_keeps_the_key_across_reloads_and_confirms_with_a_code(
    client, approver, require_2fa, clock
):
    login(client, approver)
    first = client.get("/totrin/opsaet/").context["key_groups"]
    assert client.get("/totrin/opsaet/").context["key_groups"] == first
    device = TOTPDevice.objects.get(user=approver)
    response = client.post("/totrin/opsaet/", {"code": code(device), "next": "/indstillinger/"})
    assert response.status_code == 302 and response["Location"] == "/indstillinger/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/indstillinger/").status_code == 200


def test_a_wrong_code_does_not_confirm_the_device(client, approver, require_2fa, clock):
    login(client, approver)
    client.get("/totrin/opsaet/")
    device = TOTPDevice.objects.get(user=approver)
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = client.post("/totrin/opsaet/", {"code": wrong})
    assert response.status_code == 200
    assert "Koden er forkert eller udløbet" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/").status_code == 302


def test_an_enrolled_approver_verifies_after_the_password(client, approver, require_2fa, clock):
    device = enrolled(approver)
    login(client, approver)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/totrin/bekraeft/")
    assert "Totrinsbekræftelse" in response.content.decode()
    response = client.post("/totrin/bekraeft/", {"code": code(device), "next": "/"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_an_old_code_is_refused(client, approver, require_2fa, clock):
    device = enrolled(approver)
    login(client, approver)
    old = code(device)
    clock.shift(timedelta(minutes=5))
    response = client.post("/totrin/bekraeft/", {"code": old})
    assert "Koden er forkert eller udløbet" in response.content.decode()
    assert client.get("/").status_code == 302


def test_repeated_wrong_codes_are_throttled(client, approver, require_2fa, clock):
    device = enrolled(approver)
    login(client, approver)
    right = code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(3):
        client.post("/totrin/bekraeft/", {"code": wrong})
    response = client.post("/totrin/bekraeft/", {"code": right})
    assert "For mange forkerte koder" in response.content.decode()
    assert client.get("/").status_code == 302


def test_the_admin_is_behind_the_second_factor_too(client, admin_user, require_2fa, clock):
    device = enrolled(admin_user)
    login(client, admin_user)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/totrin/bekraeft/?next=%2Fadmin%2F"
    )
    client.post("/totrin/bekraeft/", {"code": code(device)})
    assert client.get("/admin/").status_code == 200


def test_an_administrator_role_needs_it_without_being_superuser(client, glostrup, require_2fa, clock):
    from cases.models import Role

    from . import factories

    administrator = factories.user("anna", Role.ADMINISTRATOR, is_staff=True)
    login(client, administrator)
    assert client.get("/admin/")["Location"].startswith("/totrin/opsaet/")


def test_caseworkers_and_counsellors_need_no_second_factor(
    client, caseworker, counsellor, require_2fa, clock
):
    for user in (caseworker, counsellor):
        login(client, user)
        assert client.get("/").status_code == 200


def test_an_api_call_on_an_unverified_session_is_refused(client, approver, require_2fa, clock):
    enrolled(approver)
    login(client, approver)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 403
    assert "totrinsbekræftelse" in response.json()["detail"]


def test_an_api_token_is_not_asked_for_a_second_factor(client, approver, require_2fa, clock):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=approver)
    response = client.get("/api/v1/cases/", headers={"Authorization": f"Token {token.key}"})
    assert response.status_code == 200


def test_logging_out_works_before_verifying(client, approver, require_2fa, clock):
    enrolled(approver)
    login(client, approver)
    response = client.post("/log-ud/")
    assert response.status_code == 302 and response["Location"] == "/log-ind/"
    assert "_auth_user_id" not in client.session


def test_verify_refuses_to_redirect_off_site(client, approver, require_2fa, clock):
    device = enrolled(approver)
    login(client, approver)
    response = client.post("/totrin/bekraeft/", {"code": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"
