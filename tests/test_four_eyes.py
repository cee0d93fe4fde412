"""Four-eyes (to-personers-princippet): whoever recommended the tariff never decides on it, whichever way in.

Users belong to a municipality or a KABS unit, never both, so the one person who could both recommend and
decide is a superuser: `admin_user` plays that part here.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cases.models import CaseState
from cases.models.states import FOUR_EYES_MESSAGE
from visitation import services
from visitation.models import Decision, Outcome

from .visitation_steps import REASONED, TODAY, api, assess, decide, fresh, recommend

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def recommended_by_admin(case, admin_user):
    assess(case, admin_user)
    recommend(case, admin_user)
    assert fresh(case).recommended_by == admin_user
    return fresh(case)


def assert_undecided(case) -> None:
    case = fresh(case)
    assert case.state == CaseState.RECOMMENDED
    assert case.awaiting_decision is True
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    "outcome, extra",
    [
        (Outcome.GRANTED, {}),
        (Outcome.PARTIALLY_GRANTED, {"end_date": date(2027, 1, 31), **REASONED}),
        (Outcome.REFUSED, REASONED),
    ],
)
def test_the_recommender_cannot_decide_through_the_service(recommended_by_admin, admin_user, outcome, extra):
    with pytest.raises(PermissionDenied) as denied:
        decide(recommended_by_admin, admin_user, outcome=outcome, **extra)

    assert str(denied.value) == FOUR_EYES_MESSAGE
    assert_undecided(recommended_by_admin)


def test_four_eyes_is_not_offered_as_a_next_step(recommended_by_admin, admin_user, approver):
    case = fresh(recommended_by_admin)
    assert not {"grant", "refuse"} & set(case.transitions_for(admin_user))
    assert {"grant", "refuse"} <= set(case.transitions_for(approver))


def test_another_approver_decides_what_the_admin_recommended(recommended_by_admin, approver):
    decision = decide(recommended_by_admin, approver)
    assert decision.decided_by == approver
    assert fresh(recommended_by_admin).state == CaseState.GRANTED


def test_the_recommending_counsellor_cannot_decide(case, counsellor):
    assess(case, counsellor)
    recommend(case, counsellor)

    with pytest.raises(PermissionDenied):
        decide(case, counsellor)

    assert_undecided(case)


def test_the_recommender_of_a_change_during_treatment_cannot_decide_it(
    case, counsellor, approver, caseworker, admin_user
):
    assess(case, counsellor)
    recommend(case, counsellor)
    decide(case, approver)
    services.treatment_start(case=fresh(case), user=caseworker, start=TODAY)
    recommend(case, admin_user, code="city-intensiv", start=date(2026, 12, 10), end=date(2027, 6, 9),
              deviation_reason="Tilbagefald.")

    with pytest.raises(PermissionDenied) as denied:
        decide(case, admin_user)

    assert str(denied.value) == FOUR_EYES_MESSAGE
    assert fresh(case).awaiting_decision is True
    assert Decision.objects.count() == 1
    decide(case, approver)
    assert fresh(case).awaiting_decision is False


def test_four_eyes_applies_per_recommendation(case, counsellor, approver, caseworker, admin_user):
    """The admin recommended the first placement; a counsellor recommends the change, so the admin may decide it."""
    assess(case, admin_user)
    recommend(case, admin_user)
    decide(case, approver)
    services.treatment_start(case=fresh(case), user=caseworker, start=TODAY)
    recommend(case, counsellor, code="city-intensiv", start=date(2026, 12, 10), end=date(2027, 6, 9),
              deviation_reason="Tilbagefald.")

    decision = decide(case, admin_user)

    assert decision.decided_by == admin_user


# --- the UI -------------------------------------------------------------------------------------------------


def test_the_recommender_gets_403_from_the_decision_form_and_nothing_changes(client, recommended_by_admin, admin_user):
    client.force_login(admin_user)
    url = f"/sager/{recommended_by_admin.pk}/afgoerelse/"

    assert client.get(url).status_code == 403
    response = client.post(url, {"outcome": "granted", "reasons": "", "sent_via": "digital_post",
                                 "sent_date": "2026-11-26"})

    assert response.status_code == 403
    assert_undecided(recommended_by_admin)


# --- the API ------------------------------------------------------------------------------------------------


def test_the_recommender_gets_403_with_the_danish_reason_from_the_api(client, recommended_by_admin, admin_user):
    response = api(client, admin_user).post(
        f"/api/v1/cases/{recommended_by_admin.pk}/decision/",
        {"outcome": "granted", "sent_via": "digital_post", "sent_date": "2026-11-26"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json() == {"detail": FOUR_EYES_MESSAGE}
    assert_undecided(recommended_by_admin)


# --- the Django admin ------------------------------------------------------------------------------------------


def test_the_admin_site_offers_no_way_to_add_a_decision(client, recommended_by_admin, admin_user):
    client.force_login(admin_user)

    assert client.get("/admin/visitation/decision/").status_code == 200
    assert client.get("/admin/visitation/decision/add/").status_code == 403
    assert client.post("/admin/visitation/decision/add/", {
        "case": recommended_by_admin.pk, "recommendation": recommended_by_admin.recommendations.get().pk,
        "outcome": "granted", "sent_via": "digital_post", "sent_date": "2026-11-26",
        "received_date": "2026-11-26", "decided_by": admin_user.pk,
    }).status_code == 403
    assert_undecided(recommended_by_admin)


def test_the_admin_site_shows_a_decision_but_cannot_change_it(client, case, counsellor, approver, admin_user):
    assess(case, counsellor)
    recommend(case, counsellor)
    decision = decide(case, approver)
    client.force_login(admin_user)
    url = f"/admin/visitation/decision/{decision.pk}/change/"

    assert client.get(url).status_code == 200  # read-only view
    response = client.post(url, {"outcome": "refused", **REASONED})

    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.outcome == Outcome.GRANTED
    assert decision.decided_by == approver
