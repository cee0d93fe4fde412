"""The deadline calculator (fristberegner): the service, the page and GET /api/v1/deadline-calculator/.

Expected dates and the days each explanation names were worked out by hand from a calendar (Easter 2025 is
20 April, Easter 2024 31 March, Easter 2023 9 April); the calculator reads the rules' default data.
"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases.calculator import calculate
from cases.models import DeadlineKind, DeadlineRule, Role

from . import factories
from .conftest import login

pytestmark = pytest.mark.django_db

# --- the service: complaint deadlines from the day the decision was sent --------------------------------------

COMPLAINTS = [
    # sent, via, received, due, words the explanation must hold
    pytest.param(
        date(2025, 4, 11), "physical_post", date(2025, 4, 24), date(2025, 5, 22),
        ["Sendt med fysisk post fredag 11. april 2025, anses for modtaget torsdag 24. april 2025 efter 6 hverdage "
         "(skærtorsdag, langfredag og anden påskedag springes over); fristen på 4 uger udløber torsdag 22. maj "
         "2025."],
        id="physical-post-over-easter-2025",
    ),
    pytest.param(
        date(2025, 3, 8), "digital_post", date(2025, 3, 8), date(2025, 4, 7),
        ["Sendt med Digital Post lørdag 8. marts 2025, anses for modtaget samme dag",
         "ville udløbe lørdag 5. april 2025, som ikke er en hverdag; den flyttes til næste hverdag, mandag 7. "
         "april 2025."],
        id="digital-post-on-a-saturday",
    ),
    pytest.param(
        date(2025, 3, 20), "digital_post", date(2025, 3, 20), date(2025, 4, 22),
        ["ville udløbe torsdag 17. april 2025 (skærtorsdag)", "tirsdag 22. april 2025 (langfredag og anden "
         "påskedag springes over)"],
        id="ends-maundy-thursday",
    ),
    pytest.param(
        date(2025, 3, 14), "physical_post", date(2025, 3, 24), date(2025, 4, 22),
        ["efter 6 hverdage;", "ville udløbe mandag 21. april 2025 (anden påskedag)"],
        id="physical-post-ends-easter-monday",
    ),
    pytest.param(
        date(2025, 5, 1), "digital_post", date(2025, 5, 1), date(2025, 5, 30),
        ["ville udløbe torsdag 29. maj 2025 (kristi himmelfartsdag)", "fredag 30. maj 2025."],
        id="ends-ascension-2025",
    ),
    pytest.param(
        date(2025, 5, 12), "digital_post", date(2025, 5, 12), date(2025, 6, 10),
        ["ville udløbe mandag 9. juni 2025 (anden pinsedag)", "tirsdag 10. juni 2025."],
        id="ends-whit-monday-2025",
    ),
    pytest.param(
        date(2025, 5, 8), "digital_post", date(2025, 5, 8), date(2025, 6, 6),
        ["ville udløbe torsdag 5. juni 2025 (grundlovsdag)", "fredag 6. juni 2025."],
        id="ends-5-june",
    ),
    pytest.param(
        date(2025, 6, 3), "physical_post", date(2025, 6, 13), date(2025, 7, 11),
        ["anses for modtaget fredag 13. juni 2025 efter 6 hverdage (grundlovsdag og anden pinsedag springes "
         "over)"],
        id="physical-post-over-5-june-and-whitsun",
    ),
    pytest.param(
        date(2025, 11, 26), "digital_post", date(2025, 11, 26), date(2025, 12, 29),
        ["ville udløbe onsdag 24. december 2025 (juleaftensdag)", "mandag 29. december 2025 (juledag og anden "
         "juledag springes over)"],
        id="ends-24-december",
    ),
    pytest.param(
        date(2025, 11, 27), "digital_post", date(2025, 11, 27), date(2025, 12, 29),
        ["ville udløbe torsdag 25. december 2025 (juledag)", "(anden juledag springes over)"],
        id="ends-25-december",
    ),
    pytest.param(
        date(2025, 11, 28), "digital_post", date(2025, 11, 28), date(2025, 12, 29),
        ["ville udløbe fredag 26. december 2025 (anden juledag)", "mandag 29. december 2025."],
        id="ends-26-december",
    ),
    pytest.param(
        date(2025, 12, 3), "digital_post", date(2025, 12, 3), date(2026, 1, 2),
        ["ville udløbe onsdag 31. december 2025 (nytårsaftensdag)", "fredag 2. januar 2026 (nytårsdag springes "
         "over)"],
        id="ends-31-december",
    ),
    pytest.param(
        date(2025, 12, 19), "physical_post", date(2026, 1, 5), date(2026, 2, 2),
        ["anses for modtaget mandag 5. januar 2026 efter 6 hverdage (juleaftensdag, juledag, anden juledag, "
         "nytårsaftensdag og nytårsdag springes over)"],
        id="physical-post-over-christmas",
    ),
    pytest.param(
        date(2023, 4, 7), "digital_post", date(2023, 4, 7), date(2023, 5, 8),
        ["ville udløbe fredag 5. maj 2023 (store bededag)", "mandag 8. maj 2023."],
        id="store-bededag-2023-is-a-holiday",
    ),
    pytest.param(
        date(2024, 3, 29), "digital_post", date(2024, 3, 29), date(2024, 4, 26),
        ["fristen på 4 uger udløber fredag 26. april 2024."],
        id="store-bededag-2024-abolished",
    ),
    pytest.param(
        date(2023, 5, 1), "physical_post", date(2023, 5, 10), date(2023, 6, 7),
        ["efter 6 hverdage (store bededag springes over)"],
        id="physical-post-over-store-bededag-2023",
    ),
    pytest.param(
        date(2024, 4, 22), "physical_post", date(2024, 4, 30), date(2024, 5, 28),
        ["anses for modtaget tirsdag 30. april 2024 efter 6 hverdage;"],
        id="physical-post-store-bededag-2024-is-a-working-day",
    ),
    pytest.param(
        date(2024, 2, 1), "digital_post", date(2024, 2, 1), date(2024, 2, 29),
        ["fristen på 4 uger udløber torsdag 29. februar 2024."],
        id="ends-29-february",
    ),
    pytest.param(
        date(2025, 3, 6), "quickpost", date(2025, 3, 8), date(2025, 4, 7),
        ["Sendt med Quickbrev torsdag 6. marts 2025, anses for modtaget lørdag 8. marts 2025 efter 2 dage"],
        id="quickpost-calendar-days",
    ),
]


@pytest.mark.parametrize(("sent", "via", "received", "due", "words"), COMPLAINTS)
def test_complaint_deadline(sent, via, received, due, words):
    result = calculate(kind="complaint", start=sent, sent_via=via)

    assert (result.received_date, result.due_date) == (received, due)
    assert result.legal_reference.startswith("Retssikkerhedsloven § 67, stk. 1")
    assert result.received_legal_reference.startswith("Vejledning nr. 9533 af 26. juni 2018")
    for phrase in words:
        assert phrase in result.explanation


def test_a_complaint_deadline_is_the_one_the_decisions_use():
    """The calculator and a decision ask the same rows: an administrator's edit moves both."""
    DeadlineRule.objects.filter(kind="complaint").update(amount=2)
    assert calculate(kind="complaint", start=date(2025, 3, 3), sent_via="digital_post").due_date == date(2025, 3, 17)


