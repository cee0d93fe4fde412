"""KABS's tariff placement and recommendation (takstindplacering / indstilling) with the treatment plan.

A refused recommendation leaves everything as it was: the case's state, no recommendation, no plan version.
"""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseState, TransitionRefused
from plans.models import PlanVersion, TreatmentPlan
from tariffs.choices import UnitCode
from tariffs.loading import DATA_DIR, load_catalogue
from visitation.models import Recommendation, RecommendationStatus

from . import factories
from .visitation_steps import TODAY, assess, counts, fresh, recommend, tariff

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def assessed(case, counsellor):
    """The counsellor has assessed the citizen: all areas moderate, so the system proposes City Basis."""
    assess(case, counsellor)
    return fresh(case)


@pytest.fixture
def catalogue_2027(catalogue, tmp_path):
    """The 2027 catalogue, loaded like a real one: the 2024 file with a new year and new prices."""
    data = json.loads((DATA_DIR / "catalogue_2024.json").read_text(encoding="utf-8"))
    data["year"] = 2027
    data["source"] = "Takstkatalog 2027 (test)"
    for row in data["tariffs"]:
        row["price_per_day"] = str(Decimal(row["price_per_day"]) + 10)
    path = tmp_path / "catalogue_2027.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    load_catalogue(path)


# --- the happy path -----------------------------------------------------------------------------------------


def test_recommendation_asks_the_municipality_to_decide_with_plan_version_1(assessed, counsellor):
    recommendation = recommend(
        assessed, counsellor, code="city-basis", start=TODAY, end=date(2027, 5, 24),
        goals=("Stoffri hverdag", "Komme i gang med uddannelse"),
        services=["Gruppebehandling", "Stofedukation"], expected_weeks=26,
    )

    case = fresh(assessed)
    assert case.state == CaseState.RECOMMENDED
    assert case.awaiting_decision is True
    assert case.recommended_by == counsellor
    assert recommendation.status == RecommendationStatus.PENDING
    assert recommendation.tariff == tariff("city-basis")
    assert recommendation.unit == case.unit
    assert recommendation.proposed_tariff == tariff("city-basis")
    assert recommendation.assessment == case.assessments.get()
    assert recommendation.is_change is False
    assert (recommendation.start_date, recommendation.end_date) == (TODAY, date(2027, 5, 24))
    assert recommendation.days == 180

    version = recommendation.plan_version
    assert version.number == 1
    assert version.plan == TreatmentPlan.objects.get(case=case)
    assert version.goals_short == ["Stoffri hverdag", "Komme i gang med uddannelse"]
    assert version.services == ["Gruppebehandling", "Stofedukation"]
    assert version.created_by == counsellor
    assert Recommendation.objects.pending().count() == 1


def test_a_deviation_from_the_proposal_is_accepted_with_its_reason(assessed, counsellor):
    recommendation = recommend(
        assessed, counsellor, code="city-udvidet", deviation_reason="Borgeren er gravid.",
    )

    assert recommendation.proposed_tariff == tariff("city-basis")
    assert recommendation.tariff == tariff("city-udvidet")
    assert recommendation.deviation_reason == "Borgeren er gravid."
    assert fresh(assessed).state == CaseState.RECOMMENDED


def test_the_2027_tariff_is_accepted_for_a_start_in_2027(assessed, counsellor, catalogue_2027):
    from visitation import services

    recommendation = services.recommendation_submit(
        case=assessed, user=counsellor, tariff=tariff("city-basis", 2027), start_date=date(2027, 1, 4),
        end_date=date(2027, 6, 30), justification="Ny periode.", goals_short=["Stoffri hverdag"],
        deviation_reason="",
    )
    assert recommendation.tariff.catalogue.year == 2027
    assert recommendation.tariff.price_per_day == Decimal("312.00")


# --- refusals: each with a Danish message, and nothing changes -------------------------------------------------


def refused(case, user, field: str, **recommendation) -> str:
    before = counts()
    with pytest.raises(ValidationError) as error:
        recommend(case, user, **recommendation)
    assert fresh(case).state == CaseState.ASSESSMENT
    assert fresh(case).recommended_by is None
    assert fresh(case).awaiting_decision is False
    assert counts() == before
    assert not Recommendation.objects.exists()
    assert not PlanVersion.objects.exists()
    return " ".join(error.value.message_dict[field])


def test_end_before_start_is_refused(assessed, counsellor):
    message = refused(assessed, counsellor, "end_date", start=TODAY, end=TODAY - timedelta(days=1))
    assert message == "Slutdatoen ligger før startdatoen."


def test_a_period_starting_before_the_inquiry_is_refused(assessed, counsellor):
    message = refused(assessed, counsellor, "start_date", start=assessed.inquiry_date - timedelta(days=1))
    assert message == "Perioden kan ikke starte før henvendelsesdatoen."


