"""The holistic assessment (afdækning / kortlægning): who starts it, what it must cover, how long it may take,
and which unit and tariff level the ratings point to (DOMAIN.md, "The course of a case", step 2)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Case, CaseState, TransitionRefused
from tariffs.choices import Substance, TariffLevel, UnitCode
from visitation.models import Area, Assessment, Rating
from visitation.models.assessment import propose_level, propose_unit

from . import factories
from .visitation_steps import TODAY, assess, fresh, ratings, recommend, tariff

pytestmark = pytest.mark.usefixtures("catalogue")


# --- starting the assessment ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["counsellor", "caseworker"])
def test_assessment_starts_from_the_inquiry_by_counsellor_or_caseworker(case, request, persona):
    user = request.getfixturevalue(persona)

    assessment = assess(case, user, levels=ratings("moderate", housing="much"))

    assert fresh(case).state == CaseState.ASSESSMENT
    assert assessment.created_by == user
    assert assessment.unit == case.unit
    assert assessment.instrument == "MapPlan"
    stored = dict(Rating.objects.filter(assessment=assessment).values_list("area", "level"))
    assert stored == {**{area: "moderate" for area in Area.values}, "housing": "much"}


def test_the_assessment_refers_the_case_to_the_chosen_unit(case, caseworker, provider):
    stjernevang = factories.unit(provider, UnitCode.STJERNEVANG)

    assess(case, caseworker, unit=stjernevang, psychiatric=True)

    assert fresh(case).unit == stjernevang


@pytest.mark.parametrize("missing", Area.values)
def test_every_life_area_the_law_names_must_be_rated(case, counsellor, missing):
    levels = ratings()
    del levels[missing]

    with pytest.raises(ValidationError) as refused:
        assess(case, counsellor, levels=levels)

    message = refused.value.message_dict["ratings"][0]
    assert message.startswith("Alle livsområder skal vurderes. Mangler:")
    assert Area(missing).label in message
    assert fresh(case).state == CaseState.INQUIRY
    assert not Assessment.objects.exists()


def test_the_law_names_seven_life_areas():
    assert set(Area.values) == {
        "substance_use", "social", "physical_health", "mental_health", "work_education", "housing", "other_help",
    }


def test_an_unknown_life_area_is_refused(case, counsellor):
    with pytest.raises(ValidationError) as refused:
        assess(case, counsellor, levels={**ratings(), "horoscope": "low"})

    assert refused.value.message_dict["ratings"] == ["Ukendte livsområder: horoscope."]
    assert fresh(case).state == CaseState.INQUIRY
    assert not Assessment.objects.exists()


def test_an_unknown_rating_level_is_refused_and_nothing_is_stored(case, counsellor):
    with pytest.raises(ValidationError):
        assess(case, counsellor, levels=ratings(housing="catastrophic"))

    assert fresh(case).state == CaseState.INQUIRY
    assert not Assessment.objects.exists()
    assert not Rating.objects.exists()


def test_a_unit_that_treats_another_substance_is_refused(case, caseworker, alkohol):
    with pytest.raises(ValidationError) as refused:
        assess(case, caseworker, unit=alkohol)

    assert refused.value.message_dict["unit"] == ["KABS Alkoholbehandling behandler ikke stoffer."]
    assert fresh(case).state == CaseState.INQUIRY
    assert fresh(case).unit.code == "city"
    assert not Assessment.objects.exists()


def test_the_assessment_cannot_start_before_the_inquiry(case, counsellor):
    with pytest.raises(ValidationError) as refused:
        assess(case, counsellor, start=case.inquiry_date - timedelta(days=1))

    assert refused.value.message_dict["start_date"] == ["Afdækningen kan ikke starte før henvendelsesdatoen."]
    assert fresh(case).state == CaseState.INQUIRY
    assert not Assessment.objects.exists()


def test_the_assessment_may_start_on_the_inquiry_day(case, counsellor):
    assessment = assess(case, counsellor, start=case.inquiry_date)
    assert assessment.start_date == case.inquiry_date


def test_an_assessment_is_started_only_once(case, counsellor):
    assess(case, counsellor)

    with pytest.raises(TransitionRefused) as refused:
        assess(case, counsellor)

    assert refused.value.state == CaseState.ASSESSMENT
    assert Assessment.objects.count() == 1


def test_an_approver_does_not_assess(case, approver):
    with pytest.raises(PermissionDenied):
        assess(case, approver)
    assert fresh(case).state == CaseState.INQUIRY


# --- how long the assessment may take ------------------------------------------------------------------------


def test_drug_assessment_takes_the_afdaekning_tariffs_14_days_both_ends_counted(case, counsellor):
    assessment = assess(case, counsellor, start=TODAY)

    assert assessment.end_date == TODAY + timedelta(days=13) == date(2026, 12, 9)
    assert assessment.recent_kabs_treatment is False


def test_drug_assessment_period_follows_the_afdaekning_tariff_as_data(case, counsellor):
    afdaekning = tariff("afdaekning")
    afdaekning.duration_days = 21
    afdaekning.save()

    assessment = assess(case, counsellor, start=TODAY)

    assert assessment.end_date == TODAY + timedelta(days=20)


def test_alcohol_kortlaegning_tariff_lasts_28_days_but_the_guarantee_is_14(citizen, caseworker, alkohol,
                                                                            frozen_today):
    """28 days is the length of the KABS kortlægning tariff, not a deadline: treatment must still start
    within 14 days of the inquiry (Sundhedsloven § 141, stk. 2)."""
    alcohol_case = factories.case(citizen, caseworker, substance=Substance.ALCOHOL, unit=alkohol)

    assessment = assess(alcohol_case, caseworker, start=TODAY, primary_substance="alcohol")

    assert assessment.end_date == TODAY + timedelta(days=27) == date(2026, 12, 23)
    guarantee = alcohol_case.guarantee_deadline()
    assert guarantee.due_date == alcohol_case.inquiry_date + timedelta(days=14)


def earlier_case(citizen, caseworker, *, treatment_start: date, discharged: date | None) -> Case:
    """A previous course in KABS treatment (set up directly: its own steps are tested elsewhere)."""
    earlier = factories.case(citizen, caseworker, inquiry_date=treatment_start - timedelta(days=7))
    state = CaseState.DISCHARGED if discharged else CaseState.IN_TREATMENT
    Case.objects.filter(pk=earlier.pk).update(state=state, treatment_start=treatment_start, discharge_date=discharged)
    return earlier


@pytest.fixture
def glostrup_rules(glostrup):
    """Glostrup's quality standard (seed 002): 4 weeks, or 2 weeks after KABS treatment within 24 months."""
    glostrup.assessment_days = 28
    glostrup.assessment_days_after_recent_treatment = 14
    glostrup.recent_treatment_months = 24
    glostrup.save()
    return glostrup


