"""Young people under 18 (DOMAIN.md, "Young people"; issue 8, "Minors and anonymity enforced"): no
recommendation or grant without the custody holder's consent recorded, from 15 the young person's own too;
tariffs whose target group is over 18 are refused for minors, at the recommendation and at a partial grant;
the letter goes to the custody holders as well. A refusal says why in Danish and changes nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from cases.models import AccessLog, CaseState, ConsentMethod, YoungPersonConsent
from tariffs.models import Tariff
from visitation.letters import letter_for
from visitation.models import Outcome

from . import factories
from .visitation_steps import TODAY, api, assess, counts, decide, fresh, pdf_text, recommend, recommended

pytestmark = pytest.mark.usefixtures("catalogue")

CPR_14 = "0105124236"  # born 1 May 2012: 14 years old on 26 November 2026
CPR_16 = "0105104230"  # born 1 May 2010: 16
HOLDER = ("Anne Jensen", "Skolevej 4\n2600 Glostrup")
SECOND_HOLDER = ("Bo Jensen", "Parkvej 9\n2605 Brøndby")


def place(case, counsellor, code: str = "city-udvidet", **extra):
    """Recommend a tariff for a young person: City Udvidet's target group includes those under 18 with the
    family involved, so it deviates from the proposal with that reason."""
    extra.setdefault("deviation_reason", "Under 18 år: familien inddrages tæt.")
    return recommend(case, counsellor, code=code, **extra)


def young_case(glostrup, caseworker, city, cpr=CPR_14):
    person = factories.citizen(glostrup, cpr=cpr, name="Mikkel Jensen", address="Skolevej 4\n2600 Glostrup")
    return factories.case(person, caseworker, unit=city)


def give_consent(case, user, *, own: bool = False, **fields) -> YoungPersonConsent:
    consent = YoungPersonConsent.for_case(case)
    consent.holder_name, consent.holder_address = HOLDER
    consent.custody_consent_on, consent.custody_consent_how = TODAY, ConsentMethod.WRITTEN
    if own:
        consent.own_consent_on, consent.own_consent_how = TODAY, ConsentMethod.ORAL
    for name, value in fields.items():
        setattr(consent, name, value)
    consent.record(user=user)
    return consent


@pytest.fixture
def fourteen(glostrup, caseworker, city, frozen_today):
    return young_case(glostrup, caseworker, city)


@pytest.fixture
def sixteen(glostrup, caseworker, city, frozen_today):
    return young_case(glostrup, caseworker, city, cpr=CPR_16)


# --- consent before a recommendation ---------------------------------------------------------------------------


def test_a_14_year_old_without_the_custody_holders_consent_cannot_be_recommended(fourteen, counsellor):
    assess(fourteen, counsellor)
    before = counts()

    with pytest.raises(ValidationError) as refused:
        place(fourteen, counsellor)

    assert refused.value.message_dict["consent"] == [
        "Borgeren er 14 år. Før der kan indstilles eller bevilges behandling, skal samtykke fra "
        "forældremyndighedens indehaver være registreret på sagen (hvem, hvornår og hvordan)."
    ]
    assert counts() == before
    assert fresh(fourteen).state == CaseState.ASSESSMENT


def test_a_14_year_old_with_the_custody_holders_consent_is_recommended_and_granted(fourteen, counsellor, approver):
    assess(fourteen, counsellor)
    give_consent(fourteen, counsellor)

    place(fourteen, counsellor)
    decision = decide(fourteen, approver)

    assert decision.outcome == Outcome.GRANTED
    assert fresh(fourteen).state == CaseState.GRANTED


def test_a_16_year_old_must_consent_too(sixteen, counsellor):
    assess(sixteen, counsellor)
    give_consent(sixteen, counsellor)

    with pytest.raises(ValidationError) as refused:
        place(sixteen, counsellor)
    assert "Borgeren er 16 år og skal selv give samtykke" in refused.value.message_dict["consent"][0]

    give_consent(sixteen, counsellor, own=True)
    place(sixteen, counsellor)
    assert fresh(sixteen).state == CaseState.RECOMMENDED


def test_a_consent_withdrawn_before_the_decision_stops_the_grant(fourteen, counsellor, approver):
    assess(fourteen, counsellor)
    give_consent(fourteen, counsellor)
    place(fourteen, counsellor)
    YoungPersonConsent.objects.filter(case=fourteen).update(custody_consent_on=None, custody_consent_how="")
    before = counts()

    with pytest.raises(ValidationError) as refused:
        decide(fourteen, approver)

    assert "samtykke fra forældremyndighedens indehaver" in refused.value.message_dict["consent"][0]
    assert counts() == before
    assert fresh(fourteen).state == CaseState.RECOMMENDED


def test_the_age_counts_on_the_day_of_the_recommendation(glostrup, caseworker, city, counsellor, frozen_today):
    eighteen_today = young_case(glostrup, caseworker, city, cpr="2611084235")  # born 26 November 2008
    assess(eighteen_today, counsellor)
    recommend(eighteen_today, counsellor)  # an adult: no consent needed
    assert fresh(eighteen_today).state == CaseState.RECOMMENDED

    eighteen_tomorrow = young_case(glostrup, caseworker, city, cpr="2711084232")
    assess(eighteen_tomorrow, counsellor)
    with pytest.raises(ValidationError) as refused:
        recommend(eighteen_tomorrow, counsellor)
    assert refused.value.message_dict["consent"][0].startswith("Borgeren er 17 år.")


# --- tariffs for adults ----------------------------------------------------------------------------------------


def test_the_catalogue_makes_city_anonym_a_tariff_for_adults():
    assert Tariff.objects.get(code="city-anonym").min_age == 18
    assert set(Tariff.objects.filter(min_age__isnull=False).values_list("code", flat=True)) == {"city-anonym"}


def test_a_minor_is_refused_a_tariff_for_adults_even_with_consent(fourteen, counsellor):
    assess(fourteen, counsellor)
    give_consent(fourteen, counsellor)
    before = counts()

    with pytest.raises(ValidationError) as refused:
        place(fourteen, counsellor, code="city-anonym", end=TODAY + timedelta(days=111))

    assert (
        "Taksten City anonym er for borgere over 18 år; borgeren er 14 år. Vælg en takst, hvis målgruppe "
        "omfatter unge." in refused.value.message_dict["tariff"]
    )
    assert counts() == before


def test_a_partial_grant_cannot_move_a_minor_onto_a_tariff_for_adults(fourteen, counsellor, approver):
    # The age limit is data: an administrator marks City Basis as a tariff for adults.
    Tariff.objects.filter(code="city-basis").update(min_age=18)
    assess(fourteen, counsellor)
    give_consent(fourteen, counsellor)
    place(fourteen, counsellor)
    before = counts()

    with pytest.raises(ValidationError) as refused:
        decide(fourteen, approver, outcome=Outcome.PARTIALLY_GRANTED, reasons="Lavere intensitet er nok.",
               tariff_code="city-basis")

    assert "Taksten City Basis er for borgere over 18 år; borgeren er 14 år." in refused.value.message_dict["tariff"][0]
    assert counts() == before
    assert fresh(fourteen).state == CaseState.RECOMMENDED


def test_the_api_refuses_a_minor_on_an_adult_tariff_with_400(client, fourteen, counsellor):
    assess(fourteen, counsellor)
    give_consent(fourteen, counsellor)
    response = api(client, counsellor).post(
        f"/api/v1/cases/{fourteen.pk}/recommendation/",
        {"tariff": "city-anonym", "start_date": TODAY.isoformat(),
         "end_date": (TODAY + timedelta(days=100)).isoformat(), "justification": "Ønsker anonym behandling.",
         "deviation_reason": "Ønsket af borgeren.",
         "plan": {"goals": ["Ophør"]}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert any("for borgere over 18 år" in message for message in response.json()["tariff"])


def test_the_api_refuses_a_minor_without_consent_with_400(client, fourteen, counsellor):
    assess(fourteen, counsellor)
    response = api(client, counsellor).post(
        f"/api/v1/cases/{fourteen.pk}/recommendation/",
        {"tariff": "city-udvidet", "start_date": TODAY.isoformat(),
         "end_date": (TODAY + timedelta(days=100)).isoformat(), "justification": "Familien inddrages.",
         "deviation_reason": "Under 18 år.",
         "plan": {"goals": ["Ophør"]}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["consent"][0].startswith("Borgeren er 14 år.")
    assert fresh(fourteen).state == CaseState.ASSESSMENT


# --- the letter to a minor -------------------------------------------------------------------------------------


def test_the_letter_to_a_minor_is_addressed_to_the_custody_holders_too(fourteen, counsellor, approver):
    assess(fourteen, counsellor)
    give_consent(fourteen, counsellor, second_holder_name=SECOND_HOLDER[0], second_holder_address=SECOND_HOLDER[1])
    place(fourteen, counsellor)

    text = pdf_text(bytes(letter_for(decide(fourteen, approver)).pdf))

    address_block = text.split("Dato:")[0]
    assert "Mikkel Jensen Skolevej 4 2600 Glostrup" in address_block
    assert "Anne Jensen (forældremyndighedens indehaver) Skolevej 4 2600 Glostrup" in address_block
    assert "Bo Jensen (forældremyndighedens indehaver) Parkvej 9 2605 Brøndby" in address_block


def test_an_adults_letter_names_no_custody_holder(case, counsellor, approver):
    recommended(case, counsellor)
    text = pdf_text(bytes(letter_for(decide(case, approver)).pdf))
    assert "forældremyndighed" not in text


# --- recording the consent: the case page and the API ----------------------------------------------------------


def test_the_case_page_says_what_is_missing_and_the_caseworker_records_it(client, fourteen, caseworker):
    client.force_login(caseworker)
    page = client.get(f"/sager/{fourteen.pk}/").content.decode()
    assert 'data-testid="consent-missing"' in page
    assert "Borgeren er 14 år." in page

    response = client.post(f"/sager/{fourteen.pk}/samtykke/", {
        "holder_name": HOLDER[0], "holder_address": HOLDER[1], "custody_consent_on": "2026-11-25",
        "custody_consent_how": "written",
    })

    assert response.status_code == 302
    consent = YoungPersonConsent.objects.get(case=fourteen)
    assert (consent.holder_name, consent.custody_consent_on, consent.recorded_by) == (
        "Anne Jensen", date(2026, 11, 25), caseworker
    )
    assert consent.history.get().history_user == caseworker
    assert AccessLog.objects.filter(case=fourteen, detail="Samtykke (under 18 år)").exists()
    page = client.get(f"/sager/{fourteen.pk}/").content.decode()
    assert 'data-testid="consent-missing"' not in page
    assert "25. november 2026 (skriftligt)" in page


@pytest.mark.parametrize("data, field, message", [
    ({"custody_consent_on": "2026-12-01", "custody_consent_how": "written"}, "custody_consent_on",
     "Datoen for samtykket kan ikke ligge i fremtiden."),
    ({"custody_consent_on": "2026-11-25"}, "custody_consent_how", "Angiv, hvordan samtykket er givet."),
    ({"holder_name": "", "custody_consent_on": "2026-11-25", "custody_consent_how": "written"}, "holder_name",
     "Angiv navn og adresse på den, der har givet samtykket."),
    ({"holder_address": "x" * 301, "custody_consent_on": "2026-11-25", "custody_consent_how": "written"},
     "holder_address", "højst have 300 tegn"),
])
def test_bad_consent_input_is_refused_in_danish_and_nothing_is_saved(client, fourteen, caseworker, data, field,
                                                                      message):
    client.force_login(caseworker)
    response = client.post(f"/sager/{fourteen.pk}/samtykke/", {
        "holder_name": HOLDER[0], "holder_address": HOLDER[1], **data,
    })
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not YoungPersonConsent.objects.exists()


def test_an_approver_may_not_record_consent(client, fourteen, approver):
    client.force_login(approver)
    assert client.get(f"/sager/{fourteen.pk}/samtykke/").status_code == 403


def test_another_municipality_cannot_see_or_record_consent(client, fourteen, outsider):
    client.force_login(outsider)
    assert client.get(f"/sager/{fourteen.pk}/samtykke/").status_code == 404
    assert client.post(f"/sager/{fourteen.pk}/samtykke/", {"holder_name": "X"}).status_code == 404
    assert not YoungPersonConsent.objects.exists()


def test_the_api_records_consent_and_shows_it_on_the_case(client, fourteen, counsellor):
    response = api(client, counsellor).post(f"/api/v1/cases/{fourteen.pk}/consent/", {
        "holder_name": HOLDER[0], "holder_address": HOLDER[1], "custody_consent_on": "2026-11-25",
        "custody_consent_how": "oral",
    }, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["custody_consent_how"] == "oral"
    case = client.get(f"/api/v1/cases/{fourteen.pk}/").json()
    assert case["reference"] == "GLO-2026-000001"
    assert case["young_person_consent"]["holder_name"] == "Anne Jensen"
    assert case["young_person_consent"]["custody_consent_on"] == "2026-11-25"


def test_the_api_answers_400_403_and_404_on_consent(client, fourteen, approver, outsider, counsellor):
    url = f"/api/v1/cases/{fourteen.pk}/consent/"
    bad = api(client, counsellor).post(url, {"custody_consent_on": "2026-11-25"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["custody_consent_how"] == ["Angiv, hvordan samtykket er givet."]
    assert api(client, approver).post(url, {}, content_type="application/json").status_code == 403
    assert api(client, outsider).post(url, {}, content_type="application/json").status_code == 404
    assert not YoungPersonConsent.objects.exists()


def test_an_adults_case_has_no_consent_in_the_api(client, case, caseworker):
    assert api(client, caseworker).get(f"/api/v1/cases/{case.pk}/").json()["young_person_consent"] is None
