"""The complaint endpoints of the integration API (API.md, "The process"), with token auth: 201 on
registration with route, in_time and deadlines; 400 with Danish field errors; 403 wrong role; 404 outside
the user's municipality; 409 in the wrong state. A refused request changes nothing."""

import hashlib

import pytest

from cases.models import AccessLog, CaseState
from complaints.models import Complaint, ComplaintState

from .complaint_steps import NOTE, TEXT, reconsider, register
from .visitation_steps import api, fresh, granted, pdf_text

pytestmark = pytest.mark.usefixtures("catalogue")


def post(client, url: str, body: dict):
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def decision(case, counsellor, approver):
    return granted(case, counsellor, approver)


def body(decision, overrides=None) -> dict:
    return {"received_date": "2026-11-26", "channel": "written", "about": "decision", "decision": decision.pk,
            "text": TEXT} | (overrides or {})


def test_register_201_with_route_in_time_and_deadlines(client, case, decision, caseworker):
    response = post(api(client, caseworker), f"/api/v1/cases/{case.pk}/complaints/", body(decision))

    assert response.status_code == 201
    data = response.json()
    assert data["route"] == "ankestyrelsen"
    assert data["in_time"] is True
    assert data["complaint_deadline"] == "2026-12-28"
    assert data["reconsideration_due"] == "2026-12-28"
    assert data["forward_due"] == "2026-12-28"
    assert data["state"] == "registered"
    assert data["bundle_url"] is None
    assert Complaint.objects.get(pk=data["id"]).registered_by == caseworker


def test_list_of_a_cases_complaints_is_paginated_and_logged(client, case, decision, caseworker, counsellor):
    register(case, caseworker, decision=decision)
    before = AccessLog.objects.count()
    response = api(client, counsellor).get(f"/api/v1/cases/{case.pk}/complaints/")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["results"][0]["text"] == TEXT
    assert AccessLog.objects.count() == before + 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param({"received_date": "2026-11-25"}, "received_date",
                     "Klagen kan ikke være modtaget før afgørelsen, som borgeren modtog 26. nov. 2026.",
                     id="before-decision"),
        pytest.param({"channel": "oral"}, "oral_note", "En mundtlig klage skal noteres: skriv, hvad borgeren sagde.",
                     id="oral-without-note"),
        pytest.param({"decision": 999999}, "decision", "Afgørelsen hører ikke til denne sag.", id="unknown-decision"),
        pytest.param({"about": "weather"}, "about", None, id="unknown-about"),
        pytest.param({"received_date": "9999-12-31"}, "received_date", None, id="absurd-date"),
        pytest.param({"text": "x" * 20_001}, "text", None, id="text-too-long"),
    ],
)
def test_bad_registration_is_400_in_danish_and_saves_nothing(client, case, decision, caseworker, overrides, field,
                                                             message):
    response = post(api(client, caseworker), f"/api/v1/cases/{case.pk}/complaints/", body(decision, overrides))
    assert response.status_code == 400
    assert field in response.json()
    if message:
        assert response.json()[field] == [message]
    assert not Complaint.objects.exists()


def test_counsellor_may_read_but_not_register_403(client, case, decision, counsellor):
    response = post(api(client, counsellor), f"/api/v1/cases/{case.pk}/complaints/", body(decision))
    assert response.status_code == 403
    assert "registrere klager" in response.json()["detail"]
    assert not Complaint.objects.exists()


def test_other_municipality_gets_404_everywhere(client, case, decision, caseworker, approver, outsider_approver):
    complaint = register(case, caseworker, decision=decision)
    reconsider(complaint, approver)
    client = api(client, outsider_approver)
    assert post(client, f"/api/v1/cases/{case.pk}/complaints/", body(decision)).status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}/complaints/").status_code == 404
    assert client.get(f"/api/v1/complaints/{complaint.pk}/").status_code == 404
    assert client.get(f"/api/v1/complaints/{complaint.pk}/bundle/").status_code == 404
    assert post(client, f"/api/v1/complaints/{complaint.pk}/appeal-outcome/",
                {"outcome": "upheld", "date": "2026-11-26"}).status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).state == ComplaintState.FORWARDED


def test_reconsideration_upheld_forwards_and_the_bundle_is_the_same_bytes_every_time(
    client, case, decision, caseworker, approver
):
    complaint = register(case, caseworker, decision=decision)
    client = api(client, approver)
    response = post(client, f"/api/v1/complaints/{complaint.pk}/reconsideration/",
                    {"outcome": "upheld", "date": "2026-11-26", "note": NOTE})
    assert response.status_code == 200
    assert response.json()["state"] == "forwarded"
    assert response.json()["bundle_url"].endswith(f"/api/v1/complaints/{complaint.pk}/bundle/")

    first = client.get(f"/api/v1/complaints/{complaint.pk}/bundle/")
    second = client.get(f"/api/v1/complaints/{complaint.pk}/bundle/")
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content == second.content
    assert first["ETag"] == f'"{hashlib.sha256(first.content).hexdigest()}"'
    assert NOTE in pdf_text(first.content)


