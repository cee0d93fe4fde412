"""Tenancy: a municipality sees its own citizens and cases only; KABS sees what is referred to its unit.

That another municipality merely knows a person discloses addiction treatment, so everything outside the
user's scope must look exactly like something that does not exist (404, empty results, no hint in errors).
"""

import re

import pytest
from rest_framework.authtoken.models import Token

from cases.models import Case, CaseState, Citizen, Role
from tariffs.choices import UnitCode

from . import factories
from .conftest import login

CPR = "0101901234"
NAME = "Mads Jensen"  # the Glostrup citizen of the `citizen` fixture


def without_csrf_tokens(response) -> str:
    """The page's text with the per-response CSRF token blanked out."""
    return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", response.content.decode())


def api(client, user):
    token, _ = Token.objects.get_or_create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


# --- Rødovre's caseworker sees nothing of Glostrup's --------------------------------------------------


def test_outsider_home_page_does_not_list_glostrup_cases(client, outsider, case):
    page = login(client, outsider).get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kommunens aktive sager" in html
    assert NAME not in html
    assert f"/sager/{case.pk}/" not in html
    assert "Ingen sager." in html


def test_glostrup_caseworker_home_page_lists_the_case(client, caseworker, case):
    """The control for the test above: the same page does show the case to its own municipality."""
    html = login(client, caseworker).get("/").content.decode()
    assert NAME in html
    assert f"/sager/{case.pk}/" in html


@pytest.mark.parametrize(
    "query",
    [
        pytest.param(NAME, id="by-name"),
        pytest.param("Mads", id="by-first-name"),
        pytest.param(CPR, id="by-cpr"),
        pytest.param("010190-1234", id="by-cpr-dash"),
        pytest.param("010190", id="by-birth-date"),
    ],
)
def test_outsider_citizen_search_finds_nothing_in_glostrup(client, outsider, caseworker, citizen, query):
    found = login(client, outsider).post("/borgere/soeg/", {"q": query, "purpose": "case_work"})
    assert found.status_code == 200
    assert "Ingen borgere fundet." in found.content.decode()
    assert f"/borgere/{citizen.pk}/" not in found.content.decode()

    own = login(client, caseworker).post("/borgere/soeg/", {"q": query, "purpose": "case_work"})
    assert f"/borgere/{citizen.pk}/" in own.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/borgere/{citizen}/", id="citizen-detail"),
        pytest.param("/borgere/{citizen}/henvendelse/", id="inquiry-form"),
        pytest.param("/sager/{case}/", id="case-detail"),
        pytest.param("/sager/{case}/afslut-behandling/", id="discharge-form"),
        pytest.param("/sager/{case}/opfoelgning/", id="followup-form"),
        pytest.param("/sager/{case}/traek-tilbage/", id="withdraw-form"),
        pytest.param("/sager/{case}/afslut-sagen/", id="close-form"),
    ],
)
def test_outsider_gets_404_on_glostrup_pages(client, outsider, caseworker, case, url):
    url = url.format(citizen=case.citizen_id, case=case.pk)
    assert login(client, outsider).get(url).status_code == 404
    assert login(client, caseworker).get(url).status_code != 404


def test_outsider_gets_404_for_a_case_that_does_not_exist_alike(client, outsider, case):
    missing = login(client, outsider).get(f"/sager/{case.pk + 1000}/")
    hidden = client.get(f"/sager/{case.pk}/")
    assert hidden.status_code == missing.status_code == 404
    assert without_csrf_tokens(hidden) == without_csrf_tokens(missing)


@pytest.mark.parametrize("path", ["traek-tilbage", "afslut-sagen", "afslut-behandling", "opfoelgning"])
def test_outsider_transition_post_is_404_and_changes_nothing(client, outsider, case, path):
    response = login(client, outsider).post(f"/sager/{case.pk}/{path}/", {"reason": "Forkert oprettet."})
    assert response.status_code == 404
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == CaseState.INQUIRY
    assert stored.history.count() == 1