# --- the service: every other kind from `from` -----------------------------------------------------------------

OTHERS = [
    pytest.param(
        "treatment_guarantee", "", date(2024, 3, 1), date(2024, 3, 15), "Serviceloven § 101, stk. 4",
        ["Henvendelse fredag 1. marts 2024; fristen på 14 dage udløber fredag 15. marts 2024."],
        id="guarantee-drugs-by-default",
    ),
    pytest.param(
        "treatment_guarantee", "alcohol", date(2024, 3, 1), date(2024, 3, 15), "Sundhedsloven § 141, stk. 2",
        ["fristen på 14 dage udløber fredag 15. marts 2024."],
        id="guarantee-alcohol-under-sundhedsloven",
    ),
    pytest.param(
        "treatment_guarantee", "drugs", date(2025, 3, 1), date(2025, 3, 15), "Serviceloven § 101, stk. 4",
        ["udløber lørdag 15. marts 2025. Dagen er ikke en hverdag, men fristen flyttes ikke"],
        id="guarantee-not-moved-off-a-saturday",
    ),
    pytest.param(
        "treatment_guarantee", "alcohol", date(2025, 12, 11), date(2025, 12, 25), "Sundhedsloven § 141, stk. 2",
        ["udløber torsdag 25. december 2025 (juledag). Dagen er ikke en hverdag, men fristen flyttes ikke"],
        id="guarantee-not-moved-off-christmas",
    ),
    pytest.param(
        "followup_1m", "", date(2024, 1, 31), date(2024, 2, 29), "Serviceloven § 101",
        ["Udskrevet onsdag 31. januar 2024; fristen på 1 måned udløber torsdag 29. februar 2024 (februar har "
         "ingen 31., så det er månedens sidste dag)."],
        id="followup-1m-31-january-leap-year",
    ),
    pytest.param(
        "followup_1m", "", date(2025, 1, 31), date(2025, 2, 28), "Serviceloven § 101",
        ["udløber fredag 28. februar 2025 (februar har ingen 31."],
        id="followup-1m-31-january",
    ),
    pytest.param(
        "followup_1m", "", date(2025, 3, 31), date(2025, 4, 30), "Serviceloven § 101",
        ["udløber onsdag 30. april 2025 (april har ingen 31."],
        id="followup-1m-month-end",
    ),
    pytest.param(
        "followup_6m", "", date(2024, 2, 29), date(2024, 8, 29), "Serviceloven § 101",
        ["fristen på 6 måneder udløber torsdag 29. august 2024."],
        id="followup-6m-from-29-february",
    ),
    pytest.param(
        "followup_6m", "", date(2025, 8, 31), date(2026, 2, 28), "Serviceloven § 101",
        ["udløber lørdag 28. februar 2026 (februar har ingen 31.", "men fristen flyttes ikke"],
        id="followup-6m-month-end-on-a-saturday",
    ),
    pytest.param(
        "reconsideration", "", date(2025, 3, 21), date(2025, 4, 22), "Retssikkerhedsloven § 67, stk. 2",
        ["Klagen modtaget fredag 21. marts 2025; fristen på 4 uger ville udløbe fredag 18. april 2025 "
         "(langfredag)"],
        id="reconsideration-ends-good-friday",
    ),
    pytest.param(
        "forward_to_ankestyrelsen", "", date(2025, 5, 1), date(2025, 5, 30), "Retssikkerhedsloven § 67, stk. 2",
        ["(kristi himmelfartsdag)"],
        id="forward-ends-ascension",
    ),
    pytest.param(
        "action_plan_offer", "", date(2025, 10, 31), date(2025, 12, 31), "Serviceloven § 141",
        ["Behandlingen startede fredag 31. oktober 2025; fristen på 2 måneder udløber onsdag 31. december 2025 "
         "(nytårsaftensdag)."],
        id="action-plan-offer-2-months",
    ),
    pytest.param(
        "treatment_period_end", "", date(2025, 6, 30), date(2025, 6, 30), "Bevillingens periode",
        ["Bevillingsperioden slutter mandag 30. juni 2025; fristen er selve dagen, mandag 30. juni 2025."],
        id="treatment-period-end",
    ),
]


