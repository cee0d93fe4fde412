"""The approver's queue (/indstillinger/): pending recommendations of the approver's own municipality, oldest
first, with the days left on the treatment guarantee; its query count does not grow with its length."""

import re
from datetime import date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, CaseReferenceCounter, CaseState, Citizen, Deadline, DeadlineKind
from visitation.models import Recommendation
from visitation.views import QUEUE_ROWS

from .visitation_steps import TODAY, decide, recommended, tariff

pytestmark = pytest.mark.usefixtures("catalogue")

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def bulk_pending(count: int, *, municipality, unit, counsellor, caseworker, first: int = 0,
                 inquiry_dates=None, created=None) -> list[Case]:
    """`count` cases awaiting a decision, in a handful of queries (bulk_create), for lists and query counts.

    The rows are what the process leaves behind (a recommended case with its guarantee deadline and a pending
    recommendation); the process itself is tested in test_recommendation.py.
    """
    numbers = range(first, first + count)
    citizens = Citizen.objects.bulk_create([
        Citizen(municipality=municipality, cpr=f"010180{n:04d}", birth_date=date(1980, 1, 1), name=f"Borger {n:03d}")
        for n in numbers
    ])
    inquiry_dates = inquiry_dates or [date(2026, 11, 20)] * count
    references = CaseReferenceCounter.reserve_each(municipality=municipality, years=[d.year for d in inquiry_dates])
    cases = Case.objects.bulk_create([
        Case(reference=reference, citizen=citizen, municipality=municipality, substance="drugs", inquiry_date=inquiry,
             channel="phone",
             unit=unit, state=CaseState.RECOMMENDED, awaiting_decision=True, recommended_by=counsellor,
             created_by=caseworker)
        for citizen, inquiry, reference in zip(citizens, inquiry_dates, references, strict=True)
    ])
    Deadline.objects.bulk_create([
        Deadline(case=case, kind=DeadlineKind.TREATMENT_GUARANTEE, due_date=case.inquiry_date + timedelta(days=14))
        for case in cases
    ])
    city_basis = tariff("city-basis")
    created = created or [datetime(2026, 11, 21, 9, 0, tzinfo=COPENHAGEN) + timedelta(minutes=n) for n in numbers]
    Recommendation.objects.bulk_create([
        Recommendation(case=case, tariff=city_basis, unit=unit, start_date=TODAY, end_date=TODAY + timedelta(days=90),
                       justification="Ambulant behandling.", recommended_by=counsellor, created_at=at)
        for case, at in zip(cases, created, strict=True)
    ])
    return cases


def walk_queue(client) -> list[list[int]]:
    pages, url = [], "/indstillinger/"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        pages.append(queue_case_ids(response))
        following = re.search(r'href="(\?efter=[^"]+)">Næste side<', response.content.decode())
        url = "/indstillinger/" + unescape(following.group(1)) if following else None
        assert len(pages) < 10
    return pages