def test_outsider_inquiry_post_is_404_and_creates_no_case(client, outsider, citizen, frozen_today):
    response = login(client, outsider).post(
        f"/borgere/{citizen.pk}/henvendelse/",
        {"inquiry_date": "2026-11-20", "substance": "drugs", "channel": "phone", "unit": "", "summary": ""},
    )
    assert response.status_code == 404
    assert not Case.objects.exists()


def test_outsider_api_lists_do_not_contain_glostrup(client, outsider, case):
    api(client, outsider)
    cases = client.get("/api/v1/cases/").json()
    citizens = client.get("/api/v1/citizens/").json()
    assert cases["count"] == 0 and cases["results"] == []
    assert citizens["count"] == 0 and citizens["results"] == []


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("/api/v1/cases/{case}/", id="case"),
        pytest.param("/api/v1/citizens/{citizen}/", id="citizen"),
    ],
)
def test_outsider_api_detail_is_404(client, outsider, case, url):
    response = api(client, outsider).get(url.format(case=case.pk, citizen=case.citizen_id))
    assert response.status_code == 404


@pytest.mark.parametrize("cpr", [CPR, "010190-1234"])
def test_outsider_api_cpr_search_finds_nobody(client, outsider, caseworker, citizen, cpr):
    search = "/api/v1/citizens/search/"
    assert api(client, outsider).post(search, {"cpr": cpr}, content_type="application/json").json()["count"] == 0
    assert api(client, caseworker).post(search, {"cpr": cpr}, content_type="application/json").json()["count"] == 1


def test_same_cpr_can_be_registered_in_roedovre_through_the_form(client, outsider, roedovre, citizen):
    response = login(client, outsider).post("/borgere/ny/", {"cpr": "010190-1234", "name": "M. Jensen"})
    assert response.status_code == 302
    assert Citizen.objects.filter(cpr=CPR).count() == 2
    created = Citizen.objects.get(municipality=roedovre, cpr=CPR)
    assert response["Location"] == f"/borgere/{created.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Glostrup" not in page
    assert NAME not in page


