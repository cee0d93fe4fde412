"""Anonymous treatment and anonymous citizens go together (issue 8, DOMAIN.md): a citizen without a CPR number
can only be placed on § 101 a treatment (or alcohol treatment, which § 141, stk. 7 lets be anonymous), and
§ 101 a treatment only on an anonymous citizen. A refused placement saves nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from cases.models import CaseState, Role
from visitation.models import Outcome, Recommendation

from . import factories
from .visitation_steps import TODAY, api, assess, counts, decide, fresh, recommend

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def anonymous_case(glostrup, caseworker, city, frozen_today):
    citizen = factories.citizen(glostrup, cpr=None, name="K.")
    return factories.case(citizen, caseworker, unit=city)


def test_an_anonymous_citizen_is_proposed_anonymous_treatment(anonymous_case, counsellor):
    assessment = assess(anonymous_case, counsellor)
    assert assessment.proposed_tariff(TODAY).code == "city-anonym"


def test_an_anonymous_citizen_gets_anonymous_treatment(anonymous_case, counsellor):
    assess(anonymous_case, counsellor)
    recommendation = recommend(anonymous_case, counsellor, code="city-anonym", end=TODAY + timedelta(days=111))
    assert recommendation.tariff.code == "city-anonym"
    assert fresh(anonymous_case).state == CaseState.RECOMMENDED


def test_an_anonymous_citizen_cannot_be_placed_on_a_tariff_that_needs_identity(anonymous_case, counsellor):
    assess(anonymous_case, counsellor)
    with pytest.raises(ValidationError) as refused:
        recommend(anonymous_case, counsellor, code="city-basis")
    assert "Borgeren er anonym (uden CPR-nummer)" in refused.value.message_dict["tariff"][0]
    assert not Recommendation.objects.exists()
    assert fresh(anonymous_case).state == CaseState.ASSESSMENT


def test_anonymous_treatment_is_refused_for_a_citizen_known_by_cpr(case, counsellor):
    assess(case, counsellor)
    with pytest.raises(ValidationError) as refused:
        recommend(case, counsellor, code="city-anonym", end=TODAY + timedelta(days=111))
    assert "kan kun gives til en anonym borger" in refused.value.message_dict["tariff"][0]
    assert not Recommendation.objects.exists()


def test_the_api_answers_400_on_the_tariff(client, case, counsellor):
    from rest_framework.authtoken.models import Token

    assess(case, counsellor)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=counsellor).key}"
    response = client.post(
        f"/api/v1/cases/{case.pk}/recommendation/",
        {
            "tariff": "city-anonym",
            "start_date": TODAY.isoformat(),
            "end_date": (TODAY + timedelta(days=100)).isoformat(),
            "justification": "Ønsker anonym behandling.",
            "plan": {"goals": ["Ophør"]},
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "kan kun gives til en anonym borger" in response.json()["tariff"][0]
    assert not Recommendation.objects.exists()


# --- both directions at the decision too: a partial grant cannot swap anonymity in or out (issue 8) -------------


def test_a_partial_grant_cannot_give_anonymous_treatment_to_a_citizen_known_by_cpr(case, counsellor, approver):
    assess(case, counsellor)
    recommend(case, counsellor, code="city-udvidet", deviation_reason="Behovet er større end foreslået.")
    before = counts()

    with pytest.raises(ValidationError) as refused:
        decide(case, approver, outcome=Outcome.PARTIALLY_GRANTED, reasons="Et kortere anonymt forløb er nok.",
               tariff_code="city-anonym", end_date=TODAY + timedelta(days=100))

    assert "kan kun gives til en anonym borger" in refused.value.message_dict["tariff"][0]
    assert counts() == before
    assert fresh(case).state == CaseState.RECOMMENDED


def test_a_partial_grant_cannot_give_an_anonymous_citizen_treatment_that_needs_identity(
    anonymous_case, counsellor, approver
):
    assess(anonymous_case, counsellor)
    recommend(anonymous_case, counsellor, code="city-anonym", end=TODAY + timedelta(days=111))
    before = counts()

    with pytest.raises(ValidationError) as refused:
        decide(anonymous_case, approver, outcome=Outcome.PARTIALLY_GRANTED, reasons="Ambulant behandling.",
               sent_via="handed_over", tariff_code="city-basis", end_date=TODAY + timedelta(days=60))

    assert "Borgeren er anonym (uden CPR-nummer)" in refused.value.message_dict["tariff"][0]
    assert counts() == before
    assert fresh(anonymous_case).state == CaseState.RECOMMENDED


def test_the_api_refuses_such_a_partial_grant_with_400(client, case, counsellor, approver):
    assess(case, counsellor)
    recommend(case, counsellor, code="city-udvidet", deviation_reason="Behovet er større end foreslået.")

    response = api(client, approver).post(f"/api/v1/cases/{case.pk}/decision/", {
        "outcome": "partially_granted", "reasons": "Anonymt forløb.", "facts": "Lav belastning.",
        "considerations": "Et kortere forløb er nok.", "sent_via": "digital_post", "sent_date": TODAY.isoformat(),
        "tariff": "city-anonym", "end_date": (TODAY + timedelta(days=100)).isoformat(),
    }, content_type="application/json")

    assert response.status_code == 400
    assert "kan kun gives til en anonym borger" in response.json()["tariff"][0]
    assert counts()["decisions"] == 0


def test_an_anonymous_citizen_may_have_alcohol_treatment(glostrup, caseworker, alkohol, approver, frozen_today):
    """Sundhedsloven § 141, stk. 7: alcohol treatment can be anonymous, so it is open to an anonymous citizen."""
    counsellor = factories.user("anders", Role.COUNSELLOR, unit=alkohol)
    citizen = factories.citizen(glostrup, cpr=None, name="P.")
    case = factories.case(citizen, caseworker, substance="alcohol", unit=alkohol)
    assess(case, counsellor, primary_substance="alcohol")

    recommend(case, counsellor, code="alkohol-basis", deviation_reason="Aftalt med borgeren.")
    decision = decide(case, approver, sent_via="handed_over")

    assert decision.tariff.code == "alkohol-basis"
    assert fresh(case).state == CaseState.GRANTED
