"""Hostile input on the doors issues 8 and 9 added: complaints, follow-ups, discharge, withdraw, consent and the
management view. A NUL byte, a year 9999, a 100,000-character string and another municipality's id each get a
Danish 400 (or 404 for the other municipality), never a 500, and leave the data exactly as it was."""

import json

import pytest

from complaints.models import Complaint
from followups.models import FollowUp

from . import factories
from .complaint_steps import register
from .followup_steps import discharged, followup
from .visitation_steps import api, fresh, granted

pytestmark = pytest.mark.usefixtures("catalogue")

LONG = "x" * 100_000
NUL = "Borgeren\x00"


@pytest.fixture
def world(case, caseworker, counsellor, approver, glostrup, city, frozen_today):
    decision = granted(case, counsellor, approver)
    complaint = register(case, caseworker, decision=decision)
    ended = discharged(factories.case(factories.citizen(glostrup, cpr="1503851118", name="Louise"), caseworker,
                                      unit=city), counsellor, approver)
    return {"case": fresh(case), "decision": decision, "complaint": complaint, "ended": fresh(ended),
            "followup": followup(ended)}


def snapshot(world) -> tuple:
    case, ended = fresh(world["case"]), fresh(world["ended"])
    complaint = Complaint.objects.get(pk=world["complaint"].pk)
    return (case.state, case.withdrawal_reason, ended.state, Complaint.objects.count(), complaint.state,
            complaint.reconsideration_note, [(f.status, f.conclusion) for f in FollowUp.objects.order_by("pk")])


def doors(world) -> list[tuple[str, str, dict]]:
    case, complaint, follow = world["case"], world["complaint"], world["followup"]
    good_complaint = {"received_date": "2026-11-26", "channel": "written", "about": "decision",
                      "decision": world["decision"].pk, "text": "Jeg er uenig."}
    good_followup = {"date": "2026-11-26", "reached": True, "situation": "drug_free", "goal_holds": True,
                     "note": "Stoffri."}
    return [
        ("user", f"/api/v1/cases/{case.pk}/complaints/", good_complaint),
        ("approver", f"/api/v1/complaints/{complaint.pk}/reconsideration/",
         {"outcome": "upheld", "date": "2026-11-26", "note": "Fastholdt."}),
        ("counsellor", f"/api/v1/followups/{follow.pk}/", good_followup),
        ("counsellor", f"/api/v1/cases/{case.pk}/discharge/", {"date": "2026-11-26", "reason": "completed_drug_free"}),
        ("user", f"/api/v1/cases/{case.pk}/withdraw/", {"reason": "Borgeren er flyttet."}),
        ("user", f"/api/v1/cases/{case.pk}/consent/", {"holder_name": "Forælder", "custody_consent_on": "2026-11-26"}),
    ]


def spoiled(body: dict) -> list[tuple[str, dict]]:
    """The same body with, in turn, a NUL byte, a year 9999 and a 100,000-character string in each field."""
    found = []
    for key, value in body.items():
        if isinstance(value, str):
            found.append((f"{key}=NUL", {**body, key: NUL}))
            found.append((f"{key}=LONG", {**body, key: LONG}))
            if value[:4].isdigit() and value[4:5] == "-":
                found.append((f"{key}=9999", {**body, key: "9999-01-01"}))
    return found


def test_new_api_doors_refuse_bad_input_and_change_nothing(client, world, caseworker, counsellor, approver):
    people = {"user": caseworker, "counsellor": counsellor, "approver": approver}
    before = snapshot(world)
    tried = 0
    for who, url, body in doors(world):
        api(client, people[who])
        for name, attack in spoiled(body):
            response = client.post(url, json.dumps(attack), content_type="application/json")
            tried += 1
            assert response.status_code in (400, 409), f"{url} {name}: {response.status_code}"
            assert response.status_code != 500
            assert snapshot(world) == before, f"{url} {name} changed data"
    assert tried > 30


def test_new_api_doors_answer_404_for_another_municipality(client, world, outsider, outsider_approver):
    before = snapshot(world)
    for who, url, body in doors(world):
        api(client, outsider_approver if who == "approver" else outsider)
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 404, url
    api(client, outsider_approver)  # may see targets and complaints, but only Rødovre's
    for url in (f"/api/v1/complaints/{world['complaint'].pk}/", f"/api/v1/complaints/{world['complaint'].pk}/bundle/",
                f"/api/v1/followups/{world['followup'].pk}/", "/api/v1/targets/?municipality=161"):
        assert client.get(url).status_code == 404, url
    assert snapshot(world) == before


@pytest.mark.parametrize("query", ["year=9999", "year=%00", "municipality=%00", f"year={'9' * 5000}"])
def test_targets_refuse_bad_query(client, approver, frozen_today, query):
    api(client, approver)
    assert client.get(f"/api/v1/targets/?{query}").status_code == 400


def test_the_doors_take_their_good_bodies(client, world, caseworker, counsellor, approver):
    """So the refusals above are the attacks' doing: the same bodies unspoiled go through. (Discharge of a case
    not in treatment is a 409 and consent for an adult a 400 by their rules; their attacks still prove no 500.)"""
    people = {"user": caseworker, "counsellor": counsellor, "approver": approver}
    answers = {}
    for who, url, body in doors(world):
        api(client, people[who])
        answers[url.split("/")[-2]] = client.post(url, json.dumps(body), content_type="application/json").status_code
    assert answers["complaints"] == 201
    assert answers["reconsideration"] in (200, 201)
    assert answers[str(world["followup"].pk)] in (200, 201)
    assert answers["withdraw"] in (200, 201)
