"""The municipality's decision (afgørelse): full grant, partial grant, refusal; when it counts as received and
when the complaint deadline ends (DOMAIN.md, "Computing legal deadlines"); re-placement during treatment."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseState, Deadline, DeadlineKind, DeadlineStatus, Role, TransitionRefused
from tariffs.choices import UnitCode
from visitation import services
from visitation.models import Decision, Outcome, RecommendationStatus

from . import factories
from .visitation_steps import (
    CONSIDERATIONS,
    FACTS,
    REASONED,
    RULES,
    TODAY,
    api,
    assess,
    counts,
    decide,
    fresh,
    ratings,
    recommend,
    recommended,
    tariff,
)

pytestmark = pytest.mark.usefixtures("catalogue")

RECOMMENDED_END = date(2027, 5, 24)  # the helper's default: 180 days from 26 November 2026


@pytest.fixture
def pending(case, counsellor):
    """City Basis recommended from today to 24 May 2027, awaiting the municipality."""
    recommended(case, counsellor)
    return fresh(case)


@pytest.fixture
def pending_udvidet(case, counsellor):
    recommended(case, counsellor, code="city-udvidet", deviation_reason="Borgeren er gravid.")
    return fresh(case)


def deadlines(case) -> dict[str, list[tuple]]:
    rows: dict[str, list[tuple]] = {}
    for deadline in Deadline.objects.filter(case=case).order_by("pk"):
        rows.setdefault(deadline.kind, []).append((deadline.due_date, deadline.status))
    return rows


def assert_nothing_decided(case) -> None:
    case = fresh(case)
    assert case.state == CaseState.RECOMMENDED
    assert case.awaiting_decision is True
    assert not Decision.objects.exists()
    assert case.recommendations.get().status == RecommendationStatus.PENDING
    assert set(deadlines(case)) == {DeadlineKind.TREATMENT_GUARANTEE}


# --- full grant --------------------------------------------------------------------------------------------


def test_grant_in_full_needs_no_reasons_and_sets_the_deadlines(pending, approver):
    decision = decide(pending, approver, outcome=Outcome.GRANTED, reasons="")

    case = fresh(pending)
    assert case.state == CaseState.GRANTED
    assert case.awaiting_decision is False
    assert decision.outcome == Outcome.GRANTED
    assert decision.tariff == tariff("city-basis")
    assert (decision.start_date, decision.end_date, decision.effective_end_date) == (
        TODAY, RECOMMENDED_END, RECOMMENDED_END,
    )
    assert decision.reasons == ""
    assert decision.decided_by == approver
    assert decision.sent_via == "digital_post"
    assert decision.received_date == TODAY  # Digital Post: received the day it is sent
    # 4 weeks from 26 November is 24 December (treated as a holiday); 25–27 December are holidays and a
    # Sunday, so the deadline moves to Monday 28 December.
    assert decision.complaint_deadline == date(2026, 12, 28)
    assert case.recommendations.get().status == RecommendationStatus.DECIDED
    assert deadlines(case)[DeadlineKind.COMPLAINT] == [(date(2026, 12, 28), DeadlineStatus.OPEN)]
    assert deadlines(case)[DeadlineKind.TREATMENT_PERIOD_END] == [(RECOMMENDED_END, DeadlineStatus.OPEN)]


def test_the_decision_is_in_the_cases_history_with_the_approver(pending, approver):
    decide(pending, approver)
    last = fresh(pending).history.order_by("-history_date", "-history_id").first()
    assert (last.history_change_reason, last.history_user, last.state) == ("grant", approver, CaseState.GRANTED)


@pytest.mark.parametrize(
    "sent_via, sent_on, received, deadline",
    [
        pytest.param("digital_post", date(2026, 11, 26), date(2026, 11, 26), date(2026, 12, 28),
                     id="digital-post-24-december-moves-to-28-december"),
        pytest.param("digital_post", date(2026, 12, 1), date(2026, 12, 1), date(2026, 12, 29),
                     id="digital-post-plain-tuesday-4-weeks"),
        pytest.param("physical_post", date(2026, 11, 26), date(2026, 12, 4), date(2027, 1, 4),
                     id="physical-post-6-working-days-then-new-year-moves-to-monday"),
        pytest.param("physical_post", date(2026, 11, 27), date(2026, 12, 7), date(2027, 1, 4),
                     id="physical-post-skips-the-weekend"),
        pytest.param("digital_post", date(2027, 2, 6), date(2027, 2, 6), date(2027, 3, 8),
                     id="digital-post-saturday-deadline-moves-to-monday"),
    ],
)
def test_complaint_deadline_runs_4_weeks_from_receipt_and_moves_off_closed_days(
    pending, approver, frozen_today, sent_via, sent_on, received, deadline
):
    frozen_today.move_to(sent_on)
    type(pending.citizen).objects.filter(pk=pending.citizen_id).update(address="Hovedgaden 1\n2600 Glostrup")

    decision = decide(pending, approver, sent_via=sent_via, sent_date=sent_on)

    assert decision.received_date == received
    assert decision.complaint_deadline == deadline
    assert deadlines(pending)[DeadlineKind.COMPLAINT] == [(deadline, DeadlineStatus.OPEN)]


def test_a_sent_date_in_the_future_is_refused(pending, approver):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, sent_date=TODAY + timedelta(days=1))
    assert refused.value.message_dict["sent_date"] == ["Afsendelsesdatoen kan ikke ligge i fremtiden."]
    assert_nothing_decided(pending)


def test_a_sent_date_before_the_recommendation_arrived_is_refused(pending, approver):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, sent_date=TODAY - timedelta(days=1))
    assert refused.value.message_dict["sent_date"] == [
        "Afgørelsen kan ikke være sendt, før indstillingen blev modtaget."
    ]
    assert_nothing_decided(pending)


FULL_GRANT_CHANGES = "En fuld bevilling bevilger det indstillede. Vælg delvis bevilling for at bevilge en anden " \
    "takst eller en kortere periode."


@pytest.mark.parametrize(
    "tariff_code, end_date",
    [("city-intensiv", None), (None, date(2027, 1, 31)), ("city-intensiv", date(2027, 1, 31))],
)
def test_a_full_grant_never_silently_grants_something_else_than_the_approver_chose(
    pending, approver, tariff_code, end_date
):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, outcome=Outcome.GRANTED, tariff_code=tariff_code, end_date=end_date)
    assert refused.value.message_dict["outcome"] == [FULL_GRANT_CHANGES]
    assert_nothing_decided(pending)


def test_a_full_grant_naming_the_recommended_tariff_and_end_is_a_full_grant(pending, approver):
    decision = decide(pending, approver, outcome=Outcome.GRANTED, tariff_code="city-basis", end_date=RECOMMENDED_END)
    assert (decision.outcome, decision.tariff, decision.end_date) == (
        Outcome.GRANTED, tariff("city-basis"), RECOMMENDED_END,
    )


# --- partial grant -------------------------------------------------------------------------------------------


def test_partial_grant_of_another_tariff_with_reasons(pending_udvidet, approver):
    decision = decide(
        pending_udvidet, approver, outcome=Outcome.PARTIALLY_GRANTED, **REASONED, tariff_code="city-basis",
    )

    assert fresh(pending_udvidet).state == CaseState.GRANTED
    assert decision.outcome == Outcome.PARTIALLY_GRANTED
    assert decision.tariff == tariff("city-basis")
    assert decision.recommendation.tariff == tariff("city-udvidet")
    assert (decision.start_date, decision.end_date) == (TODAY, RECOMMENDED_END)
    assert (decision.facts, decision.reasons, decision.considerations) == (FACTS, RULES, CONSIDERATIONS)
    assert deadlines(pending_udvidet)[DeadlineKind.TREATMENT_PERIOD_END] == [(RECOMMENDED_END, DeadlineStatus.OPEN)]


def test_partial_grant_of_a_shorter_period_with_reasons(pending, approver):
    shorter = date(2027, 2, 28)

    decision = decide(pending, approver, outcome=Outcome.PARTIALLY_GRANTED, **REASONED, end_date=shorter)

    assert decision.tariff == tariff("city-basis")
    assert (decision.end_date, decision.effective_end_date) == (shorter, shorter)
    assert decision.days == 95
    assert deadlines(pending)[DeadlineKind.TREATMENT_PERIOD_END] == [(shorter, DeadlineStatus.OPEN)]


def test_partial_grant_beyond_the_recommended_period_is_refused(pending, approver):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, outcome=Outcome.PARTIALLY_GRANTED, **REASONED,
               end_date=RECOMMENDED_END + timedelta(days=1))
    assert refused.value.message_dict["end_date"] == [
        "En delvis bevilling kan ikke gå ud over den indstillede periode."
    ]
    assert_nothing_decided(pending)


@pytest.mark.parametrize("tariff_code, end_date", [(None, None), ("city-basis", RECOMMENDED_END)])
def test_partial_grant_that_changes_nothing_is_refused_as_not_partial(pending, approver, tariff_code, end_date):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, outcome=Outcome.PARTIALLY_GRANTED, **REASONED, tariff_code=tariff_code,
               end_date=end_date)
    assert refused.value.message_dict["outcome"] == [
        "En delvis bevilling skal ændre taksten eller forkorte perioden."
    ]
    assert_nothing_decided(pending)


def test_partial_grant_of_a_tariff_the_unit_does_not_deliver_is_refused(pending, approver):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, outcome=Outcome.PARTIALLY_GRANTED, **REASONED, tariff_code="stjernevang-basis")
    assert refused.value.message_dict["unit"] == ["KABS City leverer ikke taksten Stjernevang Basis."]
    assert_nothing_decided(pending)


# --- refusal -------------------------------------------------------------------------------------------------


def test_refusal_with_reasons_refuses_and_carries_a_complaint_deadline(pending, approver):
    decision = decide(pending, approver, outcome=Outcome.REFUSED, **REASONED)

    case = fresh(pending)
    assert case.state == CaseState.REFUSED
    assert case.awaiting_decision is False
    assert decision.tariff is None
    assert (decision.start_date, decision.end_date, decision.effective_end_date) == (None, None, None)
    assert decision.cost() is None
    assert decision.complaint_deadline == date(2026, 12, 28)
    assert deadlines(case)[DeadlineKind.COMPLAINT] == [(date(2026, 12, 28), DeadlineStatus.OPEN)]
    assert DeadlineKind.TREATMENT_PERIOD_END not in deadlines(case)


def test_an_unknown_outcome_is_refused(pending, approver):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, outcome="maybe", **REASONED)
    assert refused.value.message_dict["outcome"] == ["Vælg bevilling, delvis bevilling eller afslag."]
    assert_nothing_decided(pending)


# --- reasons worth the name (forvaltningsloven §§ 22–24) -------------------------------------------------------

MISSING = {
    "facts": "Angiv de faktiske forhold, afgørelsen bygger på. De er påkrævet ved afslag og delvis bevilling.",
    "reasons": "Angiv de regler, afgørelsen bygger på. De er påkrævet ved afslag og delvis bevilling.",
    "considerations": "Angiv de hovedhensyn, der har været afgørende. De er påkrævet ved afslag og delvis bevilling.",
}
NOT_SUBSTANTIVE = (
    "skriv med mindst 3 ord ud over selve udfaldet, hvad afgørelsen bygger på. »Afslag.« alene er ikke en "
    "begrundelse (forvaltningslovens § 24)."
)
LABELS = {"facts": "Faktiske forhold", "reasons": "Regler", "considerations": "Hovedhensyn"}
NOT_FULL = [
    pytest.param({"outcome": Outcome.REFUSED}, id="refusal"),
    pytest.param({"outcome": Outcome.PARTIALLY_GRANTED, "end_date": date(2027, 2, 28)}, id="partial"),
]


@pytest.mark.parametrize("decision", NOT_FULL)
@pytest.mark.parametrize("part", ["facts", "reasons", "considerations"])
@pytest.mark.parametrize("blank", ["", "   \n "])
def test_a_decision_that_does_not_grant_in_full_needs_all_three_parts_of_the_reasons(
    pending, approver, decision, part, blank
):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, **decision, **{**REASONED, part: blank})

    assert refused.value.message_dict == {part: [MISSING[part]]}
    assert_nothing_decided(pending)


@pytest.mark.parametrize("decision", NOT_FULL)
@pytest.mark.parametrize("part", ["facts", "reasons", "considerations"])
@pytest.mark.parametrize("outcome_only", ["Afslag.", "Afslag", "AFSLAG!", "Afslag. Afslag. Afslag.", "Delvist bevilget.",
                                          "Bevilges ikke.", "Intet behov.", "Se ovenfor."])
def test_the_outcome_alone_is_not_a_reason(pending, approver, decision, part, outcome_only):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, **decision, **{**REASONED, part: outcome_only})

    assert refused.value.message_dict == {part: [f"{LABELS[part]}: {NOT_SUBSTANTIVE}"]}
    assert_nothing_decided(pending)


def test_every_missing_part_is_named_at_once(pending, approver):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, outcome=Outcome.REFUSED, reasons="Afslag.")

    assert refused.value.message_dict == {
        "facts": [MISSING["facts"]],
        "reasons": [f"Regler: {NOT_SUBSTANTIVE}"],
        "considerations": [MISSING["considerations"]],
    }
    assert_nothing_decided(pending)


@pytest.mark.parametrize("short_but_real", [
    "Servicelovens § 101.",  # a rule named by its paragraph
    "Borgeren er stoffri.",
    "Ingen afslag uden behov",  # the outcome's words do not count, the others do
])
def test_a_short_text_that_says_something_counts(pending, approver, short_but_real):
    decision = decide(pending, approver, outcome=Outcome.REFUSED, facts=short_but_real, reasons=short_but_real,
                      considerations=short_but_real)
    assert (decision.facts, decision.reasons, decision.considerations) == (short_but_real,) * 3


def test_a_full_grant_may_leave_out_the_reasons(pending, approver):
    decision = decide(pending, approver, outcome=Outcome.GRANTED, facts="", reasons="", considerations="")
    assert (decision.facts, decision.reasons, decision.considerations) == ("", "", "")
    assert fresh(pending).state == CaseState.GRANTED


def test_the_reasons_are_stored_without_surrounding_whitespace(pending, approver):
    decision = decide(pending, approver, outcome=Outcome.REFUSED, facts=f"  {FACTS}\n", reasons=f"\n{RULES} ",
                      considerations=f" {CONSIDERATIONS} ")
    decision.refresh_from_db()
    assert (decision.facts, decision.reasons, decision.considerations) == (FACTS, RULES, CONSIDERATIONS)


def test_a_part_of_the_reasons_longer_than_a_letter_allows_is_refused(pending, approver):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, outcome=Outcome.REFUSED, **{**REASONED, "facts": "Borgeren arbejder. " * 300})
    assert list(refused.value.message_dict) == ["facts"]
    assert "4000" in refused.value.message_dict["facts"][0]
    assert_nothing_decided(pending)


# --- who may decide ------------------------------------------------------------------------------------------


def test_another_municipalitys_approver_is_denied_through_the_service(pending, outsider_approver):
    with pytest.raises(PermissionDenied):
        decide(pending, outsider_approver)
    assert_nothing_decided(pending)


def test_another_municipalitys_case_is_not_found_in_the_ui(client, pending, outsider_approver):
    client.force_login(outsider_approver)
    url = f"/sager/{pending.pk}/afgoerelse/"
    assert client.get(url).status_code == 404
    response = client.post(url, {"outcome": "granted", "sent_via": "digital_post", "sent_date": "2026-11-26"})
    assert response.status_code == 404
    assert_nothing_decided(pending)


def test_another_municipalitys_case_is_not_found_in_the_api(client, pending, outsider_approver):
    response = api(client, outsider_approver).post(
        f"/api/v1/cases/{pending.pk}/decision/",
        {"outcome": "granted", "sent_via": "digital_post", "sent_date": "2026-11-26"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert_nothing_decided(pending)


def test_a_caseworker_without_decision_authority_may_not_decide(pending, caseworker):
    with pytest.raises(PermissionDenied):
        decide(pending, caseworker)
    assert_nothing_decided(pending)


def test_the_approver_decides_through_the_ui_form(client, pending, approver):
    client.force_login(approver)
    url = f"/sager/{pending.pk}/afgoerelse/"
    page = client.get(url)
    assert page.status_code == 200
    assert "City Basis" in page.content.decode()

    response = client.post(url, {"outcome": "granted", "reasons": "", "sent_via": "digital_post",
                                 "sent_date": "2026-11-26", "tariff": "", "end_date": ""})

    assert response.status_code == 302
    assert fresh(pending).state == CaseState.GRANTED
    assert Decision.objects.get().decided_by == approver


def test_the_form_does_not_turn_a_chosen_tariff_into_a_full_grant_of_the_recommended_one(client, pending, approver):
    client.force_login(approver)
    response = client.post(f"/sager/{pending.pk}/afgoerelse/", {
        "outcome": "granted", "tariff": tariff("city-intensiv").pk, "reasons": "", "sent_via": "digital_post",
        "sent_date": "2026-11-26",
    })
    assert response.status_code == 200
    assert "Vælg delvis bevilling" in response.content.decode()
    assert_nothing_decided(pending)


def test_a_refused_form_shows_the_danish_error_and_changes_nothing(client, pending, approver):
    client.force_login(approver)
    response = client.post(f"/sager/{pending.pk}/afgoerelse/", {
        "outcome": "refused", "facts": "", "reasons": "", "considerations": "", "sent_via": "digital_post",
        "sent_date": "2026-11-26",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert all(message in page for message in MISSING.values())
    assert_nothing_decided(pending)


def test_the_form_refuses_afslag_alone_as_the_considerations_and_keeps_what_was_written(client, pending, approver):
    client.force_login(approver)
    response = client.post(f"/sager/{pending.pk}/afgoerelse/", {
        "outcome": "refused", "facts": FACTS, "reasons": RULES, "considerations": "Afslag.",
        "sent_via": "digital_post", "sent_date": "2026-11-26",
    })
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Hovedhensyn: {NOT_SUBSTANTIVE}" in page
    assert FACTS in page  # what the approver wrote is shown again, not the pre-filled text
    assert_nothing_decided(pending)


def test_the_form_decides_a_refusal_with_the_three_parts(client, pending, approver):
    client.force_login(approver)
    response = client.post(f"/sager/{pending.pk}/afgoerelse/", {
        "outcome": "refused", "facts": FACTS, "reasons": RULES, "considerations": CONSIDERATIONS,
        "sent_via": "digital_post", "sent_date": "2026-11-26",
    })
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.outcome, decision.facts, decision.reasons, decision.considerations) == (
        Outcome.REFUSED, FACTS, RULES, CONSIDERATIONS,
    )


def test_the_form_starts_from_the_ratings_the_recommendation_and_the_legal_basis(client, case, counsellor, approver):
    assess(case, counsellor, levels=ratings("moderate", housing="severe", work_education="low"))
    recommend(case, counsellor, code="city-udvidet", justification="Dagligt forbrug; ønsker at stoppe.",
              deviation_reason="Borgeren er gravid.")
    client.force_login(approver)

    form = client.get(f"/sager/{case.pk}/afgoerelse/").context["form"]

    facts = form["facts"].value()
    assert "Bolig: Stærkt belastet" in facts
    assert "Beskæftigelse og uddannelse: Lavt belastet" in facts
    assert "Brug af rusmidler (stoffer og alkohol): Moderat belastet" in facts
    assert "Primært rusmiddel: Cannabis." in facts
    assert "KABS har indstillet City Udvidet (2024) fra 26. november 2026 til 24. maj 2027 (180 dage)." in facts
    assert "KABS' begrundelse: Dagligt forbrug; ønsker at stoppe." in facts
    assert "Borgeren er gravid." in facts
    # The legal-basis text administrators keep (LetterText), with the legal basis's reference filled in.
    rules = form["reasons"].value()
    assert rules.startswith("Afgørelsen er truffet efter Lov om social service § 101")
    assert rules.endswith("Efter bestemmelsen skal kommunen tilbyde social behandling af stofmisbrug til personer, "
                          "der har behov for det.")
    assert form["considerations"].value() in (None, "")


def test_the_pre_filled_reasons_are_enough_for_a_refusal_once_the_considerations_are_written(
    client, pending, approver
):
    """The pre-filled facts and rules are real reasons; the approver adds only the considerations."""
    client.force_login(approver)
    form = client.get(f"/sager/{pending.pk}/afgoerelse/").context["form"]
    response = client.post(f"/sager/{pending.pk}/afgoerelse/", {
        "outcome": "refused", "facts": form["facts"].value(), "reasons": form["reasons"].value(),
        "considerations": CONSIDERATIONS, "sent_via": "digital_post", "sent_date": "2026-11-26",
    })
    assert response.status_code == 302
    assert "Moderat belastet" in Decision.objects.get().facts


def test_the_admin_shows_the_three_parts_of_the_reasons(client, pending, approver, admin_user):
    decision = decide(pending, approver, outcome=Outcome.REFUSED, **REASONED)
    client.force_login(admin_user)
    page = client.get(f"/admin/visitation/decision/{decision.pk}/change/").content.decode()
    for label, text in (("Faktiske forhold", FACTS), ("Regler", RULES), ("Hovedhensyn", CONSIDERATIONS)):
        assert label in page and text in page


# --- how the letter is sent: physical post needs an address; anonymous treatment never goes by Digital Post ------

NO_ADDRESS = (
    "Borgeren har ingen adresse, så afgørelsen kan ikke sendes med fysisk post. "
    "Registrér borgerens adresse først, eller vælg en anden forsendelse."
)
NO_DIGITAL_POST = (
    "Afgørelsen kan ikke sendes med Digital Post til en anonym borger (servicelovens § 101 a): der er intet "
    "CPR-nummer. Udlevér brevet personligt, eller send det med fysisk post til en adresse, borgeren selv oplyser."
)


def test_physical_post_to_a_citizen_without_an_address_is_refused_and_nothing_is_saved(pending, approver):
    with pytest.raises(ValidationError) as refused:
        decide(pending, approver, sent_via="physical_post")
    assert refused.value.message_dict == {"sent_via": [NO_ADDRESS]}
    assert_nothing_decided(pending)


def test_the_ui_form_refuses_physical_post_without_an_address(client, pending, approver):
    client.force_login(approver)
    response = client.post(f"/sager/{pending.pk}/afgoerelse/", {
        "outcome": "granted", "reasons": "", "sent_via": "physical_post", "sent_date": "2026-11-26",
    })
    assert response.status_code == 200
    assert NO_ADDRESS in response.content.decode()
    assert_nothing_decided(pending)


def test_the_decision_itself_refuses_physical_post_without_an_address(pending, approver):
    """The rule lives on Decision, so the admin's model form would get the same message."""
    decision = Decision(case=pending, recommendation=pending.recommendations.get(), sent_via="physical_post")
    with pytest.raises(ValidationError) as refused:
        decision.clean()
    assert refused.value.message_dict == {"sent_via": [NO_ADDRESS]}


