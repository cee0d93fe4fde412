"""The start page ("Mine sager") as each role's worklist: the counsellor's cases by stage, the caseworker's
filterable, sortable list with urgent guarantees standing out, the count of due deadlines, and what a
refused case offers next."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import AccessLog, CaseState, DeadlineKind
from visitation.models import Recommendation

from .conftest import login
from .visitation_steps import REASONED, TODAY, decide, fresh, granted, recommend, recommended
from .worklist_rows import bulk_cases

pytestmark = pytest.mark.usefixtures("frozen_today")

COUNSELLOR_STAGES = [
    "Sager til afdækning og indstilling",
    "Afventer afgørelse",
    "Bevilget – afventer start",
    "Periode udløber inden for 30 dage",
    "Til revurdering: bevillingsperioden er udløbet",
    "I behandling",
]


def sections(html: str) -> dict[str, list[int]]:
    """Section heading → the case ids listed under it, in order."""
    parts = re.split(r"<h2>(.*?)</h2>", html)
    return {
        title: [int(pk) for pk in re.findall(r'href="/sager/(\d+)/"', body)]
        for title, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def home(client, user, query: str = "") -> str:
    response = login(client, user).get(f"/{query}")
    assert response.status_code == 200
    return response.content.decode()


# --- the counsellor: every case that needs KABS, by stage ---------------------------------------------


@pytest.fixture
def stages(glostrup, city, caseworker):
    def one(first, state, deadlines=(), awaiting=False):
        (case,) = bulk_cases(1, municipality=glostrup, unit=city, caseworker=caseworker, first=first, state=state,
                             deadlines=deadlines, awaiting_decision=awaiting)
        return case

    return {
        "assessment": one(0, CaseState.ASSESSMENT, [(DeadlineKind.TREATMENT_GUARANTEE, 8)]),
        "recommended": one(1, CaseState.RECOMMENDED, [(DeadlineKind.TREATMENT_GUARANTEE, 8)], awaiting=True),
        "granted": one(2, CaseState.GRANTED, [(DeadlineKind.TREATMENT_GUARANTEE, 8)]),
        "period_ending": one(3, CaseState.IN_TREATMENT, [(DeadlineKind.TREATMENT_PERIOD_END, 20)]),
        "expired": one(4, CaseState.IN_TREATMENT, [(DeadlineKind.TREATMENT_PERIOD_END, -1)]),
        "later": one(5, CaseState.IN_TREATMENT, [(DeadlineKind.TREATMENT_PERIOD_END, 90)]),
        "closed": one(6, CaseState.CLOSED),
    }


def test_the_counsellor_sees_every_case_that_needs_kabs_by_stage(client, counsellor, stages):
    listed = sections(home(client, counsellor))

    assert list(listed) == COUNSELLOR_STAGES
    assert listed["Sager til afdækning og indstilling"] == [stages["assessment"].pk]
    assert listed["Afventer afgørelse"] == [stages["recommended"].pk]
    assert listed["Bevilget – afventer start"] == [stages["granted"].pk]
    assert listed["Periode udløber inden for 30 dage"] == [stages["period_ending"].pk]
    assert listed["Til revurdering: bevillingsperioden er udløbet"] == [stages["expired"].pk]
    assert set(listed["I behandling"]) == {stages[key].pk for key in ("period_ending", "expired", "later")}
    assert stages["closed"].pk not in {pk for pks in listed.values() for pk in pks}


def test_a_granted_case_waits_for_its_start_on_the_counsellors_page(client, case, counsellor, approver, catalogue):
    """The issue's finding: once recommended, a case vanished from KABS's start page."""
    recommended(case, counsellor)
    assert sections(home(client, counsellor))["Afventer afgørelse"] == [case.pk]
    decide(case, approver)
    listed = sections(home(client, counsellor))
    assert listed["Bevilget – afventer start"] == [case.pk]
    assert listed["Afventer afgørelse"] == []


def test_the_home_page_logs_all_sections_in_one_insert(client, counsellor, stages):
    login(client, counsellor)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert sum("cases_accesslog" in q["sql"] and "INSERT" in q["sql"] for q in queries) == 1
    logged = set(AccessLog.objects.filter(detail="Mine sager").values_list("case_id", flat=True))
    assert logged == {case.pk for key, case in stages.items() if key != "closed"}


# --- the caseworker: filters, sorting, urgent guarantees, "mangler enhed" -------------------------------


@pytest.fixture
def guarantees(glostrup, city, alkohol, caseworker):
    """Guarantees with 5, 3 and -1 days left (KABS City), one met, and one inquiry referred nowhere yet."""
    def one(first, offset, unit=city, state=CaseState.ASSESSMENT):
        (case,) = bulk_cases(1, municipality=glostrup, unit=unit, caseworker=caseworker, first=first, state=state,
                             deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, offset)])
        return case

    cases = {"five": one(0, 5), "three": one(1, 3), "overdue": one(2, -1), "no_unit": one(3, 10, unit=None,
             state=CaseState.INQUIRY), "met": one(4, 2, unit=alkohol, state=CaseState.IN_TREATMENT)}
    cases["met"].deadlines.update(status="met")
    return cases


def listed(html: str) -> list[int]:
    return sections(html)["Kommunens aktive sager"]


def test_sorted_by_days_left_soonest_first_by_default(client, caseworker, guarantees):
    g = guarantees
    assert listed(home(client, caseworker)) == [g["overdue"].pk, g["three"].pk, g["five"].pk, g["no_unit"].pk,
                                                g["met"].pk]
    assert listed(home(client, caseworker, "?sortering=-frist")) == [
        g["no_unit"].pk, g["five"].pk, g["three"].pk, g["overdue"].pk, g["met"].pk,
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?garanti=overskredet", ["overdue"]),
        ("?garanti=snart", ["overdue", "three"]),
        ("?garanti=aaben", ["overdue", "three", "five", "no_unit"]),
        ("?status=inquiry", ["no_unit"]),
        ("?status=in_treatment", ["met"]),
        ("?enhed=mangler", ["no_unit"]),
        ("?status=assessment&garanti=snart&sortering=-frist", ["three", "overdue"]),
    ],
)
def test_the_caseworker_filters_by_state_unit_and_guarantee(client, caseworker, guarantees, query, expected):
    assert listed(home(client, caseworker, query)) == [guarantees[key].pk for key in expected]


def test_filter_by_unit(client, caseworker, guarantees, alkohol):
    assert listed(home(client, caseworker, f"?enhed={alkohol.pk}")) == [guarantees["met"].pk]


@pytest.mark.parametrize(
    "query",
    ["?status=closed", "?status=xyz", "?enhed=999999", "?enhed=abc", "?garanti=maybe", "?sortering=navn",
     "?enhed=" + "9" * 40],
)
def test_a_bad_filter_is_a_form_error_and_the_list_unfiltered(client, caseworker, guarantees, query):
    html = home(client, caseworker, query)
    assert "form-error-message" in html
    assert "Marker en gyldig valgmulighed" in html
    assert len(listed(html)) == len(guarantees)


def test_a_guarantee_with_three_days_or_fewer_stands_out(client, caseworker, guarantees):
    html = home(client, caseworker)
    rows = {int(pk): row for pk, row in re.findall(r'<tr>\s*<td><a href="/sager/(\d+)/">(.*?)</tr>', html, re.S)}
    assert 'data-testid="guarantee-urgent"' in rows[guarantees["three"].pk]
    assert 'class="app-overdue"' in rows[guarantees["overdue"].pk]
    assert "guarantee-urgent" not in rows[guarantees["five"].pk]
    assert "5 dage tilbage" in rows[guarantees["five"].pk]
    assert "Overholdt" in rows[guarantees["met"].pk]
    assert 'data-testid="missing-unit">Mangler enhed' in rows[guarantees["no_unit"].pk]
    assert "Mangler enhed" not in rows[guarantees["five"].pk]
    assert 'style="' not in html


def test_the_outsider_filters_nothing_of_glostrups(client, outsider, guarantees):
    html = home(client, outsider, "?garanti=aaben")
    assert listed(html) == []
    assert "Borger 00" not in html


def test_due_deadlines_are_counted_on_the_start_page_with_a_link_to_frister(client, caseworker, guarantees):
    html = home(client, caseworker)
    counts = re.search(r'data-testid="due-counts">(.*?)</div>\s*</div>', html, re.S).group(1)
    # overdue (-1) counts as overdue; 3 and 5 within the week; 10 (no unit) later; the met one not at all.
    assert '<a href="/frister/">1 overskredne og 2 der udløber inden for en uge</a>' in counts


@pytest.mark.parametrize("persona", ["caseworker", "counsellor", "approver"])
def test_the_start_page_query_count_does_not_grow_with_the_rows(request, client, glostrup, city, caseworker,
                                                                persona, record_property):
    user = request.getfixturevalue(persona)
    deadlines = [(DeadlineKind.TREATMENT_GUARANTEE, 2), (DeadlineKind.TREATMENT_PERIOD_END, 10)]
    counts = {}
    client.force_login(user)
    client.get("/")
    first = 0
    for rows in (10, 200):
        for state, awaiting in [(CaseState.INQUIRY, False), (CaseState.RECOMMENDED, True),
                                (CaseState.GRANTED, False), (CaseState.IN_TREATMENT, False)]:
            bulk_cases(rows // 4 + 1 if rows == 10 else (rows - 10) // 4, municipality=glostrup, unit=city,
                       caseworker=caseworker, state=state, awaiting_decision=awaiting, deadlines=deadlines,
                       first=first)
            first += 100
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/?garanti=aaben&sortering=frist").status_code == 200
        counts[rows] = len(queries)
    print(f"start page queries ({persona}): {counts}")
    record_property("home_queries", counts)
    assert counts[10] == counts[200]
    assert counts[10] <= 18


# --- a refused case: what the law allows next ---------------------------------------------------------


@pytest.fixture
def refused_case(case, counsellor, approver, catalogue):
    recommended(case, counsellor)
    decide(case, approver, outcome="refused", **REASONED)
    return fresh(case)


def test_a_refused_case_page_explains_what_comes_next(client, caseworker, counsellor, refused_case):
    html = login(client, caseworker).get(f"/sager/{refused_case.pk}/").content.decode()
    assert 'data-testid="refused-guidance"' in html
    assert "kan KABS indstille på ny" in html
    assert "Afslut sagen" in html  # the caseworker may close it

    html = login(client, counsellor).get(f"/sager/{refused_case.pk}/").content.decode()
    assert f'href="/sager/{refused_case.pk}/indstilling/"' in html  # KABS may recommend anew


def test_kabs_recommends_anew_after_a_refusal_and_the_municipality_decides_again(
    refused_case, counsellor, approver
):
    recommend(refused_case, counsellor, code="city-udvidet", deviation_reason="Behovet er større end vurderet.")
    case = fresh(refused_case)
    assert case.state == CaseState.RECOMMENDED
    assert case.awaiting_decision
    assert Recommendation.objects.filter(case=case).count() == 2
    decide(case, approver)
    assert fresh(case).state == CaseState.GRANTED


def test_a_case_page_in_another_state_shows_no_refusal_guidance(client, caseworker, case, counsellor, approver,
                                                                catalogue):
    granted(case, counsellor, approver)
    html = login(client, caseworker).get(f"/sager/{case.pk}/").content.decode()
    assert "refused-guidance" not in html


def test_treatment_start_of_a_granted_case_moves_it_on(client, case, counsellor, approver, caseworker, catalogue):
    granted(case, counsellor, approver)
    fresh(case).perform("start_treatment", user=caseworker, start=TODAY - timedelta(days=1))
    listed_ = sections(home(client, counsellor))
    assert listed_["Bevilget – afventer start"] == []
    assert listed_["I behandling"] == [case.pk]