def test_second_reconsideration_is_409_and_changes_nothing(client, case, decision, caseworker, approver):
    complaint = register(case, caseworker, decision=decision)
    reconsider(complaint, approver)
    response = post(api(client, approver), f"/api/v1/complaints/{complaint.pk}/reconsideration/",
                    {"outcome": "changed", "date": "2026-11-26", "note": "Ny vurdering."})
    assert response.status_code == 409
    assert response.json()["state"] == "forwarded"
    assert "allerede genvurderet" in response.json()["detail"]
    assert fresh(case).state == CaseState.GRANTED


def test_reconsideration_by_a_caseworker_is_403(client, case, decision, caseworker):
    complaint = register(case, caseworker, decision=decision)
    response = post(api(client, caseworker), f"/api/v1/complaints/{complaint.pk}/reconsideration/",
                    {"outcome": "upheld", "date": "2026-11-26", "note": NOTE})
    assert response.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).state == ComplaintState.REGISTERED


def test_reconsideration_with_bad_input_is_400(client, case, decision, caseworker, approver):
    complaint = register(case, caseworker, decision=decision)
    response = post(api(client, approver), f"/api/v1/complaints/{complaint.pk}/reconsideration/",
                    {"outcome": "upheld", "date": "2026-11-27", "note": NOTE})
    assert response.status_code == 400
    assert response.json() == {"date": ["Genvurderingen kan ikke dateres i fremtiden."]}


def test_changed_reconsideration_reopens_the_case_for_a_new_decision(client, case, decision, caseworker, approver):
    complaint = register(case, caseworker, decision=decision)
    response = post(api(client, approver), f"/api/v1/complaints/{complaint.pk}/reconsideration/",
                    {"outcome": "changed", "date": "2026-11-26", "note": "Borgeren får medhold."})
    assert response.status_code == 200
    assert response.json()["state"] == "reconsidered"
    case_body = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert case_body["state"] == "recommended"
    assert {"grant", "refuse"} <= set(case_body["transitions"])  # decided again through the decision endpoint


def test_bundle_before_forwarding_is_409(client, case, decision, caseworker, approver):
    complaint = register(case, caseworker, decision=decision)
    response = api(client, approver).get(f"/api/v1/complaints/{complaint.pk}/bundle/")
    assert response.status_code == 409
    assert response.json()["state"] == "registered"


def test_appeal_outcome_before_forwarding_is_409_and_after_is_200(client, case, decision, caseworker, approver):
    complaint = register(case, caseworker, decision=decision)
    client = api(client, approver)
    url = f"/api/v1/complaints/{complaint.pk}/appeal-outcome/"
    refused = post(client, url, {"outcome": "sent_back", "date": "2026-11-26"})
    assert refused.status_code == 409
    assert refused.json()["detail"] == (
        "Ankestyrelsens afgørelse kan først registreres, når klagen er sendt til Ankestyrelsen."
    )
    reconsider(complaint, approver)
    assert post(client, url, {"outcome": "bad", "date": "2026-11-26"}).status_code == 400
    accepted = post(client, url, {"outcome": "sent_back", "date": "2026-11-26"})
    assert accepted.status_code == 200
    assert (accepted.json()["state"], accepted.json()["appeal_outcome"]) == ("appeal_decided", "sent_back")
    assert fresh(case).state == CaseState.RECOMMENDED


def test_late_decision_endpoint(client, case, decision, caseworker, approver, frozen_today):
    from datetime import date

    frozen_today.move_to(date(2027, 1, 5))
    complaint = register(case, caseworker, decision=decision, received=date(2027, 1, 5))
    client = api(client, approver)
    url = f"/api/v1/complaints/{complaint.pk}/late-decision/"
    assert post(client, f"/api/v1/complaints/{complaint.pk}/reconsideration/",
                {"outcome": "upheld", "date": "2027-01-05", "note": NOTE}).status_code == 409
    response = post(client, url, {"accept": True, "reason": "Borgeren var indlagt."})
    assert response.status_code == 200
    assert response.json()["late_accepted"] is True
    assert response.json()["transitions"] == ["reconsider"]


def test_schema_documents_the_complaint_endpoints(client, caseworker):
    schema = client.get("/api/v1/schema/", HTTP_AUTHORIZATION=api(client, caseworker).defaults["HTTP_AUTHORIZATION"])
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in ("/api/v1/cases/{id}/complaints/", "/api/v1/complaints/{id}/reconsideration/",
                 "/api/v1/complaints/{id}/bundle/", "/api/v1/complaints/{id}/appeal-outcome/"):
        assert path in text
