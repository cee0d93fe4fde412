"""The read-access log (GDPR art. 15, EU Court C-579/21): every page, search, document and export of a
citizen's data writes who, when, what and why; lists in one INSERT; the log cannot be changed or deleted
through the app; the citizen's municipality's administrator sees who looked, and the citizen gets an
extract of dates, what and purpose without employee names.
"""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cases.models import AccessAction, AccessLog, AccessPurpose, AccessVia, Role
from cases.models.access_log import AppendOnly

from . import factories
from .conftest import login
from .visitation_steps import decide, pdf_text, recommended

CPR = "0101901234"


def api(client, user):
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
    return client


def rows(**filters) -> list[tuple]:
    return list(
        AccessLog.objects.filter(**filters)
        .order_by("pk")
        .values_list("user__username", "citizen_id", "case_id", "action", "purpose", "via")
    )


def log_inserts(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith('INSERT INTO "cases_accesslog"'))


@pytest.fixture
def administrator(glostrup):
    return factories.user("alma", Role.ADMINISTRATOR, is_staff=True, municipality=glostrup)


# --- pages --------------------------------------------------------------------------------------------------


def test_case_page_logs_one_read_with_the_case_as_purpose(client, caseworker, case):
    assert login(client, caseworker).get(f"/sager/{case.pk}/").status_code == 200
    assert rows() == [("sara", case.citizen_id, case.pk, "case_page", "case_work", "ui")]


def test_citizen_page_logs_a_read(client, caseworker, citizen):
    login(client, caseworker).get(f"/borgere/{citizen.pk}/")
    assert rows() == [("sara", citizen.pk, None, "citizen_page", "case_work", "ui")]


def test_home_page_logs_every_case_it_lists_in_one_insert(client, caseworker, glostrup, city, frozen_today):
    cases = [
        factories.case(factories.citizen(glostrup, cpr=cpr, name=f"Borger {cpr}"), caseworker, unit=city)
        for cpr in ("0101901234", "1503851118", "2207784321")
    ]
    login(client, caseworker)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert log_inserts(queries) == 1
    assert sorted(r[1:4] for r in rows()) == sorted((c.citizen_id, c.pk, "list") for c in cases)


def test_a_page_that_is_refused_logs_nothing(client, outsider, case):
    assert login(client, outsider).get(f"/sager/{case.pk}/").status_code == 404
    assert rows() == []


def test_letter_and_plan_documents_are_logged(client, case, counsellor, approver, catalogue):
    recommended(case, counsellor)
    decision = decide(case, approver)
    login(client, approver)
    assert client.get(f"/afgoerelser/{decision.pk}/brev.pdf").status_code == 200
    assert client.get(f"/sager/{case.pk}/plan/1.pdf").status_code == 200
    assert [r[3] for r in rows(user=approver)] == ["letter", "plan"]


# --- search and the purpose ---------------------------------------------------------------------------------


def test_cpr_search_asks_for_the_purpose_and_logs_nothing_without_it(client, caseworker, citizen):
    html = login(client, caseworker).post("/borgere/soeg/", {"q": CPR}).content.decode()
    assert "Vælg formålet med opslaget, når du søger på CPR-nummer." in html
    assert f"/borgere/{citizen.pk}/" not in html
    assert rows() == []


def test_cpr_search_logs_the_chosen_purpose_and_the_citizen_page_carries_it(client, caseworker, citizen):
    login(client, caseworker).post("/borgere/soeg/", {"q": CPR, "purpose": "complaint"})
    client.get(f"/borgere/{citizen.pk}/")
    assert rows() == [
        ("sara", citizen.pk, None, "search", "complaint", "ui"),
        ("sara", citizen.pk, None, "citizen_page", "complaint", "ui"),
    ]


def test_name_search_needs_no_purpose(client, caseworker, citizen):
    login(client, caseworker).post("/borgere/soeg/", {"q": "Mads"})
    assert rows() == [("sara", citizen.pk, None, "search", "case_work", "ui")]