def test_physical_post_to_a_citizen_with_an_address_is_accepted(pending, approver):
    type(pending.citizen).objects.filter(pk=pending.citizen_id).update(address="Hovedgaden 1\n2600 Glostrup")
    decision = decide(pending, approver, sent_via="physical_post")
    assert (decision.received_date, decision.complaint_deadline) == (date(2026, 12, 4), date(2027, 1, 4))


@pytest.fixture
def anonymous_pending(glostrup, caseworker, city, counsellor, frozen_today):
    """City anonym (§ 101 a) recommended for an anonymous citizen (no CPR, no address)."""
    citizen = factories.citizen(glostrup, cpr=None, name="M.J.")
    case = factories.case(citizen, caseworker, unit=city)
    assess(case, counsellor)
    recommend(case, counsellor, code="city-anonym", end=TODAY + timedelta(days=111),
              deviation_reason="Borgeren ønsker anonym behandling.")
    return fresh(case)


def test_digital_post_to_an_anonymous_citizen_is_refused(anonymous_pending, approver):
    with pytest.raises(ValidationError) as refused:
        decide(anonymous_pending, approver, sent_via="digital_post")
    assert refused.value.message_dict == {"sent_via": [NO_DIGITAL_POST]}
    assert fresh(anonymous_pending).state == CaseState.RECOMMENDED
    assert not Decision.objects.exists()
    assert not Deadline.objects.filter(case=anonymous_pending).exists()  # § 101 a: no guarantee either


