"""Hostile input never answers 500: a hand-written table of attacks on the API and the UI forms.

Each row is one attack (its id names it) on one door. The API answers 400 (404 where the contract says:
an id that is not an id), with the Danish message on the field that was wrong, or in `detail`. The UI
refuses control characters with the Danish 400 page; a bad field re-renders the form with the Danish
error next to it (200), as every form in the app does. Either way the database is exactly as before:
a refused request changes nothing.
"""

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case, Citizen, Deadline
from tariffs.models import Tariff
from visitation.models import Area, Recommendation

from .visitation_steps import (
    REASONED,
    TODAY,
    api,
    assess,
    counts,
    fresh,
    granted,
    recommend,
    recommended,
    tariff,
)

pytestmark = pytest.mark.usefixtures("catalogue")

CONTROL = "Forespørgslen indeholder ugyldige tegn (kontroltegn som NUL er ikke tilladt)."
DATE = "Datoen skal ligge mellem 1900 og 2100."
DEPTH = "JSON-data må højst være indlejret 16 niveauer."
YEAR = "Året skal angives med fire cifre, fx 2024."
PERIOD = "Perioden kan højst være 366 dage"
LONG_201 = "Tjek at dette felt ikke indeholder flere end 200 tegn."
FORM_LONG_201 = "Denne værdi må højst have 200 tegn (den har 201)."
TOO_LONG_REASON = "Borgeren arbejder. " * 211  # 4008 characters once stripped: a part of the reasons is 4000 at most
LONG_REASON = "Denne værdi må højst have 4000 tegn (den har 4008)."
BOOLEAN = "Skal være sand eller falsk (true/false)."
BZ2 = 'application/json; charset="bz2_codec"'  # quoted, so the test client sends the bytes as they are
CHOICE = "er ikke et gyldigt valg."
NOT_AN_OBJECT = 'JSON-data skal være et objekt, fx {"felt": "værdi"}.'
RATINGS = {area: "moderate" for area in Area.values}


@dataclass
class World:
    """What a row may point at: the case (in the row's stage), its citizen, and ids the UI forms post."""

    case: Case
    citizen: Citizen
    unit_pk: int

    @staticmethod
    def tariff_pk(code: str) -> int:
        return tariff(code).pk


Body = dict | str | Callable[[World], dict | str] | None


@dataclass
class Attack:
    door: str  # "api" (JSON unless `raw`), "api-form" (form-encoded to the API) or "ui" (a logged-in browser)
    method: str
    url: str  # "{case}" and "{citizen}" are filled in
    body: Body = None
    persona: str = "counsellor"
    stage: str = "inquiry"  # inquiry | assessment | recommended | granted
    status: int = 400
    message: str = ""  # Danish, found in the response
    where: str = "detail"  # where the API puts the message: a field, "plan.goals", or "detail"
    content_type: str = "application/json"
    settings: dict[str, Any] = dataclasses.field(default_factory=dict)


def assessment(**overrides) -> dict:
    return {"start_date": "2026-11-26", "unit": "city", "ratings": dict(RATINGS), **overrides}


def recommendation(plan: dict | None = None, **overrides) -> dict:
    return {
        "tariff": "city-basis", "start_date": "2026-11-26", "end_date": "2027-05-24",
        "justification": "Borgeren har brug for ambulant behandling.",
        "plan": {"goals": ["Stoffri hverdag"], "services": ["Gruppebehandling"], **(plan or {})},
        **overrides,
    }


def decision(**overrides) -> dict:
    return {"outcome": "granted", "reasons": "", "sent_via": "digital_post", "sent_date": "2026-11-26", **overrides}


def new_case(**overrides) -> Callable[[World], dict]:
    return lambda world: {"citizen": world.citizen.pk, "substance": "drugs", "inquiry_date": "2026-11-25",
                          "channel": "phone", **overrides}


def new_citizen(**overrides) -> dict:
    return {"cpr": "0202902345", "name": "Karen Holm", "municipality": "161", **overrides}


def nested(depth: int) -> dict:
    value: Any = "low"
    for _ in range(depth):
        value = {"x": value}
    return value


def assessment_form(**overrides) -> Callable[[World], dict]:
    return lambda world: {
        "start_date": "2026-11-26", "unit": world.unit_pk, "primary_substance": "cannabis", "note": "",
        **{f"rating_{area}": "moderate" for area in Area.values}, **overrides,
    }