@pytest.mark.parametrize(("kind", "substance", "start", "due", "reference", "words"), OTHERS)
def test_other_kinds(kind, substance, start, due, reference, words):
    result = calculate(kind=kind, start=start, substance=substance)

    assert (result.kind, result.due_date, result.received_date) == (kind, due, None)
    assert result.legal_reference.startswith(reference)
    for phrase in words:
        assert phrase in result.explanation


def test_every_kind_can_be_calculated():
    for kind in DeadlineKind.values:
        result = calculate(kind=kind, start=date(2025, 1, 31), sent_via="physical_post")
        assert result.due_date >= date(2025, 1, 31)
        assert result.legal_reference and result.explanation


# A discharge on each of these days: the case's follow-up deadlines are the calculator's, month ends included.
DISCHARGES = [
    pytest.param(date(2027, 1, 31), date(2027, 2, 28), date(2027, 7, 31), id="31-january-to-28-february"),
    pytest.param(date(2028, 1, 31), date(2028, 2, 29), date(2028, 7, 31), id="31-january-leap-year-to-29-february"),
    pytest.param(date(2027, 3, 31), date(2027, 4, 30), date(2027, 9, 30), id="31-march-to-30-april"),
    pytest.param(date(2027, 8, 31), date(2027, 9, 30), date(2028, 2, 29), id="31-august-6m-to-29-february"),
    pytest.param(date(2027, 2, 28), date(2027, 3, 28), date(2027, 8, 28), id="28-february-stays-the-28th"),
    pytest.param(date(2027, 5, 15), date(2027, 6, 15), date(2027, 11, 15), id="mid-month"),
]


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize(("discharged_on", "due_1m", "due_6m"), DISCHARGES)
def test_discharge_opens_followups_at_calendar_months(case, counsellor, approver, frozen_today, discharged_on,
                                                      due_1m, due_6m):
    from followups import services

    from .followup_steps import treated
    from .visitation_steps import fresh

    treated(case, counsellor, approver)
    frozen_today.move_to(discharged_on)

    services.discharge(case=fresh(case), user=counsellor, on=discharged_on, reason="completed_reduced")

    deadlines = dict(case.deadlines.filter(kind__startswith="followup").values_list("kind", "due_date"))
    assert deadlines == {DeadlineKind.FOLLOWUP_1M: due_1m, DeadlineKind.FOLLOWUP_6M: due_6m}
    assert due_1m == calculate(kind="followup_1m", start=discharged_on).due_date
    assert due_6m == calculate(kind="followup_6m", start=discharged_on).due_date


