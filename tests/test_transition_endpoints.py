"""`transitions` never lists a transition the API lacks (API.md, "The process").

Two walks: every transition the Case's state machine has is mapped to an API route that takes a POST; and in
every state, for every persona, each transition the case's `transitions` lists is POSTed (with no input) to
its endpoint, which must answer 400 — it exists and let this user through in this state, and only the
missing input stopped it — and change nothing.
"""

import pytest
from django.urls import Resolver404, resolve

from cases.api.serializers import TRANSITION_ENDPOINTS
from cases.models import Case, CaseState
from followups.models import FollowUp

from .followup_steps import discharged, treated
from .visitation_steps import api, assess, decide, fresh, granted, recommended

pytestmark = pytest.mark.usefixtures("catalogue")


def url_for(name: str, case: Case) -> str:
    followup = FollowUp.objects.filter(case=case).order_by("due_date").first()
    return "/api/v1/" + TRANSITION_ENDPOINTS[name].format(id=case.pk, followup_id=followup.pk if followup else 1)


def test_every_transition_of_the_case_has_an_api_endpoint_that_takes_a_post():
    names = {t.name for t in Case._meta.get_field("state").get_all_transitions(Case)}
    assert names <= set(TRANSITION_ENDPOINTS), f"no API endpoint for {sorted(names - set(TRANSITION_ENDPOINTS))}"
    for name, path in TRANSITION_ENDPOINTS.items():
        url = "/api/v1/" + path.format(id=1, followup_id=1)
        try:
            match = resolve(url)
        except Resolver404:
            pytest.fail(f"{name}: {url} does not exist")
        view = match.func
        methods = getattr(view, "actions", None) or {m: m for m in getattr(view.view_class, "http_method_names", [])
                                                     if hasattr(view.view_class, m)}
        assert "post" in methods, f"{name}: {url} takes no POST"


def _withdrawn(case, people):
    return case.perform("withdraw", user=people["caseworker"], reason="Borgeren ønsker ikke behandling.")


def _refused(case, people):
    recommended(case, people["counsellor"])
    decide(case, people["approver"], outcome="refused", reasons="Behovet er ikke dokumenteret.")


def _closed(case, people):
    discharged(case, people["counsellor"], people["approver"])
    fresh(case).perform("close", user=people["caseworker"], reason="Borgeren er flyttet.")


STATES = {
    CaseState.INQUIRY: lambda case, people: None,
    CaseState.ASSESSMENT: lambda case, people: assess(case, people["counsellor"]),
    CaseState.RECOMMENDED: lambda case, people: recommended(case, people["counsellor"]),
    CaseState.GRANTED: lambda case, people: granted(case, people["counsellor"], people["approver"]),
    CaseState.REFUSED: _refused,
    CaseState.IN_TREATMENT: lambda case, people: treated(case, people["counsellor"], people["approver"]),
    CaseState.DISCHARGED: lambda case, people: discharged(case, people["counsellor"], people["approver"]),
    CaseState.WITHDRAWN: _withdrawn,
    CaseState.CLOSED: _closed,
}


def test_the_walk_covers_every_state():
    assert set(STATES) == set(CaseState.values)


@pytest.mark.parametrize("state", list(STATES))
def test_each_listed_transition_is_postable_in_the_api(client, case, caseworker, counsellor, approver, admin_user,
                                                       state):
    people = {"caseworker": caseworker, "counsellor": counsellor, "approver": approver}
    STATES[state](case, people)
    case = fresh(case)
    assert case.state == state
    walked = 0
    for persona in (caseworker, counsellor, approver, admin_user):
        listed = api(client, persona).get(f"/api/v1/cases/{case.pk}/").json()["transitions"]
        for name in listed:
            before = (fresh(case).state, case.history.count())
            response = client.post(url_for(name, case), {}, content_type="application/json")
            where = f"{persona} {name} in {state}: {response.status_code} {response.content[:200]}"
            assert response.status_code == 400, where
            assert (fresh(case).state, case.history.count()) == before
            walked += 1
    assert walked or state == CaseState.CLOSED, f"nobody may do anything in {state}?"
