"""The help page per role, the favicon, the Danish 404 page under DEBUG (make run), and refusals logged as
one line instead of a traceback."""

import logging

import pytest

from cases.models import DeadlineKind, DeadlineRule, Role
from tests import factories
from tests.conftest import login

# Marked, so pytest-django orders these with the database tests (before the browser tests empty the tables):
# the role-parametrised tests reach their user fixtures only through request.getfixturevalue.
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "says"),
    [
        ("caseworker", "Du tager imod borgerens henvendelse"),
        ("approver", "Du træffer kommunens afgørelse"),
        ("counsellor", "Du er behandler hos KABS"),
    ],
)
def test_help_page_explains_the_users_own_role(request, client, persona, says):
    user = request.getfixturevalue(persona)
    page = login(client, user).get("/").content.decode()
    assert 'href="/hjaelp/"' in page  # reachable from the header on every page
    page = client.get("/hjaelp/").content.decode()
    assert says in page
    others = {"caseworker", "approver", "counsellor"} - {persona}
    assert not any(f"Din rolle: {Role(other).label}" in page for other in others)
    assert "Forløbet i fem trin" in page


def test_help_page_reads_the_deadlines_from_the_rules(client, caseworker):
    rule = DeadlineRule.objects.for_kind(DeadlineKind.TREATMENT_GUARANTEE, "drugs")
    page = login(client, caseworker).get("/hjaelp/").content.decode()
    assert "14 dage fra henvendelsesdatoen" in page
    assert rule.legal_reference in page
    rule.amount, rule.legal_reference = 10, "Serviceloven § 101, stk. 9 (ændret)"
    rule.save()
    page = client.get("/hjaelp/").content.decode()
    assert "10 dage fra henvendelsesdatoen" in page  # an administrator's change shows at once
    assert "Serviceloven § 101, stk. 9 (ændret)" in page


def test_favicon(client, caseworker):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/favicon.svg")
    assert 'rel="icon"' in login(client, caseworker).get("/").content.decode()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_under_debug_another_municipalitys_case_is_the_danish_404(client, debug, outsider, case):
    response = login(client, outsider).get(f"/sager/{case.pk}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Siden findes ikke" in page
    assert "URLconf" not in page and "DEBUG = True" not in page  # not Django's technical page
    assert 'data-testid="current-user"' in page  # the project's page, with its header


def test_under_debug_an_unknown_address_is_the_danish_404_and_the_api_keeps_json(client, debug, caseworker):
    login(client, caseworker)
    page = client.get("/findes/ikke/").content.decode()
    assert "Siden findes ikke" in page and "URLconf" not in page
    response = client.get("/api/v1/cases/999999/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_refusal_is_logged_as_one_line_without_traceback(client, caplog, outsider, case):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert login(client, outsider).get(f"/sager/{case.pk}/").status_code == 404
        assert client.get("/roller/").status_code == 403
    records = [record for record in caplog.records if record.name == "django.request"]
    assert [record.status_code for record in records] == [404, 403]
    for record in records:
        assert record.exc_info is None and not record.exc_text
        assert "Traceback" not in logging.Formatter().format(record)


def test_a_server_error_keeps_its_traceback():
    from cases.logging import ExpectedRefusalFilter

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", None,
                                   sys.exc_info())
    record.status_code = 500
    ExpectedRefusalFilter().filter(record)
    assert "Traceback" in logging.Formatter().format(record)


def test_administrators_role_text(client, glostrup):
    administrator = factories.user("anna", Role.ADMINISTRATOR, municipality=glostrup, is_staff=True)
    assert "Du vedligeholder systemets data" in login(client, administrator).get("/hjaelp/").content.decode()