@pytest.mark.parametrize(
    "start",
    [pytest.param(date(1900, 1, 1), id="earliest"), pytest.param(date(2100, 12, 31), id="latest")],
)
def test_the_bounds_of_the_date_range(start):
    assert calculate(kind="complaint", start=start, sent_via="physical_post").due_date > start
    assert calculate(kind="followup_6m", start=start).due_date > start


@pytest.mark.parametrize(
    ("arguments", "field", "message"),
    [
        pytest.param({"kind": "alcohol_mapping"}, "kind", "Ukendt fristtype", id="retired-kind"),
        pytest.param({"kind": "complaint"}, "sent_via", "Angiv, hvordan afgørelsen blev sendt", id="no-channel"),
        pytest.param(
            {"kind": "complaint", "sent_via": "email"}, "sent_via", "Ukendt forsendelsesform", id="unknown-channel"
        ),
        pytest.param(
            {"kind": "treatment_guarantee", "substance": "tobak"}, "substance", "Ukendt rusmiddelområde",
            id="unknown-substance",
        ),
    ],
)
def test_bad_input_is_refused_in_danish(arguments, field, message):
    with pytest.raises(ValidationError) as refused:
        calculate(start=date(2025, 3, 3), **arguments)
    assert refused.value.message_dict[field][0].startswith(message)


# --- the page ----------------------------------------------------------------------------------------------------


@pytest.fixture
def staff(caseworker, counsellor, approver):
    return {"caseworker": caseworker, "counsellor": counsellor, "approver": approver}


@pytest.mark.parametrize("persona", ["caseworker", "counsellor", "approver"])
def test_every_role_finds_the_calculator_in_the_menu(client, staff, persona):
    page = login(client, staff[persona]).get("/").content.decode()
    assert '<a class="mainmenu-item" href="/fristberegner/">Fristberegner</a>' in page
    assert client.get("/fristberegner/").status_code == 200