def test_an_anonymous_decision_handed_over_has_no_complaint_deadline(anonymous_pending, approver):
    decision = decide(anonymous_pending, approver, sent_via="handed_over")

    assert decision.legal_basis.code == "SEL_101A"
    assert decision.received_date == TODAY
    assert decision.complaint_deadline is None
    assert DeadlineKind.COMPLAINT not in deadlines(anonymous_pending)


# --- § 142: medical treatment cannot be appealed administratively --------------------------------------------


@pytest.fixture
def hvidovre_case(citizen, caseworker, provider, frozen_today):
    hvidovre = factories.unit(provider, UnitCode.HVIDOVRE)
    doctor = factories.user("henrik", Role.COUNSELLOR, unit=hvidovre)
    case = factories.case(citizen, caseworker, unit=hvidovre)
    assess(case, doctor, primary_substance="opioids")
    return case, doctor


def test_a_section_142_substitution_grant_has_no_complaint_deadline(hvidovre_case, approver):
    case, doctor = hvidovre_case
    recommendation = recommend(case, doctor, code="substitution", deviation_reason="Behov for metadon.")
    assert recommendation.tariff.legal_basis.code == "SUL_142"

    decision = decide(case, approver)

    assert fresh(case).state == CaseState.GRANTED
    assert decision.received_date == TODAY
    assert decision.complaint_deadline is None
    assert DeadlineKind.COMPLAINT not in deadlines(case)
    assert deadlines(case)[DeadlineKind.TREATMENT_PERIOD_END] == [(RECOMMENDED_END, DeadlineStatus.OPEN)]