def recommendation_form(**overrides) -> Callable[[World], dict]:
    return lambda world: {
        "tariff": world.tariff_pk("city-basis"), "start_date": "2026-11-26", "end_date": "2027-05-24",
        "justification": "Borgeren har brug for ambulant behandling.", "goals_short": "Stoffri hverdag",
        **overrides,
    }


ASSESS, RECOMMEND, DECIDE, START = (
    "/api/v1/cases/{case}/assessment/", "/api/v1/cases/{case}/recommendation/",
    "/api/v1/cases/{case}/decision/", "/api/v1/cases/{case}/treatment-start/",
)
R, D, G = {"stage": "assessment"}, {"stage": "recommended", "persona": "approver"}, {"stage": "granted"}

ATTACKS = [
    # --- NUL bytes and other control characters, in the body, the query and the path ---------------------------
    pytest.param(Attack("api", "post", ASSESS, assessment(unit="\x00"), message=CONTROL), id="api-nul-in-json-unit"),
    pytest.param(Attack("api", "post", ASSESS, assessment(ratings={**RATINGS, "\x00": "low"}), message=CONTROL),
                 id="api-nul-in-json-key"),
    pytest.param(Attack("api", "post", "/api/v1/citizens/", new_citizen(name="Karen\x07Holm"), persona="caseworker",
                        message=CONTROL), id="api-bell-in-citizen-name"),
    pytest.param(Attack("api", "post", RECOMMEND, '{"justification": "\\ud800"}', message=CONTROL, **R),
                 id="api-lone-surrogate-in-json-string"),
    pytest.param(Attack("api", "get", "/api/v1/citizens/?name=%00", persona="caseworker", message=CONTROL),
                 id="api-nul-in-query-name"),
    pytest.param(Attack("api", "get", "/api/v1/cases/?search=a%0Ab", persona="caseworker", message=CONTROL),
                 id="api-line-break-in-query"),
    pytest.param(Attack("api", "get", "/api/v1/tariffs/%00/", persona="caseworker", message=CONTROL),
                 id="api-nul-in-path-tariff-code"),
    pytest.param(Attack("api-form", "post", "/api/v1/cases/", new_case(substance="drugs\x00"), persona="caseworker",
                        message=CONTROL), id="api-nul-in-form-encoded-body"),
    # --- digits that str.isdigit() accepts and int() does not ---------------------------------------------------
    pytest.param(Attack("api", "get", "/api/v1/tariffs/?year=²", persona="caseworker", message=YEAR, where="year"),
                 id="api-superscript-two-as-year"),
    pytest.param(Attack("api", "get", "/api/v1/tariffs/city-basis/?year=٢٠٢٤", persona="caseworker", message=YEAR,
                        where="year"), id="api-arabic-indic-year-on-tariff-detail"),
    pytest.param(Attack("api", "get", "/api/v1/tariffs/?year=20245", persona="caseworker", message=YEAR,
                        where="year"), id="api-five-digit-year"),
    pytest.param(Attack("api", "get", "/api/v1/cases/１/", persona="caseworker", status=404,
                        message="Siden findes ikke"), id="api-fullwidth-digit-as-case-id"),
    # The case list pages by cursor (issue 11): a forged cursor is a 404 in Danish, never a 500.
    pytest.param(Attack("api", "get", "/api/v1/cases/?cursor=²", persona="caseworker", status=404,
                        message="Ugyldig side"), id="api-superscript-cursor"),
    pytest.param(Attack("api", "get", "/api/v1/citizens/?cursor=ikke-en-markoer", persona="caseworker", status=404,
                        message="Ugyldig side"), id="api-forged-cursor"),
    pytest.param(Attack("api", "get", "/api/v1/deadlines/?cursor=²", persona="caseworker", status=404,
                        message="Ugyldig side"), id="api-superscript-deadline-cursor"),
    # Lists page by cursor: a page number, even a strange one, hears how to page instead.
    pytest.param(Attack("api", "get", "/api/v1/deadlines/?page=²", persona="caseworker",
                        message="Listen bladres ikke med sidetal", where="page"), id="api-superscript-page-number"),
    # --- dates outside 1900–2100 (9999-12-31 + 14 days overflows) ---------------------------------------------
    pytest.param(Attack("api", "post", ASSESS, assessment(start_date="9999-12-31"), message=DATE, where="start_date"),
                 id="api-assessment-starting-9999-12-31"),
    pytest.param(Attack("api", "post", ASSESS, assessment(start_date="0001-01-01"), message=DATE, where="start_date"),
                 id="api-assessment-starting-0001-01-01"),
    pytest.param(Attack("api", "post", "/api/v1/cases/", new_case(inquiry_date="0001-01-01"), persona="caseworker",
                        message=DATE, where="inquiry_date"), id="api-inquiry-on-0001-01-01"),
    pytest.param(Attack("api", "post", "/api/v1/cases/", new_case(inquiry_date="9999-12-31"), persona="caseworker",
                        message=DATE, where="inquiry_date"), id="api-inquiry-on-9999-12-31"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(end_date="9999-12-31"), message=DATE,
                        where="end_date", **R), id="api-recommendation-ending-9999-12-31"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(start_date="0001-01-01"), message=DATE,
                        where="start_date", **R), id="api-recommendation-starting-0001-01-01"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(plan={"signed_on": "9999-12-31", "signed_how": "paper"}),
                        message=DATE, where="plan.signed_on", **R), id="api-plan-signed-9999-12-31"),
    pytest.param(Attack("api", "post", DECIDE, decision(sent_date="9999-12-31"), message=DATE, where="sent_date", **D),
                 id="api-decision-sent-9999-12-31"),
    pytest.param(Attack("api", "post", DECIDE, decision(outcome="partially_granted", **REASONED,
                                                        end_date="0001-01-01"), message=DATE, where="end_date", **D),
                 id="api-partial-grant-ending-0001-01-01"),
    pytest.param(Attack("api", "post", START, {"date": "9999-12-31"}, message=DATE, where="date", **G),
                 id="api-treatment-starting-9999-12-31"),
    pytest.param(Attack("api", "post", ASSESS, assessment(start_date="31.12.2026"), message="forkert format",
                        where="start_date"), id="api-date-in-danish-notation"),
    # --- a recommendation's period: the tariff's maximum, else a year ------------------------------------------
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(end_date="2100-12-31"), message=PERIOD,
                        where="end_date", **R), id="api-recommendation-ending-2100-past-the-ceiling"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(end_date="2027-11-27"), message=PERIOD,
                        where="end_date", **R), id="api-recommendation-of-367-days"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(tariff="afdaekning", plan={"services": []},
                                                                 end_date="2027-01-31"),
                        message="kan højst bevilges i 14 dage", where="end_date", **R),
                 id="api-recommendation-past-the-tariffs-own-duration"),
    # --- JSON built to hurt the parser -------------------------------------------------------------------------
    pytest.param(Attack("api", "post", ASSESS, "[" * 10_000 + "]" * 10_000, message=DEPTH),
                 id="api-json-nested-10000-deep"),
    pytest.param(Attack("api", "post", ASSESS, assessment(ratings=nested(16)), message=DEPTH),
                 id="api-json-nested-17-deep"),
    pytest.param(Attack("api", "post", ASSESS, '{"unit": ', message="Ugyldig JSON (linje 1, kolonne 10)."),
                 id="api-json-cut-short"),
    pytest.param(Attack("api", "post", RECOMMEND, '{"plan": {"expected_weeks": NaN}}', message="tallet kan ikke læses",
                        **R), id="api-json-nan"),
    pytest.param(Attack("api", "post", RECOMMEND, '{"plan": {"expected_weeks": ' + "9" * 5000 + "}}",
                        message="tallet kan ikke læses", **R), id="api-json-5000-digit-integer"),
    pytest.param(Attack("api", "post", ASSESS, json.dumps(assessment()), content_type=BZ2,
                        message="tegnsæt"), id="api-json-compressed-charset"),
    pytest.param(Attack("api", "post", ASSESS, lambda world: json.dumps(assessment(note="x" * 3_000)),
                        message="Forespørgslen er for stor.", settings={"DATA_UPLOAD_MAX_MEMORY_SIZE": 2_000}),
                 id="api-json-body-over-the-upload-limit"),
    pytest.param(Attack("api", "post", ASSESS, "[]", message=NOT_AN_OBJECT), id="api-json-array-as-body"),
    pytest.param(Attack("api", "post", ASSESS, "null", message=NOT_AN_OBJECT), id="api-json-null-as-body"),
    # --- strings longer than the column they go to --------------------------------------------------------------
    pytest.param(Attack("api", "post", "/api/v1/citizens/", new_citizen(name="x" * 201), persona="caseworker",
                        message=LONG_201, where="name"), id="api-citizen-name-of-201-characters"),
    pytest.param(Attack("api", "post", "/api/v1/citizens/", new_citizen(cpr="0" * 12), persona="caseworker",
                        message="flere end 11 tegn", where="cpr"), id="api-cpr-of-12-characters"),
    pytest.param(Attack("api", "post", START, {"date": "2026-11-26", "free_choice_provider": "x" * 201},
                        message=LONG_201, where="free_choice_provider", **G),
                 id="api-free-choice-provider-of-201-characters"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(plan={"intensity": "x" * 201}), message=LONG_201,
                        where="plan.intensity", **R), id="api-plan-intensity-of-201-characters"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(tariff="x" * 41), message="flere end 40 tegn",
                        where="tariff", **R), id="api-tariff-code-of-41-characters"),
    pytest.param(Attack("api", "post", DECIDE, decision(outcome="partially_granted", **REASONED,
                                                        tariff="x" * 41),
                        message="flere end 40 tegn", where="tariff", **D), id="api-decision-tariff-of-41-characters"),
    pytest.param(Attack("api", "post", DECIDE, decision(outcome="refused", **{**REASONED, "facts": TOO_LONG_REASON}),
                        message=LONG_REASON, where="facts", **D), id="api-decision-facts-over-4000-characters"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(plan={"goals": ["x" * 501]}),
                        message="flere end 500 tegn", where="plan.goals", **R), id="api-plan-goal-of-501-characters"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(plan={"goals": ["Mål"] * 31}),
                        message="Listen må højst have 30 elementer.", where="plan.goals", **R), id="api-plan-with-31-goals"),
    # --- the wrong type ----------------------------------------------------------------------------------------
    pytest.param(Attack("api", "post", ASSESS, assessment(unit=["city"]), message="findes ikke", where="unit"),
                 id="api-list-as-unit"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(justification=["Begrundelse"]),
                        message="Ikke en gyldig tekst.", where="justification", **R), id="api-list-as-justification"),
    pytest.param(Attack("api", "post", ASSESS, assessment(psychiatric=["ja"]), message=BOOLEAN,
                        where="psychiatric"), id="api-list-as-boolean"),
    pytest.param(Attack("api", "post", ASSESS, assessment(ratings=["low"]), message="Forventede en dictionary",
                        where="ratings"), id="api-list-as-ratings"),
    pytest.param(Attack("api", "post", "/api/v1/cases/", new_case(citizen=2**70), persona="caseworker",
                        message="objektet findes ikke", where="citizen"), id="api-citizen-id-of-2-to-the-70"),
    pytest.param(Attack("api", "post", "/api/v1/cases/", new_case(citizen="Mads"), persona="caseworker",
                        message="Ugyldig type", where="citizen"), id="api-name-as-citizen-id"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(plan={"expected_weeks": 10**30}),
                        message="mindre end eller lig med 520", where="plan.expected_weeks", **R),
                 id="api-expected-weeks-of-10-to-the-30"),
    pytest.param(Attack("api", "post", ASSESS, assessment(start_date=20261126), message="forkert format",
                        where="start_date"), id="api-number-as-date"),
    # --- values outside the enumerations ------------------------------------------------------------------------
    pytest.param(Attack("api", "post", ASSESS, assessment(ratings={**RATINGS, "housing": "extreme"}), message=CHOICE,
                        where="ratings"), id="api-unknown-rating-level"),
    pytest.param(Attack("api", "post", ASSESS, assessment(ratings={**RATINGS, "astrology": "low"}),
                        message="Ukendte livsområder: astrology.", where="ratings"), id="api-unknown-area"),
    pytest.param(Attack("api", "post", ASSESS, assessment(unit="narnia"), message="findes ikke", where="unit"),
                 id="api-unknown-unit"),
    pytest.param(Attack("api", "post", DECIDE, decision(outcome="maybe"), message=CHOICE, where="outcome", **D),
                 id="api-unknown-outcome"),
    pytest.param(Attack("api", "post", DECIDE, decision(sent_via="pigeon"), message=CHOICE, where="sent_via", **D),
                 id="api-unknown-delivery"),
    pytest.param(Attack("api", "post", "/api/v1/cases/", new_case(substance="tobacco"), persona="caseworker",
                        message=CHOICE, where="substance"), id="api-unknown-substance"),
    pytest.param(Attack("api", "post", RECOMMEND, recommendation(plan={"signed_on": "2026-11-26", "signed_how": "blood"}),
                        message=CHOICE, where="plan.signed_how", **R), id="api-unknown-signature-method"),
    # --- the UI: control characters get the Danish 400 page ------------------------------------------------------
    pytest.param(Attack("ui", "post", "/sager/{case}/afdaekning/", assessment_form(note="Noter\x00"), message=CONTROL),
                 id="ui-nul-in-assessment-note"),
    pytest.param(Attack("ui", "post", "/borgere/soeg/", {"q": "Mads\x00"}, persona="caseworker", message=CONTROL),
                 id="ui-nul-in-citizen-search"),
    pytest.param(Attack("ui", "post", "/borgere/ny/", {"cpr": "0202902345", "name": "Karen\x1bHolm"},
                        persona="caseworker", message=CONTROL), id="ui-escape-in-citizen-name"),
    pytest.param(Attack("ui", "get", "/sager/%00/", persona="caseworker", message=CONTROL), id="ui-nul-in-path"),
    pytest.param(Attack("ui", "get", "/indstillinger/?side=%00", persona="approver", message=CONTROL),
                 id="ui-nul-in-query"),
    # --- the UI: a bad field re-renders the form with the Danish error ----------------------------------------
    pytest.param(Attack("ui", "post", "/sager/{case}/afdaekning/", assessment_form(start_date="9999-12-31"),
                        status=200, message=DATE), id="ui-assessment-starting-9999-12-31"),
    pytest.param(Attack("ui", "post", "/borgere/{citizen}/henvendelse/",
                        {"inquiry_date": "0001-01-01", "substance": "drugs", "channel": "phone"},
                        persona="caseworker", status=200, message=DATE), id="ui-inquiry-on-0001-01-01"),
    pytest.param(Attack("ui", "post", "/sager/{case}/indstilling/", recommendation_form(end_date="9999-12-31"),
                        status=200, message=DATE, **R), id="ui-recommendation-ending-9999-12-31"),
    pytest.param(Attack("ui", "post", "/sager/{case}/indstilling/", recommendation_form(end_date="2100-12-31"),
                        status=200, message=PERIOD, **R), id="ui-recommendation-ending-2100-past-the-ceiling"),
    pytest.param(Attack("ui", "post", "/sager/{case}/indstilling/", recommendation_form(tariff="²"),
                        status=200, message="Marker en gyldig valgmulighed", **R),
                 id="ui-superscript-two-as-tariff"),
    pytest.param(Attack("ui", "post", "/sager/{case}/indstilling/", recommendation_form(intensity="x" * 201),
                        status=200, message=FORM_LONG_201, **R), id="ui-plan-intensity-of-201-characters"),
    pytest.param(Attack("ui", "post", "/sager/{case}/afgoerelse/", decision(sent_date="9999-12-31"),
                        status=200, message=DATE, **D), id="ui-decision-sent-9999-12-31"),
    pytest.param(Attack("ui", "post", "/sager/{case}/afgoerelse/",
                        decision(outcome="refused", **{**REASONED, "considerations": TOO_LONG_REASON}),
                        status=200, message=LONG_REASON, **D), id="ui-decision-considerations-over-4000-characters"),
    pytest.param(Attack("ui", "post", "/sager/{case}/behandlingsstart/", {"date": "9999-12-31"},
                        status=200, message=DATE, **G), id="ui-treatment-starting-9999-12-31"),
    pytest.param(Attack("ui", "post", "/sager/{case}/behandlingsstart/",
                        {"date": "2026-11-26", "free_choice_provider": "x" * 201},
                        status=200, message=FORM_LONG_201, **G), id="ui-free-choice-provider-of-201-characters"),
    pytest.param(Attack("ui", "post", "/borgere/ny/", {"cpr": "0202902345", "name": "x" * 201}, persona="caseworker",
                        status=200, message=FORM_LONG_201), id="ui-citizen-name-of-201-characters"),
    pytest.param(Attack("ui", "post", "/sager/{case}/afdaekning/", assessment_form(rating_housing="extreme"),
                        status=200, message="Marker en gyldig valgmulighed"), id="ui-unknown-rating-level"),
]