def queue_case_ids(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/sager/(\d+)/afgoerelse/"', response.content.decode())]


def test_queue_lists_pending_recommendations_oldest_first_with_days_left(client, glostrup, city, counsellor,
                                                                         caseworker, approver, frozen_today):
    at = datetime(2026, 11, 21, 9, 0, tzinfo=COPENHAGEN)
    cases = bulk_pending(
        3, municipality=glostrup, unit=city, counsellor=counsellor, caseworker=caseworker,
        inquiry_dates=[date(2026, 11, 20), date(2026, 11, 10), date(2026, 11, 12)],
        created=[at + timedelta(days=2), at, at + timedelta(days=1)],  # not in pk order
    )
    client.force_login(approver)

    response = client.get("/indstillinger/")

    assert response.status_code == 200
    assert queue_case_ids(response) == [cases[1].pk, cases[2].pk, cases[0].pk]
    html = response.content.decode()
    assert "8 dage tilbage" in html  # inquiry 20 Nov: due 4 Dec, today 26 Nov
    assert "overskredet med 2 dage" in html  # inquiry 10 Nov: due 24 Nov
    assert "udløber i dag" in html  # inquiry 12 Nov: due 26 Nov
    assert "Borger 000" in html and "010180-xxxx" in html  # masked CPR only
    assert "0101800000" not in html


def test_a_recommendation_through_the_process_appears_and_leaves_when_decided(client, case, counsellor, approver):
    recommended(case, counsellor)
    client.force_login(approver)
    assert queue_case_ids(client.get("/indstillinger/")) == [case.pk]

    decide(case, approver)

    response = client.get("/indstillinger/")
    assert queue_case_ids(response) == []
    assert "Ingen indstillinger afventer afgørelse." in response.content.decode()


def test_the_outsider_approver_sees_none_of_glostrups_recommendations(client, glostrup, city, counsellor,
                                                                       caseworker, outsider_approver, frozen_today):
    bulk_pending(5, municipality=glostrup, unit=city, counsellor=counsellor, caseworker=caseworker)
    client.force_login(outsider_approver)

    response = client.get("/indstillinger/")

    assert response.status_code == 200
    assert queue_case_ids(response) == []
    html = response.content.decode()
    assert "Ingen indstillinger afventer afgørelse." in html
    assert "Borger 000" not in html


@pytest.mark.parametrize("persona", ["caseworker", "counsellor"])
def test_only_approvers_have_a_queue(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/indstillinger/").status_code == 403


def test_queue_query_count_does_not_grow_with_the_number_of_rows(client, glostrup, city, counsellor, caseworker,
                                                                 approver, frozen_today, record_property):
    client.force_login(approver)
    client.get("/indstillinger/")  # warm up the session and content types

    bulk_pending(10, municipality=glostrup, unit=city, counsellor=counsellor, caseworker=caseworker)
    with CaptureQueriesContext(connection) as with_10:
        response = client.get("/indstillinger/")
    assert len(queue_case_ids(response)) == 10

    bulk_pending(50, municipality=glostrup, unit=city, counsellor=counsellor, caseworker=caseworker, first=10)
    with CaptureQueriesContext(connection) as with_60:
        response = client.get("/indstillinger/")
    assert len(queue_case_ids(response)) == QUEUE_ROWS

    record_property("queries_with_10", len(with_10))
    record_property("queries_with_60", len(with_60))
    print(f"queue queries: {len(with_10)} with 10 rows, {len(with_60)} with 60 rows")
    assert len(with_60) == len(with_10)
    # 8 to read the page, 1 for the header's unread-notification count, 1 bulk INSERT into the
    # read-access log for all rows shown.
    assert len(with_10) <= 10


def test_the_queue_pages_on_after_the_last_row_shown_every_recommendation_once(
    client, glostrup, city, counsellor, caseworker, approver, frozen_today
):
    at = datetime(2026, 11, 21, 9, 0, tzinfo=COPENHAGEN)
    count = QUEUE_ROWS + 7
    # Created in reverse id order, and two at the same moment: the id breaks the tie.
    created = [at - timedelta(minutes=n // 2) for n in range(count)]
    cases = bulk_pending(count, municipality=glostrup, unit=city, counsellor=counsellor, caseworker=caseworker,
                         created=created)
    client.force_login(approver)

    pages = walk_queue(client)

    assert [len(page) for page in pages] == [QUEUE_ROWS, 7]
    order = sorted(zip(created, [case.pk for case in cases], strict=True))
    expected = [pk for _at, pk in order]
    assert [pk for page in pages for pk in page] == expected


def test_a_tampered_queue_cursor_is_refused_in_danish(client, approver):
    client.force_login(approver)

    response = client.get("/indstillinger/?efter=WzEsMl0:forfalsket")

    assert response.status_code == 400
    assert "Siden findes ikke længere" in response.content.decode()
