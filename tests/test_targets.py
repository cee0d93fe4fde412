"""The management view (måltal og udgifter): each figure's arithmetic on a small hand-made data set, with
the expected numbers written out; the CSV columns; who may see which municipality; the stored snapshot.

The data is set up the short way where the figure, not the step, is under test: cases are registered
through the real service (which opens their guarantee), then their settled state is written directly
(the guarantee's status, a discharge), as the deadline engine and the discharge step would have left it.
"""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from cases import targets
from cases.models import Case, Deadline, DeadlineKind, DeadlineStatus, DischargeReason, Role, TargetSnapshot
from cases.tasks import refresh_targets
from tariffs.commitments import committed_costs
from tests import factories
from tests.conftest import login
from tests.visitation_steps import granted

YEAR = 2026


def register(citizen, caseworker, inquiry: date, *, unit=None) -> Case:
    return factories.case(citizen, caseworker, inquiry_date=inquiry, unit=unit)


def settle_guarantee(case: Case, status: str) -> None:
    Deadline.objects.filter(case=case, kind=DeadlineKind.TREATMENT_GUARANTEE).update(status=status)


@pytest.fixture
def people(glostrup):
    """Citizens of Glostrup with valid CPR numbers (one case each, so no readmission rules interfere)."""
    cprs = ["0101901234", "1503851118", "0202802222", "0303703334", "0404604446", "0505501558", "0606401660",
            "0707301772"]
    return [factories.citizen(glostrup, cpr=cpr, name=f"Borger {n}") for n, cpr in enumerate(cprs)]


@pytest.fixture
def guarantee_data(people, caseworker, outsider, roedovre, frozen_today):
    """January 2026: met, met, missed. March 2026: waived, met. November 2026: open. Outside the figures:
    a 2025 inquiry (met) and a Rødovre case (missed)."""
    settled = [
        (date(2026, 1, 5), DeadlineStatus.MET),
        (date(2026, 1, 20), DeadlineStatus.MET),
        (date(2026, 1, 31), DeadlineStatus.MISSED),
        (date(2026, 3, 2), DeadlineStatus.WAIVED),
        (date(2026, 3, 9), DeadlineStatus.MET),
        (date(2026, 11, 20), DeadlineStatus.OPEN),
        (date(2025, 12, 31), DeadlineStatus.MET),
    ]
    for citizen, (inquiry, status) in zip(people, settled, strict=False):
        settle_guarantee(register(citizen, caseworker, inquiry), status)
    other = register(factories.citizen(roedovre, cpr="0101901234"), outsider, date(2026, 1, 5))
    settle_guarantee(other, DeadlineStatus.MISSED)


def test_guarantee_kept_per_month_counts_only_settled_guarantees(glostrup, guarantee_data):
    figures = targets.guarantee(Case.objects.filter(municipality=glostrup), YEAR)
    months = {row["month"]: row for row in figures["months"]}
    assert (months["2026-01"]["met"], months["2026-01"]["missed"]) == (2, 1)
    assert months["2026-01"]["kept_pct"] == Decimal("66.7")  # 2 of 3
    assert months["2026-03"]["kept_pct"] == Decimal("100.0")  # the waived one is not in the denominator
    assert months["2026-03"]["waived"] == 1
    assert months["2026-11"]["kept_pct"] is None  # only an open guarantee: nothing to measure yet
    assert months["2026-11"]["open"] == 1
    assert months["2026-02"]["kept_pct"] is None
    assert figures["year"] == {"met": 3, "missed": 1, "waived": 1, "open": 1, "kept_pct": Decimal("75.0")}


def test_median_days_from_inquiry_to_start(glostrup, people, caseworker, frozen_today):
    waits = [3, 10, 20]
    for citizen, wait in zip(people, waits, strict=False):
        case = register(citizen, caseworker, date(2026, 2, 1))
        Case.objects.filter(pk=case.pk).update(treatment_start=date(2026, 2, 1) + timedelta(days=wait))
    not_started = register(people[5], caseworker, date(2026, 2, 1))
    assert not_started.treatment_start is None
    cases = Case.objects.filter(municipality=glostrup)
    assert targets.median_days_to_start(cases, YEAR) == 10  # the middle of 3, 10, 20
    case = register(people[6], caseworker, date(2026, 4, 1))
    Case.objects.filter(pk=case.pk).update(treatment_start=date(2026, 5, 1))  # 30 days
    assert targets.median_days_to_start(cases, YEAR) == 15  # (10 + 20) / 2
    assert targets.median_days_to_start(cases, 2019) is None


