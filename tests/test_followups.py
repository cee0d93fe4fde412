"""Follow-up after discharge (DOMAIN.md, step 9): KABS talks to the citizen 1 and 6 months after, records
the situation and whether the goal holds, and the municipality receives the conclusion. A citizen who
cannot be reached after the municipality's number of attempts is recorded as unreachable."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import (
    AccessLog,
    CaseState,
    DeadlineKind,
    DeadlineStatus,
    Notification,
    NotificationKind,
    Role,
    TransitionRefused,
)
from cases.sweep import sweep_deadlines
from followups.models import Attempt, FollowUp, FollowUpStatus, Slot

from . import factories
from .conftest import login
from .followup_steps import discharged, followup, record, treated
from .parallel import run_at_once
from .visitation_steps import TODAY, api, fresh

pytestmark = pytest.mark.usefixtures("catalogue")

DISCHARGED_ON = date(2026, 11, 26)
ONE_MONTH_LATER = date(2026, 12, 26)


@pytest.fixture
def after_discharge(case, counsellor, approver, frozen_today):
    """Discharged today; time then moves on to the day the 1-month follow-up is due."""
    case = discharged(case, counsellor, approver, on=DISCHARGED_ON)
    frozen_today.move_to(ONE_MONTH_LATER)
    return case


def unchanged(case) -> tuple:
    return (
        fresh(case).history.count(),
        list(FollowUp.objects.order_by("pk").values_list("status", "conclusion")),
        Attempt.objects.count(),
        list(case.deadlines.order_by("pk").values_list("status", flat=True)),
        Notification.objects.count(),
    )


# --- recording -------------------------------------------------------------------------------------------


def test_a_followup_held_on_time_meets_its_deadline_and_tells_the_municipality(after_discharge, counsellor,
                                                                               caseworker, approver):
    other_caseworker = factories.user("sofie", Role.CASEWORKER, municipality=caseworker.municipality)

    done = record(after_discharge, counsellor, on=ONE_MONTH_LATER, situation="reduced", goal_holds=True,
                  note="Har reduceret forbruget og holder fast i aftalerne.")

    assert (done.status, done.held_on, done.situation, done.goal_holds) == (
        FollowUpStatus.DONE, ONE_MONTH_LATER, "reduced", True)
    assert done.conclusion == "Har reduceret forbruget og holder fast i aftalerne."
    deadline = after_discharge.deadlines.get(kind=DeadlineKind.FOLLOWUP_1M)
    assert (deadline.status, deadline.resolved_on) == (DeadlineStatus.MET, ONE_MONTH_LATER)
    assert after_discharge.deadlines.get(kind=DeadlineKind.FOLLOWUP_6M).status == DeadlineStatus.OPEN
    told = Notification.objects.filter(kind=NotificationKind.FOLLOWUP_CONCLUDED)
    assert sorted(n.user.username for n in told) == sorted([caseworker.username, other_caseworker.username])
    assert told.first().message == (
        f"Sag {after_discharge.pk}: opfølgning efter 1 måned er afsluttet (gennemført). Konklusionen står på sagen."
    )
    assert fresh(after_discharge).state == CaseState.DISCHARGED
    assert done.history.first().history_user == counsellor


def test_a_followup_held_late_is_recorded_but_its_deadline_counts_as_missed(after_discharge, counsellor,
                                                                          frozen_today):
    frozen_today.move_to(date(2027, 1, 4))
    record(after_discharge, counsellor, on=date(2027, 1, 4))
    deadline = after_discharge.deadlines.get(kind=DeadlineKind.FOLLOWUP_1M)
    assert (deadline.status, deadline.note) == (
        DeadlineStatus.MISSED, "Opfølgningen blev afsluttet 4. jan. 2027, efter fristen.")


def test_the_conclusion_is_on_the_case_page_for_the_municipality(client, after_discharge, counsellor, caseworker):
    record(after_discharge, counsellor, on=ONE_MONTH_LATER, situation="stabilised", goal_holds=False,
           note="Stabil bolig, men ikke stoffri endnu.")

    html = login(client, caseworker).get(f"/sager/{after_discharge.pk}/").content.decode()

    assert "Opfølgning efter udskrivning" in html
    assert "Stabiliseret; målet holder ikke." in html
    assert "Stabil bolig, men ikke stoffri endnu." in html


def test_unreachable_after_the_municipalitys_attempts_concludes_the_followup(after_discharge, counsellor, glostrup):
    glostrup.followup_attempts = 2
    glostrup.save()

    first = record(after_discharge, counsellor, on=date(2026, 12, 20), reached=False, note="Ingen svar på telefon.")
    assert first.status == FollowUpStatus.PENDING
    assert after_discharge.deadlines.get(kind=DeadlineKind.FOLLOWUP_1M).status == DeadlineStatus.OPEN
    assert not Notification.objects.exists()

    second = record(after_discharge, counsellor, on=ONE_MONTH_LATER, reached=False, note="Brev sendt, intet svar.")

    assert second.status == FollowUpStatus.UNREACHABLE
    assert second.conclusion == "Borgeren kunne ikke træffes efter 2 forsøg."
    assert list(second.attempts.values_list("date", "reached", "note")) == [
        (date(2026, 12, 20), False, "Ingen svar på telefon."),
        (ONE_MONTH_LATER, False, "Brev sendt, intet svar."),
    ]
    assert after_discharge.deadlines.get(kind=DeadlineKind.FOLLOWUP_1M).status == DeadlineStatus.MET
    assert Notification.objects.filter(kind=NotificationKind.FOLLOWUP_CONCLUDED).exists()


def test_the_default_is_three_attempts(after_discharge, counsellor):
    for day in (date(2026, 12, 1), date(2026, 12, 8)):
        assert record(after_discharge, counsellor, on=day, reached=False).status == FollowUpStatus.PENDING
    assert record(after_discharge, counsellor, on=date(2026, 12, 15), reached=False).status == (
        FollowUpStatus.UNREACHABLE)


def test_the_same_slot_cannot_be_recorded_twice(after_discharge, counsellor):
    record(after_discharge, counsellor, on=ONE_MONTH_LATER)
    before = unchanged(after_discharge)

    with pytest.raises(TransitionRefused) as refused:
        record(after_discharge, counsellor, on=ONE_MONTH_LATER, note="Igen.")

    assert refused.value.message == (
        "Opfølgning efter 1 måned er allerede registreret (gennemført 26. dec. 2026). Den kan ikke registreres igen."
    )
    assert unchanged(after_discharge) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_counsellors_recording_the_same_slot_at_once_record_it_once(postgres, after_discharge, counsellor,
                                                                       city):
    colleague = factories.user("carl", Role.COUNSELLOR, unit=city)

    outcomes = run_at_once(
        *[lambda user=user: record(after_discharge, user, on=ONE_MONTH_LATER) for user in (counsellor, colleague)]
    )

    assert sorted(type(o).__name__ for o in outcomes) == ["FollowUp", "TransitionRefused"]
    assert FollowUp.objects.get(slot=Slot.ONE_MONTH).attempts.count() == 1


def test_a_followup_on_a_case_that_is_not_discharged_is_refused(case, counsellor, approver):
    treated(case, counsellor, approver)
    with pytest.raises(TransitionRefused) as refused:
        fresh(case).perform("record_followup", user=counsellor, kind=DeadlineKind.FOLLOWUP_1M, on=TODAY,
                            concluded=True)
    assert refused.value.message == (
        "Handlingen 'Registrér opfølgning' er ikke mulig, når sagen har status 'I behandling'."
    )


def test_a_followup_on_a_closed_case_is_refused_and_changes_nothing(after_discharge, counsellor, caseworker):
    fresh(after_discharge).perform("close", user=caseworker, reason="Borgeren er flyttet til udlandet.")
    before = unchanged(after_discharge)

    with pytest.raises(TransitionRefused) as refused:
        record(after_discharge, counsellor, on=ONE_MONTH_LATER)

    assert "når sagen har status 'Afsluttet'" in refused.value.message
    assert unchanged(after_discharge) == before


def test_closing_the_case_ends_its_pending_followups(client, after_discharge, caseworker, counsellor):
    fresh(after_discharge).perform("close", user=caseworker, reason="Borgeren er flyttet til udlandet.")

    assert after_discharge.deadlines.get(kind=DeadlineKind.FOLLOWUP_6M).status == DeadlineStatus.CANCELLED
    assert not FollowUp.objects.pending().exists()
    assert api(client, counsellor).get("/api/v1/followups/", {"status": "pending"}).json()["count"] == 0
    client.defaults.pop("HTTP_AUTHORIZATION")
    html = login(client, caseworker).get(f"/sager/{after_discharge.pk}/").content.decode()
    assert html.count("Bortfaldet: sagen er afsluttet") == 2


@pytest.mark.parametrize(
    ("kwargs", "errors"),
    [
        pytest.param({"situation": ""}, {"situation": ["Vælg borgerens situation."]}, id="no-situation"),
        pytest.param({"goal_holds": None}, {"goal_holds": ["Angiv, om målet i behandlingsplanen holder."]},
                     id="goal-unanswered"),
        pytest.param({"note": "  "}, {"note": ["Skriv konklusionen, som kommunen modtager."]}, id="no-conclusion"),
        pytest.param({"note": "x" * 1001}, {"note": ["Konklusionen må højst være 1000 tegn (den er 1001)."]},
                     id="conclusion-too-long"),
        pytest.param({"on": date(2026, 11, 25)}, {"date": ["Opfølgningen kan ikke ligge før behandlingen blev afsluttet."]},
                     id="before-discharge"),
        pytest.param({"on": date(2026, 12, 27)}, {"date": ["Opfølgningen kan ikke registreres i fremtiden."]},
                     id="future"),
    ],
)
def test_bad_input_is_refused_in_danish_and_changes_nothing(after_discharge, counsellor, kwargs, errors):
    before = unchanged(after_discharge)
    arguments = {"on": ONE_MONTH_LATER, **kwargs}

    with pytest.raises(ValidationError) as invalid:
        record(after_discharge, counsellor, **arguments)

    assert invalid.value.message_dict == errors
    assert unchanged(after_discharge) == before


def test_only_kabs_records_followups(after_discharge, caseworker, approver):
    for person in (caseworker, approver):
        with pytest.raises(PermissionDenied):
            record(after_discharge, person, on=ONE_MONTH_LATER)
    assert followup(after_discharge).status == FollowUpStatus.PENDING


# --- the sweep keeps them ---------------------------------------------------------------------------------


def test_the_sweep_reminds_the_unit_of_a_followup_due_soon_and_when_overdue(case, counsellor, approver,
                                                                          frozen_today):
    case = discharged(case, counsellor, approver, on=DISCHARGED_ON)
    deadline = case.deadlines.get(kind=DeadlineKind.FOLLOWUP_1M)

    sweep_deadlines(today=date(2026, 12, 23))
    sweep_deadlines(today=date(2026, 12, 28))

    kinds = set(Notification.objects.filter(deadline=deadline, user=counsellor).values_list("kind", flat=True))
    assert kinds == {NotificationKind.DUE_SOON, NotificationKind.OVERDUE}


# --- the page --------------------------------------------------------------------------------------------


def test_the_counsellor_records_the_followup_through_the_form(client, after_discharge, counsellor):
    login(client, counsellor)
    page = client.get(f"/sager/{after_discharge.pk}/opfoelgning/").content.decode()
    assert "efter 3 forsøg" in page
    pending = followup(after_discharge)

    response = client.post(f"/sager/{after_discharge.pk}/opfoelgning/", {
        "followup": pending.pk, "date": "2026-12-26", "reached": "ja", "situation": "drug_free",
        "goal_holds": "ja", "note": "Stoffri og i arbejde.",
    })

    assert response.status_code == 302
    assert followup(after_discharge).status == FollowUpStatus.DONE
    assert "Opfølgningen er registreret." in client.get(response["Location"]).content.decode()


def test_the_form_shows_what_is_missing_in_danish_and_saves_nothing(client, after_discharge, counsellor):
    response = login(client, counsellor).post(f"/sager/{after_discharge.pk}/opfoelgning/", {
        "followup": followup(after_discharge).pk, "date": "2026-12-26", "reached": "ja", "note": "",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vælg borgerens situation." in html
    assert "Skriv konklusionen, som kommunen modtager." in html
    assert followup(after_discharge).status == FollowUpStatus.PENDING


def test_the_caseworker_is_sent_back_with_the_reason(client, after_discharge, caseworker):
    response = login(client, caseworker).get(f"/sager/{after_discharge.pk}/opfoelgning/", follow=True)
    assert "Du har ikke adgang til at udføre &#x27;Registrér opfølgning&#x27; på denne sag." in (
        response.content.decode())


# --- the API ---------------------------------------------------------------------------------------------

TALK = {"date": "2026-12-26", "reached": True, "situation": "drug_free", "goal_holds": True,
        "note": "Stoffri; målet holder."}


def post(client, user, pk, payload):
    return api(client, user).post(f"/api/v1/followups/{pk}/", payload, content_type="application/json")


def test_api_records_a_followup(client, after_discharge, counsellor):
    response = post(client, counsellor, followup(after_discharge).pk, TALK)

    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("slot", "status", "held_on", "situation", "goal_holds", "conclusion")} == {
        "slot": "followup_1m", "status": "done", "held_on": "2026-12-26", "situation": "drug_free",
        "goal_holds": True, "conclusion": "Stoffri; målet holder.",
    }


def test_api_an_attempt_that_did_not_reach_the_citizen(client, after_discharge, counsellor):
    response = post(client, counsellor, followup(after_discharge).pk,
                    {"date": "2026-12-26", "reached": False, "note": "Telefonen var slukket."})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["attempts"]) == ("pending", 1)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        pytest.param({**TALK, "situation": "cured"}, "situation", id="unknown-situation"),
        pytest.param({**TALK, "reached": "maybe"}, "reached", id="reached-not-a-boolean"),
        pytest.param({**TALK, "date": "26-12-2026"}, "date", id="bad-date"),
        pytest.param({**TALK, "note": ""}, "note", id="no-conclusion"),
        pytest.param({**TALK, "note": "x" * 5000}, "note", id="conclusion-too-long"),
        pytest.param({"date": "2026-12-26", "reached": False, "situation": "relapse"}, "reached",
                     id="situation-without-a-talk"),
    ],
)
def test_api_bad_input_is_400_and_changes_nothing(client, after_discharge, counsellor, payload, field):
    before = unchanged(after_discharge)
    response = post(client, counsellor, followup(after_discharge).pk, payload)
    assert response.status_code == 400
    assert field in response.json()
    assert unchanged(after_discharge) == before


def test_api_twice_for_the_same_slot_is_409(client, after_discharge, counsellor):
    assert post(client, counsellor, followup(after_discharge).pk, TALK).status_code == 200
    response = post(client, counsellor, followup(after_discharge).pk, TALK)
    assert response.status_code == 409
    assert response.json()["detail"].startswith("Opfølgning efter 1 måned er allerede registreret")


def test_api_on_a_closed_case_is_409(client, after_discharge, counsellor, caseworker):
    fresh(after_discharge).perform("close", user=caseworker, reason="Borgeren er død.")
    response = post(client, counsellor, followup(after_discharge).pk, TALK)
    assert response.status_code == 409
    assert response.json()["state"] == "closed"


def test_api_by_the_caseworker_is_403(client, after_discharge, caseworker):
    response = post(client, caseworker, followup(after_discharge).pk, TALK)
    assert response.status_code == 403
    assert followup(after_discharge).status == FollowUpStatus.PENDING


def test_api_from_another_municipality_or_unit_is_404(client, after_discharge, outsider, provider):
    from tariffs.choices import UnitCode

    other_unit = factories.user("stine", Role.COUNSELLOR, unit=factories.unit(provider, UnitCode.STJERNEVANG))
    for stranger in (outsider, other_unit):
        assert post(client, stranger, followup(after_discharge).pk, TALK).status_code == 404
        assert api(client, stranger).get(f"/api/v1/followups/{followup(after_discharge).pk}/").status_code == 404
    assert followup(after_discharge).status == FollowUpStatus.PENDING


def test_api_list_due_before_is_scoped_and_logged(client, after_discharge, counsellor, caseworker, outsider):
    due_1m = followup(after_discharge, Slot.ONE_MONTH)

    listed = api(client, caseworker).get("/api/v1/followups/", {"due_before": "2027-01-01"}).json()

    assert [row["id"] for row in listed["results"]] == [due_1m.pk]
    assert AccessLog.objects.filter(user=caseworker, case=after_discharge, detail="Opfølgninger").exists()
    everything = api(client, counsellor).get("/api/v1/followups/").json()
    assert [row["slot"] for row in everything["results"]] == ["followup_1m", "followup_6m"]
    assert api(client, outsider).get("/api/v1/followups/").json()["count"] == 0
    bad = api(client, caseworker).get("/api/v1/followups/", {"due_before": "1. januar"})
    assert bad.status_code == 400
