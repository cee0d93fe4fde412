"""The process endpoints of the integration API against /work/shared/API.md ("The process"), with token auth:
201 on success, 400 with Danish field errors, 403 wrong role, 404 outside the user's scope, 409 wrong state
with {detail, state, allowed}. A refused request changes nothing."""

from datetime import date

import pytest

from cases.models import CaseState, Citizen
from plans.models import PlanVersion
from visitation.models import Area, Assessment, Decision, Letter, Recommendation

from .visitation_steps import (
    CONSIDERATIONS,
    FACTS,
    REASONED,
    RULES,
    TODAY,
    api,
    assess,
    counts,
    fresh,
    recommended,
)

pytestmark = pytest.mark.usefixtures("catalogue")

RATINGS = {area: "moderate" for area in Area.values}


def post(client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


def assessment_body(**overrides) -> dict:
    return {"start_date": "2026-11-26", "unit": "city", "ratings": dict(RATINGS), **overrides}


def recommendation_body(**overrides) -> dict:
    return {
        "tariff": "city-basis", "start_date": "2026-11-26", "end_date": "2027-05-24",
        "justification": "Borgeren har brug for ambulant behandling.",
        "plan": {"goals": ["Stoffri hverdag", "Tilbage i uddannelse"], "services": ["Gruppebehandling"]},
        **overrides,
    }


def decision_body(**overrides) -> dict:
    return {"outcome": "granted", "reasons": "", "sent_via": "digital_post", "sent_date": "2026-11-26", **overrides}


# --- assessment ------------------------------------------------------------------------------------------------


def test_assessment_201_returns_the_case_in_assessment(client, case, counsellor):
    response = post(api(client, counsellor), f"/api/v1/cases/{case.pk}/assessment/", assessment_body())

    assert response.status_code == 201
    body = response.json()
    assert (body["id"], body["state"], body["unit"]) == (case.pk, "assessment", "city")
    assert "recommend" in body["transitions"]
    assessment = Assessment.objects.get(case=case)
    assert assessment.end_date == date(2026, 12, 9)
    assert assessment.ratings.count() == 7


def test_assessment_in_the_wrong_state_is_409_with_state_and_allowed(client, case, counsellor):
    assess(case, counsellor)

    response = post(api(client, counsellor), f"/api/v1/cases/{case.pk}/assessment/", assessment_body())

    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"detail", "state", "allowed"}
    assert body["detail"] == "Handlingen 'Start afdækning' er ikke mulig, når sagen har status 'Afdækning'."
    assert body["state"] == "assessment"
    assert set(body["allowed"]) == {"recommend", "withdraw"}
    assert Assessment.objects.count() == 1


def test_assessment_by_an_approver_is_403(client, case, approver):
    response = post(api(client, approver), f"/api/v1/cases/{case.pk}/assessment/", assessment_body())

    assert response.status_code == 403
    assert response.json() == {"detail": "Du har ikke adgang til at udføre 'Start afdækning' på denne sag."}
    assert fresh(case).state == CaseState.INQUIRY


def test_assessment_of_another_municipalitys_case_is_404(client, case, outsider):
    response = post(api(client, outsider), f"/api/v1/cases/{case.pk}/assessment/", assessment_body())

    assert response.status_code == 404
    assert fresh(case).state == CaseState.INQUIRY
    assert not Assessment.objects.exists()


@pytest.mark.parametrize(
    "ratings, message",
    [
        pytest.param({**RATINGS, "housing": "catastrophic"}, None, id="bad-rating-value"),
        pytest.param({**RATINGS, "horoscope": "low"}, "Ukendte livsområder: horoscope.", id="unknown-area"),
        pytest.param({k: v for k, v in RATINGS.items() if k != "housing"},
                     "Alle livsområder skal vurderes. Mangler: Bolig.", id="missing-area"),
    ],
)
def test_assessment_with_bad_ratings_is_400_on_ratings(client, case, counsellor, ratings, message):
    response = post(api(client, counsellor), f"/api/v1/cases/{case.pk}/assessment/", assessment_body(ratings=ratings))

    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"ratings"}
    if message:
        assert errors["ratings"] == [message]
    else:
        assert '"catastrophic" er ikke et gyldigt valg.' in str(errors["ratings"])  # DRF's Danish message
    assert fresh(case).state == CaseState.INQUIRY
    assert not Assessment.objects.exists()


