"""Treatment start (iværksættelse) settles the 14-day treatment guarantee: met, missed with a recorded reason,
or waived when the citizen freely chose another provider (DOMAIN.md, "The course of a case", step 6)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from cases.models import CaseState, DeadlineKind, DeadlineStatus, Role, TransitionRefused
from visitation import services
from visitation.models import Outcome

from . import factories
from .visitation_steps import (
    GUARANTEE_DUE,
    INQUIRY_DATE,
    REASONED,
    TODAY,
    api,
    assess,
    decide,
    fresh,
    recommend,
    recommended,
)

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def granted_case(case, counsellor, approver):
    recommended(case, counsellor)
    decide(case, approver)
    return fresh(case)


def guarantee(case):
    return fresh(case).deadlines.get(kind=DeadlineKind.TREATMENT_GUARANTEE)


def start(case, user, on: date, **extra):
    return services.treatment_start(case=fresh(case), user=user, start=on, **extra)


def assert_not_started(case) -> None:
    case = fresh(case)
    assert case.state == CaseState.GRANTED
    assert case.treatment_start is None
    assert guarantee(case).status == DeadlineStatus.OPEN
    assert guarantee(case).resolved_on is None


def test_guarantee_due_is_14_days_after_the_inquiry(granted_case):
    assert date(2026, 12, 4) == GUARANTEE_DUE
    assert guarantee(granted_case).due_date == GUARANTEE_DUE


@pytest.mark.parametrize(
    "today, started",
    [
        pytest.param(TODAY, TODAY, id="today-well-within"),
        pytest.param(TODAY, TODAY, id="on-the-first-granted-day"),
        pytest.param(GUARANTEE_DUE, GUARANTEE_DUE, id="on-the-last-day"),
        # The guarantee is a municipal obligation: it is not moved off the weekend (4 Dec 2026 is a Friday,
        # so a start registered later for that Friday is still in time).
        pytest.param(date(2026, 12, 7), GUARANTEE_DUE, id="registered-later-for-the-last-day"),
    ],
)
def test_treatment_started_within_the_guarantee_meets_it(granted_case, caseworker, frozen_today, today, started):
    frozen_today.move_to(today)

    case = start(granted_case, caseworker, started)

    assert fresh(case).state == CaseState.IN_TREATMENT
    assert fresh(case).treatment_start == started
    assert guarantee(case).status == DeadlineStatus.MET
    assert guarantee(case).resolved_on == started


def test_a_start_before_the_granted_period_is_refused(granted_case, caseworker):
    with pytest.raises(ValidationError) as refused:
        start(granted_case, caseworker, TODAY - timedelta(days=1))
    assert refused.value.message_dict["date"] == [
        "Behandlingen kan ikke starte før den bevilgede periode, som begynder 26. nov. 2026."
    ]
    assert_not_started(granted_case)


def test_the_counsellor_may_register_the_start(granted_case, counsellor):
    start(granted_case, counsellor, TODAY)
    assert fresh(granted_case).state == CaseState.IN_TREATMENT


def test_a_start_after_the_guarantee_needs_a_reason_naming_the_due_date(granted_case, caseworker, frozen_today):
    frozen_today.move_to(date(2026, 12, 10))

    with pytest.raises(ValidationError) as refused:
        start(granted_case, caseworker, date(2026, 12, 8))

    assert refused.value.message_dict["exceed_reason"] == [
        "Behandlingsgarantien udløb 4. dec. 2026. Angiv begrundelsen for, at fristen er overskredet."
    ]
    assert_not_started(granted_case)


def test_a_blank_reason_is_no_reason(granted_case, caseworker, frozen_today):
    frozen_today.move_to(date(2026, 12, 10))
    with pytest.raises(ValidationError):
        start(granted_case, caseworker, date(2026, 12, 8), exceed_reason="   ")
    assert_not_started(granted_case)


def test_a_start_after_the_guarantee_with_a_reason_records_it_as_missed(granted_case, caseworker, frozen_today):
    frozen_today.move_to(date(2026, 12, 10))
    reason = "Borgeren var indlagt på hospitalet 1.–7. december."

    start(granted_case, caseworker, date(2026, 12, 8), exceed_reason=reason)

    case = fresh(granted_case)
    assert case.state == CaseState.IN_TREATMENT
    assert case.guarantee_exceed_reason == reason
    assert (guarantee(case).status, guarantee(case).note) == (DeadlineStatus.MISSED, reason)
    assert guarantee(case).resolved_on == date(2026, 12, 8)


@pytest.mark.parametrize("today, started", [(TODAY, TODAY), (date(2026, 12, 10), date(2026, 12, 9))])
def test_free_choice_of_provider_waives_the_guarantee(granted_case, caseworker, frozen_today, today, started):
    frozen_today.move_to(today)

    start(granted_case, caseworker, started, free_choice_provider="  Behandlingscenter Nord  ")

    case = fresh(granted_case)
    assert case.state == CaseState.IN_TREATMENT
    assert case.free_choice_provider == "Behandlingscenter Nord"
    assert guarantee(case).status == DeadlineStatus.WAIVED
    assert guarantee(case).note == "Borgeren har valgt et andet tilbud: Behandlingscenter Nord"


@pytest.mark.parametrize(
    "started, message",
    [
        (INQUIRY_DATE - timedelta(days=1), "Behandlingen kan ikke starte før henvendelsesdatoen."),
        (TODAY + timedelta(days=1), "Behandlingsstart kan ikke registreres i fremtiden."),
    ],
)
def test_a_start_before_the_inquiry_or_in_the_future_is_refused(granted_case, caseworker, started, message):
    with pytest.raises(ValidationError) as refused:
        start(granted_case, caseworker, started)
    assert refused.value.message_dict["date"] == [message]
    assert_not_started(granted_case)


def test_a_start_after_the_granted_period_is_refused(case, counsellor, approver, caseworker, frozen_today):
    recommended(case, counsellor, start=TODAY, end=date(2026, 11, 30))
    decide(case, approver)
    frozen_today.move_to(date(2026, 12, 2))

    with pytest.raises(ValidationError) as refused:
        start(case, caseworker, date(2026, 12, 1))

    assert refused.value.message_dict["date"] == ["Bevillingen gælder kun til 30. nov. 2026."]
    assert_not_started(case)


def test_a_partial_grant_limits_the_start_to_its_shorter_period(case, counsellor, approver, caseworker, frozen_today):
    recommended(case, counsellor, start=TODAY, end=date(2026, 12, 31))
    decide(case, approver, outcome=Outcome.PARTIALLY_GRANTED, **REASONED, end_date=date(2026, 12, 1))
    frozen_today.move_to(date(2026, 12, 3))

    with pytest.raises(ValidationError) as refused:
        start(case, caseworker, date(2026, 12, 2))

    assert refused.value.message_dict["date"] == ["Bevillingen gælder kun til 1. dec. 2026."]


def test_no_treatment_start_after_a_refusal(case, counsellor, approver, caseworker, frozen_today):
    recommended(case, counsellor)
    decide(case, approver, outcome=Outcome.REFUSED, **REASONED)

    with pytest.raises(TransitionRefused):
        start(case, caseworker, TODAY)

    assert fresh(case).state == CaseState.REFUSED
    assert guarantee(case).status == DeadlineStatus.CANCELLED


def alcohol_case_granted(citizen, caseworker, alkohol, approver):
    therapist = factories.user("alma", Role.COUNSELLOR, unit=alkohol)
    case = factories.case(citizen, caseworker, substance="alcohol", unit=alkohol)
    assess(case, therapist, primary_substance="alcohol")
    recommend(case, therapist, code="alkohol-basis")
    decide(case, approver)
    return case, therapist


def test_alcohol_treatment_start_within_14_days_meets_the_guarantee(citizen, caseworker, alkohol, approver,
                                                                    frozen_today):
    case, therapist = alcohol_case_granted(citizen, caseworker, alkohol, approver)
    frozen_today.move_to(date(2026, 12, 4))

    start(case, therapist, date(2026, 12, 4))

    assert guarantee(case).due_date == INQUIRY_DATE + timedelta(days=14) == date(2026, 12, 4)
    assert guarantee(case).status == DeadlineStatus.MET
    assert fresh(case).deadlines.filter(kind=DeadlineKind.TREATMENT_GUARANTEE).count() == 1


def test_alcohol_treatment_start_after_14_days_needs_a_reason(citizen, caseworker, alkohol, approver,
                                                               frozen_today):
    """Sundhedsloven § 141, stk. 2: 14 days, not the 28 days of the kortlægning tariff."""
    case, therapist = alcohol_case_granted(citizen, caseworker, alkohol, approver)
    frozen_today.move_to(date(2026, 12, 18))

    with pytest.raises(ValidationError) as refused:
        start(case, therapist, date(2026, 12, 18))

    assert refused.value.message_dict["exceed_reason"][0].startswith("Behandlingsgarantien udløb 4. dec. 2026.")


# --- the API ---------------------------------------------------------------------------------------------------


def test_api_treatment_start_returns_the_case_with_its_deadlines(client, granted_case, caseworker):
    response = api(client, caseworker).post(
        f"/api/v1/cases/{granted_case.pk}/treatment-start/", {"date": "2026-11-26"}, content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "in_treatment"
    assert body["treatment_start"] == "2026-11-26"
    assert {"kind": "treatment_guarantee", "due_date": "2026-12-04", "status": "met"} in body["deadlines"]
    assert {"kind": "complaint", "due_date": "2026-12-28", "status": "open"} in body["deadlines"]
    assert {"kind": "treatment_period_end", "due_date": "2027-05-24", "status": "open"} in body["deadlines"]
    assert "discharge" in body["transitions"]


def test_api_treatment_start_after_the_guarantee_without_reason_is_400(client, granted_case, caseworker,
                                                                       frozen_today):
    frozen_today.move_to(date(2026, 12, 10))
    response = api(client, caseworker).post(
        f"/api/v1/cases/{granted_case.pk}/treatment-start/", {"date": "2026-12-08"}, content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "exceed_reason": ["Behandlingsgarantien udløb 4. dec. 2026. Angiv begrundelsen for, at fristen er overskredet."]
    }
    assert_not_started(granted_case)


def test_api_treatment_start_in_the_wrong_state_is_409(client, case, counsellor, caseworker):
    recommended(case, counsellor)

    response = api(client, caseworker).post(
        f"/api/v1/cases/{case.pk}/treatment-start/", {"date": "2026-11-26"}, content_type="application/json",
    )

    assert response.status_code == 409
    body = response.json()
    assert body["state"] == "recommended"
    assert body["detail"] == (
        "Handlingen 'Registrér behandlingsstart' er ikke mulig, når sagen har status 'Indstillet'."
    )
    assert set(body["allowed"]) == {"grant", "refuse", "withdraw"}
    assert fresh(case).treatment_start is None


def test_api_treatment_start_by_an_approver_is_403(client, granted_case, approver):
    response = api(client, approver).post(
        f"/api/v1/cases/{granted_case.pk}/treatment-start/", {"date": "2026-11-26"}, content_type="application/json",
    )
    assert response.status_code == 403
    assert_not_started(granted_case)
