"""Discharge ("Afslut behandling"): the grant ends that day and its cost with it, the follow-ups open, and
a later inquiry by the same citizen within 12 months is a readmission (DOMAIN.md, process steps 8–9)."""

from datetime import date
from decimal import Decimal

import pytest

from cases.models import Case, CaseState, DeadlineKind, DeadlineStatus, DischargeReason
from followups import services
from followups.models import FollowUp, FollowUpStatus, Slot
from visitation.models import Decision

from . import factories
from .conftest import login
from .followup_steps import GRANT_END, discharged, treated
from .visitation_steps import TODAY, api, decide, fresh, recommend

pytestmark = pytest.mark.usefixtures("catalogue")

API = "/api/v1/cases/{}/discharge/"


# --- the service -----------------------------------------------------------------------------------------


def test_discharge_ends_the_grant_on_that_day_and_the_committed_cost_follows(case, counsellor, approver,
                                                                             frozen_today):
    treated(case, counsellor, approver)
    grant = Decision.objects.get(case=case)
    assert grant.committed_cost().total == Decimal("302.00") * 180  # 26 Nov 2026 – 24 May 2027
    frozen_today.move_to(date(2026, 12, 10))

    services.discharge(case=fresh(case), user=counsellor, on=date(2026, 12, 5), reason=DischargeReason.HOSPITAL)

    grant.refresh_from_db()
    assert (grant.end_date, grant.effective_end_date) == (GRANT_END, date(2026, 12, 5))
    assert grant.committed_cost().days == 10
    assert grant.committed_cost().total == Decimal("3020.00")
    assert grant.cost().total == Decimal("302.00") * 180, "the letter keeps what was granted"


def test_a_grant_that_had_not_begun_costs_nothing_after_discharge(case, counsellor, approver, frozen_today):
    """A new tariff decided during treatment from a later day: discharge before it begins binds nothing."""
    treated(case, counsellor, approver)
    frozen_today.move_to(date(2026, 12, 1))
    recommend(fresh(case), counsellor, code="city-udvidet", start=date(2026, 12, 15),
              deviation_reason="Borgerens forbrug er steget; der er brug for flere samtaler.")
    later = decide(case, approver, sent_date=date(2026, 12, 1))

    services.discharge(case=fresh(case), user=counsellor, on=date(2026, 12, 1), reason=DischargeReason.OTHER)

    later.refresh_from_db()
    assert later.effective_end_date == date(2026, 12, 14)
    assert later.committed_cost().total == Decimal("0.00")


def test_discharge_opens_both_followups_for_the_unit_and_cancels_the_period_end(case, counsellor, approver):
    case = discharged(case, counsellor, approver, on=TODAY, reason=DischargeReason.DROPPED_OUT)

    assert case.state == CaseState.DISCHARGED
    assert (case.discharge_date, case.discharge_reason) == (TODAY, DischargeReason.DROPPED_OUT)
    open_deadlines = {d.kind: d.due_date for d in case.deadlines.open()}
    assert open_deadlines == {
        DeadlineKind.FOLLOWUP_1M: date(2026, 12, 26),
        DeadlineKind.FOLLOWUP_6M: date(2027, 5, 26),
        DeadlineKind.COMPLAINT: date(2026, 12, 28),  # the citizen's right to complain is not the unit's to end
    }
    followup = case.deadlines.get(kind=DeadlineKind.FOLLOWUP_1M)
    assert list(followup.responsible_users()) == [counsellor]
    assert "Behandler, KABS City" in followup.responsible_label()
    period = case.deadlines.get(kind=DeadlineKind.TREATMENT_PERIOD_END)
    assert period.status == DeadlineStatus.CANCELLED
    assert period.note == "Behandlingen er afsluttet 26. nov. 2026 – fristen bortfalder."
    assert sorted(FollowUp.objects.filter(case=case).values_list("slot", "due_date", "status")) == [
        (Slot.ONE_MONTH, date(2026, 12, 26), FollowUpStatus.PENDING),
        (Slot.SIX_MONTHS, date(2027, 5, 26), FollowUpStatus.PENDING),
    ]


