"""The integration API against its contract (API.md): names, shapes, status codes, Danish errors."""

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.authtoken.models import Token

from cases.api.exceptions import exception_handler
from cases.models import Case, Citizen, TransitionRefused

from . import factories
from .factories import TARIFF_CODES_2024

CPR = "0101901234"

TARIFF_FIELDS = {
    "code",
    "name",
    "year",
    "legal_basis",
    "price_per_day",
    "duration_days",
    "services_per_month_min",
    "services_per_month_max",
    "unit",
}
CASE_FIELDS = {
    "id",
    "citizen",
    "state",
    "substance",
    "inquiry_date",
    "unit",
    "treatment_start",
    "deadlines",
    "transitions",
}
CITIZEN_FIELDS = {"id", "name", "municipality", "cpr_masked", "birth_date"}


def token_for(username: str) -> str:
    out = StringIO()
    call_command("api_token", username, stdout=out)
    return out.getvalue().strip()


def as_user(client, user):
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token_for(user.username)}"
    return client


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


# --- authentication ------------------------------------------------------------------------------------


def test_api_token_command_prints_the_users_token_and_reuses_it(caseworker):
    first = token_for("sara")
    assert first == Token.objects.get(user=caseworker).key
    assert len(first) == 40
    assert token_for("sara") == first
    assert Token.objects.count() == 1


def test_api_token_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="Ukendt eller inaktiv bruger: nobody"):
        call_command("api_token", "nobody", stdout=StringIO())