def test_assessment_with_an_unknown_unit_is_400_on_unit(client, case, counsellor):
    response = post(api(client, counsellor), f"/api/v1/cases/{case.pk}/assessment/", assessment_body(unit="mars"))
    assert response.status_code == 400
    assert set(response.json()) == {"unit"}


def test_assessment_without_credentials_is_401(client, case):
    response = post(client, f"/api/v1/cases/{case.pk}/assessment/", assessment_body())
    assert response.status_code == 401


# --- recommendation ---------------------------------------------------------------------------------------------


@pytest.fixture
def assessed(case, counsellor):
    assess(case, counsellor)
    return fresh(case)


def test_recommendation_201_stores_the_plan(client, assessed, counsellor):
    response = post(api(client, counsellor), f"/api/v1/cases/{assessed.pk}/recommendation/", recommendation_body())

    assert response.status_code == 201
    assert response.json()["state"] == "recommended"
    recommendation = Recommendation.objects.get(case=assessed)
    assert recommendation.tariff.code == "city-basis"
    assert (recommendation.start_date, recommendation.end_date) == (TODAY, date(2027, 5, 24))
    assert recommendation.recommended_by == counsellor
    assert recommendation.plan_version.goals_short == ["Stoffri hverdag", "Tilbage i uddannelse"]
    assert recommendation.plan_version.services == ["Gruppebehandling"]


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        pytest.param({"tariff": "city-luksus"}, "tariff",
                     "Taksten 'city-luksus' findes ikke i takstkataloget, der gælder 26. nov. 2026.", id="unknown-tariff"),
        pytest.param({"end_date": "2026-11-25"}, "end_date", "Slutdatoen ligger før startdatoen.",
                     id="end-before-start"),
        pytest.param({"tariff": "city-udvidet"}, "deviation_reason",
                     "Systemet foreslår City Basis. Begrund, hvorfor en anden takst er valgt.", id="deviation"),
        pytest.param({"plan": {"goals": ["Stoffri"], "services": ["Ridning"]}}, "services",
                     "Ydelser uden for takstens pakke: Ridning.", id="service-outside-package"),
    ],
)
def test_recommendation_with_bad_input_is_400_and_changes_nothing(client, assessed, counsellor, overrides, field,
                                                                  message):
    before = counts()
    response = post(api(client, counsellor), f"/api/v1/cases/{assessed.pk}/recommendation/",
                    recommendation_body(**overrides))

    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert fresh(assessed).state == CaseState.ASSESSMENT
    assert counts() == before


def test_recommendation_without_goals_is_400_on_the_plan(client, assessed, counsellor):
    response = post(api(client, counsellor), f"/api/v1/cases/{assessed.pk}/recommendation/",
                    recommendation_body(plan={"goals": [], "services": []}))
    assert response.status_code == 400
    assert "goals" in response.json()["plan"]
    assert not PlanVersion.objects.exists()


def test_recommendation_by_a_caseworker_is_403(client, assessed, caseworker):
    response = post(api(client, caseworker), f"/api/v1/cases/{assessed.pk}/recommendation/", recommendation_body())
    assert response.status_code == 403
    assert fresh(assessed).state == CaseState.ASSESSMENT


def test_recommendation_before_assessment_is_409(client, case, counsellor):
    response = post(api(client, counsellor), f"/api/v1/cases/{case.pk}/recommendation/", recommendation_body())
    assert response.status_code == 409
    assert response.json()["state"] == "inquiry"
    assert not Recommendation.objects.exists()


# --- decision and letter -----------------------------------------------------------------------------------------


@pytest.fixture
def pending(case, counsellor):
    recommended(case, counsellor)
    return fresh(case)