def test_a_user_without_a_role_may_not(client, db):
    nobody = factories.user("ingen", Role.CASEWORKER)
    nobody.groups.clear()
    nobody = type(nobody).objects.get(pk=nobody.pk)

    response = login(client, nobody).get("/fristberegner/")

    assert response.status_code == 403
    assert "Fristberegner" not in login(client, nobody).get("/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get("/fristberegner/")
    assert response.status_code == 302
    assert response["Location"].startswith("/log-ind/")


@time_machine.travel(date(2026, 11, 26), tick=False)
def test_the_empty_form_offers_today(client, caseworker):
    page = login(client, caseworker).get("/fristberegner/").content.decode()
    assert 'value="2026-11-26"' in page
    assert 'data-testid="calculator-result"' not in page
    assert "Noget skal rettes" not in page


def test_the_page_shows_the_answer_and_why(client, caseworker):
    page = login(client, caseworker).get(
        "/fristberegner/", {"kind": "complaint", "sent_via": "physical_post", "date": "2025-04-11"}
    ).content.decode()

    assert '<dd data-testid="received-date">torsdag 24. apr. 2025</dd>' in page
    assert '<dd data-testid="due-date">torsdag 22. maj 2025</dd>' in page
    assert "Retssikkerhedsloven § 67, stk. 1" in page
    assert "(skærtorsdag, langfredag og anden påskedag springes over)" in page


def test_the_page_shows_the_alcohol_guarantee_under_sundhedsloven(client, counsellor):
    page = login(client, counsellor).get(
        "/fristberegner/", {"kind": "treatment_guarantee", "substance": "alcohol", "date": "2024-03-01"}
    ).content.decode()

    assert '<dd data-testid="due-date">fredag 15. mar. 2024</dd>' in page
    assert '<dd data-testid="legal-reference">Sundhedsloven § 141, stk. 2' in page
    assert 'data-testid="received-date"' not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param({"kind": "complaint", "date": "2025-04-11"}, "Angiv, hvordan afgørelsen blev sendt",
                     id="complaint-without-channel"),
        pytest.param({"kind": "alcohol_mapping", "date": "2025-04-11"}, "Ukendt fristtype. Vælg en frist på listen.",
                     id="retired-kind"),
        pytest.param({"kind": "complaint", "sent_via": "email", "date": "2025-04-11"}, "Ukendt forsendelsesform",
                     id="unknown-channel"),
        pytest.param({"kind": "followup_1m", "date": "31-01-2024"}, "Indtast en gyldig dato", id="bad-date"),
        pytest.param({"kind": "followup_1m", "date": "2024-02-30"}, "Indtast en gyldig dato", id="30-february"),
        pytest.param({"kind": "followup_1m", "date": "2101-01-01"}, "Datoen skal ligge mellem 1900 og 2100",
                     id="after-2100"),
        pytest.param({"kind": "followup_1m", "date": ""}, "Dette felt er påkrævet", id="no-date"),
    ],
)
def test_bad_input_is_a_danish_form_error(client, caseworker, query, message):
    response = login(client, caseworker).get("/fristberegner/", query)
    page = response.content.decode()

    assert response.status_code == 200
    assert '<span class="form-error-message"><span class="sr-only">Fejl: </span>' + message in page
    assert 'data-testid="calculator-result"' not in page


# --- the API -----------------------------------------------------------------------------------------------------

API = "/api/v1/deadline-calculator/"


def test_api_complaint_by_physical_post(client, caseworker):
    response = login(client, caseworker).get(
        API, {"kind": "complaint", "sent_via": "physical_post", "sent_date": "2025-04-11"}
    )

    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("kind", "received_date", "due_date")} == {
        "kind": "complaint",
        "received_date": "2025-04-24",
        "due_date": "2025-05-22",
    }
    assert body["legal_reference"].startswith("Retssikkerhedsloven § 67, stk. 1")
    assert body["explanation"].startswith("Sendt med fysisk post fredag 11. april 2025")


@pytest.mark.parametrize(
    ("query", "due", "reference"),
    [
        pytest.param({"kind": "treatment_guarantee", "from": "2024-03-01"}, "2024-03-15", "Serviceloven § 101",
                     id="guarantee"),
        pytest.param({"kind": "treatment_guarantee", "from": "2024-03-01", "substance": "alcohol"}, "2024-03-15",
                     "Sundhedsloven § 141, stk. 2", id="guarantee-alcohol"),
        pytest.param({"kind": "followup_1m", "from": "2024-01-31"}, "2024-02-29", "Serviceloven § 101",
                     id="followup-1m"),
        pytest.param({"kind": "followup_6m", "from": "2025-08-31"}, "2026-02-28", "Serviceloven § 101",
                     id="followup-6m"),
        pytest.param({"kind": "reconsideration", "from": "2025-03-21"}, "2025-04-22", "Retssikkerhedsloven § 67",
                     id="reconsideration"),
        pytest.param({"kind": "forward_to_ankestyrelsen", "from": "2025-05-01"}, "2025-05-30",
                     "Retssikkerhedsloven § 67", id="forward-to-ankestyrelsen"),
        pytest.param({"kind": "action_plan_offer", "from": "2025-10-31"}, "2025-12-31", "Serviceloven § 141",
                     id="action-plan-offer"),
        pytest.param({"kind": "treatment_period_end", "from": "2025-06-30"}, "2025-06-30", "Bevillingens periode",
                     id="treatment-period-end"),
    ],
)
def test_api_other_kinds(client, counsellor, query, due, reference):
    response = login(client, counsellor).get(API, query)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"kind", "due_date", "legal_reference", "explanation"}
    assert (body["kind"], body["due_date"]) == (query["kind"], due)
    assert body["legal_reference"].startswith(reference)