def snapshot() -> dict:
    """Everything a refused request must leave as it was."""
    return {
        **counts(),
        "citizens": list(Citizen.objects.order_by("pk").values_list("pk", "name", "cpr")),
        "cases": list(
            Case.objects.order_by("pk").values_list(
                "pk", "state", "unit_id", "awaiting_decision", "treatment_start", "free_choice_provider"
            )
        ),
        "case_history": Case.history.count(),
        "deadlines": list(Deadline.objects.order_by("pk").values_list("pk", "kind", "status", "due_date")),
    }


@pytest.fixture
def world(case, citizen, city, counsellor, approver):
    def build(stage: str) -> World:
        if stage == "assessment":
            assess(case, counsellor)
        elif stage == "recommended":
            recommended(case, counsellor)
        elif stage == "granted":
            granted(case, counsellor, approver)
        return World(case=fresh(case), citizen=citizen, unit_pk=city.pk)

    return build


def texts(errors) -> list[str]:
    if isinstance(errors, dict):
        return [text for value in errors.values() for text in texts(value)]
    if isinstance(errors, list):
        return [text for value in errors for text in texts(value)]
    return [str(errors)]


def found_under(errors, path: str, message: str) -> bool:
    """The message is among the errors at `path` ("plan.goals" for nested serializers)."""
    for part in path.split("."):
        if not isinstance(errors, dict) or part not in errors:
            return False
        errors = errors[part]
    return any(message in text for text in texts(errors))