def test_decision_201_returns_the_contract_body_and_the_letter_is_stable(client, pending, approver):
    client = api(client, approver)
    response = post(client, f"/api/v1/cases/{pending.pk}/decision/", decision_body())

    assert response.status_code == 201
    body = response.json()
    decision = Decision.objects.get()
    assert {"id", "outcome", "received_date", "complaint_deadline", "letter_url"} <= set(body)
    assert body["id"] == decision.pk
    assert body["outcome"] == "granted"
    assert body["received_date"] == "2026-11-26"
    assert body["complaint_deadline"] == "2026-12-28"
    assert body["letter_url"] == f"http://testserver/api/v1/decisions/{decision.pk}/letter/"
    assert fresh(pending).state == CaseState.GRANTED

    first = client.get(body["letter_url"])
    second = client.get(body["letter_url"])
    assert first.status_code == second.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF-")
    assert first.content == second.content
    assert Letter.objects.count() == 1


def test_refusal_201_has_a_complaint_deadline_and_no_tariff(client, pending, approver):
    response = post(api(client, approver), f"/api/v1/cases/{pending.pk}/decision/",
                    decision_body(outcome="refused", **REASONED))
    assert response.status_code == 201
    body = response.json()
    assert (body["outcome"], body["complaint_deadline"], body["tariff"]) == ("refused", "2026-12-28", None)
    assert (body["facts"], body["reasons"], body["considerations"]) == (FACTS, RULES, CONSIDERATIONS)
    assert fresh(pending).state == CaseState.REFUSED


def test_decision_by_physical_post_is_received_6_working_days_later(client, pending, approver):
    Citizen.objects.filter(pk=pending.citizen_id).update(address="Hovedgaden 1\n2600 Glostrup")
    response = post(api(client, approver), f"/api/v1/cases/{pending.pk}/decision/",
                    decision_body(sent_via="physical_post"))
    assert response.status_code == 201
    assert (response.json()["received_date"], response.json()["complaint_deadline"]) == ("2026-12-04", "2027-01-04")


def test_decision_by_physical_post_without_an_address_is_400_and_nothing_is_saved(client, pending, approver):
    before = counts()
    response = post(api(client, approver), f"/api/v1/cases/{pending.pk}/decision/",
                    decision_body(sent_via="physical_post"))
    assert response.status_code == 400
    assert response.json() == {"sent_via": [
        "Borgeren har ingen adresse, så afgørelsen kan ikke sendes med fysisk post. "
        "Registrér borgerens adresse først, eller vælg en anden forsendelse."
    ]}
    assert counts() == before
    assert fresh(pending).state == CaseState.RECOMMENDED


def test_partial_grant_of_another_tariff_201(client, case, counsellor, approver):
    recommended(case, counsellor, code="city-udvidet", deviation_reason="Borgeren er gravid.")
    response = post(api(client, approver), f"/api/v1/cases/{case.pk}/decision/",
                    decision_body(outcome="partially_granted", **REASONED, tariff="city-basis"))
    assert response.status_code == 201
    assert (response.json()["outcome"], response.json()["tariff"]) == ("partially_granted", "city-basis")


def test_partial_grant_without_facts_and_considerations_is_400_on_each(client, pending, approver):
    before = counts()
    response = post(api(client, approver), f"/api/v1/cases/{pending.pk}/decision/",
                    decision_body(outcome="partially_granted", end_date="2027-01-31", reasons=RULES))

    assert response.status_code == 400
    assert response.json() == {
        "facts": ["Angiv de faktiske forhold, afgørelsen bygger på. De er påkrævet ved afslag og delvis bevilling."],
        "considerations": [
            "Angiv de hovedhensyn, der har været afgørende. De er påkrævet ved afslag og delvis bevilling."
        ],
    }
    assert counts() == before
    assert fresh(pending).state == CaseState.RECOMMENDED


