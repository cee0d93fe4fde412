"""Forms that guide instead of surprise (issue 10): choices name their empty option, fields required only in
some outcomes say when, a decision opened from "Bevil" or "Giv afslag" has that outcome chosen, treatment
start is offered only from the grant's first day, every form with errors opens with an error summary
linking to its fields, and success messages say what happened."""

import re
from datetime import timedelta

import pytest

from cases.forms import (
    CaseListForm,
    CitizenEditForm,
    CitizenForm,
    CitizenSearchForm,
    DeadlineCalculatorForm,
    EndCaseForm,
    InquiryForm,
    YoungPersonConsentForm,
)
from cases.models import CaseState, Unit, YoungPersonConsent
from cases.templatetags.ui import error_summary_items
from cases.views import TRANSITION_FORM_QUERY
from complaints.forms import AppealOutcomeForm, ComplaintForm, LateDecisionForm, ReconsiderationForm
from followups.forms import DischargeForm, FollowUpForm
from followups.models import FollowUp
from plans.forms import PlanSignatureForm
from visitation.forms import AssessmentForm, DecisionForm, RecommendationForm, TreatmentStartForm
from visitation.models import Outcome

from .conftest import login
from .visitation_steps import REASONED, TODAY, assess, decide, fresh, recommend, recommended

pytestmark = pytest.mark.usefixtures("catalogue")


def every_form(case, citizen):
    return [
        AssessmentForm(case=case),
        RecommendationForm(case=case, proposed=None),
        DecisionForm(case=case),
        TreatmentStartForm(),
        ComplaintForm(case=case),
        LateDecisionForm(),
        ReconsiderationForm(),
        AppealOutcomeForm(),
        DischargeForm(),
        FollowUpForm(pending=FollowUp.objects.none()),
        PlanSignatureForm(),
        YoungPersonConsentForm(instance=YoungPersonConsent.for_case(case)),
        InquiryForm(citizen=citizen),
        CitizenForm(municipality=citizen.municipality),
        CitizenEditForm(instance=citizen),
        CitizenSearchForm(),
        DeadlineCalculatorForm(),
        CaseListForm(units=Unit.objects.all()),
        EndCaseForm(),
    ]


# --- choices name their empty option ------------------------------------------------------------------------
def test_no_dropdown_in_the_apps_forms_offers_dashes_for_its_empty_choice(case, citizen):
    for form in every_form(case, citizen):
        for name, field in form.fields.items():
            labels = [str(label) for _, label in getattr(field, "choices", [])]
            assert not any(label.startswith("---") for label in labels), (type(form).__name__, name, labels)


def test_the_empty_choices_say_what_to_choose(case, citizen):
    assert list(AssessmentForm(case=case).fields["unit"].choices)[0][1] == "Vælg enhed"
    assert list(RecommendationForm(case=case, proposed=None).fields["tariff"].choices)[0][1] == "Vælg takst"
    assert list(DecisionForm(case=case).fields["tariff"].choices)[0][1] == "Som indstillet"
    assert list(ComplaintForm(case=case).fields["decision"].choices)[0][1] == "Ingen bestemt afgørelse"
    consent = YoungPersonConsentForm(instance=YoungPersonConsent.for_case(case))
    assert consent.fields["custody_consent_how"].choices[0] == ("", "Vælg, hvordan samtykket er givet")


def test_the_recommendation_page_names_the_empty_tariff(client, case, counsellor):
    assess(case, counsellor)
    html = login(client, counsellor).get(f"/sager/{case.pk}/indstilling/").content.decode()
    assert '<option value="">Vælg takst</option>' in html
    assert "---------" not in html


# --- required-when fields say when --------------------------------------------------------------------------
def label_of(html: str, field_id: str) -> str:
    match = re.search(rf'<label class="form-label" for="{field_id}">(.*?)</label>', html, re.S)
    assert match, f"no label for {field_id}"
    return re.sub(r"<[^>]+>", "", match.group(1))


@pytest.fixture
def pending(case, counsellor):
    recommended(case, counsellor)
    return case


def test_the_reasons_say_they_are_required_for_a_refusal_and_a_partial_grant_never_optional(
    client, pending, approver
):
    html = login(client, approver).get(f"/sager/{pending.pk}/afgoerelse/").content.decode()
    for field_id in ("id_facts", "id_reasons", "id_considerations"):
        label = label_of(html, field_id)
        assert "(påkrævet ved afslag og delvis bevilling)" in label
        assert "valgfri" not in label
    assert "(kun ved delvis bevilling)" in label_of(html, "id_tariff")
    assert "(valgfri)" not in label_of(html, "id_tariff")