@pytest.mark.parametrize(
    "previous, days, recent",
    [
        pytest.param(None, 28, False, id="no-earlier-treatment-4-weeks"),
        pytest.param((date(2025, 1, 6), date(2025, 6, 30)), 14, True, id="discharged-17-months-ago-2-weeks"),
        pytest.param((date(2024, 1, 8), date(2024, 11, 26)), 14, True, id="discharged-exactly-24-months-ago"),
        pytest.param((date(2024, 1, 8), date(2024, 11, 25)), 28, False, id="discharged-a-day-over-24-months"),
        pytest.param((date(2023, 9, 4), date(2024, 5, 26)), 28, False, id="discharged-30-months-ago-4-weeks"),
        pytest.param((date(2023, 9, 4), None), 14, True, id="earlier-course-still-running"),
    ],
)
def test_glostrup_shortens_the_assessment_after_recent_kabs_treatment(
    case, counsellor, caseworker, citizen, glostrup_rules, previous, days, recent
):
    if previous:
        earlier_case(citizen, caseworker, treatment_start=previous[0], discharged=previous[1])

    assessment = assess(case, counsellor, start=TODAY)

    assert Assessment.period_days(case=case, start=TODAY) == (days, recent)
    assert assessment.end_date == TODAY + timedelta(days=days - 1)
    assert assessment.recent_kabs_treatment is recent