def test_discharge_outcomes_and_drop_outs(glostrup, people, caseworker, frozen_today):
    discharges = [
        (date(2026, 3, 1), DischargeReason.COMPLETED_DRUG_FREE),
        (date(2026, 6, 1), DischargeReason.COMPLETED_DRUG_FREE),
        (date(2026, 7, 1), DischargeReason.COMPLETED_REDUCED),
        (date(2026, 9, 1), DischargeReason.DROPPED_OUT),
        (date(2025, 12, 1), DischargeReason.COMPLETED_DRUG_FREE),  # last year: not counted
    ]
    for citizen, (day, reason) in zip(people, discharges, strict=False):
        case = register(citizen, caseworker, date(2025, 6, 1))
        Case.objects.filter(pk=case.pk).update(discharge_date=day, discharge_reason=reason)
    figures = targets.discharges(Case.objects.filter(municipality=glostrup), YEAR)
    assert figures["total"] == 4
    counts = {row["reason"]: (row["count"], row["pct"]) for row in figures["reasons"]}
    assert counts["completed_drug_free"] == (2, Decimal("50.0"))
    assert counts["completed_reduced"] == (1, Decimal("25.0"))
    assert counts["completed_stabilised"] == (0, Decimal("0.0"))
    assert figures["drug_free_or_reduced_pct"] == Decimal("75.0")
    assert figures["completed_pct"] == Decimal("75.0")
    assert (figures["dropped_out"], figures["dropped_out_pct"]) == (1, Decimal("25.0"))


def test_committed_costs_per_month_unit_and_tariff(glostrup, case, caseworker, counsellor, approver, catalogue):
    """City Basis costs 302 kr. a day (2024 prices, used as the estimate for later years). The grant runs
    26 November 2026 – 24 May 2027, ended early on 15 January 2027 (as a discharge would); a grant of
    last year runs 1 November – 31 December 2025."""
    decision = granted(case, counsellor, approver)
    assert (decision.start_date, decision.end_date) == (date(2026, 11, 26), date(2027, 5, 24))
    type(decision).objects.filter(pk=decision.pk).update(effective_end_date=date(2027, 1, 15))
    earlier = factories.case(factories.citizen(glostrup, cpr="1503851118", name="Louise"), caseworker,
                             unit=case.unit)
    last_year = granted(earlier, counsellor, approver)
    type(last_year).objects.filter(pk=last_year.pk).update(
        start_date=date(2025, 11, 1), end_date=date(2025, 12, 31), effective_end_date=date(2025, 12, 31)
    )

    costs = committed_costs(glostrup.pk, YEAR)
    months = {row["month"]: row for row in costs["months"]}
    assert months["2026-11"]["amount"] == 5 * Decimal("302")  # 26–30 November
    assert months["2026-11"]["same_month_last_year"] == 30 * Decimal("302")
    assert months["2026-12"]["amount"] == 31 * Decimal("302")
    assert months["2026-12"]["change"] == 0
    assert months["2027-01"]["amount"] == 15 * Decimal("302")  # ended on the 15th
    assert months["2027-02"]["amount"] == 0
    assert months["2026-10"]["amount"] == 0
    assert len(costs["months"]) == 24  # the year and the 12 months after it
    assert costs["total_year"] == 36 * Decimal("302")
    assert costs["total_last_year"] == 61 * Decimal("302")
    assert costs["total_next_12_months"] == 15 * Decimal("302")
    [unit] = costs["units"]
    assert (unit["name"], unit["last_year"], unit["year"], unit["next_year"]) == (
        case.unit.name, 61 * Decimal("302"), 36 * Decimal("302"), 15 * Decimal("302"))
    [tariff] = costs["tariffs"]
    assert tariff["key"] == "city-basis"


def test_refused_and_other_municipalities_grants_cost_nothing(glostrup, roedovre, case, counsellor, approver,
                                                              catalogue):
    granted(case, counsellor, approver)
    assert committed_costs(roedovre.pk, YEAR)["total_year"] == 0
    type(case.decisions.get()).objects.update(outcome="refused")
    assert committed_costs(glostrup.pk, YEAR)["total_year"] == 0


@pytest.fixture
def administrator(glostrup):
    return factories.user("anna", Role.ADMINISTRATOR, municipality=glostrup, is_staff=True)