def test_api_covers_every_kind(client, approver):
    login(client, approver)
    for kind in DeadlineKind.values:
        response = client.get(API, {"kind": kind, "from": "2025-01-31", "sent_date": "2025-01-31",
                                    "sent_via": "digital_post"})
        assert response.status_code == 200, kind


@pytest.mark.parametrize(
    ("query", "body"),
    [
        pytest.param({"kind": "alcohol_mapping", "from": "2025-01-31"},
                     {"kind": ["Ukendt fristtype. Vælg en af: " + ", ".join(DeadlineKind.values) + "."]},
                     id="unknown-kind"),
        pytest.param({"from": "2025-01-31"}, {"kind": ["Angiv fristtypen (kind)."]}, id="missing-kind"),
        pytest.param({"kind": "followup_1m"}, {"from": ["Angiv datoen (from) som ÅÅÅÅ-MM-DD."]}, id="missing-from"),
        pytest.param({"kind": "complaint", "sent_via": "digital_post", "from": "2025-01-31"},
                     {"sent_date": ["Angiv datoen (sent_date) som ÅÅÅÅ-MM-DD."]}, id="complaint-without-sent-date"),
        pytest.param({"kind": "followup_1m", "from": "31-01-2024"},
                     {"from": ["Ugyldig dato. Skriv datoen som ÅÅÅÅ-MM-DD, fx 2025-04-11."]}, id="bad-date"),
        pytest.param({"kind": "followup_1m", "from": "2024-02-30"},
                     {"from": ["Ugyldig dato. Skriv datoen som ÅÅÅÅ-MM-DD, fx 2025-04-11."]}, id="30-february"),
        pytest.param({"kind": "followup_1m", "from": "9999-12-31"},
                     {"from": ["Datoen skal ligge mellem 1900 og 2100."]}, id="date-out-of-range"),
        pytest.param({"kind": "complaint", "sent_date": "2025-04-11"},
                     {"sent_via": ["Angiv, hvordan afgørelsen blev sendt: digital_post, physical_post eller "
                                   "quickpost."]}, id="missing-channel"),
        pytest.param({"kind": "complaint", "sent_date": "2025-04-11", "sent_via": "handed_over"},
                     {"sent_via": ["Ukendt forsendelsesform. Vælg digital_post, physical_post eller quickpost."]},
                     id="unknown-channel"),
        pytest.param({"kind": "treatment_guarantee", "from": "2025-04-11", "substance": "tobak"},
                     {"substance": ["Ukendt rusmiddelområde. Vælg drugs (stoffer) eller alcohol (alkohol)."]},
                     id="unknown-substance"),
    ],
)
def test_api_bad_input_is_a_danish_400(client, caseworker, query, body):
    response = login(client, caseworker).get(API, query)

    assert response.status_code == 400
    assert response.json() == body


def test_api_needs_a_login(client, db):
    assert client.get(API, {"kind": "followup_1m", "from": "2024-01-31"}).status_code in (401, 403)


def test_api_refuses_a_user_without_a_role(client, db):
    nobody = factories.user("ingen", Role.CASEWORKER)
    nobody.groups.clear()
    response = login(client, type(nobody).objects.get(pk=nobody.pk)).get(
        API, {"kind": "followup_1m", "from": "2024-01-31"}
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Fristberegneren er for medarbejdere med en rolle."}


def test_api_is_in_the_openapi_schema(client, caseworker):
    schema = login(client, caseworker).get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/deadline-calculator/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"kind", "sent_via", "sent_date", "from", "substance"}
    assert "200" in operation["responses"] and "400" in operation["responses"]