@pytest.mark.parametrize(
    "url", ["/api/v1/municipalities/", "/api/v1/tariffs/", "/api/v1/citizens/", "/api/v1/cases/"]
)
def test_without_credentials_the_api_answers_401(client, db, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_answers_401(client, caseworker):
    response = client.get("/api/v1/cases/", HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert response.status_code == 401


def test_token_header_authenticates(client, caseworker, case):
    response = as_user(client, caseworker).get("/api/v1/cases/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [case.pk]


def test_browser_session_also_authenticates_the_api(client, caseworker, case):
    client.force_login(caseworker)
    assert client.get(f"/api/v1/cases/{case.pk}/").status_code == 200


# --- reference data ------------------------------------------------------------------------------------


def test_municipalities_are_listed_by_official_code_and_name(client, caseworker, roedovre):
    response = as_user(client, caseworker).get("/api/v1/municipalities/")
    assert response.status_code == 200
    assert response.json() == [{"code": "161", "name": "Glostrup"}, {"code": "175", "name": "Rødovre"}]


def test_tariffs_for_2024_follow_the_contract(client, caseworker, catalogue):
    response = as_user(client, caseworker).get("/api/v1/tariffs/", {"year": 2024})
    rows = response.json()

    assert response.status_code == 200
    assert [row["code"] for row in rows] == TARIFF_CODES_2024
    assert all(set(row) >= TARIFF_FIELDS for row in rows)
    assert {row["year"] for row in rows} == {2024}
    assert {row["legal_basis"] for row in rows} <= {"SEL_101", "SEL_101A", "SUL_141", "SUL_142"}
    by_code = {row["code"]: row for row in rows}
    assert by_code["afdaekning"]["price_per_day"] == "605.00"
    assert by_code["afdaekning"]["duration_days"] == 14
    assert by_code["afdaekning"]["legal_basis"] == "SEL_101"
    assert by_code["city-anonym"]["legal_basis"] == "SEL_101A"
    assert by_code["heroin"]["legal_basis"] == "SUL_142"
    assert by_code["alkohol-basis"]["legal_basis"] == "SUL_141"
    assert by_code["city-basis"]["unit"] == "city"
    assert by_code["stjernevang-basis"]["services_per_month_min"] == 4
    assert by_code["stjernevang-basis"]["services_per_month_max"] == 8


def test_tariffs_for_a_year_without_catalogue_are_empty(client, caseworker, catalogue):
    assert as_user(client, caseworker).get("/api/v1/tariffs/", {"year": "2023"}).json() == []


def test_tariffs_for_a_year_that_is_not_a_year_are_400(client, caseworker, catalogue):
    response = as_user(client, caseworker).get("/api/v1/tariffs/", {"year": "tyve"})

    assert response.status_code == 400
    assert response.json() == {"year": ["Året skal angives med fire cifre, fx 2024."]}


# --- citizens ------------------------------------------------------------------------------------------


def test_create_citizen_returns_201_with_the_contract_shape_and_no_full_cpr(client, caseworker, glostrup):
    response = post(
        as_user(client, caseworker),
        "/api/v1/citizens/",
        {"cpr": "010190-1234", "name": "Mads Jensen", "municipality": "161"},
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) >= CITIZEN_FIELDS
    assert "cpr" not in body
    assert CPR not in response.content.decode()
    citizen = Citizen.objects.get()
    assert body == {
        **body,
        "id": citizen.pk,
        "name": "Mads Jensen",
        "municipality": "161",
        "cpr_masked": "010190-xxxx",
        "birth_date": "1990-01-01",
    }
    assert citizen.cpr == CPR
    assert citizen.history.get().history_user == caseworker


def test_anonymous_citizen_can_be_created_without_cpr(client, caseworker, glostrup):
    response = post(
        as_user(client, caseworker),
        "/api/v1/citizens/",
        {"name": "Anonym 1", "municipality": "161", "anonymous": True},
    )
    assert response.status_code == 201
    assert response.json()["cpr_masked"] == "anonym"
    assert response.json()["birth_date"] is None


@pytest.mark.parametrize(
    ("cpr", "message"),
    [
        pytest.param("3102901234", "CPR-nummeret indeholder ikke en gyldig fødselsdato.", id="bad-date"),
        pytest.param("010190123", "Et CPR-nummer skal have 10 cifre (ddmmåå-xxxx).", id="wrong-length"),
        pytest.param(
            "01019O1234", "Et CPR-nummer må kun indeholde cifre og eventuelt en bindestreg.", id="letters"
        ),
    ],
)
def test_invalid_cpr_is_400_on_cpr_in_danish(client, caseworker, glostrup, cpr, message):
    response = post(
        as_user(client, caseworker),
        "/api/v1/citizens/",
        {"cpr": cpr, "name": "Mads Jensen", "municipality": "161"},
    )
    assert response.status_code == 400
    assert response.json() == {"cpr": [message]}
    assert not Citizen.objects.exists()


def test_duplicate_cpr_in_the_municipality_is_400_on_cpr(client, caseworker, citizen):
    response = post(
        as_user(client, caseworker),
        "/api/v1/citizens/",
        {"cpr": CPR, "name": "Mads Jensen", "municipality": "161"},
    )
    assert response.status_code == 400
    assert response.json() == {"cpr": ["Der findes allerede en borger med dette CPR-nummer i kommunen."]}
    assert Citizen.objects.count() == 1


def test_citizen_in_another_municipality_is_400(client, caseworker, roedovre):
    response = post(
        as_user(client, caseworker),
        "/api/v1/citizens/",
        {"cpr": CPR, "name": "Mads Jensen", "municipality": "175"},
    )
    assert response.status_code == 400
    assert response.json() == {"municipality": ["Du kan kun oprette borgere i din egen kommune."]}
    assert not Citizen.objects.exists()


@pytest.mark.parametrize("persona", ["approver", "counsellor"])
def test_only_caseworkers_create_citizens(client, request, glostrup, persona):
    user = request.getfixturevalue(persona)
    response = post(
        as_user(client, user), "/api/v1/citizens/", {"cpr": CPR, "name": "X", "municipality": "161"}
    )
    assert response.status_code == 403
    assert not Citizen.objects.exists()


@pytest.mark.parametrize("typed", [pytest.param(CPR, id="digits"), pytest.param("010190-1234", id="dashed")])
def test_citizen_search_by_cpr_finds_within_scope(client, caseworker, glostrup, citizen, typed):
    factories.citizen(glostrup, cpr="1503851118", name="Louise Hansen")
    response = post(as_user(client, caseworker), "/api/v1/citizens/search/", {"cpr": typed})
    body = response.json()
    assert body["count"] == 1
    assert [row["id"] for row in body["results"]] == [citizen.pk]
    assert body["results"][0]["cpr_masked"] == "010190-xxxx"
    assert CPR not in response.content.decode()


def test_citizen_search_by_name(client, caseworker, glostrup, citizen):
    factories.citizen(glostrup, cpr="1503851118", name="Louise Hansen")
    body = post(as_user(client, caseworker), "/api/v1/citizens/search/", {"name": "hansen"}).json()
    assert [row["name"] for row in body["results"]] == ["Louise Hansen"]


def test_counsellor_may_search_although_it_may_not_create(client, counsellor, case):
    body = post(as_user(client, counsellor), "/api/v1/citizens/search/", {"cpr": CPR}).json()
    assert [row["id"] for row in body["results"]] == [case.citizen_id]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"cpr": "3201901234"}, "cpr", "CPR-nummeret indeholder ikke en gyldig fødselsdato."),
        ({}, "detail", "Angiv enten cpr eller name."),
        ({"cpr": CPR, "name": "Mads"}, "detail", "Angiv enten cpr eller name."),
        ({"cpr": CPR, "purpose": "nysgerrighed"}, "purpose", '"nysgerrighed" er ikke et gyldigt valg.'),
    ],
)
def test_citizen_search_refuses_bad_input_in_danish(client, caseworker, citizen, body, field, message):
    response = post(as_user(client, caseworker), "/api/v1/citizens/search/", body)
    assert response.status_code == 400
    assert message in str(response.json()[field])