def test_a_section_101_grant_at_hvidovre_can_be_appealed(hvidovre_case, approver):
    case, doctor = hvidovre_case
    recommend(case, doctor, code="hvidovre-gentofte-basis")
    assert decide(case, approver).complaint_deadline == date(2026, 12, 28)


def test_an_alcohol_decision_under_section_141_has_no_complaint_deadline(citizen, caseworker, alkohol, approver,
                                                                        frozen_today):
    therapist = factories.user("alma", Role.COUNSELLOR, unit=alkohol)
    case = factories.case(citizen, caseworker, substance="alcohol", unit=alkohol)
    assess(case, therapist, primary_substance="alcohol")
    recommend(case, therapist, code="alkohol-basis")

    decision = decide(case, approver)

    assert decision.legal_basis.code == "SUL_141"
    assert decision.complaint_deadline is None
    assert DeadlineKind.COMPLAINT not in deadlines(case)


# --- re-placement during treatment -----------------------------------------------------------------------------

CHANGE_FROM = date(2026, 12, 10)
CHANGE_TO = date(2027, 6, 9)


@pytest.fixture
def in_treatment(case, counsellor, approver, caseworker):
    recommended(case, counsellor)
    first = decide(case, approver)
    services.treatment_start(case=fresh(case), user=caseworker, start=TODAY)
    assert fresh(case).state == CaseState.IN_TREATMENT
    return fresh(case), first