def test_another_citizens_treatment_does_not_shorten_the_assessment(case, counsellor, caseworker, glostrup_rules):
    neighbour = factories.citizen(glostrup_rules, cpr="0202801234", name="Anne Hansen")
    earlier_case(neighbour, caseworker, treatment_start=date(2025, 1, 6), discharged=date(2025, 6, 30))

    assessment = assess(case, counsellor, start=TODAY)

    assert assessment.end_date == TODAY + timedelta(days=27)
    assert assessment.recent_kabs_treatment is False


def test_an_inquiry_that_never_reached_treatment_does_not_count_as_recent_treatment(
    case, counsellor, caseworker, citizen, glostrup_rules
):
    factories.case(citizen, caseworker, inquiry_date=date(2026, 3, 2))  # still an inquiry, never treated

    assert Assessment.period_days(case=case, start=TODAY) == (28, False)


# --- what the ratings point to ------------------------------------------------------------------------------

LOW, MODERATE, MUCH, SEVERE = "low", "moderate", "much", "severe"


@pytest.mark.parametrize(
    "levels, expected",
    [
        pytest.param([LOW] * 7, TariffLevel.BASIS, id="all-low-basis"),
        pytest.param([MODERATE] * 7, TariffLevel.BASIS, id="all-moderate-basis"),
        pytest.param([LOW] * 3 + [MODERATE] * 4, TariffLevel.BASIS, id="low-and-moderate-basis"),
        pytest.param([LOW] * 6 + [MUCH], TariffLevel.BASIS, id="single-much-area-still-basis"),
        pytest.param([LOW] * 6 + [SEVERE], TariffLevel.EXTENDED, id="single-severe-area-lifts-to-udvidet"),
        pytest.param([MODERATE] * 4 + [MUCH] * 3, TariffLevel.EXTENDED, id="moderate-and-much-udvidet"),
        pytest.param([MODERATE] * 3 + [MUCH] * 4, TariffLevel.EXTENDED, id="mostly-much-udvidet"),
        pytest.param([MUCH] * 7, TariffLevel.INTENSIVE, id="all-much-intensiv"),
        pytest.param([MUCH] * 4 + [SEVERE] * 3, TariffLevel.INTENSIVE, id="much-and-severe-intensiv"),
        pytest.param([SEVERE] * 7, TariffLevel.INTENSIVE, id="all-severe-intensiv"),
        pytest.param([], TariffLevel.BASIS, id="no-ratings-least-intrusive"),
    ],
)
def test_propose_level_follows_the_burden(levels, expected):
    assert propose_level(levels) == expected


@pytest.mark.parametrize(
    "substance, primary, psychiatric, dual, current, expected",
    [
        pytest.param("alcohol", "alcohol", False, False, "alkohol", "alkohol", id="alcohol-alkohol"),
        pytest.param("drugs", "opioids", False, False, "city", "hvidovre", id="opioids-hvidovre"),
        pytest.param("drugs", "opioids", False, False, "gentofte", "gentofte", id="opioids-keep-gentofte"),
        pytest.param("drugs", "opioids", False, False, "hvidovre", "hvidovre", id="opioids-keep-hvidovre"),
        pytest.param("drugs", "cannabis", True, False, "city", "stjernevang", id="psychiatric-stjernevang"),
        pytest.param("drugs", "stimulants", True, True, "city", "kasa", id="dual-diagnosis-kasa"),
        pytest.param("drugs", "opioids", False, True, "hvidovre", "kasa", id="dual-diagnosis-before-opioids"),
        pytest.param("drugs", "cannabis", False, False, "city", "city", id="cannabis-city"),
        pytest.param("drugs", "stimulants", False, False, "stjernevang", "city", id="stimulants-city"),
        pytest.param("drugs", "ghb", False, False, None, "city", id="ghb-city"),
    ],
)
def test_propose_unit_follows_the_substance_profile(substance, primary, psychiatric, dual, current, expected):
    proposed = propose_unit(
        substance=substance, primary_substance=primary, psychiatric=psychiatric, dual_diagnosis=dual,
        current_unit=current,
    )
    assert proposed == expected


