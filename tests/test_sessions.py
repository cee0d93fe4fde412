"""Sessions end after 30 idle minutes and, however busy, 8 hours after the login."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from .conftest import login

MORNING = datetime(2026, 11, 26, 8, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


def test_a_session_survives_29_idle_minutes(client, caseworker, clock):
    login(client, caseworker)
    assert client.get("/").status_code == 200
    clock.shift(timedelta(minutes=29))
    assert client.get("/").status_code == 200


def test_31_idle_minutes_end_the_session_with_a_danish_note_on_the_login_page(client, caseworker, clock):
    login(client, caseworker)
    client.get("/")
    clock.shift(timedelta(minutes=31))
    response = client.get("/borgere/soeg/", follow=True)
    assert response.redirect_chain[-1][0] == "/log-ind/?next=%2Fborgere%2Fsoeg%2F"
    assert "_auth_user_id" not in client.session
    assert "ikke har været aktiv i 30 minutter" in response.content.decode()


def test_activity_keeps_the_session_alive_until_the_absolute_limit(client, caseworker, clock):
    login(client, caseworker)
    for _ in range(7 * 3 + 2):  # a request every 20 minutes for 7 h 40 min
        assert client.get("/").status_code == 200
        clock.shift(timedelta(minutes=20))
    assert client.get("/").status_code == 200  # 7 h 40 min after the login
    clock.shift(timedelta(minutes=21))
    response = client.get("/", follow=True)  # 8 h 1 min
    assert response.redirect_chain and "_auth_user_id" not in client.session
    assert "logget ind i over 8 timer" in response.content.decode()


def test_the_timeouts_come_from_the_settings(client, caseworker, clock, settings):
    from datetime import timedelta as td

    settings.SESSION_IDLE_TIMEOUT = td(minutes=5)
    login(client, caseworker)
    client.get("/")
    clock.shift(timedelta(minutes=6))
    response = client.get("/", follow=True)
    assert "ikke har været aktiv i 5 minutter" in response.content.decode()


def test_an_htmx_request_after_the_timeout_loads_the_login_page_whole(client, caseworker, clock):
    login(client, caseworker)
    client.get("/")
    clock.shift(timedelta(minutes=31))
    response = client.get("/borgere/soeg/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/log-ind/")


def test_an_api_call_with_a_timed_out_session_is_401(client, caseworker, clock):
    login(client, caseworker)
    assert client.get("/api/v1/cases/").status_code == 200
    clock.shift(timedelta(minutes=31))
    response = client.get("/api/v1/cases/")
    assert response.status_code == 401
    assert response.json()["detail"] == "Din session er udløbet. Log ind igen."


def test_a_form_posted_after_the_timeout_lands_on_the_login_page_without_a_next(
    client, caseworker, citizen, clock
):
    login(client, caseworker)
    client.get("/")
    clock.shift(timedelta(minutes=31))
    response = client.post(f"/borgere/{citizen.pk}/henvendelse/", {})
    assert response.status_code == 302 and response["Location"] == "/log-ind/"


def test_the_session_cookie_lives_as_long_as_the_longest_session(settings):
    # The server must still recognise a timed-out session to say why it ended.
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