@pytest.mark.parametrize(
    ("on", "message"),
    [
        pytest.param(date(2026, 11, 25), "Behandlingen kan ikke afsluttes før behandlingsstarten (26. nov. 2026).",
                     id="before-treatment-start"),
        pytest.param(date(2026, 11, 27), "Afslutning af behandlingen kan ikke registreres i fremtiden.",
                     id="tomorrow"),
    ],
)
def test_discharge_outside_start_to_today_is_refused_and_nothing_changes(case, counsellor, approver, on,
                                                                         message):
    treated(case, counsellor, approver)
    before = case.history.count()

    with pytest.raises(Exception) as refused:
        services.discharge(case=fresh(case), user=counsellor, on=on, reason=DischargeReason.OTHER)

    assert refused.value.message_dict == {"date": [message]}
    stored = fresh(case)
    assert (stored.state, stored.discharge_date, stored.history.count()) == (CaseState.IN_TREATMENT, None, before)
    assert Decision.objects.get(case=case).effective_end_date == GRANT_END
    assert not FollowUp.objects.exists()
    assert not stored.deadlines.filter(kind__startswith="followup").exists()
    assert stored.deadlines.get(kind=DeadlineKind.TREATMENT_PERIOD_END).status == DeadlineStatus.OPEN


# --- the page --------------------------------------------------------------------------------------------


def test_the_case_page_offers_afslut_behandling_never_udskriv(client, case, counsellor, approver):
    treated(case, counsellor, approver)
    html = login(client, counsellor).get(f"/sager/{case.pk}/").content.decode()
    assert f'href="/sager/{case.pk}/afslut-behandling/"' in html
    assert "Afslut behandling" in html
    assert "Udskriv" not in html


def test_discharge_through_the_form(client, case, counsellor, approver):
    treated(case, counsellor, approver)
    login(client, counsellor)
    page = client.get(f"/sager/{case.pk}/afslut-behandling/").content.decode()
    assert "Bevillingen slutter på datoen" in page

    response = client.post(f"/sager/{case.pk}/afslut-behandling/", {"date": "2026-11-26", "reason": "completed_reduced"})

    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Behandlingen er afsluttet. Opfølgning efter 1 og 6 måneder er sat i gang." in html
    assert "Opfølgning efter 1 måned" in html and "Opfølgning efter 6 måneder" in html
    assert fresh(case).discharge_reason == DischargeReason.COMPLETED_REDUCED


def test_discharge_form_in_the_future_shows_the_danish_message_and_changes_nothing(client, case, counsellor,
                                                                                   approver):
    treated(case, counsellor, approver)
    response = login(client, counsellor).post(
        f"/sager/{case.pk}/afslut-behandling/", {"date": "2026-11-27", "reason": "other"}
    )
    assert response.status_code == 200
    assert "Afslutning af behandlingen kan ikke registreres i fremtiden." in response.content.decode()
    assert fresh(case).state == CaseState.IN_TREATMENT


# --- the API ---------------------------------------------------------------------------------------------


def test_api_discharge_answers_the_case_with_its_followups(client, case, counsellor, approver):
    treated(case, counsellor, approver)

    response = api(client, counsellor).post(API.format(case.pk), {"date": "2026-11-26", "reason": "hospital"},
                                            content_type="application/json")

    assert response.status_code == 200
    body = response.json()
    assert (body["state"], body["discharge_date"], body["discharge_reason"]) == ("discharged", "2026-11-26", "hospital")
    assert {"kind": "followup_1m", "due_date": "2026-12-26", "status": "open"} in body["deadlines"]
    assert {"kind": "followup_6m", "due_date": "2027-05-26", "status": "open"} in body["deadlines"]
    assert [(f["slot"], f["due_date"], f["status"]) for f in body["followups"]] == [
        ("followup_1m", "2026-12-26", "pending"), ("followup_6m", "2027-05-26", "pending"),
    ]
    assert "record_followup" in body["transitions"]


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        pytest.param({"date": "2026-11-27", "reason": "other"},
                     {"date": ["Afslutning af behandlingen kan ikke registreres i fremtiden."]}, id="future"),
        pytest.param({"date": "2026-11-25", "reason": "other"},
                     {"date": ["Behandlingen kan ikke afsluttes før behandlingsstarten (26. nov. 2026)."]},
                     id="before-start"),
        pytest.param({"date": "2026-11-26", "reason": "cured"}, None, id="unknown-reason"),
        pytest.param({"reason": "other"}, None, id="no-date"),
        pytest.param({"date": "9999-12-31", "reason": "other"}, None, id="absurd-date"),
    ],
)
def test_api_discharge_bad_input_is_400_and_changes_nothing(client, case, counsellor, approver, payload, errors):
    treated(case, counsellor, approver)

    response = api(client, counsellor).post(API.format(case.pk), payload, content_type="application/json")

    assert response.status_code == 400
    if errors:
        assert response.json() == errors
    assert fresh(case).state == CaseState.IN_TREATMENT
    assert not FollowUp.objects.exists()


