"""The start page at volume: each section shows its most urgent rows and a link to the section alone, which
pages on with "Næste side" after the last row shown (keyset paging: no count, no offset; issue 11)."""

import re
from datetime import date
from html import unescape

import pytest

from cases import keyset
from cases.models import Case, CaseState, DeadlineKind
from cases.views import CROWDED_SECTION_ROWS, PAGE_ROWS, SECTION_ROWS

from .conftest import login
from .worklist_rows import bulk_cases

pytestmark = pytest.mark.usefixtures("frozen_today")


def listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/sager/(\d+)/"', html)]


def walk(client, first_url: str) -> list[list[int]]:
    """Every page of a section, following "Næste side" until there is none."""
    pages, url = [], first_url
    while url:
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        pages.append(listed(html))
        following = re.search(r'<a href="(\?[^"]+)">Næste side</a>', html)
        url = "/" + unescape(following.group(1)) if following else None
        assert len(pages) < 10, "the pages never end"
    return pages


def test_the_start_page_shows_the_most_urgent_and_links_to_the_whole_section(client, counsellor, glostrup, city,
                                                                            caseworker):
    """The counsellor's page has six sections: ten rows each, so the page stays a page."""
    cases = bulk_cases(CROWDED_SECTION_ROWS + 5, municipality=glostrup, unit=city, caseworker=caseworker,
                       state=CaseState.ASSESSMENT)
    html = login(client, counsellor).get("/").content.decode()

    assert len(listed(html)) == CROWDED_SECTION_ROWS
    assert listed(html) == [case.pk for case in cases[:CROWDED_SECTION_ROWS]]  # the oldest inquiries first
    assert "Viser de 10 mest presserende" in html
    assert 'href="?sektion=afdaekning"' in html

    alone = client.get("/?sektion=afdaekning").content.decode()
    assert listed(alone) == [case.pk for case in cases]
    assert "Næste side" not in alone and "Tilbage til Mine sager" in alone


def test_a_list_of_its_own_shows_25(client, caseworker, glostrup, city):
    cases = bulk_cases(SECTION_ROWS + 1, municipality=glostrup, unit=city, caseworker=caseworker)
    html = login(client, caseworker).get("/").content.decode()

    assert listed(html) == [case.pk for case in cases[:SECTION_ROWS]]
    assert "Viser de 25 mest presserende" in html and 'href="?sektion=aktive"' in html


def test_a_section_pages_through_every_case_once_in_order(client, counsellor, glostrup, city, caseworker):
    cases = bulk_cases(PAGE_ROWS + 12, municipality=glostrup, unit=city, caseworker=caseworker,
                       state=CaseState.ASSESSMENT)
    login(client, counsellor)

    pages = walk(client, "/?sektion=afdaekning")

    assert [len(page) for page in pages] == [PAGE_ROWS, 12]
    # Same inquiry date for all: the id breaks the tie, so the order is the cases' own.
    assert [pk for page in pages for pk in page] == [case.pk for case in cases]


def test_the_caseworkers_list_pages_by_days_left_with_the_cases_without_a_guarantee_last(
    client, caseworker, glostrup, city
):
    """Both sort orders, across the boundary between cases with an open guarantee and cases without one."""
    soon = bulk_cases(30, municipality=glostrup, unit=city, caseworker=caseworker, first=0,
                      deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, 2)])
    later = bulk_cases(30, municipality=glostrup, unit=city, caseworker=caseworker, first=30,
                       deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, 9)])
    without = bulk_cases(30, municipality=glostrup, unit=city, caseworker=caseworker, first=60, deadlines=())
    login(client, caseworker)

    ascending = [pk for page in walk(client, "/?sektion=aktive&status=inquiry") for pk in page]
    descending = [pk for page in walk(client, "/?sektion=aktive&status=inquiry&sortering=-frist") for pk in page]

    ids = lambda group: [case.pk for case in group]  # noqa: E731
    assert ascending == ids(soon) + ids(later) + ids(without)
    assert descending == ids(reversed(later)) + ids(reversed(soon)) + ids(reversed(without))


def test_the_filter_keeps_the_section_alone(client, caseworker, glostrup, city):
    bulk_cases(3, municipality=glostrup, unit=city, caseworker=caseworker)
    html = login(client, caseworker).get("/?sektion=aktive").content.decode()

    assert '<input type="hidden" name="sektion" value="aktive">' in html


@pytest.mark.parametrize("query", ["sektion=afdaekning&efter=forfalsket", "sektion=afdaekning&efter=WzEsMl0:1a:x",
                                   "sektion=findes-ikke", "sektion=aktive", "sektion=afdaekning&efter=" + "x" * 100_000,
                                   # The cursor of another section ("afdaekning" orders by inquiry date).
                                   "sektion=i-behandling&efter=" + keyset.cursor(
                                       Case.objects.order_by("inquiry_date", "pk"),
                                       Case(inquiry_date=date(2026, 11, 1), pk=1))])
def test_a_tampered_cursor_or_a_section_that_is_not_yours_is_refused_in_danish(client, counsellor, query):
    response = login(client, counsellor).get(f"/?{query}")

    assert response.status_code == 400
    text = response.content.decode()
    assert "Siden findes ikke længere" in text or "Den valgte sektion findes ikke" in text


def test_the_due_counts_stop_at_99(client, caseworker, glostrup, city):
    """A count reads every row it counts: beyond 99 the page says "mere end 99" instead of counting on."""
    bulk_cases(100, municipality=glostrup, unit=city, caseworker=caseworker,
               deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, -1)])
    bulk_cases(99, municipality=glostrup, unit=city, caseworker=caseworker, first=100,
               deadlines=[(DeadlineKind.TREATMENT_GUARANTEE, 3)])
    html = login(client, caseworker).get("/").content.decode()

    assert "mere end 99 overskredne og 99 der udløber inden for en uge" in html