def test_search_that_finds_nobody_logs_nothing(client, outsider, citizen):
    login(client, outsider).post("/borgere/soeg/", {"q": CPR, "purpose": "new_inquiry"})
    assert rows() == []


# --- the API ------------------------------------------------------------------------------------------------


def test_api_reads_are_logged_as_api(client, caseworker, case):
    api(client, caseworker)
    client.get(f"/api/v1/cases/{case.pk}/")
    client.get("/api/v1/cases/")
    client.get(f"/api/v1/citizens/{case.citizen_id}/")
    client.post("/api/v1/citizens/search/", {"cpr": CPR}, content_type="application/json")
    assert rows() == [
        ("sara", case.citizen_id, case.pk, "case_page", "case_work", "api"),
        ("sara", case.citizen_id, case.pk, "list", "case_work", "api"),
        ("sara", case.citizen_id, None, "record", "case_work", "api"),
        ("sara", case.citizen_id, None, "search", "integration", "api"),
    ]


def test_api_list_logs_a_page_in_one_insert(client, caseworker, glostrup):
    for number in range(5):
        factories.citizen(glostrup, cpr=f"01019{number}1234"[:10], name=f"Borger {number}")
    api(client, caseworker)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/citizens/").json()["count"] == 5
    assert log_inserts(queries) == 1
    assert len(rows()) == 5


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_the_rows_commit_in_one_statement(postgres, client, caseworker, case):
    """The production path (no surrounding transaction): one round trip, committed, connection usable."""
    login(client, caseworker)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/sager/{case.pk}/").status_code == 200
    writes = [q["sql"] for q in queries if "cases_accesslog" in q["sql"]]
    assert len(writes) == 1
    assert writes[0].startswith("BEGIN; SET LOCAL synchronous_commit TO OFF; INSERT")
    assert rows() == [("sara", case.citizen_id, case.pk, "case_page", "case_work", "ui")]
    assert client.get(f"/borgere/{case.citizen_id}/").status_code == 200  # the connection is fine after it


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_write_outside_a_transaction_leaves_the_connection_usable(postgres, caseworker, case):
    from django.db import IntegrityError
    from django.test import RequestFactory

    from cases.access import log_reads

    request = RequestFactory().get("/")
    request.user = caseworker
    with pytest.raises(IntegrityError):
        log_reads(request, [(case.citizen_id + 999, None)], action=AccessAction.CITIZEN_PAGE)
    assert not connection.in_atomic_block
    assert AccessLog.objects.count() == 0  # rolled back, and the connection still answers


# --- append-only and retention ------------------------------------------------------------------------------


def test_the_log_cannot_be_changed_or_deleted(client, caseworker, citizen):
    login(client, caseworker).get(f"/borgere/{citizen.pk}/")
    entry = AccessLog.objects.get()
    entry.purpose = AccessPurpose.SUPERVISION
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AccessLog.objects.update(purpose=AccessPurpose.SUPERVISION)
    with pytest.raises(AppendOnly):
        AccessLog.objects.all().delete()
    assert AccessLog.objects.get().purpose == AccessPurpose.CASE_WORK


def test_nobody_is_granted_add_change_or_delete_on_the_log(admin_user, client):
    from django.contrib.auth.models import Permission

    ours = Permission.objects.filter(content_type__app_label="cases", content_type__model="accesslog")
    codenames = set(ours.values_list("codename", flat=True))
    assert codenames == {"view_accesslog"}


def test_retention_purge_removes_only_expired_rows(settings, caseworker, citizen):
    settings.ACCESS_LOG_RETENTION_DAYS = 730
    with time_machine.travel(datetime(2024, 1, 1, 12, tzinfo=timezone.get_current_timezone()), tick=False):
        AccessLog.objects.create(user=caseworker, citizen=citizen, action="citizen_page", purpose="case_work", via="ui")
    with time_machine.travel(datetime(2025, 6, 1, 12, tzinfo=timezone.get_current_timezone()), tick=False):
        AccessLog.objects.create(user=caseworker, citizen=citizen, action="case_page", purpose="case_work", via="ui")
    with time_machine.travel(datetime(2026, 1, 2, 12, tzinfo=timezone.get_current_timezone()), tick=False):
        assert AccessLog.objects.purge_expired() == 1
    assert list(AccessLog.objects.values_list("action", flat=True)) == ["case_page"]