def test_api_discharge_in_the_wrong_state_is_409(client, case, counsellor):
    response = api(client, counsellor).post(API.format(case.pk), {"date": "2026-11-26", "reason": "other"},
                                            content_type="application/json")
    assert response.status_code == 409
    assert response.json()["state"] == "inquiry"
    assert fresh(case).state == CaseState.INQUIRY


def test_api_discharge_by_the_approver_is_403(client, case, counsellor, approver):
    treated(case, counsellor, approver)
    response = api(client, approver).post(API.format(case.pk), {"date": "2026-11-26", "reason": "other"},
                                          content_type="application/json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Du har ikke adgang til at udføre 'Afslut behandling' på denne sag."}
    assert fresh(case).state == CaseState.IN_TREATMENT


def test_api_discharge_of_another_municipalitys_case_is_404(client, case, counsellor, approver, outsider):
    treated(case, counsellor, approver)
    response = api(client, outsider).post(API.format(case.pk), {"date": "2026-11-26", "reason": "other"},
                                          content_type="application/json")
    assert response.status_code == 404
    assert fresh(case).state == CaseState.IN_TREATMENT


# --- readmission -----------------------------------------------------------------------------------------


@pytest.fixture
def discharged_a_year_ago(case, counsellor, approver, frozen_today):
    """The citizen's earlier case, discharged on 26 November 2025; today is then 26 November 2026 again."""
    frozen_today.move_to(date(2025, 11, 26))
    earlier = factories.case(case.citizen, case.created_by, unit=case.unit, inquiry_date=date(2025, 11, 20))
    discharged(earlier, counsellor, approver, on=date(2025, 11, 26))
    frozen_today.move_to(TODAY)
    Case.objects.filter(pk=case.pk).delete()  # the fixture's own case is not part of this story
    return earlier


@pytest.mark.parametrize(
    ("inquiry", "readmission"),
    [
        pytest.param(date(2025, 11, 26), True, id="the-day-of-discharge"),
        pytest.param(date(2026, 11, 26), True, id="exactly-12-months-after"),
        pytest.param(date(2026, 11, 25), True, id="a-day-inside-12-months"),
    ],
)
def test_a_new_inquiry_within_12_months_of_discharge_is_a_readmission(discharged_a_year_ago, caseworker,
                                                                      city, inquiry, readmission):
    new = factories.case(discharged_a_year_ago.citizen, caseworker, unit=city, inquiry_date=inquiry)
    assert Case.objects.get(pk=new.pk).readmission is readmission


def test_a_discharge_more_than_12_months_before_is_not_a_readmission(case, counsellor, approver, caseworker,
                                                                     frozen_today):
    frozen_today.move_to(date(2025, 11, 25))
    earlier = factories.case(case.citizen, caseworker, unit=case.unit, inquiry_date=date(2025, 11, 20))
    discharged(earlier, counsellor, approver, on=date(2025, 11, 25))
    frozen_today.move_to(TODAY)

    new = factories.case(case.citizen, caseworker, unit=case.unit, inquiry_date=date(2026, 11, 26))

    assert Case.objects.get(pk=new.pk).readmission is False


def test_another_citizens_discharge_does_not_make_a_readmission(discharged_a_year_ago, glostrup, caseworker, city):
    other = factories.citizen(glostrup, cpr="0202801234", name="Anna Holm")
    assert factories.case(other, caseworker, unit=city, inquiry_date=TODAY).readmission is False


def test_readmission_shows_on_the_case_page_in_the_list_and_in_the_api(client, discharged_a_year_ago, caseworker,
                                                                       city):
    new = factories.case(discharged_a_year_ago.citizen, caseworker, unit=city, inquiry_date=TODAY)
    login(client, caseworker)

    assert 'data-testid="readmission">Genindskrivning<' in client.get(f"/sager/{new.pk}/").content.decode()
    home = client.get("/").content.decode()
    assert home.count('data-testid="readmission"') == 1
    api(client, caseworker)
    assert client.get(f"/api/v1/cases/{new.pk}/").json()["readmission"] is True
    assert client.get(f"/api/v1/cases/{discharged_a_year_ago.pk}/").json()["readmission"] is False
