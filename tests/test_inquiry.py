"""Registering an inquiry in the UI, and the case page's actions for what the user may do now."""

import re

import pytest

from cases.models import Case, CaseState, DeadlineStatus

from .conftest import login

STATE_BADGE = re.compile(r'data-testid="case-state">([^<]*)<')


def form_data(city=None, **changes):
    data = {
        "inquiry_date": "2026-11-20",
        "substance": "drugs",
        "channel": "phone",
        "unit": city.pk if city else "",
        "summary": "Borgeren ringede selv og ønsker hjælp til at stoppe med kokain.",
    }
    return {**data, **changes}


def state_badge(html: str) -> str:
    return STATE_BADGE.search(html).group(1)


def test_inquiry_form_is_shown_with_today_as_default(client, caseworker, citizen, frozen_today):
    page = login(client, caseworker).get(f"/borgere/{citizen.pk}/henvendelse/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Registrér henvendelse" in html
    assert 'value="2026-11-26"' in html
    assert "Ikke henvist endnu" in html


def test_caseworker_registers_an_inquiry_and_sees_the_case_with_its_guarantee(
    client, caseworker, citizen, city, frozen_today
):
    response = login(client, caseworker).post(f"/borgere/{citizen.pk}/henvendelse/", form_data(city))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/sager/{case.pk}/"
    assert (case.citizen, case.municipality, case.unit, case.created_by) == (
        citizen,
        citizen.municipality,
        city,
        caseworker,
    )
    page = client.get(response["Location"]).content.decode()
    assert state_badge(page) == "Henvendelse"
    assert "Henvendelsen er registreret. Behandlingsgarantien løber fra henvendelsesdatoen." in page
    assert "Behandlingsgaranti" in page
    assert "<td>04.12.2026</td>" in page
    assert '<span data-testid="days-left">8 dage tilbage</span>' in page
    assert "Henvendelse registreret" in page  # the timeline's first event


def test_alcohol_inquiry_shows_the_14_day_guarantee_under_sundhedsloven(client, caseworker, citizen, alkohol,
                                                                        frozen_today):
    login(client, caseworker).post(
        f"/borgere/{citizen.pk}/henvendelse/", form_data(substance="alcohol", unit=alkohol.pk)
    )
    page = client.get(f"/sager/{Case.objects.get().pk}/").content.decode()
    assert "Behandlingsgaranti" in page
    assert "Kortlægning" not in page
    assert "<td>04.12.2026</td>" in page
    assert "8 dage tilbage" in page
    assert legal_reference(page).startswith("Sundhedsloven § 141, stk. 2")


def test_drug_inquiry_shows_the_guarantee_under_serviceloven(client, caseworker, citizen, city, frozen_today):
    login(client, caseworker).post(f"/borgere/{citizen.pk}/henvendelse/", form_data(city))
    page = client.get(f"/sager/{Case.objects.get().pk}/").content.decode()
    assert legal_reference(page).startswith("Serviceloven § 101, stk. 4")


def legal_reference(page: str) -> str:
    return page.split('data-testid="legal-reference">', 1)[1].split("<", 1)[0]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param(
            {"inquiry_date": "2026-11-27"}, "Henvendelsesdatoen kan ikke ligge i fremtiden.", id="tomorrow"
        ),
        pytest.param(
            {"inquiry_date": "1989-12-31"},
            "Henvendelsesdatoen ligger før borgerens fødselsdato.",
            id="before-birth",
        ),
        pytest.param(
            {"substance": "alcohol"},
            "Enheden behandler ikke det valgte rusmiddelområde.",
            id="drug-unit-for-alcohol",
        ),
    ],
)
def test_invalid_inquiry_shows_the_danish_error_keeps_the_input_and_creates_nothing(
    client, caseworker, citizen, city, frozen_today, changes, message
):
    data = form_data(city, **changes)
    response = login(client, caseworker).post(f"/borgere/{citizen.pk}/henvendelse/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{data["inquiry_date"]}"' in html
    assert data["summary"] in html
    assert f'<option value="{city.pk}" selected>' in html
    assert not Case.objects.exists()


@pytest.mark.parametrize("persona", ["approver", "counsellor"])
def test_only_caseworkers_may_register_inquiries(client, request, citizen, city, frozen_today, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get(f"/borgere/{citizen.pk}/henvendelse/").status_code == 403
    assert client.post(f"/borgere/{citizen.pk}/henvendelse/", form_data(city)).status_code == 403
    assert not Case.objects.exists()


def test_citizen_page_offers_registration_to_the_caseworker_only(client, caseworker, approver, citizen):
    link = f'href="/borgere/{citizen.pk}/henvendelse/"'
    assert link in login(client, caseworker).get(f"/borgere/{citizen.pk}/").content.decode()
    assert link not in login(client, approver).get(f"/borgere/{citizen.pk}/").content.decode()


# --- the case page's actions --------------------------------------------------------------------------------


def test_case_page_offers_the_caseworker_withdraw_in_inquiry(client, caseworker, case):
    html = login(client, caseworker).get(f"/sager/{case.pk}/").content.decode()
    assert "Træk henvendelsen tilbage" in html
    assert f'href="/sager/{case.pk}/traek-tilbage/"' in html
    assert f"/sager/{case.pk}/afslut-sagen/" not in html
    assert f"/sager/{case.pk}/afgoerelse/" not in html  # deciding is the approver's, and not yet


def test_case_page_tells_the_approver_there_is_nothing_to_do_yet(client, approver, case):
    html = login(client, approver).get(f"/sager/{case.pk}/").content.decode()
    assert "Du kan ikke foretage dig noget på sagen i den nuværende status (henvendelse)." in html
    assert "Træk henvendelsen tilbage" not in html


def test_withdraw_asks_for_confirmation_first_and_changes_nothing_on_the_way(client, caseworker, case):
    response = login(client, caseworker).get(f"/sager/{case.pk}/traek-tilbage/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Er du sikker?" in html
    assert "Behandlingsgaranti, senest 4. dec. 2026" in html  # what will lapse, named
    assert "Bekræft: træk henvendelsen tilbage" in html
    assert Case.objects.get(pk=case.pk).state == CaseState.INQUIRY


def test_withdraw_with_a_reason_withdraws_the_case_and_cancels_the_guarantee(client, caseworker, case):
    response = login(client, caseworker).post(
        f"/sager/{case.pk}/traek-tilbage/", {"reason": "Borgeren har fået hjælp i egen læge-regi."}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/sager/{case.pk}/"
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == CaseState.WITHDRAWN
    assert stored.withdrawal_reason == "Borgeren har fået hjælp i egen læge-regi."
    assert stored.deadlines.get().status == DeadlineStatus.CANCELLED
    record = stored.history.order_by("-history_date", "-history_id").first()
    assert (record.history_change_reason, record.history_user) == ("withdraw", caseworker)
    page = client.get(response["Location"]).content.decode()
    assert state_badge(page) == "Trukket tilbage"
    assert "Henvendelsen er trukket tilbage, og sagens åbne frister er annulleret." in page
    assert "Borgeren har fået hjælp i egen læge-regi." in page
    assert "Annulleret" in page
    assert f'href="/sager/{case.pk}/afslut-sagen/"' in page  # a withdrawn case can now be closed


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        pytest.param("   ", "Skriv, hvorfor henvendelsen trækkes tilbage.", id="blank"),
        pytest.param("x" * 501, "Begrundelsen må højst være 500 tegn (den er 501).", id="too-long"),
    ],
)
def test_withdraw_without_a_proper_reason_is_refused_and_changes_nothing(client, caseworker, case, reason, message):
    response = login(client, caseworker).post(f"/sager/{case.pk}/traek-tilbage/", {"reason": reason})

    assert response.status_code == 200
    assert message in response.content.decode()
    stored = Case.objects.get(pk=case.pk)
    assert (stored.state, stored.withdrawal_reason, stored.history.count()) == (CaseState.INQUIRY, "", 1)
    assert stored.deadlines.get().status == DeadlineStatus.OPEN


def test_close_from_inquiry_is_refused_with_the_danish_reason_and_changes_nothing(client, caseworker, case):
    response = login(client, caseworker).post(
        f"/sager/{case.pk}/afslut-sagen/", {"reason": "Forkert oprettet."}, follow=True
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Handlingen &#x27;Afslut sagen&#x27; er ikke mulig, når sagen har status &#x27;Henvendelse&#x27;."
        in html
    )
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == CaseState.INQUIRY
    assert stored.history.count() == 1
    assert stored.deadlines.get().status == DeadlineStatus.OPEN
    assert state_badge(html) == "Henvendelse"


def test_approver_withdraw_post_is_refused_with_the_danish_reason(client, approver, case):
    response = login(client, approver).post(
        f"/sager/{case.pk}/traek-tilbage/", {"reason": "Forkert oprettet."}, follow=True
    )
    html = response.content.decode()
    assert "Du har ikke adgang til at udføre &#x27;Træk henvendelsen tilbage&#x27; på denne sag." in html
    assert Case.objects.get(pk=case.pk).state == CaseState.INQUIRY


@pytest.mark.parametrize("name", ["start_assessment", "discharge", "withdraw", "close", "delete"])
def test_no_step_acts_on_one_click_without_its_page(client, caseworker, case, name):
    """Every step has its page (input, or confirmation and a reason): there is no bare action to POST."""
    response = login(client, caseworker).post(f"/sager/{case.pk}/handling/{name}/")
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).state == CaseState.INQUIRY


@pytest.mark.usefixtures("catalogue")
def test_a_refused_case_shows_its_guarantee_cancelled_not_counting_down(client, case, counsellor, approver,
                                                                        caseworker):
    from visitation.models import Outcome

    from .visitation_steps import REASONED, decide, recommended

    recommended(case, counsellor)
    decide(case, approver, outcome=Outcome.REFUSED, **REASONED)

    page = login(client, caseworker).get(f"/sager/{case.pk}/").content.decode()
    assert '<span data-testid="deadline-status">Annulleret</span>' in page
    assert "Afslag truffet 26. nov. 2026 – garantien bortfalder." in page
    assert "dage tilbage" not in page.split("<h2>Frister</h2>", 1)[1].split("Klagefrist", 1)[0]
    citizen_page = client.get(f"/borgere/{case.citizen_id}/").content.decode()
    assert "Annulleret" in citizen_page
    assert "8 dage tilbage" not in citizen_page