@pytest.mark.parametrize("attack", ATTACKS)
def test_hostile_input_is_refused_in_danish_and_changes_nothing(client, world, request, settings, attack):
    here = world(attack.stage)
    user = request.getfixturevalue(attack.persona)
    for name, value in attack.settings.items():
        setattr(settings, name, value)
    url = attack.url.format(case=here.case.pk, citizen=here.citizen.pk)
    body = attack.body(here) if callable(attack.body) else attack.body
    before = snapshot()

    if attack.door == "ui":
        client.force_login(user)
        response = getattr(client, attack.method)(url, body or {})
    elif attack.door == "api-form":
        response = api(client, user).post(url, body)
    elif attack.method == "get":
        response = api(client, user).get(url)
    else:
        raw = body if isinstance(body, str) else json.dumps(body)
        response = api(client, user).post(url, raw, content_type=attack.content_type)

    assert response.status_code == attack.status, response.content.decode()[:500]
    if response.headers["Content-Type"].startswith("application/json"):
        assert found_under(response.json(), attack.where, attack.message), response.json()
    else:
        assert attack.message in response.content.decode()
    assert snapshot() == before


# --- the rules behind the rows, at the other doors --------------------------------------------------------------


def test_the_400_page_is_danish_and_keeps_the_layout(client, caseworker):
    client.force_login(caseworker)

    response = client.get("/", {"q": "\x00"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>Forespørgslen kunne ikke behandles</h1>" in page
    assert CONTROL in page
    assert "Intet er gemt." in page
    assert 'data-testid="current-user"' in page  # the usual header: the user knows where they are


def test_tab_and_line_breaks_in_typed_text_are_ordinary(client, case, counsellor):
    """The guard refuses control characters, not the line breaks and tabs of a textarea."""
    body = json.dumps(assessment(note="Første linje\r\n\tanden linje"))

    response = api(client, counsellor).post(ASSESS.format(case=case.pk), body, content_type="application/json")

    assert response.status_code == 201
    assert fresh(case).assessments.get().note == "Første linje\r\n\tanden linje"


@pytest.mark.parametrize(
    ("days", "refused"), [(366, False), (367, True)], ids=["366-days-a-leap-year", "367-days"]
)
def test_a_recommendations_period_is_at_most_the_ceiling(case, counsellor, days, refused):
    """The rule is the model's (Recommendation.clean), so every door gets it: UI, API, admin, services."""
    assess(case, counsellor)
    draft = Recommendation(
        case=fresh(case), tariff=tariff("city-basis"), unit=case.unit, start_date=TODAY,
        end_date=TODAY + timedelta(days=days - 1), justification="Ambulant behandling.", recommended_by=counsellor,
    )

    if refused:
        with pytest.raises(ValidationError) as error:
            draft.full_clean(exclude=["plan_version"])
        assert error.value.message_dict["end_date"][0].startswith(PERIOD)
    else:
        draft.full_clean(exclude=["plan_version"])


def test_the_ceiling_is_a_setting(case, counsellor, settings):
    """A municipality that re-visits every half year sets MAX_GRANT_PERIOD_DAYS; the message follows it."""
    settings.MAX_GRANT_PERIOD_DAYS = 183
    assess(case, counsellor)

    with pytest.raises(ValidationError) as error:
        recommend(case, counsellor, end=TODAY + timedelta(days=183))

    assert error.value.message_dict["end_date"][0].startswith("Perioden kan højst være 183 dage")
    assert counts()["recommendations"] == 0


def test_a_tariffs_own_duration_comes_before_the_ceiling(case, counsellor):
    """Afdækning lasts 14 days: its own maximum applies, not the year-long ceiling."""
    assess(case, counsellor)
    draft = Recommendation(
        case=fresh(case), tariff=tariff("afdaekning"), unit=case.unit, start_date=TODAY,
        end_date=TODAY + timedelta(days=14), justification="Afdækning.", recommended_by=counsellor,
    )

    with pytest.raises(ValidationError) as error:
        draft.full_clean(exclude=["plan_version"])

    assert error.value.message_dict["end_date"] == ["Taksten Afdækning kan højst bevilges i 14 dage."]


def test_the_approvers_page_prices_a_year_long_recommendation_in_two_parts(client, case, counsellor, approver):
    """The ceiling keeps the cost loop short: a year's period spans at most two catalogue years."""
    recommended(case, counsellor, end=TODAY + timedelta(days=365))
    client.force_login(approver)

    response = client.get(f"/sager/{case.pk}/afgoerelse/")

    assert response.status_code == 200
    assert len(response.context["cost"].parts) == 2


def test_the_services_partial_ignores_a_tariff_id_that_is_not_ascii_digits(client, case, counsellor):
    """The htmx partial behind the tariff select: '²' passes str.isdigit() but is no primary key."""
    assess(case, counsellor)
    client.force_login(counsellor)

    response = client.get(f"/sager/{case.pk}/indstilling/ydelser/", {"tariff": "²"})

    assert response.status_code == 200
    assert 'type="checkbox"' not in response.content.decode()


# --- tariff look-up by code, once a second catalogue year exists -----------------------------------------------


@pytest.fixture
def catalogue_2025(catalogue):
    """2025's catalogue with the same codes at new prices: every January this is what the API faces."""
    from tariffs.models import TariffCatalogue

    new = TariffCatalogue.objects.create(year=2025, source="test")
    for old in Tariff.objects.filter(catalogue__year=2024):
        old.pk, old.catalogue = None, new
        old.price_per_day += 10
        old.save()


def test_tariff_detail_is_the_catalogue_in_force_today(client, caseworker, catalogue_2025, frozen_today):
    response = api(client, caseworker).get("/api/v1/tariffs/city-basis/")

    assert response.status_code == 200
    assert (response.json()["year"], response.json()["price_per_day"]) == (2025, "312.00")


def test_tariff_detail_for_a_named_year(client, caseworker, catalogue_2025):
    response = api(client, caseworker).get("/api/v1/tariffs/city-basis/", {"year": "2024"})

    assert response.status_code == 200
    assert (response.json()["year"], response.json()["price_per_day"]) == (2024, "302.00")


def test_tariff_detail_for_a_year_without_catalogue_is_404(client, caseworker, catalogue_2025):
    assert api(client, caseworker).get("/api/v1/tariffs/city-basis/", {"year": "2023"}).status_code == 404


def test_tariff_detail_on_a_day_before_any_catalogue_is_404(client, caseworker, catalogue):
    import time_machine

    with time_machine.travel(date(2023, 6, 1), tick=False):
        assert api(client, caseworker).get("/api/v1/tariffs/city-basis/").status_code == 404


def test_the_schema_documents_the_year_of_a_tariff_look_up():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = schema["paths"]["/api/v1/tariffs/{code}/"]["get"]["parameters"]

    year = next(parameter for parameter in parameters if parameter["name"] == "year")
    assert year["in"] == "query"
    assert "gælder i dag" in year["description"]
