"""The complaint pages: the Klager panel on the case page, the register form, the complaint page with its
steps for the approver, and the stored documents. Reads are logged; strangers get 404, wrong roles 403."""

import pytest

from cases.models import AccessLog, CaseState
from complaints.models import Complaint, ComplaintState

from .complaint_steps import NOTE, TEXT, reconsider, register
from .visitation_steps import fresh, granted

pytestmark = pytest.mark.usefixtures("catalogue")


@pytest.fixture
def decision(case, counsellor, approver):
    return granted(case, counsellor, approver)


def test_case_page_lists_complaints_with_route_and_deadline(client, case, decision, caseworker):
    register(case, caseworker, decision=decision)
    client.force_login(caseworker)
    page = client.get(f"/sager/{case.pk}/").content.decode()
    assert "Klager" in page
    assert "Genvurdering i kommunen, derefter Ankestyrelsen" in page
    assert "Rettidig" in page
    assert "Genvurdering senest 28.12.2026" in page
    assert "Registrér klage" in page


def test_caseworker_registers_an_oral_complaint_through_the_form(client, case, decision, caseworker):
    client.force_login(caseworker)
    form = {"received_date": "2026-11-26", "channel": "oral", "about": "decision", "decision": decision.pk,
            "text": TEXT, "oral_note": ""}
    refused = client.post(f"/sager/{case.pk}/klager/ny/", form)
    assert refused.status_code == 200
    assert "En mundtlig klage skal noteres" in refused.content.decode()
    assert not Complaint.objects.exists()

    response = client.post(f"/sager/{case.pk}/klager/ny/", form | {"oral_note": "Ringede i dag."})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/klager/{complaint.pk}/"
    page = client.get(f"/klager/{complaint.pk}/").content.decode()
    assert "Kommunen genvurderer selv afgørelsen inden for 4 uger" in page  # the route explained, from data
    assert "Registrér genvurdering" not in page  # the caseworker does not reconsider


def test_counsellor_may_read_but_not_register(client, case, decision, caseworker, counsellor):
    complaint = register(case, caseworker, decision=decision)
    client.force_login(counsellor)
    assert client.get(f"/sager/{case.pk}/klager/ny/").status_code == 403
    before = AccessLog.objects.count()
    assert client.get(f"/klager/{complaint.pk}/").status_code == 200
    assert AccessLog.objects.count() == before + 1


def test_approver_reconsiders_on_the_page_and_downloads_the_bundle(client, case, decision, caseworker, approver):
    complaint = register(case, caseworker, decision=decision)
    client.force_login(approver)
    bad = client.post(f"/klager/{complaint.pk}/genvurdering/", {"outcome": "upheld", "date": "2026-11-27", "note": NOTE})
    assert bad.status_code == 400
    assert "Genvurderingen kan ikke dateres i fremtiden." in bad.content.decode()
    assert client.get(f"/klager/{complaint.pk}/sagsakter.pdf").status_code == 404

    done = client.post(f"/klager/{complaint.pk}/genvurdering/", {"outcome": "upheld", "date": "2026-11-26", "note": NOTE})
    assert done.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).state == ComplaintState.FORWARDED
    bundle = client.get(f"/klager/{complaint.pk}/sagsakter.pdf")
    assert bundle.status_code == 200 and bundle["Content-Type"] == "application/pdf"
    assert client.get(f"/klager/{complaint.pk}/sagsakter.pdf").content == bundle.content
    assert client.get(f"/klager/{complaint.pk}/videresendt.pdf").status_code == 200

    again = client.post(f"/klager/{complaint.pk}/genvurdering/", {"outcome": "changed", "date": "2026-11-26",
                                                                 "note": "x"}, follow=True)
    assert "allerede genvurderet" in again.content.decode()
    assert fresh(case).state == CaseState.GRANTED


def test_other_municipality_gets_404(client, case, decision, caseworker, approver, outsider_approver):
    complaint = register(case, caseworker, decision=decision)
    reconsider(complaint, approver)
    client.force_login(outsider_approver)
    for url in (f"/klager/{complaint.pk}/", f"/klager/{complaint.pk}/sagsakter.pdf", f"/sager/{case.pk}/klager/ny/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/klager/{complaint.pk}/ankestyrelsen/", {"outcome": "changed",
                                                                  "date": "2026-11-26"}).status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).appeal_outcome == ""
