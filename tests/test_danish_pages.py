"""Danish in every detail, seen from the pages: dates read "25. nov. 2026" (or "25.11.2026" in a table),
money "302,00 kr.", and no English word is left on any page a role reaches or in the administration.

The English detector walks every URL pattern (the isolation walk's list, so a new page is covered the day
it is added) as each role of the citizen's own staff and as a superuser, and reads what a person sees or
hears: the text, and the title, aria-label, placeholder, alt and button values; not scripts, styles, URLs or
other attributes, where code and IDs live.
"""

import re
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from tests import factories
from tests.conftest import login

from .test_isolation_walk import fill, routes, world  # noqa: F401 (world: something behind every URL)

pytestmark = pytest.mark.usefixtures("catalogue")

# Words a Danish page never needs, each a tell of an English label, button, month or value left behind.
# Case-sensitive and whole words, so Danish words containing them ("Tilføj", "Status", "novelle") pass.
ENGLISH = [
    # admin and form vocabulary
    "Provider", "Token", "Tokens", "Auth Token", "Save", "Delete", "Add", "Change", "History", "Search", "Select",
    "Submit", "Cancel", "Edit", "View", "Home", "Log in", "Log out", "Welcome", "Password", "Username",
    "Yes", "Unknown", "Required", "Actions", "device", "devices", "Access", "attempt", "attempts", "Created",
    "Name", "Key", "User", "Users", "Groups", "Confirmed", "Last used", "Expires", "Sites",
    "This field", "Enter a valid", "Ensure this", "is required", "characters", "Show all", "Clear", "Today",
    # values printed raw
    "None", "True", "False", "NaN",
    # months and weekdays
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    "January", "February", "March", "April", "June", "July", "August", "October",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    # number formats: a decimal point in money
]  # fmt: skip
TELLS = re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH) + r")(?![\w-])")
MONEY_WITH_POINT = re.compile(r"(?<![\d.,])\d+\.\d\d kr\.")  # "302.00 kr." where "302,00 kr." belongs
HEARD_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class Seen(HTMLParser):
    """What a person sees or hears on a page: text and the attributes read aloud, not code."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "code"):
            self._skip += 1
        values = dict(attrs)
        self.parts += [value for name, value in attrs if name in HEARD_ATTRIBUTES and value]
        if tag == "input" and values.get("type") in ("submit", "button", "reset") and values.get("value"):
            self.parts.append(values["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def seen(html: str) -> str:
    parser = Seen()
    parser.feed(html)
    return " · ".join(parser.parts)


def english_in(html: str) -> list[str]:
    """Each English tell on the page, with a little of the text around it (to find where it comes from)."""
    text = seen(html)
    matches = [*TELLS.finditer(text), *MONEY_WITH_POINT.finditer(text)]
    return sorted({f"{match.group(0)} in …{text[max(0, match.start() - 30) : match.end() + 30]}…" for match in matches})


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<p>Gem og tilføj en ny</p><input type='submit' value='Gem'>", []),
        ("<input type='submit' value='Save'>", ["Save"]),
        ("<a title='Delete'>x</a>", ["Delete"]),
        ("<p>Sendt 25. Nov 2026</p>", ["Nov"]),
        ("<p>Sendt 25. nov. 2026</p>", []),
        ("<td>None</td>", ["None"]),
        ("<p>Pris 302.00 kr.</p>", ["302.00 kr."]),
        ("<p>Pris 302,00 kr.</p>", []),
        ("<script>var None = 'Save';</script><a href='/Provider/' class='Token'>Leverandør</a>", []),
        ("<p>Status: Afventer · Tilføj takst</p>", []),
    ],
)
def test_the_detector_sees_what_a_person_sees(html, found):
    assert [hit.split(" in …")[0] for hit in english_in(html)] == found


def html_pages(client, urls):
    for url in urls:
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        yield url, response.content.decode()


# Pages whose visible text is drawn by a third-party script (Swagger UI, ReDoc): their HTML is only a shell.
SCRIPT_DRAWN = ("/api/v1/docs/", "/api/v1/redoc/")


@pytest.mark.parametrize("persona", ["caseworker", "approver", "counsellor", "admin_user"])
def test_no_english_on_any_page_a_role_reaches(request, client, world, persona):  # noqa: F811
    login(client, request.getfixturevalue(persona))
    urls = sorted({fill(route, world) for route in routes()} - set(SCRIPT_DRAWN))
    checked, found = 0, {}
    for url, page in html_pages(client, urls):
        checked += 1
        if hits := english_in(page):
            found[url] = hits
    assert not found, f"English on {len(found)} of {checked} pages as {persona}: {found}"
    assert checked > (40 if persona == "admin_user" else 15)  # the walk really reached the pages


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html"])
def test_the_error_pages_are_danish(template, caseworker):
    request = RequestFactory().get("/")
    request.user = caseworker
    page = render_to_string(template, request=request)
    assert english_in(page) == []
    assert "<html lang=\"da\"" in page


ENGLISH_DATE = re.compile(r"\d{1,2}\. ?[A-Z][a-z]{2}\b|\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


def test_pages_write_dates_short_or_compact_and_money_in_kroner(client, world, caseworker, approver, counsellor):  # noqa: F811
    from .visitation_steps import recommended

    case = world["case"]  # inquiry 20 November 2026, granted City Basis (302.00 a day)
    page = login(client, caseworker).get(f"/sager/{case.pk}/").content.decode()
    assert "20. nov. 2026" in page  # the case's facts: short, with the year
    assert not ENGLISH_DATE.search(seen(page))

    worklist = client.get("/").content.decode()
    assert "<td>20.11.2026</td>" in worklist  # a list: compact
    assert not ENGLISH_DATE.search(seen(worklist))

    # A new course awaiting the decision: the approver sees the price the Danish way.
    waiting = factories.case(case.citizen, caseworker, unit=case.unit)
    recommended(waiting, counsellor)
    form = login(client, approver).get(f"/sager/{waiting.pk}/afgoerelse/").content.decode()
    assert "302,00 kr." in form
    assert "302.00" not in seen(form)
    assert not ENGLISH_DATE.search(seen(form))

    management = client.get("/maaltal/").content.decode()
    assert "Tallene er beregnet 26. nov. 2026" in management
    assert re.search(r"\d,\d\d kr\.", seen(management))  # the year's grants, in kroner
    assert not MONEY_WITH_POINT.search(seen(management)) and not ENGLISH_DATE.search(seen(management))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("CharField", "", "Dette felt er påkrævet."),
        ("DateField", "31.02.2026", "Indtast en gyldig dato."),
        ("IntegerField", "tolv", "Indtast et heltal."),
    ],
)
def test_djangos_own_form_errors_are_danish(field, value, message):
    from django import forms
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        getattr(forms, field)().clean(value)
    assert refused.value.messages == [message]