def test_a_2024_tariff_for_a_start_in_2027_is_refused_once_the_2027_catalogue_exists(
    assessed, counsellor, catalogue_2027
):
    message = refused(assessed, counsellor, "tariff", code="city-basis", start=date(2027, 1, 4))
    assert message == (
        "Taksten City Basis (2024) gælder ikke på startdatoen 4. jan. 2027; da gælder takstkataloget for 2027."
    )


def test_a_2027_tariff_for_a_start_in_2026_is_refused(assessed, counsellor, catalogue_2027):
    from visitation import services

    before = counts()
    with pytest.raises(ValidationError) as error:
        services.recommendation_submit(
            case=assessed, user=counsellor, tariff=tariff("city-basis", 2027), start_date=TODAY,
            end_date=date(2027, 5, 24), justification="Behandling.", goals_short=["Stoffri hverdag"],
            deviation_reason="Samme takst, nyt år.",
        )
    assert error.value.message_dict["tariff"] == [
        "Taksten City Basis (2027) gælder ikke på startdatoen 26. nov. 2026; da gælder takstkataloget for 2024."
    ]
    assert fresh(assessed).state == CaseState.ASSESSMENT
    assert counts() == before


def test_a_tariff_of_the_other_substance_is_refused(assessed, counsellor):
    message = refused(assessed, counsellor, "tariff", code="alkohol-basis", deviation_reason="Alkohol fylder mest.")
    assert message == "Taksten Alkohol Basis hører til alkohol, men sagen gælder stoffer."


def test_a_tariff_the_cases_unit_does_not_deliver_is_refused(assessed, counsellor):
    message = refused(
        assessed, counsellor, "unit", code="stjernevang-basis", deviation_reason="Psykiatriske symptomer.",
    )
    assert message == "KABS City leverer ikke taksten Stjernevang Basis."


def test_a_deviation_from_the_proposal_without_reason_is_refused(assessed, counsellor):
    message = refused(assessed, counsellor, "deviation_reason", code="city-udvidet", deviation_reason="  ")
    assert message == "Systemet foreslår City Basis. Begrund, hvorfor en anden takst er valgt."


def test_a_service_outside_the_tariffs_package_is_refused(assessed, counsellor):
    message = refused(
        assessed, counsellor, "services", code="city-basis", services=["Gruppebehandling", "Ridning"],
    )
    assert message == "Ydelser uden for takstens pakke: Ridning."


def test_a_period_longer_than_the_tariffs_fixed_duration_is_refused(assessed, counsellor):
    message = refused(
        assessed, counsellor, "end_date", code="afdaekning", start=TODAY, end=TODAY + timedelta(days=14),
        deviation_reason="Afdækning først.",
    )
    assert message == "Taksten Afdækning kan højst bevilges i 14 dage."


def test_the_fixed_duration_itself_is_accepted(assessed, counsellor):
    recommendation = recommend(
        assessed, counsellor, code="afdaekning", start=TODAY, end=TODAY + timedelta(days=13),
        deviation_reason="Afdækning først.",
    )
    assert recommendation.days == 14


def test_a_recommendation_without_justification_is_refused(assessed, counsellor):
    message = refused(assessed, counsellor, "justification", justification="   ")
    assert "Angiv en begrundelse for indstillingen." in message


def test_a_plan_without_goals_is_refused_and_the_case_stays_in_assessment(assessed, counsellor):
    message = refused(assessed, counsellor, "goals_short", goals=())
    assert message == "Planen skal have mindst ét mål."


def test_a_caseworker_may_not_recommend(assessed, caseworker):
    before = counts()
    with pytest.raises(PermissionDenied) as denied:
        recommend(assessed, caseworker)
    assert str(denied.value) == "Du har ikke adgang til at udføre 'Indstil takst' på denne sag."
    assert fresh(assessed).state == CaseState.ASSESSMENT
    assert counts() == before


def test_a_counsellor_of_another_unit_may_not_recommend(assessed, provider):
    from cases.models import Role

    other = factories.user("stine", Role.COUNSELLOR, unit=factories.unit(provider, UnitCode.STJERNEVANG))
    with pytest.raises(PermissionDenied):
        recommend(assessed, other)
    assert fresh(assessed).state == CaseState.ASSESSMENT


def test_a_recommendation_before_the_assessment_is_refused(case, counsellor):
    before = counts()
    with pytest.raises(TransitionRefused) as refused_:
        recommend(case, counsellor)
    assert refused_.value.state == CaseState.INQUIRY
    assert refused_.value.message == "Handlingen 'Indstil takst' er ikke mulig, når sagen har status 'Henvendelse'."
    assert fresh(case).state == CaseState.INQUIRY
    assert counts() == before


def test_a_second_recommendation_while_one_is_pending_is_refused(assessed, counsellor):
    recommend(assessed, counsellor)
    with pytest.raises(TransitionRefused):
        recommend(assessed, counsellor)
    assert Recommendation.objects.count() == 1
    assert PlanVersion.objects.count() == 1