def test_purge_command_reports_what_it_removed(caseworker, citizen):
    from io import StringIO

    from django.core.management import call_command

    old = timezone.now() - timedelta(days=800)
    with time_machine.travel(old, tick=False):
        AccessLog.objects.create(user=caseworker, citizen=citizen, action="citizen_page", purpose="case_work", via="ui")
    out = StringIO()
    call_command("purge_access_log", stdout=out)
    assert "1 række" in out.getvalue()
    assert not AccessLog.objects.exists()


# --- who looked: the administrator of the citizen's municipality -------------------------------------------


def test_administrator_sees_who_looked(client, caseworker, administrator, case):
    login(client, caseworker).get(f"/sager/{case.pk}/")
    html = login(client, administrator).get(f"/borgere/{case.citizen_id}/adgangslog/").content.decode()
    assert "Sara" in html  # the employee, by name: the administrator needs to know who
    assert "Sagen, sag" in html
    assert "Glostrup Kommune" in html
    # … and looking at the log is itself logged
    assert rows(user=administrator) == [("alma", case.citizen_id, None, "access_log", "supervision", "ui")]


@pytest.mark.parametrize("persona", ["outsider_admin", "caseworker", "counsellor"])
def test_others_cannot_read_the_access_log(request, client, roedovre, case, persona):
    if persona == "outsider_admin":
        user = factories.user("rolf", Role.ADMINISTRATOR, is_staff=True, municipality=roedovre)
    else:
        user = request.getfixturevalue(persona)
    login(client, user)
    assert client.get(f"/borgere/{case.citizen_id}/adgangslog/").status_code == 404
    assert client.get(f"/borgere/{case.citizen_id}/indsigt.pdf").status_code == 404
    assert api(client, user).get(f"/api/v1/citizens/{case.citizen_id}/access-log/").status_code == 404


def test_administrator_finds_the_citizen_by_cpr_with_a_purpose(client, administrator, citizen, outsider):
    html = login(client, administrator).post("/adgangslog/", {"q": CPR, "purpose": "citizen_request"}).content.decode()
    assert f'href="/borgere/{citizen.pk}/adgangslog/"' in html
    assert rows() == [("alma", citizen.pk, None, "search", "citizen_request", "ui")]


# --- the citizen's own extract ------------------------------------------------------------------------------


