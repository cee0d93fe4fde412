"""The citizen pages: creating a citizen, searching, and never showing a full CPR number."""

from datetime import date

import pytest

from cases.models import Citizen

from . import factories
from .conftest import login

CPR = "0101901234"
CPR_DASHED = "010190-1234"


def full_cpr_in(html: str) -> bool:
    return CPR in html or CPR_DASHED in html


# --- creating a citizen ----------------------------------------------------------------------------------


def test_create_form_is_shown_to_a_caseworker(client, caseworker):
    page = login(client, caseworker).get("/borgere/ny/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Opret borger" in html
    assert "Borgeren oprettes i Glostrup Kommune." in html


@pytest.mark.parametrize("typed", [pytest.param(CPR, id="digits"), pytest.param(CPR_DASHED, id="with-dash")])
def test_caseworker_creates_a_citizen_and_lands_on_the_citizen_page(client, caseworker, glostrup, typed):
    response = login(client, caseworker).post(
        "/borgere/ny/", {"cpr": typed, "name": "Mads Jensen", "address": "Hovedvejen 12\n2600 Glostrup"}
    )

    citizen = Citizen.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/borgere/{citizen.pk}/"
    assert (citizen.cpr, citizen.birth_date, citizen.municipality) == (CPR, date(1990, 1, 1), glostrup)
    assert not citizen.anonymous
    record = citizen.history.get()
    assert record.history_user == caseworker
    page = client.get(response["Location"]).content.decode()
    assert "Mads Jensen er oprettet." in page
    assert "010190-xxxx" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        pytest.param("3102901234", "CPR-nummeret indeholder ikke en gyldig fødselsdato.", id="31-february"),
        pytest.param("010190123", "Et CPR-nummer skal have 10 cifre (ddmmåå-xxxx).", id="nine-digits"),
        pytest.param(
            "01019O1234", "Et CPR-nummer må kun indeholde cifre og eventuelt en bindestreg.", id="letter"
        ),
        pytest.param(
            "0101901234567", "Denne værdi må højst have 11 tegn (den har 13).", id="too-long-for-the-field"
        ),
    ],
)
def test_invalid_cpr_shows_the_danish_error_and_keeps_what_was_typed(client, caseworker, typed, message):
    response = login(client, caseworker).post("/borgere/ny/", {"cpr": typed, "name": "Mads Jensen"})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # Only the reason the number is bad: not also "enter a CPR", which contradicts what the user did.
    assert html.count('class="form-error-message"') == 1
    assert "Angiv CPR-nummer" not in html
    assert f'value="{typed}"' in html
    assert 'value="Mads Jensen"' in html
    assert not Citizen.objects.exists()


def test_missing_cpr_without_anonymous_is_refused(client, caseworker):
    response = login(client, caseworker).post("/borgere/ny/", {"cpr": "", "name": "Mads Jensen"})
    assert response.status_code == 200
    assert "Angiv CPR-nummer, eller markér borgeren som anonym." in response.content.decode()
    assert not Citizen.objects.exists()


def test_duplicate_cpr_in_the_same_municipality_is_refused(client, caseworker, citizen):
    response = login(client, caseworker).post("/borgere/ny/", {"cpr": CPR_DASHED, "name": "Mads Jensen igen"})

    assert response.status_code == 200
    html = response.content.decode()
    # Once beside the field and once in the error summary at the top of the form.
    assert html.count("Der findes allerede en borger med dette CPR-nummer i kommunen.") == 2
    assert 'value="Mads Jensen igen"' in html
    assert Citizen.objects.count() == 1


def test_anonymous_citizen_needs_no_cpr(client, caseworker, glostrup):
    response = login(client, caseworker).post(
        "/borgere/ny/", {"cpr": "", "name": "Anonym 17", "anonymous": "on"}
    )

    citizen = Citizen.objects.get()
    assert response.status_code == 302
    assert (citizen.anonymous, citizen.cpr, citizen.birth_date) == (True, None, None)
    page = client.get(f"/borgere/{citizen.pk}/").content.decode()
    assert "Anonym (§ 101 a)" in page