def recommend_change(case, counsellor):
    return recommend(case, counsellor, code="city-intensiv", start=CHANGE_FROM, end=CHANGE_TO,
                     deviation_reason="Tilbagefald; behovet er steget.")


def test_a_new_recommendation_during_treatment_keeps_the_case_in_treatment(in_treatment, counsellor):
    case, _ = in_treatment

    recommendation = recommend_change(case, counsellor)

    case = fresh(case)
    assert case.state == CaseState.IN_TREATMENT
    assert case.awaiting_decision is True
    assert recommendation.is_change is True
    assert recommendation.plan_version.number == 2
    assert "decide_change" in case.transition_names()


def test_a_second_recommendation_while_one_is_pending_is_refused(in_treatment, counsellor):
    case, _ = in_treatment
    recommend_change(case, counsellor)
    before = counts()

    with pytest.raises(TransitionRefused) as refused:
        recommend_change(case, counsellor)

    assert refused.value.message == "Der er allerede en indstilling, som afventer afgørelse."
    assert counts() == before


def test_a_new_grant_during_treatment_ends_the_earlier_grant_the_day_before(in_treatment, counsellor, approver):
    case, first = in_treatment
    recommend_change(case, counsellor)

    second = decide(case, approver)

    case = fresh(case)
    first.refresh_from_db()
    assert case.state == CaseState.IN_TREATMENT
    assert case.awaiting_decision is False
    assert second.tariff == tariff("city-intensiv")
    assert (second.start_date, second.end_date) == (CHANGE_FROM, CHANGE_TO)
    assert first.end_date == RECOMMENDED_END  # what was decided is kept
    assert first.effective_end_date == CHANGE_FROM - timedelta(days=1) == date(2026, 12, 9)
    assert first.is_in_force_on(date(2026, 12, 9)) and not first.is_in_force_on(CHANGE_FROM)
    assert second.is_in_force_on(CHANGE_FROM)
    period_ends = Deadline.objects.filter(case=case, kind=DeadlineKind.TREATMENT_PERIOD_END).order_by("pk")
    assert [(d.due_date, d.status) for d in period_ends] == [
        (RECOMMENDED_END, DeadlineStatus.CANCELLED),
        (CHANGE_TO, DeadlineStatus.OPEN),
    ]
    assert period_ends[0].note == "Erstattet af en ny bevilling."


