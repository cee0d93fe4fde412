"""Caseworkers correct a citizen's name and address in the UI ("Ret oplysninger"), with history.

The CPR number is not editable there and never shown in clear; another municipality's citizen answers 404;
a role without cases.change_citizen answers 403. Stale forms: tests/test_concurrent_edits.py.
"""

import pytest

from cases.models import Citizen, Role

from . import factories
from .conftest import login

CPR, CPR_DASHED = "0101901234", "010190-1234"


def edit_url(citizen) -> str:
    return f"/borgere/{citizen.pk}/ret/"


def form_data(citizen, **changes) -> dict:
    """What the edit form posts: the fields plus the version it was loaded with."""
    return {"name": citizen.name, "address": citizen.address, "loaded_version": citizen.version, **changes}


def full_cpr_in(html: str) -> bool:
    return CPR in html or CPR_DASHED in html


@pytest.fixture
def citizen(glostrup):
    return factories.citizen(glostrup, cpr=CPR, name="Mads Jensen", address="Hovedvejen 12\n2600 Glostrup")


# --- the caseworker of the citizen's municipality -----------------------------------------------------------


def test_the_citizen_page_offers_ret_oplysninger_to_the_caseworker(client, caseworker, citizen):
    html = login(client, caseworker).get(f"/borgere/{citizen.pk}/").content.decode()

    assert f'href="{edit_url(citizen)}"' in html
    assert "Ret oplysninger" in html


def test_the_edit_page_shows_name_and_address_and_the_cpr_masked_not_editable(client, caseworker, citizen):
    response = login(client, caseworker).get(edit_url(citizen))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Ret oplysninger</h1>" in html
    assert 'name="name" value="Mads Jensen"' in html
    assert "Hovedvejen 12" in html
    assert "010190-xxxx" in html
    assert not full_cpr_in(html)
    assert 'name="cpr"' not in html
    assert f'name="loaded_version" value="{citizen.version}"' in html


def test_caseworker_corrects_name_and_address(client, caseworker, citizen):
    response = login(client, caseworker).post(
        edit_url(citizen), form_data(citizen, name="Mads Juhl Jensen", address="Stationsvej 8\n2600 Glostrup")
    )

    assert response.status_code == 302
    assert response["Location"] == f"/borgere/{citizen.pk}/"
    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.name, stored.address) == ("Mads Juhl Jensen", "Stationsvej 8\n2600 Glostrup")
    assert stored.cpr == CPR
    assert stored.version == citizen.version + 1
    page = client.get(response["Location"]).content.decode()
    assert "Navn og adresse er rettet." in page


def test_the_correction_is_in_the_history_with_the_acting_user(client, caseworker, citizen):
    login(client, caseworker).post(edit_url(citizen), form_data(citizen, address="Stationsvej 8"))

    latest = Citizen.objects.get(pk=citizen.pk).history.first()
    assert latest.history_type == "~"
    assert latest.history_user == caseworker
    assert latest.address == "Stationsvej 8"


def test_the_citizen_page_shows_the_change_history_without_the_cpr(client, caseworker, citizen):
    caseworker.first_name, caseworker.last_name = "Sara", "Sagsbehandler"
    caseworker.save()
    login(client, caseworker).post(edit_url(citizen), form_data(citizen, name="Mads Juhl Jensen", address="Ny vej 1"))

    html = client.get(f"/borgere/{citizen.pk}/").content.decode()

    history = html[html.index('data-testid="citizen-history"'):]
    assert "Sara Sagsbehandler" in history
    assert "Rettet: Navn, Adresse" in history
    assert "Oprettet" in history  # the factory's creation, the first entry
    assert not full_cpr_in(html)
    assert Citizen.objects.get(pk=citizen.pk).change_history()[0]["fields"] == ["Navn", "Adresse"]


def test_the_history_never_names_a_value(client, caseworker, citizen):
    login(client, caseworker).post(edit_url(citizen), form_data(citizen, address="Hemmelig Allé 7"))

    html = client.get(f"/borgere/{citizen.pk}/").content.decode()
    history = html[html.index('data-testid="citizen-history"'):]

    assert "Rettet: Adresse" in history
    assert "Hovedvejen" not in history  # the old value: field names only


def test_a_posted_cpr_is_ignored(client, caseworker, citizen):
    login(client, caseworker).post(edit_url(citizen), form_data(citizen, name="Mads J.", cpr="0202801234"))

    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.name, stored.cpr) == ("Mads J.", CPR)