def test_anonymous_citizen_drops_a_typed_cpr(client, caseworker):
    """An anonymous citizen (§ 101 a) must not be identifiable: a CPR typed by mistake is not stored."""
    login(client, caseworker).post("/borgere/ny/", {"cpr": CPR, "name": "Anonym 18", "anonymous": "on"})
    citizen = Citizen.objects.get()
    assert (citizen.anonymous, citizen.cpr) == (True, None)


def test_two_anonymous_citizens_may_exist_side_by_side(client, caseworker):
    login(client, caseworker)
    client.post("/borgere/ny/", {"name": "Anonym A", "anonymous": "on"})
    client.post("/borgere/ny/", {"name": "Anonym B", "anonymous": "on"})
    assert Citizen.objects.filter(anonymous=True).count() == 2


@pytest.mark.parametrize("persona", ["approver", "counsellor"])
def test_only_caseworkers_create_citizens(client, request, db, persona):
    login(client, request.getfixturevalue(persona))
    assert client.get("/borgere/ny/").status_code == 403
    assert client.post("/borgere/ny/", {"cpr": CPR, "name": "Mads Jensen"}).status_code == 403
    assert not Citizen.objects.exists()


def test_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get("/borgere/ny/")
    assert response.status_code == 302
    assert response["Location"].startswith("/log-ind/")


# --- search ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("Mads", id="first-name"),
        pytest.param("jensen", id="surname-any-case"),
        pytest.param(CPR, id="cpr"),
        pytest.param(CPR_DASHED, id="cpr-with-dash"),
        pytest.param("010190", id="birth-date-part"),
    ],
)
def test_search_finds_the_citizen(client, caseworker, citizen, query):
    html = login(client, caseworker).post("/borgere/soeg/", {"q": query, "purpose": "new_inquiry"}).content.decode()
    assert f'href="/borgere/{citizen.pk}/"' in html


def test_search_does_not_match_other_citizens(client, caseworker, glostrup, citizen):
    other = factories.citizen(glostrup, cpr="1503851118", name="Louise Hansen")
    html = login(client, caseworker).post("/borgere/soeg/", {"q": "Mads"}).content.decode()
    assert f'href="/borgere/{citizen.pk}/"' in html
    assert f'href="/borgere/{other.pk}/"' not in html


def test_search_is_a_post_and_a_get_does_not_search(client, caseworker, citizen):
    page = login(client, caseworker).get("/borgere/soeg/", {"q": "Mads"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Mads Jensen" not in html
    assert "Resultat" not in html
    assert 'method="post"' in html


def test_htmx_search_returns_only_the_search_partial(client, caseworker, citizen):
    response = login(client, caseworker).post("/borgere/soeg/", {"q": "Mads"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search">')
    assert "Mads Jensen" in html
    assert "<html" not in html


# --- the full CPR number never appears in a page ------------------------------------------------------------


@pytest.fixture
def pages(client, caseworker, case):
    login(client, caseworker)
    return {
        "home": client.get("/"),
        "search-by-name": client.post("/borgere/soeg/", {"q": "Mads"}),
        "search-by-cpr-results": client.post(
            "/borgere/soeg/", {"q": CPR, "purpose": "case_work"}, headers={"HX-Request": "true"}
        ),
        "citizen-detail": client.get(f"/borgere/{case.citizen_id}/"),
        "case-detail": client.get(f"/sager/{case.pk}/"),
        "inquiry-form": client.get(f"/borgere/{case.citizen_id}/henvendelse/"),
    }


@pytest.mark.parametrize(
    "page",
    ["home", "search-by-name", "search-by-cpr-results", "citizen-detail", "case-detail", "inquiry-form"],
)
def test_pages_show_the_masked_cpr_and_never_the_full_number(pages, page):
    response = pages[page]
    html = response.content.decode()
    assert response.status_code == 200
    assert "010190-xxxx" in html
    assert not full_cpr_in(html)