def test_a_refused_change_keeps_the_current_grant(in_treatment, counsellor, approver):
    case, first = in_treatment
    recommend_change(case, counsellor)

    decide(case, approver, outcome=Outcome.REFUSED, reasons=RULES, facts=FACTS,
           considerations="Den nuværende takst dækker behovet, som afdækningen beskriver det.")

    case = fresh(case)
    first.refresh_from_db()
    assert case.state == CaseState.IN_TREATMENT
    assert case.awaiting_decision is False
    assert first.effective_end_date == RECOMMENDED_END
    assert deadlines(case)[DeadlineKind.TREATMENT_PERIOD_END] == [(RECOMMENDED_END, DeadlineStatus.OPEN)]


def test_a_decision_during_treatment_without_a_pending_recommendation_is_refused(in_treatment, approver):
    case, _ = in_treatment
    with pytest.raises(TransitionRefused) as refused:
        decide(case, approver)
    assert refused.value.message == "Der er ingen indstilling, som afventer afgørelse."
    assert Decision.objects.count() == 1


def test_a_new_tariff_cannot_start_on_or_before_the_treatment_start(in_treatment, counsellor):
    case, _ = in_treatment
    before = counts()

    with pytest.raises(ValidationError) as refused:
        recommend(case, counsellor, code="city-intensiv", start=TODAY, end=CHANGE_TO,
                  deviation_reason="Tilbagefald.")

    assert refused.value.message_dict["start_date"] == [
        "En ny takst kan tidligst gælde dagen efter behandlingsstarten (26. nov. 2026)."
    ]
    assert counts() == before
    assert fresh(case).awaiting_decision is False