def test_cpr_in_the_url_is_refused_and_points_to_the_search(client, caseworker, citizen):
    response = as_user(client, caseworker).get("/api/v1/citizens/", {"cpr": CPR})
    assert response.status_code == 400
    assert "POST /api/v1/citizens/search/" in response.json()["cpr"][0]


def test_citizens_list_is_paginated_and_never_has_the_full_cpr(client, caseworker, citizen):
    response = as_user(client, caseworker).get("/api/v1/citizens/")
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert (body["count"], body["next"], body["previous"]) == (1, None, None)
    assert CPR not in response.content.decode()


def test_citizens_list_pages_with_next_and_previous(client, caseworker, glostrup):
    for number in range(51):
        factories.citizen(glostrup, cpr=None, name=f"Anonym {number:02d}")
    first = as_user(client, caseworker).get("/api/v1/citizens/").json()
    assert first["count"] == 51 and len(first["results"]) == 50 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None and second["previous"] is not None


# --- cases ---------------------------------------------------------------------------------------------


def test_create_case_returns_201_with_deadlines_and_transitions(client, caseworker, citizen, frozen_today):
    response = post(
        as_user(client, caseworker),
        "/api/v1/cases/",
        {"citizen": citizen.pk, "substance": "drugs", "inquiry_date": "2026-11-20", "channel": "phone"},
    )

    assert response.status_code == 201
    body = response.json()
    case = Case.objects.get()
    assert set(body) >= CASE_FIELDS
    assert body["id"] == case.pk
    assert (body["citizen"], body["state"], body["substance"], body["inquiry_date"]) == (
        citizen.pk,
        "inquiry",
        "drugs",
        "2026-11-20",
    )
    assert body["unit"] is None and body["treatment_start"] is None
    assert body["deadlines"] == [{"kind": "treatment_guarantee", "due_date": "2026-12-04", "status": "open"}]
    assert sorted(body["transitions"]) == ["start_assessment", "withdraw"]
    assert case.history.get().history_user == caseworker


def test_create_alcohol_case_referred_to_a_unit(client, caseworker, citizen, alkohol, frozen_today):
    response = post(
        as_user(client, caseworker),
        "/api/v1/cases/",
        {
            "citizen": citizen.pk,
            "substance": "alcohol",
            "inquiry_date": "2026-11-20",
            "channel": "referral",
            "unit": "alkohol",
        },
    )
    assert response.status_code == 201
    assert response.json()["unit"] == "alkohol"
    assert response.json()["deadlines"] == [
        {"kind": "treatment_guarantee", "due_date": "2026-12-04", "status": "open"}
    ]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        pytest.param(
            {"inquiry_date": "2026-11-27"},
            {"inquiry_date": ["Henvendelsesdatoen kan ikke ligge i fremtiden."]},
            id="future-date",
        ),
        pytest.param(
            {"substance": "alcohol", "unit": "city"},
            {"unit": ["Enheden behandler ikke det valgte rusmiddelområde."]},
            id="unit-of-other-substance",
        ),
    ],
)
def test_invalid_case_is_400_in_danish_and_nothing_created(
    client, caseworker, citizen, city, frozen_today, changes, errors
):
    body = {
        "citizen": citizen.pk,
        "substance": "drugs",
        "inquiry_date": "2026-11-20",
        "channel": "phone",
        **changes,
    }
    response = post(as_user(client, caseworker), "/api/v1/cases/", body)
    assert response.status_code == 400
    assert response.json() == errors
    assert not Case.objects.exists()