def test_page_shows_the_figures_and_when_they_were_computed(client, approver, guarantee_data):
    response = login(client, approver).get("/maaltal/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Måltal og udgifter – Glostrup Kommune 2026" in page
    assert "75,0 %" in page  # the year's guarantee kept
    assert "Tallene er beregnet 26. nov. 2026" in page
    assert 'data-chart="guarantee"' in page and 'id="targets-charts"' in page


def test_figures_are_stored_until_recomputed(client, approver, glostrup, people, caseworker, frozen_today):
    login(client, approver).get("/maaltal/")
    settle_guarantee(register(people[0], caseworker, date(2026, 2, 2)), DeadlineStatus.MET)
    snapshot = TargetSnapshot.objects.get(municipality=glostrup, year=YEAR)
    assert snapshot.data["guarantee"]["year"]["met"] == 0  # the page reads the stored figures
    response = client.post("/maaltal/beregn/", {"aar": YEAR, "kommune": "161"})
    assert response.status_code == 302
    snapshot.refresh_from_db()
    assert snapshot.data["guarantee"]["year"]["met"] == 1


def test_nightly_task_refreshes_every_municipality(glostrup, roedovre, frozen_today):
    assert refresh_targets() == 2
    assert set(TargetSnapshot.objects.values_list("municipality__code", "year")) == {("161", 2026), ("175", 2026)}
    with time_machine.travel(date(2027, 1, 10), tick=False):
        assert refresh_targets() == 4  # in January also last year


def test_a_year_without_data_is_labelled_not_zero(client, approver, frozen_today):
    page = login(client, approver).get("/maaltal/?aar=2019").content.decode()
    assert "Måltal og udgifter – Glostrup Kommune 2019" in page
    assert "Ingen data for 2019." in page  # the empty unit and tariff tables
    assert '<strong data-testid="guarantee-kept">–</strong>' in page


@pytest.mark.parametrize("query", ["aar=abc", "aar=1999", "aar=99999999999999999999", "kommune=1x1"])
def test_bad_year_or_code_is_a_danish_400(client, approver, frozen_today, query):
    response = login(client, approver).get(f"/maaltal/?{query}")
    assert response.status_code == 400
    assert "Siden kan ikke vises" in response.content.decode()
    assert not TargetSnapshot.objects.exists()


def test_who_may_see_which_municipality(client, caseworker, counsellor, approver, outsider_approver, administrator,
                                        admin_user, roedovre, frozen_today):
    assert login(client, caseworker).get("/maaltal/").status_code == 403
    assert login(client, counsellor).get("/maaltal/").status_code == 403
    assert login(client, administrator).get("/maaltal/").status_code == 200
    assert login(client, approver).get("/maaltal/?kommune=175").status_code == 404  # Rødovre's figures
    assert login(client, approver).get("/maaltal/garanti.csv?kommune=175").status_code == 404
    assert login(client, outsider_approver).get("/maaltal/?kommune=175").status_code == 200
    page = login(client, admin_user).get("/maaltal/?kommune=175").content.decode()
    assert "Rødovre Kommune 2026" in page


def test_csv_of_each_table(client, approver, guarantee_data):
    response = login(client, approver).get("/maaltal/garanti.csv?aar=2026")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Måned", "Overholdt", "Overskredet", "Bortfaldet (frit valg)", "Endnu åben",
                       "Overholdt i procent"]
    assert rows[1] == ["januar 2026", "2", "1", "0", "0", "66,7"]
    assert rows[13] == ["Hele 2026", "3", "1", "1", "1", "75,0"]
    costs = list(csv.reader(io.StringIO(client.get("/maaltal/udgifter_maaned.csv").content.decode("utf-8-sig")),
                            delimiter=";"))
    assert costs[0] == ["Måned", "Bevilget", "Samme måned året før", "Forskel"]
    assert len(costs) == 25
    assert client.get("/maaltal/findes-ikke.csv").status_code == 404


def test_api_json_and_csv(client, approver, guarantee_data):
    login(client, approver)
    body = client.get("/api/v1/targets/?municipality=161&year=2026").json()
    assert (body["municipality"], body["year"]) == ("161", 2026)
    assert body["figures"]["guarantee"]["year"]["kept_pct"] == "75.0"
    assert len(body["figures"]["costs"]["months"]) == 24
    for response in (client.get("/api/v1/targets/?year=2026&format=csv"),
                     client.get("/api/v1/targets/?year=2026", HTTP_ACCEPT="text/csv")):
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
        assert rows[0] == ["tabel", "række", "kolonne", "værdi"]
        assert ["Behandlingsgaranti pr. måned (henvendelser i 2026)", "Hele 2026", "Overholdt i procent",
                "75,0"] in rows