def test_same_cpr_can_be_registered_in_roedovre_through_the_api(client, outsider, citizen):
    response = api(client, outsider).post(
        "/api/v1/citizens/",
        {"cpr": CPR, "name": "M. Jensen", "municipality": "175"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert "Glostrup" not in response.content.decode()
    assert response.json()["municipality"] == "175"


def test_duplicate_in_roedovre_is_refused_without_mentioning_glostrup(client, outsider, roedovre, citizen):
    factories.citizen(roedovre, cpr=CPR, name="M. Jensen")
    response = login(client, outsider).post("/borgere/ny/", {"cpr": CPR, "name": "Tredje"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Der findes allerede en borger med dette CPR-nummer i kommunen." in html
    assert "Glostrup" not in html
    assert NAME not in html
    assert Citizen.objects.filter(cpr=CPR).count() == 2


# --- KABS: a counsellor sees the cases referred to the unit from the municipalities KABS serves -----------


@pytest.fixture
def albertslund(db):
    """A municipality KABS does not serve."""
    return factories.municipality("165", "Albertslund")


@pytest.fixture
def cases_everywhere(glostrup, roedovre, albertslund, provider, city, caseworker, outsider, frozen_today):
    stjernevang = factories.unit(provider, UnitCode.STJERNEVANG)
    albertslund_worker = factories.user("anne", Role.CASEWORKER, municipality=albertslund)
    glostrup_citizen = factories.citizen(glostrup, cpr="0101901234", name="Glostrup City")
    return {
        "glostrup-city": factories.case(glostrup_citizen, caseworker, unit=city),
        "glostrup-stjernevang": factories.case(
            factories.citizen(glostrup, cpr="1503851118", name="Glostrup Stjernevang"),
            caseworker,
            unit=stjernevang,
        ),
        "glostrup-not-referred": factories.case(
            factories.citizen(glostrup, cpr="2207784321", name="Glostrup Uhenvist"), caseworker, unit=None
        ),
        "roedovre-city": factories.case(
            factories.citizen(roedovre, cpr="0309921237", name="Rødovre City"), outsider, unit=city
        ),
        "albertslund-city": factories.case(
            factories.citizen(albertslund, cpr="1111801113", name="Albertslund City"),
            albertslund_worker,
            unit=city,
        ),
    }


def visible(user) -> set[int]:
    return set(Case.objects.for_user(user).values_list("pk", flat=True))


def test_counsellor_sees_city_cases_of_served_municipalities_only(counsellor, cases_everywhere):
    expected = {cases_everywhere["glostrup-city"].pk, cases_everywhere["roedovre-city"].pk}
    assert visible(counsellor) == expected


@pytest.mark.parametrize("key", ["glostrup-stjernevang", "glostrup-not-referred", "albertslund-city"])
def test_counsellor_gets_404_for_cases_outside_the_unit_or_the_served_municipalities(
    client, counsellor, cases_everywhere, key
):
    hidden = cases_everywhere[key]
    login(client, counsellor)
    assert client.get(f"/sager/{hidden.pk}/").status_code == 404
    assert client.get(f"/borgere/{hidden.citizen_id}/").status_code == 404
    assert api(client, counsellor).get(f"/api/v1/cases/{hidden.pk}/").status_code == 404


@pytest.mark.parametrize("key", ["glostrup-city", "roedovre-city"])
def test_counsellor_opens_the_cases_referred_to_the_unit(client, counsellor, cases_everywhere, key):
    shown = cases_everywhere[key]
    login(client, counsellor)
    assert client.get(f"/sager/{shown.pk}/").status_code == 200
    assert client.get(f"/borgere/{shown.citizen_id}/").status_code == 200


def test_counsellor_search_finds_only_citizens_referred_to_the_unit(client, counsellor, cases_everywhere):
    html = login(client, counsellor).post("/borgere/soeg/", {"q": "City"}).content.decode()
    assert "Glostrup City" in html
    assert "Rødovre City" in html
    assert "Albertslund City" not in html
    assert "Glostrup Stjernevang" not in html


def test_municipality_stops_being_served_and_the_counsellor_loses_access(
    counsellor, cases_everywhere, provider, roedovre
):
    provider.municipalities.remove(roedovre)
    assert visible(counsellor) == {cases_everywhere["glostrup-city"].pk}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        pytest.param(
            "caseworker", {"glostrup-city", "glostrup-stjernevang", "glostrup-not-referred"}, id="caseworker"
        ),
        pytest.param(
            "approver", {"glostrup-city", "glostrup-stjernevang", "glostrup-not-referred"}, id="approver"
        ),
        pytest.param("outsider", {"roedovre-city"}, id="outsider"),
        pytest.param("outsider_approver", {"roedovre-city"}, id="outsider-approver"),
        pytest.param("counsellor", {"glostrup-city", "roedovre-city"}, id="counsellor"),
        pytest.param(
            "admin_user",
            {
                "glostrup-city",
                "glostrup-stjernevang",
                "glostrup-not-referred",
                "roedovre-city",
                "albertslund-city",
            },
            id="administrator",
        ),
    ],
)
def test_can_see_case_agrees_with_for_user(request, cases_everywhere, persona, expected):
    user = request.getfixturevalue(persona)
    by_rule = {key for key, case in cases_everywhere.items() if user.can_see_case(case)}
    by_query = {key for key, case in cases_everywhere.items() if case.pk in visible(user)}
    assert by_rule == by_query == expected


def test_user_without_a_role_sees_nothing(glostrup, cases_everywhere):
    nobody = factories.User.objects.create_user(username="uden-rolle", password="x", municipality=glostrup)
    assert visible(nobody) == set()
    assert not any(nobody.can_see_case(case) for case in cases_everywhere.values())