def test_the_deviation_reason_says_when_it_is_required(client, case, counsellor):
    assess(case, counsellor)
    html = login(client, counsellor).get(f"/sager/{case.pk}/indstilling/").content.decode()
    label = label_of(html, "id_deviation_reason")
    assert "(påkrævet, hvis du vælger en anden takst end forslaget)" in label
    assert "valgfri" not in label
    assert "(valgfri)" in label_of(html, "id_goals_long")  # a truly optional field still says so


# --- the decision form opens with the outcome its button named ----------------------------------------------
def test_the_case_page_links_bevil_and_giv_afslag_to_their_outcome(client, pending, approver):
    html = login(client, approver).get(f"/sager/{pending.pk}/").content.decode()
    assert f'href="/sager/{pending.pk}/afgoerelse/?udfald=granted">Bevil</a>' in html
    assert f'href="/sager/{pending.pk}/afgoerelse/?udfald=refused">Giv afslag</a>' in html
    assert set(v.split("=")[1] for v in TRANSITION_FORM_QUERY.values()) <= set(Outcome.values)


@pytest.mark.parametrize(
    ("query", "chosen"),
    [
        pytest.param("?udfald=refused", Outcome.REFUSED, id="giv-afslag"),
        pytest.param("?udfald=granted", Outcome.GRANTED, id="bevil"),
        pytest.param("?udfald=partially_granted", Outcome.PARTIALLY_GRANTED, id="delvis"),
        pytest.param("?udfald=<script>", None, id="nonsense-ignored"),
        pytest.param("?udfald=" + "x" * 5000, None, id="long-ignored"),
        pytest.param("", None, id="queue-link-nothing-chosen"),
    ],
)
def test_the_decision_form_starts_with_the_outcome_the_link_asked_for(client, pending, approver, query, chosen):
    response = login(client, approver).get(f"/sager/{pending.pk}/afgoerelse/{query}")

    assert response.status_code == 200
    assert response.context["form"]["outcome"].value() == chosen
    checked = re.findall(r'<input class="form-radio" type="radio" name="outcome" [^>]*value="(\w+)" checked>',
                         response.content.decode())
    assert checked == ([chosen] if chosen else [])


def test_a_refusal_opened_from_giv_afslag_is_decided_with_the_reasons_and_says_so(client, pending, approver):
    client = login(client, approver)
    response = client.post(
        f"/sager/{pending.pk}/afgoerelse/?udfald=refused",
        {"outcome": Outcome.REFUSED, "sent_via": "digital_post", "sent_date": TODAY.isoformat(), **REASONED},
        follow=True,
    )
    assert fresh(pending).state == CaseState.REFUSED
    assert "Der er givet afslag. Brevet til borgeren dannes nu og kan hentes på sagen." in response.content.decode()


# --- treatment start is offered only from the grant's first day ---------------------------------------------
@pytest.fixture
def granted_from_next_week(case, counsellor, approver):
    """Granted today for a period that begins in three days."""
    recommended(case, counsellor, start=TODAY + timedelta(days=3))
    decide(case, approver)
    return fresh(case)


def test_before_the_granted_period_the_case_page_says_when_treatment_start_can_be_recorded(
    client, granted_from_next_week, caseworker
):
    case = granted_from_next_week
    html = login(client, caseworker).get(f"/sager/{case.pk}/").content.decode()

    assert f'href="/sager/{case.pk}/behandlingsstart/"' not in html
    assert "Behandlingsstarten kan registreres fra 29. nov. 2026, den første dag i den bevilgede periode." in html


def test_before_the_granted_period_the_form_sends_back_to_the_case_with_the_reason(
    client, granted_from_next_week, caseworker
):
    case = granted_from_next_week
    response = login(client, caseworker).get(f"/sager/{case.pk}/behandlingsstart/", follow=True)

    assert response.redirect_chain == [(f"/sager/{case.pk}/", 302)]
    assert "Behandlingsstarten kan registreres fra 29. nov. 2026" in response.content.decode()
    assert fresh(case).state == CaseState.GRANTED