@pytest.mark.parametrize(
    "levels, primary, extra, expected",
    [
        pytest.param(ratings(LOW), "cannabis", {}, "city-basis", id="city-basis"),
        pytest.param(ratings(MODERATE, housing=MUCH, social=MUCH, mental_health=MUCH), "cannabis", {},
                     "city-udvidet", id="city-udvidet"),
        pytest.param(ratings(SEVERE), "stimulants", {}, "city-intensiv", id="city-intensiv"),
        # The profile points to Stjernevang, but the case is at KABS City: City's tariff, with a hint.
        pytest.param(ratings(MODERATE, housing=MUCH, social=MUCH), "cannabis", {"psychiatric": True},
                     "city-udvidet", id="psychiatric-at-city"),
        # Opioids point to Hvidovre/Gentofte; at City the level's City tariff is proposed, with the hint.
        pytest.param(ratings(MUCH), "opioids", {}, "city-intensiv", id="opioids-at-city"),
    ],
)
def test_proposed_tariff_is_the_catalogue_tariff_for_unit_and_level(case, counsellor, levels, primary, extra,
                                                                     expected):
    assessment = assess(case, counsellor, levels=levels, primary_substance=primary, **extra)

    proposed = assessment.proposed_tariff(TODAY)

    assert proposed == tariff(expected)
    assert proposed.catalogue.year == 2024  # the catalogue in force in 2026 until a newer one is loaded


def test_the_proposal_is_a_tariff_the_treating_unit_delivers_with_a_hint_about_the_profile(
    case, counsellor, provider, citizen, caseworker, frozen_today
):
    at_city = assess(case, counsellor, levels=ratings(MODERATE, housing=MUCH, social=MUCH), psychiatric=True)
    assert at_city.proposed_tariff(TODAY) == tariff("city-udvidet")
    assert "Borgerens profil peger på" in at_city.unit_hint() and "KABS City" in at_city.unit_hint()
    # Submitting the proposal as it stands works: no dead end.
    recommendation = recommend(case, counsellor, code="city-udvidet")
    assert recommendation.deviation_reason == ""

    stjernevang = factories.unit(provider, UnitCode.STJERNEVANG)
    other = factories.case(factories.citizen(citizen.municipality, cpr="1503851118", name="Louise"), caseworker,
                           unit=stjernevang)
    there = assess(other, caseworker, levels=ratings(MODERATE, housing=MUCH, social=MUCH), psychiatric=True)
    assert there.proposed_tariff(TODAY) == tariff("stjernevang-udvidet")
    assert there.unit_hint() == ""


def test_proposed_tariff_for_alcohol_is_an_alcohol_tariff(citizen, caseworker, alkohol, frozen_today):
    alcohol_case = factories.case(citizen, caseworker, substance=Substance.ALCOHOL, unit=alkohol)

    assessment = assess(alcohol_case, caseworker, levels=ratings(MODERATE), primary_substance="alcohol")

    assert assessment.proposed_tariff(TODAY) == tariff("alkohol-basis")


def test_no_tariff_is_proposed_when_no_catalogue_is_in_force(case, counsellor):
    assessment = assess(case, counsellor)
    assert assessment.proposed_tariff(date(2023, 6, 1)) is None
