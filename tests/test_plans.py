"""Treatment plans are the citizen's: every revision is a new version, a signed version never changes, and the
citizen's copy is a PDF only those who may see the case can fetch (DOMAIN.md, "The course of a case", step 3)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from plans.models import PlanVersion, SignatureMethod, TreatmentPlan

from .visitation_steps import TODAY, pdf_text, recommended


@pytest.fixture
def plan(case):
    return TreatmentPlan.for_case(case)


def revise(plan, author, **content):
    return plan.revise(author=author, **{"goals_short": ["Stoffri hverdag"], **content})


def test_each_revision_is_a_new_version_and_the_old_one_is_kept(plan, counsellor):
    first = revise(plan, counsellor, goals_short=["Stoffri hverdag"], services=["Gruppebehandling"])
    second = revise(plan, counsellor, goals_short=["Stoffri hverdag", "Eget værelse"], expected_weeks=12)

    assert (first.number, second.number) == (1, 2)
    assert plan.current() == second
    assert list(plan.versions.values_list("number", flat=True)) == [1, 2]
    first.refresh_from_db()
    assert first.goals_short == ["Stoffri hverdag"]
    assert first.services == ["Gruppebehandling"]
    assert first.expected_weeks is None


def test_for_case_returns_the_one_plan_of_the_case(case, plan):
    assert TreatmentPlan.for_case(case) == plan
    assert TreatmentPlan.objects.filter(case=case).count() == 1


def test_a_plan_needs_at_least_one_goal(plan, counsellor):
    with pytest.raises(ValidationError) as refused:
        plan.revise(author=counsellor, goals_short=[], goals_long=[])
    assert refused.value.message_dict["goals_short"] == ["Planen skal have mindst ét mål."]
    assert not PlanVersion.objects.exists()


def test_a_long_term_goal_alone_is_a_goal(plan, counsellor):
    version = plan.revise(author=counsellor, goals_short=[], goals_long=["Fast arbejde"])
    assert version.goals == ["Fast arbejde"]


def test_signing_records_date_and_method(plan, counsellor):
    version = revise(plan, counsellor)

    version.sign(on=TODAY, how=SignatureMethod.PAPER)

    version.refresh_from_db()
    assert version.is_signed
    assert (version.signed_on, version.signed_how) == (TODAY, SignatureMethod.PAPER)


def test_a_signed_version_cannot_be_saved_with_changes(plan, counsellor):
    version = revise(plan, counsellor, goals_short=["Stoffri hverdag"])
    version.sign(on=TODAY, how=SignatureMethod.DIGITAL)

    version.goals_short = ["Et andet mål"]
    with pytest.raises(ValidationError) as refused:
        version.save()

    assert refused.value.messages == ["En underskrevet plan kan ikke ændres. Opret en ny version."]
    assert PlanVersion.objects.get(pk=version.pk).goals_short == ["Stoffri hverdag"]


def test_a_change_to_a_signed_plan_is_a_new_version(plan, counsellor):
    signed = revise(plan, counsellor, goals_short=["Stoffri hverdag"])
    signed.sign(on=TODAY, how=SignatureMethod.PAPER)

    revised = revise(plan, counsellor, goals_short=["Stoffri hverdag", "Eget værelse"])

    assert revised.number == 2 and not revised.is_signed
    assert PlanVersion.objects.get(pk=signed.pk).goals_short == ["Stoffri hverdag"]
    assert PlanVersion.objects.get(pk=signed.pk).is_signed


def test_signing_twice_is_refused(plan, counsellor):
    version = revise(plan, counsellor)
    version.sign(on=TODAY - timedelta(days=1), how=SignatureMethod.PAPER)

    with pytest.raises(ValidationError) as refused:
        version.sign(on=TODAY, how=SignatureMethod.DIGITAL)

    assert refused.value.messages == [
        "Planen er allerede underskrevet. Gemt nu: Underskrevet på papir, 25. nov. 2026. "
        "Din registrering er ikke gemt."
    ]
    stored = PlanVersion.objects.get(pk=version.pk)
    assert (stored.signed_on, stored.signed_how) == (TODAY - timedelta(days=1), SignatureMethod.PAPER)


def test_a_refused_signature_leaves_the_version_unsigned_so_it_can_be_signed_correctly(plan, counsellor):
    version = revise(plan, counsellor)

    with pytest.raises(ValidationError) as refused:
        version.sign(on=TODAY + timedelta(days=1), how=SignatureMethod.PAPER)
    assert refused.value.message_dict["signed_on"] == ["Underskriftsdatoen kan ikke ligge i fremtiden."]
    assert not version.is_signed

    version.sign(on=TODAY, how=SignatureMethod.PAPER)
    assert PlanVersion.objects.get(pk=version.pk).signed_on == TODAY


def test_a_stale_copy_cannot_sign_over_a_signature(plan, counsellor):
    version = revise(plan, counsellor)
    stale = PlanVersion.objects.get(pk=version.pk)
    version.sign(on=TODAY, how=SignatureMethod.PAPER)

    with pytest.raises(ValidationError):
        stale.sign(on=TODAY - timedelta(days=1), how=SignatureMethod.DIGITAL)

    stored = PlanVersion.objects.get(pk=version.pk)
    assert (stored.signed_on, stored.signed_how) == (TODAY, SignatureMethod.PAPER)


@pytest.mark.parametrize(
    "signed_on, signed_how, field",
    [
        (TODAY + timedelta(days=1), SignatureMethod.PAPER, "signed_on"),
        (TODAY, "", "signed_how"),
        (None, SignatureMethod.PAPER, "signed_how"),
    ],
)
def test_a_signature_needs_a_date_not_in_the_future_and_a_method(plan, counsellor, signed_on, signed_how, field):
    with pytest.raises(ValidationError) as refused:
        revise(plan, counsellor, signed_on=signed_on, signed_how=signed_how)
    assert field in refused.value.message_dict
    assert not PlanVersion.objects.exists()


# --- the citizen's copy as PDF -----------------------------------------------------------------------------------


@pytest.fixture
def plan_with_recommendation(case, counsellor):
    return recommended(case, counsellor, goals=("Stoffri hverdag", "Tilbage i uddannelse")).plan_version


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("persona", ["caseworker", "counsellor", "approver"])
def test_the_plan_pdf_is_served_to_those_who_may_see_the_case(client, request, case, plan_with_recommendation,
                                                               persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(f"/sager/{case.pk}/plan/1.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Behandlingsplan – version 1" in text
    assert "Mads Jensen" in text
    assert "Stoffri hverdag" in text and "Tilbage i uddannelse" in text
    assert "Ikke underskrevet endnu." in text


@pytest.mark.usefixtures("catalogue")
def test_the_plan_pdf_shows_the_signature(client, case, caseworker, plan_with_recommendation):
    plan_with_recommendation.sign(on=TODAY, how=SignatureMethod.PAPER)
    client.force_login(caseworker)

    text = pdf_text(client.get(f"/sager/{case.pk}/plan/1.pdf").content)

    assert "Underskrevet af borgeren 26. november 2026 (underskrevet på papir)." in text


@pytest.mark.usefixtures("catalogue")
def test_the_plan_pdf_is_not_found_for_another_municipality(client, case, outsider, plan_with_recommendation):
    client.force_login(outsider)
    assert client.get(f"/sager/{case.pk}/plan/1.pdf").status_code == 404


@pytest.mark.usefixtures("catalogue")
def test_a_plan_version_that_does_not_exist_is_not_found(client, case, caseworker, plan_with_recommendation):
    client.force_login(caseworker)
    assert client.get(f"/sager/{case.pk}/plan/2.pdf").status_code == 404


# --- recording the signature in the UI ----------------------------------------------------------------------------


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("persona", ["counsellor", "caseworker"])
def test_the_signature_is_recorded_through_the_ui(client, request, case, plan_with_recommendation, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(f"/sager/{case.pk}/plan/1/underskrift/", {"signed_on": "2026-11-26", "signed_how": "paper"})

    assert response.status_code == 302
    stored = PlanVersion.objects.get(pk=plan_with_recommendation.pk)
    assert (stored.signed_on, stored.signed_how) == (TODAY, SignatureMethod.PAPER)


@pytest.mark.usefixtures("catalogue")
def test_a_signature_dated_in_the_future_is_refused_in_the_ui(client, case, counsellor, plan_with_recommendation):
    client.force_login(counsellor)

    response = client.post(f"/sager/{case.pk}/plan/1/underskrift/", {"signed_on": "2026-11-27", "signed_how": "paper"})

    assert response.status_code == 200
    assert "Underskriftsdatoen kan ikke ligge i fremtiden." in response.content.decode()
    assert not PlanVersion.objects.get(pk=plan_with_recommendation.pk).is_signed


@pytest.mark.usefixtures("catalogue")
def test_a_signed_version_cannot_be_signed_again_in_the_ui(client, case, counsellor, plan_with_recommendation):
    plan_with_recommendation.sign(on=TODAY, how=SignatureMethod.DIGITAL)
    client.force_login(counsellor)

    response = client.post(f"/sager/{case.pk}/plan/1/underskrift/", {"signed_on": "2026-11-25", "signed_how": "paper"})

    assert response.status_code == 200
    assert "Planen er allerede underskrevet." in response.content.decode()
    stored = PlanVersion.objects.get(pk=plan_with_recommendation.pk)
    assert (stored.signed_on, stored.signed_how) == (TODAY, SignatureMethod.DIGITAL)


@pytest.mark.usefixtures("catalogue")
@pytest.mark.parametrize("persona, status", [("outsider", 404), ("approver", 403)])
def test_only_case_staff_who_assess_may_record_a_signature(client, request, case, plan_with_recommendation, persona,
                                                           status):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(f"/sager/{case.pk}/plan/1/underskrift/", {"signed_on": "2026-11-26", "signed_how": "paper"})

    assert response.status_code == status
    assert not PlanVersion.objects.get(pk=plan_with_recommendation.pk).is_signed