def test_a_reassessment_during_treatment_keeps_the_case_in_treatment_and_feeds_the_proposal(
    in_treatment, counsellor, frozen_today
):
    case, _ = in_treatment
    frozen_today.move_to(CHANGE_FROM)

    assess(case, counsellor, start=CHANGE_FROM, levels=ratings("severe"))

    case = fresh(case)
    assert case.state == CaseState.IN_TREATMENT
    assert case.assessments.count() == 2
    assert case.assessments.first().proposed_tariff(CHANGE_FROM) == tariff("city-intensiv")


def test_only_the_treating_unit_reassesses_during_treatment(in_treatment, outsider, counsellor):
    case, _ = in_treatment
    with pytest.raises(PermissionDenied):
        assess(case, outsider, start=TODAY)
    assert fresh(case).assessments.count() == 1


def test_case_page_query_count_does_not_grow_with_the_decisions(client, case, counsellor, approver, catalogue):
    """The decision panel reads every decision with its tariff in one query (issue 8, structure)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .visitation_steps import granted

    granted(case, counsellor, approver)
    client.force_login(approver)
    services.treatment_start(case=fresh(case), user=counsellor, start=TODAY)
    client.get(f"/sager/{case.pk}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/sager/{case.pk}/")
    recommend(case, counsellor, code="city-udvidet", start=TODAY + timedelta(days=1), deviation_reason="Mere støtte.")
    decide(case, approver)
    with CaptureQueriesContext(connection) as two:
        assert client.get(f"/sager/{case.pk}/").status_code == 200
    assert fresh(case).decisions.count() == 2
    assert len(two) == len(one)