def test_refusal_without_any_reasons_is_400_on_all_three(client, pending, approver):
    response = post(api(client, approver), f"/api/v1/cases/{pending.pk}/decision/", decision_body(outcome="refused"))

    assert response.status_code == 400
    assert set(response.json()) == {"facts", "reasons", "considerations"}
    assert fresh(pending).state == CaseState.RECOMMENDED
    assert not Decision.objects.exists()


def test_afslag_alone_as_a_reason_is_400_naming_the_field_and_nothing_changes(client, pending, approver):
    before = counts()
    response = post(api(client, approver), f"/api/v1/cases/{pending.pk}/decision/",
                    decision_body(outcome="refused", **{**REASONED, "facts": "Afslag."}))

    assert response.status_code == 400
    assert response.json() == {"facts": [
        "Faktiske forhold: skriv med mindst 3 ord ud over selve udfaldet, hvad afgørelsen bygger på. »Afslag.« "
        "alene er ikke en begrundelse (forvaltningslovens § 24)."
    ]}
    assert counts() == before
    assert fresh(pending).state == CaseState.RECOMMENDED
    assert not pending.deadlines.filter(kind="complaint").exists()


def test_a_full_grant_needs_none_of_the_three(client, pending, approver):
    response = post(api(client, approver), f"/api/v1/cases/{pending.pk}/decision/",
                    {"outcome": "granted", "sent_via": "digital_post", "sent_date": "2026-11-26"})

    assert response.status_code == 201
    assert (response.json()["facts"], response.json()["reasons"], response.json()["considerations"]) == ("", "", "")


def test_a_reason_longer_than_a_letter_allows_is_400_not_500(client, pending, approver):
    response = post(api(client, approver), f"/api/v1/cases/{pending.pk}/decision/",
                    decision_body(outcome="refused", **{**REASONED, "considerations": "Hensyn. " * 600}))
    assert response.status_code == 400
    assert list(response.json()) == ["considerations"]
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"sent_via": "carrier_pigeon"}, "sent_via"),
        ({"sent_date": "2026-11-27"}, "sent_date"),
        ({"sent_date": "26. nov. 2026"}, "sent_date"),
        ({"outcome": "partially_granted", **REASONED, "tariff": "city-luksus"}, "tariff"),
        ({"outcome": "granted", "tariff": "city-intensiv"}, "outcome"),
    ],
)
def test_decision_with_bad_input_is_400_on_the_field(client, pending, approver, overrides, field):
    response = post(api(client, approver), f"/api/v1/cases/{pending.pk}/decision/", decision_body(**overrides))
    assert response.status_code == 400
    assert field in response.json()
    assert not Decision.objects.exists()


def test_decision_in_the_wrong_state_is_409(client, case, counsellor, approver):
    assess(case, counsellor)

    response = post(api(client, approver), f"/api/v1/cases/{case.pk}/decision/", decision_body())

    assert response.status_code == 409
    body = response.json()
    assert body["state"] == "assessment"
    assert body["detail"] == "Handlingen 'Bevil' er ikke mulig, når sagen har status 'Afdækning'."
    assert not Decision.objects.exists()


def test_decision_by_a_caseworker_is_403(client, pending, caseworker):
    response = post(api(client, caseworker), f"/api/v1/cases/{pending.pk}/decision/", decision_body())
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_the_whole_process_through_the_api(client, case, counsellor, approver, caseworker):
    """Inquiry → assessment → recommendation → decision → treatment start, each by its role, over HTTP."""
    url = f"/api/v1/cases/{case.pk}"
    assert post(api(client, counsellor), f"{url}/assessment/", assessment_body()).status_code == 201
    assert post(api(client, counsellor), f"{url}/recommendation/", recommendation_body()).status_code == 201
    assert post(api(client, approver), f"{url}/decision/", decision_body()).status_code == 201
    response = post(api(client, caseworker), f"{url}/treatment-start/", {"date": "2026-11-26"})

    assert response.status_code == 200
    assert response.json()["state"] == "in_treatment"
    assert api(client, caseworker).get(f"{url}/").json()["treatment_start"] == "2026-11-26"