def test_on_the_grants_first_day_treatment_start_is_offered_with_that_day_filled_in(
    client, granted_from_next_week, caseworker, frozen_today
):
    case = granted_from_next_week
    first_day = TODAY + timedelta(days=3)
    frozen_today.move_to(first_day)
    client = login(client, caseworker)

    assert f'href="/sager/{case.pk}/behandlingsstart/"' in client.get(f"/sager/{case.pk}/").content.decode()
    form = client.get(f"/sager/{case.pk}/behandlingsstart/").context["form"]
    assert form["date"].value() == first_day
    response = client.post(f"/sager/{case.pk}/behandlingsstart/", {"date": first_day.isoformat()}, follow=True)
    assert fresh(case).treatment_start == first_day
    assert "Behandlingsstarten 29. nov. 2026 er registreret, og sagen er nu i behandling." in response.content.decode()


def test_a_grant_that_has_begun_suggests_today(client, case, counsellor, approver, caseworker):
    recommended(case, counsellor, start=TODAY - timedelta(days=2))
    decide(case, approver)
    form = login(client, caseworker).get(f"/sager/{case.pk}/behandlingsstart/").context["form"]
    assert form["date"].value() == TODAY


def test_a_grant_that_has_ended_suggests_its_last_day(client, case, counsellor, approver, caseworker):
    recommend_start = TODAY - timedelta(days=4)
    assess(case, counsellor)
    recommend(case, counsellor, start=recommend_start, end=TODAY - timedelta(days=1))
    decide(case, approver)
    form = login(client, caseworker).get(f"/sager/{case.pk}/behandlingsstart/").context["form"]
    assert form["date"].value() == TODAY - timedelta(days=1)


# --- the error summary ---------------------------------------------------------------------------------------
def summary_links(html: str) -> list[str]:
    block = re.search(r'<div class="alert alert-error[^"]*"[^>]*data-module="error-summary"[^>]*>(.*?)</div>\s*</div>',
                      html, re.S)
    assert block, "no error summary"
    return re.findall(r'<a href="#([^"]+)"', block.group(1))


def test_a_decision_without_reasons_opens_with_a_summary_linking_to_each_missing_part(client, pending, approver):
    response = login(client, approver).post(
        f"/sager/{pending.pk}/afgoerelse/",
        {"outcome": Outcome.REFUSED, "sent_via": "digital_post", "sent_date": TODAY.isoformat()},
    )
    html = response.content.decode()

    assert response.status_code == 200
    links = summary_links(html)
    assert "id_considerations" in links
    for anchor in links:
        assert f'id="{anchor}"' in html, f"the summary links to #{anchor}, which is not on the page"
    assert 'tabindex="-1"' in html and "autofocus" in html  # focused on load
    assert fresh(pending).state == CaseState.RECOMMENDED


def test_an_empty_assessment_links_to_the_first_option_of_each_rating(client, case, counsellor):
    response = login(client, counsellor).post(f"/sager/{case.pk}/afdaekning/", {})
    html = response.content.decode()
    links = summary_links(html)
    assert "id_rating_substance_use_0" in links or any(link.startswith("id_rating_") for link in links)
    assert all(f'id="{anchor}"' in html for anchor in links)
    assert fresh(case).state == CaseState.INQUIRY


def test_the_summary_lists_errors_about_the_whole_form_without_a_link(case, citizen):
    form = EndCaseForm({"reason": ""})
    form.is_valid()
    form.add_error(None, "Sagen er ændret af en anden.")
    form.add_error("reason", "Skriv, hvorfor sagen afsluttes.")
    assert error_summary_items(form) == [
        {"anchor": "", "text": "Sagen er ændret af en anden."},
        {"anchor": "id_reason", "label": "Begrundelse", "text": "Skriv, hvorfor sagen afsluttes."},
    ]
    assert error_summary_items(EndCaseForm()) == []  # an unbound form has nothing to summarise


def test_a_form_without_errors_has_no_summary(client, case, counsellor):
    html = login(client, counsellor).get(f"/sager/{case.pk}/afdaekning/").content.decode()
    assert "error-summary" not in html


# --- success messages say what happened ---------------------------------------------------------------------
def test_closing_a_refused_case_says_it_was_closed(client, pending, approver, caseworker):
    decide(pending, approver, outcome=Outcome.REFUSED, **REASONED)
    response = login(client, caseworker).post(
        f"/sager/{pending.pk}/afslut-sagen/", {"reason": "Borgeren ønsker ikke at klage."}, follow=True
    )
    html = response.content.decode()
    assert "Sagen er afsluttet, og dens åbne frister er annulleret." in html
    assert "udført" not in html