def test_extract_pdf_lists_dates_what_and_purpose_without_employee_names(client, caseworker, administrator, case):
    with time_machine.travel(datetime(2026, 11, 26, 10, 15, tzinfo=timezone.get_current_timezone()), tick=False):
        login(client, caseworker).get(f"/sager/{case.pk}/")
    response = login(client, administrator).get(f"/borgere/{case.citizen_id}/indsigt.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Indsigt i opslag i dine oplysninger" in text
    assert "26.11.2026 kl. 10.15" in text
    assert f"Sagen, sag {case.pk}" in text
    assert "Sagsbehandling" in text
    assert "Glostrup Kommune" in text
    assert "Sara" not in text
    assert CPR not in text


def test_extract_with_names_when_the_administrator_asks(client, caseworker, administrator, case):
    login(client, caseworker).get(f"/sager/{case.pk}/")
    text = pdf_text(login(client, administrator).get(f"/borgere/{case.citizen_id}/indsigt.pdf?navne=1").content)
    assert "Sara" in text


def test_extract_csv_for_the_record(client, caseworker, administrator, case):
    login(client, caseworker).get(f"/sager/{case.pk}/")
    response = login(client, administrator).get(f"/borgere/{case.citizen_id}/indsigt.csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[0] == "Tidspunkt;Hvad;Formål;Hvem (organisation);Adgangsvej"
    assert f"Sagen, sag {case.pk};Sagsbehandling;Glostrup Kommune;Rusmiddelsag" in lines[1]
    assert "Sara" not in response.content.decode()
    assert rows(user=administrator) == [("alma", case.citizen_id, None, "extract", "citizen_request", "ui")]


def test_api_access_log_and_extract(client, caseworker, administrator, case):
    login(client, caseworker).get(f"/sager/{case.pk}/")
    api(client, administrator)
    log = client.get(f"/api/v1/citizens/{case.citizen_id}/access-log/").json()
    # Newest first: the administrator's own look at the log, then the caseworker's look at the case.
    assert [entry["action"] for entry in log["results"]] == ["access_log", "case_page"]
    assert log["results"][1] | {"at": None} == {
        "at": None,
        "user": "Sara",
        "organisation": "Glostrup Kommune",
        "action": "case_page",
        "purpose": "case_work",
        "via": "ui",
        "case": case.pk,
        "detail": "",
    }
    pdf = client.get(f"/api/v1/citizens/{case.citizen_id}/access-extract/")
    assert pdf["Content-Type"] == "application/pdf"
    csv = client.get(f"/api/v1/citizens/{case.citizen_id}/access-extract/?format=csv")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert "Sara" not in csv.content.decode("utf-8-sig")


# --- the full CPR number, on purpose ------------------------------------------------------------------------


def test_citizen_page_masks_the_cpr_and_shows_it_on_request_logged(client, caseworker, citizen):
    page = login(client, caseworker).get(f"/borgere/{citizen.pk}/").content.decode()
    assert "010190-xxxx" in page
    assert CPR not in page and "010190-1234" not in page

    shown = client.post(f"/borgere/{citizen.pk}/cpr/", headers={"HX-Request": "true"}).content.decode()
    assert "010190-1234" in shown
    assert rows(action=AccessAction.CPR_SHOWN) == [("sara", citizen.pk, None, "cpr_shown", "case_work", "ui")]


def test_show_cpr_is_post_only_and_hidden_from_others(client, caseworker, outsider, citizen):
    assert login(client, caseworker).get(f"/borgere/{citizen.pk}/cpr/").status_code == 405
    assert login(client, outsider).post(f"/borgere/{citizen.pk}/cpr/").status_code == 404
    assert not AccessLog.objects.filter(via=AccessVia.UI, action="cpr_shown").exists()


# --- the admin ----------------------------------------------------------------------------------------------


def test_admin_never_shows_the_full_cpr_and_searches_it_by_post_only(client, admin_user, citizen):
    login(client, admin_user)
    change = client.get(f"/admin/cases/citizen/{citizen.pk}/change/").content.decode()
    changelist = client.get("/admin/cases/citizen/").content.decode()
    by_get = client.get("/admin/cases/citizen/", {"q": CPR}).content.decode()
    for html in (change, changelist):
        assert "010190-xxxx" in html
        assert CPR not in html
    assert f"/admin/cases/citizen/{citizen.pk}/change/" not in by_get  # GET search is by name only

    found = client.post("/admin/cases/citizen/cpr-opslag/", {"cpr": "010190-1234", "purpose": "supervision"})
    assert f"/admin/cases/citizen/{citizen.pk}/change/" in found.content.decode()
    assert rows(action="search") == [("admin", citizen.pk, None, "search", "supervision", "admin")]


def test_admin_pages_of_a_citizen_are_logged(client, admin_user, case):
    login(client, admin_user)
    client.get("/admin/cases/citizen/")
    client.get(f"/admin/cases/citizen/{case.citizen_id}/change/")
    client.get(f"/admin/cases/case/{case.pk}/change/")
    assert rows() == [
        ("admin", case.citizen_id, None, "list", "case_work", "admin"),
        ("admin", case.citizen_id, None, "record", "case_work", "admin"),
        ("admin", case.citizen_id, case.pk, "record", "case_work", "admin"),
    ]


def test_administrators_name_search_is_logged_as_supervision(client, administrator, citizen):
    login(client, administrator).post("/adgangslog/", {"q": "Mads"})
    assert rows() == [("alma", citizen.pk, None, "search", "supervision", "ui")]