def test_api_refuses_with_400_403_404(client, approver, caseworker, frozen_today):
    assert login(client, caseworker).get("/api/v1/targets/").status_code == 403
    login(client, approver)
    assert client.get("/api/v1/targets/?municipality=175").status_code == 404
    response = client.get("/api/v1/targets/?year=1800")
    assert response.status_code == 400
    assert "Vælg et år" in str(response.json())
    assert client.get("/api/v1/targets/?municipality=abc").status_code == 400


def test_readmissions_share_of_new_inquiries(glostrup, people, caseworker, frozen_today):
    for n, citizen in enumerate(people[:5]):
        case = register(citizen, caseworker, date(2026, 3, 1) if n < 4 else date(2025, 3, 1))
        Case.objects.filter(pk=case.pk).update(readmission=n in (0, 1, 4))
    figures = targets.readmissions(Case.objects.filter(municipality=glostrup), YEAR)
    assert figures == {"total": 4, "readmissions": 2, "pct": Decimal("50.0")}  # the 2025 one is not counted


def test_followups_on_time_late_unreachable_and_outcomes(glostrup, people, caseworker, frozen_today):
    from followups.models import FollowUp, FollowUpStatus, Situation, Slot

    rows = [  # slot, due, status, held on, situation, goal holds
        (Slot.ONE_MONTH, date(2026, 3, 31), FollowUpStatus.DONE, date(2026, 3, 30), Situation.DRUG_FREE, True),
        (Slot.ONE_MONTH, date(2026, 4, 30), FollowUpStatus.DONE, date(2026, 5, 4), Situation.REDUCED, False),
        (Slot.ONE_MONTH, date(2026, 5, 31), FollowUpStatus.UNREACHABLE, date(2026, 6, 2), "", None),
        (Slot.ONE_MONTH, date(2026, 12, 31), FollowUpStatus.PENDING, None, "", None),
        (Slot.SIX_MONTHS, date(2026, 8, 31), FollowUpStatus.DONE, date(2026, 8, 31), Situation.RELAPSE, False),
        (Slot.SIX_MONTHS, date(2025, 8, 31), FollowUpStatus.DONE, date(2025, 8, 1), Situation.DRUG_FREE, True),
    ]
    for citizen, (slot, due, status, held, situation, holds) in zip(people, rows, strict=False):
        FollowUp.objects.create(case=register(citizen, caseworker, date(2025, 1, 5)), slot=slot, due_date=due,
                                status=status, held_on=held, situation=situation, goal_holds=holds)
    one, six = targets.followups(Case.objects.filter(municipality=glostrup), YEAR)["slots"]
    assert (one["total"], one["on_time"], one["late"], one["unreachable"], one["pending"]) == (4, 1, 1, 1, 1)
    assert one["on_time_pct"] == Decimal("33.3")  # 1 of the 3 whose time has come
    assert one["goal_holds"] == 1
    situations = {row["situation"]: (row["count"], row["pct"]) for row in one["situations"]}
    assert situations["drug_free"] == (1, Decimal("50.0")) and situations["reduced"] == (1, Decimal("50.0"))
    assert (six["total"], six["on_time"], six["on_time_pct"]) == (1, 1, Decimal("100.0"))  # 2025's not counted
    assert {row["situation"]: row["count"] for row in six["situations"]}["relapse"] == 1


def test_complaints_in_time_and_how_they_ended(glostrup, case, caseworker, counsellor, approver, catalogue):
    from complaints.models import Complaint

    from .complaint_steps import appeal, reconsider
    from .complaint_steps import register as complain

    upheld = complain(case, caseworker, decision=granted(case, counsellor, approver))
    appeal(reconsider(upheld, approver), approver)  # upheld by the municipality, then by Ankestyrelsen
    other = factories.case(factories.citizen(glostrup, cpr="1503851118", name="Louise"), caseworker, unit=case.unit)
    late = complain(other, caseworker, decision=granted(other, counsellor, approver))
    # Settled as a late complaint accepted and agreed with would be (the paths are the complaint tests' job).
    Complaint.objects.filter(pk=late.pk).update(in_time=False, reconsideration_outcome="partially_changed")
    figures = targets.complaints(Case.objects.filter(municipality=glostrup), YEAR)
    assert (figures["total"], figures["in_time"], figures["late"], figures["in_time_pct"]) == (2, 1, 1, Decimal("50.0"))
    assert (figures["reconsidered_upheld"], figures["reconsidered_changed"]) == (1, 1)
    assert (figures["appeal_upheld"], figures["appeal_changed"], figures["appeal_sent_back"]) == (1, 0, 0)
    assert targets.complaints(Case.objects.filter(municipality=glostrup), 2025)["total"] == 0