def test_case_for_another_municipalitys_citizen_reads_as_does_not_exist(
    client, caseworker, roedovre, frozen_today
):
    foreign = factories.citizen(roedovre, cpr=CPR, name="Emma Larsen")
    missing_pk = foreign.pk + 1000
    as_user(client, caseworker)
    body = {"substance": "drugs", "inquiry_date": "2026-11-20", "channel": "phone"}

    hidden = post(client, "/api/v1/cases/", {**body, "citizen": foreign.pk})
    missing = post(client, "/api/v1/cases/", {**body, "citizen": missing_pk})

    assert hidden.status_code == missing.status_code == 400
    assert set(hidden.json()) == {"citizen"}
    assert hidden.json()["citizen"][0].replace(str(foreign.pk), "N") == missing.json()["citizen"][0].replace(
        str(missing_pk), "N"
    )
    assert not Case.objects.exists()


@pytest.mark.parametrize("persona", ["approver", "counsellor"])
def test_only_caseworkers_open_cases(client, request, citizen, frozen_today, persona):
    user = request.getfixturevalue(persona)
    response = post(
        as_user(client, user),
        "/api/v1/cases/",
        {"citizen": citizen.pk, "substance": "drugs", "inquiry_date": "2026-11-20", "channel": "phone"},
    )
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_case_detail_has_the_contract_shape(client, caseworker, case, city):
    response = as_user(client, caseworker).get(f"/api/v1/cases/{case.pk}/")
    body = response.json()
    assert response.status_code == 200
    assert set(body) >= CASE_FIELDS
    assert body["id"] == case.pk
    assert body["citizen"] == case.citizen_id
    assert body["state"] == "inquiry"
    assert body["unit"] == "city"
    assert body["deadlines"] == [{"kind": "treatment_guarantee", "due_date": "2026-12-04", "status": "open"}]


@pytest.mark.parametrize(
    ("persona", "transitions"),
    [
        pytest.param("caseworker", ["start_assessment", "withdraw"], id="caseworker"),
        pytest.param("counsellor", ["start_assessment"], id="counsellor"),
        pytest.param("approver", [], id="approver"),
    ],
)
def test_case_transitions_are_what_this_user_may_do_now(client, request, case, persona, transitions):
    body = as_user(client, request.getfixturevalue(persona)).get(f"/api/v1/cases/{case.pk}/").json()
    assert sorted(body["transitions"]) == transitions


def test_cases_list_is_paginated(client, caseworker, case):
    body = as_user(client, caseworker).get("/api/v1/cases/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert (body["count"], body["next"], body["previous"]) == (1, None, None)
    assert body["results"][0]["id"] == case.pk


def test_the_api_cannot_set_the_state(client, caseworker, citizen, frozen_today):
    response = post(
        as_user(client, caseworker),
        "/api/v1/cases/",
        {
            "citizen": citizen.pk,
            "substance": "drugs",
            "inquiry_date": "2026-11-20",
            "channel": "phone",
            "state": "granted",
        },
    )
    assert response.status_code == 201
    assert response.json()["state"] == "inquiry"
    assert Case.objects.get().state == "inquiry"


# --- schema and the error mapping ---------------------------------------------------------------------------


def test_openapi_schema_is_served(client, caseworker):
    response = as_user(client, caseworker).get("/api/v1/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.startswith("openapi: 3")
    for path in ("/api/v1/cases/", "/api/v1/citizens/", "/api/v1/tariffs/", "/api/v1/municipalities/"):
        assert f"{path}:" in text


def test_refused_transition_maps_to_409_with_state_and_allowed(case, caseworker):
    with pytest.raises(TransitionRefused) as refused:
        case.perform("close", user=caseworker)

    response = exception_handler(refused.value, {})

    assert response.status_code == 409
    assert response.data == {
        "detail": "Handlingen 'Afslut sagen' er ikke mulig, når sagen har status 'Henvendelse'.",
        "state": "inquiry",
        "allowed": ["start_assessment", "withdraw"],
    }


def test_django_validation_error_maps_to_400_on_the_field():
    response = exception_handler(
        ValidationError({"date": "Behandlingsstart kan ikke registreres i fremtiden."}), {}
    )
    assert response.status_code == 400
    assert response.data == {"date": ["Behandlingsstart kan ikke registreres i fremtiden."]}


def test_permission_denied_maps_to_403_with_the_danish_reason(case, approver):
    with pytest.raises(PermissionDenied) as denied:
        case.perform("withdraw", user=approver)
    response = exception_handler(denied.value, {})
    assert response.status_code == 403
    assert response.data == {
        "detail": "Du har ikke adgang til at udføre 'Træk henvendelsen tilbage' på denne sag."
    }