def test_submitting_without_changes_writes_nothing(client, caseworker, citizen):
    records = citizen.history.count()

    response = login(client, caseworker).post(edit_url(citizen), form_data(citizen), follow=True)

    assert "Du har ikke rettet noget, så intet er gemt." in response.content.decode()
    stored = Citizen.objects.get(pk=citizen.pk)
    assert stored.version == citizen.version
    assert stored.history.count() == records


def test_an_empty_name_is_refused_in_danish_and_keeps_the_address_typed(client, caseworker, citizen):
    response = login(client, caseworker).post(edit_url(citizen), form_data(citizen, name="", address="Ny vej 1"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Dette felt er påkrævet." in html
    assert "Ny vej 1" in html
    assert Citizen.objects.get(pk=citizen.pk).address == "Hovedvejen 12\n2600 Glostrup"


def test_a_form_without_its_version_is_refused(client, caseworker, citizen):
    data = form_data(citizen, name="Mads Juhl Jensen")
    del data["loaded_version"]

    response = login(client, caseworker).post(edit_url(citizen), data)

    assert response.status_code == 200
    assert Citizen.objects.get(pk=citizen.pk).name == "Mads Jensen"


def test_an_anonymous_citizen_can_be_renamed(client, caseworker, glostrup):
    anonymous = factories.citizen(glostrup, cpr=None, name="Anonym 17")

    response = login(client, caseworker).post(edit_url(anonymous), form_data(anonymous, name="Anonym 17 (City)"))

    assert response.status_code == 302
    stored = Citizen.objects.get(pk=anonymous.pk)
    assert (stored.name, stored.cpr, stored.anonymous) == ("Anonym 17 (City)", None, True)


def test_a_second_caseworker_of_the_municipality_may_correct_too(client, glostrup, citizen):
    colleague = factories.user("signe", Role.CASEWORKER, municipality=glostrup)

    response = login(client, colleague).post(edit_url(citizen), form_data(citizen, name="Mads Juhl Jensen"))

    assert response.status_code == 302


# --- everyone else ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_outsider_gets_404(client, outsider, citizen, method):
    # A GET carries no form (its query string would hold the address's line break, which the guard refuses).
    data = form_data(citizen, name="Overtaget") if method == "post" else None
    response = getattr(login(client, outsider), method)(edit_url(citizen), data)

    assert response.status_code == 404
    assert Citizen.objects.get(pk=citizen.pk).name == "Mads Jensen"


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_counsellor_gets_403_though_the_citizen_is_visible_through_a_case(
    client, counsellor, citizen, case, method
):
    assert login(client, counsellor).get(f"/borgere/{citizen.pk}/").status_code == 200

    data = form_data(citizen, name="Rettet af KABS") if method == "post" else None
    response = getattr(client, method)(edit_url(citizen), data)

    assert response.status_code == 403
    assert Citizen.objects.get(pk=citizen.pk).name == "Mads Jensen"


def test_an_approver_gets_403(client, approver, citizen):
    response = login(client, approver).post(edit_url(citizen), form_data(citizen, name="Rettet af godkender"))

    assert response.status_code == 403
    assert Citizen.objects.get(pk=citizen.pk).name == "Mads Jensen"


def test_the_citizen_page_does_not_offer_the_edit_to_those_who_may_not(client, counsellor, approver, citizen, case):
    for person in (counsellor, approver):
        html = login(client, person).get(f"/borgere/{citizen.pk}/").content.decode()
        assert edit_url(citizen) not in html
        assert "Ret oplysninger" not in html


def test_anonymous_visitors_are_sent_to_log_in(client, citizen):
    response = client.get(edit_url(citizen))

    assert response.status_code == 302
    assert response["Location"].startswith("/log-ind/")


def test_an_address_sent_back_with_browser_line_breaks_is_not_a_change(client, caseworker, citizen):
    """Browsers send a textarea's line breaks as CRLF; that alone must not count as a correction."""
    response = login(client, caseworker).post(
        edit_url(citizen), form_data(citizen, address="Hovedvejen 12\r\n2600 Glostrup"), follow=True
    )

    assert "Du har ikke rettet noget, så intet er gemt." in response.content.decode()
    assert Citizen.objects.get(pk=citizen.pk).version == citizen.version


def test_a_corrected_address_is_stored_with_plain_line_breaks(client, caseworker, citizen):
    login(client, caseworker).post(edit_url(citizen), form_data(citizen, address="Stationsvej 8\r\n2600 Glostrup"))

    assert Citizen.objects.get(pk=citizen.pk).address == "Stationsvej 8\n2600 Glostrup"
