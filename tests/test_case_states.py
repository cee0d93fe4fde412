"""The case's state machine: which step is allowed from which state, by whom, and what it leaves behind.

The tables below are written out by hand from the process (inquiry → assessment → recommendation → decision
→ treatment → discharge → closing), not read from the FSM, so a changed transition shows up as a failure.
"""

from datetime import date
from typing import NamedTuple

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import (
    Case,
    CaseState,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    DischargeReason,
    Role,
    TransitionRefused,
)
from cases.models.states import TRANSITION_LABELS
from tariffs.choices import Substance, UnitCode

from . import factories

TODAY = date(2026, 11, 26)
INQUIRY_DATE = date(2026, 11, 20)  # the `case` fixture's inquiry date
TREATMENT_START = date(2026, 11, 24)
DISCHARGED_ON = date(2026, 11, 25)
CLOSE_REASON = "Borgeren er flyttet til udlandet."
WITHDRAW_REASON = "Borgeren ønsker ikke behandling alligevel."

S = CaseState
# Not a state of its own: in treatment with a new tariff recommended and not yet decided (re-placement).
AWAITING = "in_treatment_awaiting_decision"


class Step(NamedTuple):
    sources: tuple[str, ...]
    target: str
    actor: str  # the persona (fixture name) whose role performs the step
    kwargs: dict


TRANSITIONS: dict[str, Step] = {
    "start_assessment": Step((S.INQUIRY,), S.ASSESSMENT, "caseworker", {}),
    "recommend": Step((S.ASSESSMENT, S.REFUSED), S.RECOMMENDED, "counsellor", {}),
    "grant": Step((S.RECOMMENDED,), S.GRANTED, "approver", {}),
    "refuse": Step((S.RECOMMENDED,), S.REFUSED, "approver", {}),
    "start_treatment": Step((S.GRANTED,), S.IN_TREATMENT, "caseworker", {"start": TREATMENT_START}),
    "recommend_change": Step((S.IN_TREATMENT,), S.IN_TREATMENT, "counsellor", {}),
    "reassess": Step((S.IN_TREATMENT,), S.IN_TREATMENT, "counsellor", {}),
    "decide_change": Step((AWAITING,), S.IN_TREATMENT, "approver", {}),
    "discharge": Step(
        (S.IN_TREATMENT,),
        S.DISCHARGED,
        "caseworker",
        {"on": DISCHARGED_ON, "reason": DischargeReason.COMPLETED_DRUG_FREE},
    ),
    "record_followup": Step(
        (S.DISCHARGED,),
        S.DISCHARGED,
        "counsellor",
        {"kind": DeadlineKind.FOLLOWUP_1M, "on": DISCHARGED_ON, "concluded": False},
    ),
    "close": Step((S.DISCHARGED, S.REFUSED, S.WITHDRAWN), S.CLOSED, "caseworker", {"reason": CLOSE_REASON}),
    "withdraw": Step(
        (S.INQUIRY, S.ASSESSMENT, S.RECOMMENDED, S.GRANTED), S.WITHDRAWN, "caseworker", {"reason": WITHDRAW_REASON}
    ),
    # A complaint's outcome reopens the decision (complaints/services.py): the case awaits a new decision.
    "reopen_decision": Step((S.GRANTED, S.REFUSED, S.CLOSED), S.RECOMMENDED, "approver", {}),
    "reopen_change": Step((S.IN_TREATMENT,), S.IN_TREATMENT, "approver", {}),
}

# How a case reaches each state: the steps, in order, from a fresh inquiry.
PATHS: dict[str, list[str]] = {
    S.INQUIRY: [],
    S.ASSESSMENT: ["start_assessment"],
    S.RECOMMENDED: ["start_assessment", "recommend"],
    S.GRANTED: ["start_assessment", "recommend", "grant"],
    S.REFUSED: ["start_assessment", "recommend", "refuse"],
    S.IN_TREATMENT: ["start_assessment", "recommend", "grant", "start_treatment"],
    AWAITING: ["start_assessment", "recommend", "grant", "start_treatment", "recommend_change"],
    S.DISCHARGED: ["start_assessment", "recommend", "grant", "start_treatment", "discharge"],
    S.CLOSED: ["start_assessment", "recommend", "grant", "start_treatment", "discharge", "close"],
    S.WITHDRAWN: ["withdraw"],
}
STORED_STATE = {**{state: state for state in S.values}, AWAITING: S.IN_TREATMENT}

# The Danish words the user sees (buttons and the state badge).
LABELS = {
    "start_assessment": "Start afdækning",
    "recommend": "Indstil takst",
    "grant": "Bevil",
    "refuse": "Giv afslag",
    "start_treatment": "Registrér behandlingsstart",
    "recommend_change": "Indstil ny takst",
    "reassess": "Ny afdækning",
    "decide_change": "Træf afgørelse om ny takst",
    "discharge": "Afslut behandling",
    "record_followup": "Registrér opfølgning",
    "close": "Afslut sagen",
    "withdraw": "Træk henvendelsen tilbage",
    "reopen_decision": "Genoptag afgørelsen efter klage",
    "reopen_change": "Genoptag afgørelsen efter klage (under behandling)",
}
STATE_LABELS = {
    S.INQUIRY: "Henvendelse",
    S.ASSESSMENT: "Afdækning",
    S.RECOMMENDED: "Indstillet",
    S.GRANTED: "Bevilget",
    S.REFUSED: "Afslag",
    S.IN_TREATMENT: "I behandling",
    S.DISCHARGED: "Behandling afsluttet",
    S.CLOSED: "Afsluttet",
    S.WITHDRAWN: "Trukket tilbage",
}
# Refusals in the right state but with a condition unmet give their own reason.
CONDITION_REFUSALS = {
    ("decide_change", S.IN_TREATMENT): "Der er ingen indstilling, som afventer afgørelse.",
    ("recommend_change", AWAITING): "Der er allerede en indstilling, som afventer afgørelse.",
    ("reopen_change", AWAITING): "Der er allerede en indstilling, som afventer afgørelse. Træf den afgørelse først.",
}

ALLOWED = [
    pytest.param(name, source, id=f"{name}-from-{source}")
    for name, step in TRANSITIONS.items()
    for source in step.sources
]
REFUSED = [
    pytest.param(name, state, id=f"{name}-from-{state}")
    for name, step in TRANSITIONS.items()
    for state in S.values
    if state not in step.sources
] + [pytest.param(name, AWAITING, id=f"{name}-from-{AWAITING}") for name in ("recommend_change", "reopen_change")]


@pytest.fixture
def people(caseworker, approver, counsellor):
    return {"caseworker": caseworker, "approver": approver, "counsellor": counsellor}


def arguments(name: str, actor) -> dict:
    """The input a step takes; a recommendation names its recommender (four-eyes)."""
    kwargs = dict(TRANSITIONS[name].kwargs)
    if name in ("recommend", "recommend_change"):
        kwargs["recommended_by"] = actor
    return kwargs


def fresh(case: Case) -> Case:
    """Re-read from the database (the protected FSM field forbids refresh_from_db)."""
    return Case.objects.get(pk=case.pk)


def drive(case: Case, state: str, people: dict) -> Case:
    """Bring `case` to `state` through the real transitions, each performed by the role that does it."""
    for name in PATHS[state]:
        actor = people[TRANSITIONS[name].actor]
        case = case.perform(name, user=actor, **arguments(name, actor))
    assert fresh(case).state == STORED_STATE[state]
    return case


def history_reasons(case: Case) -> list[str]:
    return list(
        case.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True)
    )


# --- the table of allowed and refused transitions -----------------------------------------------------


def test_the_tables_cover_every_state_and_transition():
    assert set(TRANSITIONS) == set(TRANSITION_LABELS), "a transition without a row in this table is untested"
    assert set(PATHS) == {*S.values, AWAITING}
    assert len(ALLOWED) == 22
    assert len(REFUSED) == len(TRANSITIONS) * len(S.values) - (len(ALLOWED) - 1) + 2


@pytest.mark.parametrize(("name", "source"), ALLOWED)
def test_transition_is_allowed_from_its_source_state_by_its_role(case, people, name, source):
    case = drive(case, source, people)
    step = TRANSITIONS[name]
    actor = people[step.actor]
    before = history_reasons(case)

    returned = case.perform(name, user=actor, **arguments(name, actor))

    stored = fresh(case)
    assert returned.state == stored.state == step.target
    assert history_reasons(stored) == [*before, name]
    latest = stored.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == actor
    assert latest.state == step.target


@pytest.mark.parametrize(("name", "state"), REFUSED)
def test_transition_is_refused_from_every_other_state(case, people, name, state):
    case = drive(case, state, people)
    step = TRANSITIONS[name]
    before = history_reasons(case)

    actor = people[step.actor]
    with pytest.raises(TransitionRefused) as refused:
        fresh(case).perform(name, user=actor, **arguments(name, actor))

    stored_state = STORED_STATE[state]
    assert refused.value.message == CONDITION_REFUSALS.get(
        (name, state),
        f"Handlingen '{LABELS[name]}' er ikke mulig, når sagen har status '{STATE_LABELS[stored_state]}'.",
    )
    assert refused.value.state == stored_state
    assert name not in refused.value.allowed
    stored = fresh(case)
    assert stored.state == stored_state
    assert history_reasons(stored) == before


def test_perform_reads_the_state_from_the_database_not_a_stale_copy(case, caseworker):
    stale = fresh(case)
    case.perform("withdraw", user=caseworker, reason=WITHDRAW_REASON)
    with pytest.raises(TransitionRefused):
        stale.perform("start_assessment", user=caseworker)
    assert fresh(case).state == S.WITHDRAWN


def test_unknown_transition_name_is_a_programming_error(case, caseworker):
    with pytest.raises(ValueError, match="unknown transition"):
        case.perform("delete", user=caseworker)


# --- who may do it -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "persona"),
    [
        pytest.param("start_assessment", "counsellor", id="counsellor-starts-assessment"),
        pytest.param("start_treatment", "counsellor", id="counsellor-registers-treatment-start"),
        pytest.param("discharge", "counsellor", id="counsellor-discharges"),
    ],
)
def test_kabs_counsellor_may_also_do_the_treatment_steps(case, people, name, persona):
    step = TRANSITIONS[name]
    case = drive(case, step.sources[0], people)
    case.perform(name, user=people[persona], **arguments(name, people[persona]))
    stored = fresh(case)
    assert stored.state == step.target
    assert stored.history.order_by("-history_date", "-history_id").first().history_user == people[persona]


@pytest.mark.parametrize(
    ("name", "persona"),
    [
        pytest.param("start_assessment", "approver", id="approver-cannot-start-assessment"),
        pytest.param("recommend", "caseworker", id="caseworker-cannot-recommend"),
        pytest.param("recommend", "approver", id="approver-cannot-recommend"),
        pytest.param("grant", "caseworker", id="caseworker-cannot-grant"),
        pytest.param("grant", "counsellor", id="counsellor-cannot-grant"),
        pytest.param("refuse", "caseworker", id="caseworker-cannot-refuse"),
        pytest.param("refuse", "counsellor", id="counsellor-cannot-refuse"),
        pytest.param("start_treatment", "approver", id="approver-cannot-start-treatment"),
        pytest.param("recommend_change", "caseworker", id="caseworker-cannot-recommend-a-new-tariff"),
        pytest.param("recommend_change", "approver", id="approver-cannot-recommend-a-new-tariff"),
        pytest.param("decide_change", "caseworker", id="caseworker-cannot-decide-a-new-tariff"),
        pytest.param("decide_change", "counsellor", id="counsellor-cannot-decide-a-new-tariff"),
        pytest.param("discharge", "approver", id="approver-cannot-discharge"),
        pytest.param("close", "approver", id="approver-cannot-close"),
        pytest.param("close", "counsellor", id="counsellor-cannot-close"),
        pytest.param("withdraw", "approver", id="approver-cannot-withdraw"),
        pytest.param("withdraw", "counsellor", id="counsellor-cannot-withdraw"),
        pytest.param("record_followup", "caseworker", id="caseworker-cannot-record-a-followup"),
        pytest.param("record_followup", "approver", id="approver-cannot-record-a-followup"),
    ],
)
def test_wrong_role_is_denied_and_nothing_changes(case, people, name, persona):
    step = TRANSITIONS[name]
    case = drive(case, step.sources[-1], people)
    before_state, before_history = fresh(case).state, history_reasons(case)

    with pytest.raises(PermissionDenied) as denied:
        case.perform(name, user=people[persona], **arguments(name, people[persona]))

    assert str(denied.value) == f"Du har ikke adgang til at udføre '{LABELS[name]}' på denne sag."
    assert fresh(case).state == before_state
    assert history_reasons(case) == before_history


@pytest.mark.parametrize("name", ["grant", "refuse", "decide_change"])
def test_counsellor_cannot_decide_on_a_recommendation_and_nothing_changes(case, people, name):
    case = drive(case, TRANSITIONS[name].sources[0], people)
    before_state, before_history = fresh(case).state, history_reasons(case)
    with pytest.raises(PermissionDenied):
        case.perform(name, user=people["counsellor"])
    assert fresh(case).state == before_state
    assert history_reasons(case) == before_history


@pytest.mark.parametrize("name", ["grant", "refuse"])
def test_recommender_never_decides_not_even_an_administrator(case, people, admin_user, name):
    """Four-eyes: whoever recommended the tariff may not also decide on it."""
    case = drive(case, S.ASSESSMENT, people)
    case.perform("recommend", user=admin_user, recommended_by=admin_user)

    with pytest.raises(PermissionDenied) as denied:
        case.perform(name, user=admin_user)

    assert "to-personers-princippet" in str(denied.value)
    assert fresh(case).state == S.RECOMMENDED
    assert name not in fresh(case).transitions_for(admin_user)
    case.perform(name, user=people["approver"])
    assert fresh(case).state == TRANSITIONS[name].target


@pytest.fixture
def strangers(outsider, outsider_approver, provider):
    other_unit = factories.unit(provider, UnitCode.STJERNEVANG)
    return {
        "caseworker": outsider,
        "approver": outsider_approver,
        "counsellor": factories.user("stine", Role.COUNSELLOR, unit=other_unit),
    }


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_same_role_elsewhere_is_denied_and_nothing_changes(case, people, strangers, name):
    """Rødovre's caseworker and approver, and a counsellor of another KABS unit, have the right role but
    not this case."""
    step = TRANSITIONS[name]
    case = drive(case, step.sources[0], people)
    before_state, before_history = fresh(case).state, history_reasons(case)

    stranger = strangers[step.actor]
    with pytest.raises(PermissionDenied):
        case.perform(name, user=stranger, **arguments(name, stranger))

    assert fresh(case).state == before_state
    assert history_reasons(case) == before_history


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        pytest.param("caseworker", ["start_assessment", "withdraw"], id="caseworker"),
        pytest.param("counsellor", ["start_assessment"], id="counsellor"),
        pytest.param("approver", [], id="approver"),
        pytest.param("outsider", [], id="outsider"),
    ],
)
def test_transitions_for_lists_what_this_user_may_do_now(case, request, persona, expected):
    assert sorted(case.transitions_for(request.getfixturevalue(persona))) == expected


# --- conditions and input ------------------------------------------------------------------------------


def test_recommend_without_a_unit_is_refused_with_the_reason(citizen, caseworker, counsellor, frozen_today):
    case = factories.case(citizen, caseworker, unit=None)
    case = case.perform("start_assessment", user=caseworker)

    with pytest.raises(TransitionRefused) as refused:
        case.perform("recommend", user=counsellor)

    assert (
        refused.value.message == "Sagen skal være henvist til en KABS-enhed, før der kan indstilles en takst."
    )
    assert refused.value.state == S.ASSESSMENT
    assert fresh(case).state == S.ASSESSMENT
    assert history_reasons(case) == ["register_inquiry", "start_assessment"]


def test_assessment_can_refer_the_case_to_a_unit_which_makes_recommending_possible(
    citizen, caseworker, counsellor, city, frozen_today
):
    case = factories.case(citizen, caseworker, unit=None)
    case.perform("start_assessment", user=caseworker, unit=city)
    assert fresh(case).unit == city
    assert fresh(case).transitions_for(counsellor) == ["recommend"]
    case.perform("recommend", user=counsellor, recommended_by=counsellor)
    assert fresh(case).state == S.RECOMMENDED


@pytest.mark.parametrize(
    ("start", "message"),
    [
        pytest.param(
            date(2026, 11, 19), "Behandlingen kan ikke starte før henvendelsesdatoen.", id="before-inquiry"
        ),
        pytest.param(date(2026, 11, 27), "Behandlingsstart kan ikke registreres i fremtiden.", id="tomorrow"),
    ],
)
def test_treatment_start_outside_inquiry_to_today_is_refused(case, people, start, message):
    case = drive(case, S.GRANTED, people)
    before = history_reasons(case)

    with pytest.raises(ValidationError) as invalid:
        case.perform("start_treatment", user=people["caseworker"], start=start)

    assert invalid.value.message_dict == {"date": [message]}
    stored = fresh(case)
    assert stored.state == S.GRANTED
    assert stored.treatment_start is None
    assert history_reasons(stored) == before


@pytest.mark.parametrize(
    "start",
    [pytest.param(INQUIRY_DATE, id="on-inquiry-day"), pytest.param(TODAY, id="today")],
)
def test_treatment_may_start_from_the_inquiry_day_up_to_today(case, people, start):
    case = drive(case, S.GRANTED, people)
    case.perform("start_treatment", user=people["caseworker"], start=start)
    assert fresh(case).treatment_start == start


@pytest.mark.parametrize(
    ("on", "message"),
    [
        pytest.param(
            date(2026, 11, 23),
            "Behandlingen kan ikke afsluttes før behandlingsstarten (24. nov. 2026).",
            id="before-start",
        ),
        pytest.param(
            date(2026, 11, 27), "Afslutning af behandlingen kan ikke registreres i fremtiden.", id="tomorrow"
        ),
    ],
)
def test_discharge_outside_treatment_start_to_today_is_refused(case, people, on, message):
    case = drive(case, S.IN_TREATMENT, people)
    before = history_reasons(case)

    with pytest.raises(ValidationError) as invalid:
        case.perform("discharge", user=people["caseworker"], on=on, reason=DischargeReason.DROPPED_OUT)

    assert invalid.value.message_dict == {"date": [message]}
    stored = fresh(case)
    assert stored.state == S.IN_TREATMENT
    assert stored.discharge_date is None
    assert stored.discharge_reason == ""
    assert history_reasons(stored) == before


def test_discharge_records_date_and_reason(case, people):
    case = drive(case, S.IN_TREATMENT, people)
    case.perform("discharge", user=people["caseworker"], on=TREATMENT_START, reason=DischargeReason.HOSPITAL)
    stored = fresh(case)
    assert (stored.discharge_date, stored.discharge_reason) == (TREATMENT_START, DischargeReason.HOSPITAL)


# --- deadlines -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source", [pytest.param(state, id=str(state)) for state in TRANSITIONS["withdraw"].sources]
)
def test_withdraw_cancels_the_open_deadlines(case, people, source):
    case = drive(case, source, people)
    case.perform("withdraw", user=people["caseworker"], reason=WITHDRAW_REASON)
    guarantee = case.deadlines.get(kind=DeadlineKind.TREATMENT_GUARANTEE)
    assert (guarantee.status, guarantee.resolved_on) == (DeadlineStatus.CANCELLED, TODAY)
    assert guarantee.note == "Sagen er trukket tilbage 26. nov. 2026 – garantien bortfalder."
    assert not case.deadlines.open().exists()


def test_refusal_cancels_the_open_guarantee_with_a_note(case, people):
    case = drive(case, S.RECOMMENDED, people)
    followup = Deadline.objects.create(case=case, kind=DeadlineKind.ACTION_PLAN_OFFER, due_date=date(2026, 12, 25))

    case.perform("refuse", user=people["approver"])

    guarantee = case.deadlines.get(kind=DeadlineKind.TREATMENT_GUARANTEE)
    assert (guarantee.status, guarantee.resolved_on, guarantee.note) == (
        DeadlineStatus.CANCELLED,
        TODAY,
        "Afslag truffet 26. nov. 2026 – garantien bortfalder.",
    )
    followup.refresh_from_db()
    assert followup.status == DeadlineStatus.OPEN, "a refusal ends the guarantee only"


def test_a_guarantee_already_settled_is_left_as_it_was(case, people):
    """Withdrawing a granted case whose guarantee was waived keeps the waiver (only open deadlines end)."""
    case = drive(case, S.GRANTED, people)
    case.deadlines.update(status=DeadlineStatus.WAIVED, resolved_on=date(2026, 11, 25), note="Frit valg.")

    case.perform("withdraw", user=people["caseworker"], reason=WITHDRAW_REASON)

    guarantee = case.deadlines.get(kind=DeadlineKind.TREATMENT_GUARANTEE)
    assert (guarantee.status, guarantee.resolved_on, guarantee.note) == (
        DeadlineStatus.WAIVED,
        date(2026, 11, 25),
        "Frit valg.",
    )


@pytest.mark.parametrize(
    "source", [pytest.param(state, id=str(state)) for state in TRANSITIONS["close"].sources]
)
def test_close_cancels_the_open_deadlines_and_keeps_resolved_ones(case, people, source):
    case = drive(case, source, people)
    met = Deadline.objects.create(
        case=case,
        kind=DeadlineKind.COMPLAINT,
        due_date=date(2026, 11, 25),
        status=DeadlineStatus.MET,
        resolved_on=date(2026, 11, 24),
    )
    followup = Deadline.objects.create(case=case, kind=DeadlineKind.FOLLOWUP_1M, due_date=date(2026, 12, 25))

    case.perform("close", user=people["caseworker"], reason=CLOSE_REASON)

    met.refresh_from_db()
    followup.refresh_from_db()
    assert (met.status, met.resolved_on) == (DeadlineStatus.MET, date(2026, 11, 24))
    assert (followup.status, followup.resolved_on) == (DeadlineStatus.CANCELLED, TODAY)
    assert followup.note == "Sagen er afsluttet 26. nov. 2026 – fristen bortfalder."
    assert not case.deadlines.open().exists()


def test_a_refused_transition_leaves_deadlines_open(case, caseworker):
    with pytest.raises(TransitionRefused):
        case.perform("close", user=caseworker, reason=CLOSE_REASON)
    assert case.deadlines.get().status == DeadlineStatus.OPEN


# --- history and timeline ------------------------------------------------------------------------------


def test_every_step_is_in_the_history_with_its_actor_and_in_the_timeline(case, people):
    drive(case, S.CLOSED, people)

    records = list(case.history.order_by("history_date", "history_id"))
    assert [(r.history_change_reason, r.history_user, r.state) for r in records] == [
        ("register_inquiry", people["caseworker"], S.INQUIRY),
        ("start_assessment", people["caseworker"], S.ASSESSMENT),
        ("recommend", people["counsellor"], S.RECOMMENDED),
        ("grant", people["approver"], S.GRANTED),
        ("start_treatment", people["caseworker"], S.IN_TREATMENT),
        ("discharge", people["caseworker"], S.DISCHARGED),
        ("close", people["caseworker"], S.CLOSED),
    ]
    assert [(event["label"], event["user"]) for event in fresh(case).timeline()] == [
        ("Henvendelse registreret", people["caseworker"]),
        ("Start afdækning → Afdækning", people["caseworker"]),
        ("Indstil takst → Indstillet", people["counsellor"]),
        ("Bevil → Bevilget", people["approver"]),
        ("Registrér behandlingsstart → I behandling", people["caseworker"]),
        ("Afslut behandling → Behandling afsluttet", people["caseworker"]),
        (f"Afslut sagen → Afsluttet: {CLOSE_REASON}", people["caseworker"]),
    ]


def test_timeline_of_a_refused_and_closed_case(case, people):
    drive(case, S.REFUSED, people)
    case.perform("close", user=people["caseworker"], reason=CLOSE_REASON)
    assert [event["label"] for event in fresh(case).timeline()][-2:] == [
        "Giv afslag → Afslag",
        f"Afslut sagen → Afsluttet: {CLOSE_REASON}",
    ]


# --- registering an inquiry ----------------------------------------------------------------------------


@pytest.mark.parametrize("substance", [Substance.DRUGS, Substance.ALCOHOL])
def test_anonymous_treatment_carries_no_guarantee(glostrup, caseworker, frozen_today, substance):
    """§ 101 a: no identity, no 14-day guarantee."""
    anonymous = factories.citizen(glostrup, cpr=None, name="Anonym 1")

    case = factories.case(anonymous, caseworker, substance=substance)

    assert not fresh(case).deadlines.exists()
    assert fresh(case).guarantee_deadline() is None


@pytest.mark.parametrize(
    ("substance", "unit_code", "inquiry", "kind", "due"),
    [
        pytest.param(
            Substance.DRUGS,
            UnitCode.CITY,
            date(2026, 11, 20),
            DeadlineKind.TREATMENT_GUARANTEE,
            date(2026, 12, 4),
            id="drugs-14-days",
        ),
        pytest.param(
            Substance.DRUGS,
            None,
            date(2026, 11, 26),
            DeadlineKind.TREATMENT_GUARANTEE,
            date(2026, 12, 10),
            id="drugs-today-not-referred",
        ),
        pytest.param(
            Substance.DRUGS,
            UnitCode.CITY,
            date(2026, 11, 21),
            DeadlineKind.TREATMENT_GUARANTEE,
            date(2026, 12, 5),
            id="drugs-due-on-a-saturday-is-not-moved",
        ),
        pytest.param(
            Substance.ALCOHOL,
            UnitCode.ALKOHOL,
            date(2026, 11, 20),
            DeadlineKind.TREATMENT_GUARANTEE,
            date(2026, 12, 4),
            id="alcohol-14-days-like-drugs",
        ),
        pytest.param(
            Substance.ALCOHOL,
            None,
            date(2026, 10, 30),
            DeadlineKind.TREATMENT_GUARANTEE,
            date(2026, 11, 13),
            id="alcohol-across-a-month",
        ),
    ],
)
def test_registering_an_inquiry_starts_the_guarantee_clock(
    citizen, caseworker, provider, frozen_today, substance, unit_code, inquiry, kind, due
):
    unit = factories.unit(provider, unit_code) if unit_code else None
    case = factories.case(citizen, caseworker, substance=substance, inquiry_date=inquiry, unit=unit)

    stored = fresh(case)
    assert stored.state == S.INQUIRY
    assert stored.municipality == citizen.municipality
    assert [(d.kind, d.due_date, d.status) for d in stored.deadlines.all()] == [
        (kind, due, DeadlineStatus.OPEN)
    ]
    assert stored.guarantee_deadline().due_date == due
    record = stored.history.get()
    assert (record.history_change_reason, record.history_user) == ("register_inquiry", caseworker)


@pytest.mark.parametrize(
    ("substance", "unit_code", "inquiry", "errors"),
    [
        pytest.param(
            Substance.DRUGS,
            UnitCode.CITY,
            date(2026, 11, 27),
            {"inquiry_date": ["Henvendelsesdatoen kan ikke ligge i fremtiden."]},
            id="tomorrow",
        ),
        pytest.param(
            Substance.DRUGS,
            UnitCode.CITY,
            date(1989, 12, 31),
            {"inquiry_date": ["Henvendelsesdatoen ligger før borgerens fødselsdato."]},
            id="day-before-birth",
        ),
        pytest.param(
            Substance.ALCOHOL,
            UnitCode.CITY,
            date(2026, 11, 20),
            {"unit": ["Enheden behandler ikke det valgte rusmiddelområde."]},
            id="alcohol-to-drug-unit",
        ),
        pytest.param(
            Substance.DRUGS,
            UnitCode.ALKOHOL,
            date(2026, 11, 20),
            {"unit": ["Enheden behandler ikke det valgte rusmiddelområde."]},
            id="drugs-to-alcohol-unit",
        ),
    ],
)
def test_invalid_inquiry_is_refused_and_nothing_is_created(
    citizen, caseworker, provider, frozen_today, substance, unit_code, inquiry, errors
):
    unit = factories.unit(provider, unit_code)
    with pytest.raises(ValidationError) as invalid:
        factories.case(citizen, caseworker, substance=substance, inquiry_date=inquiry, unit=unit)
    assert invalid.value.message_dict == errors
    assert not Case.objects.exists()
    assert not Deadline.objects.exists()
    assert not Case.history.exists()


def test_inquiry_on_the_birth_day_is_accepted(citizen, caseworker, frozen_today):
    assert citizen.birth_date == date(1990, 1, 1)
    case = factories.case(citizen, caseworker, inquiry_date=date(1990, 1, 1))
    assert fresh(case).inquiry_date == date(1990, 1, 1)


@pytest.mark.parametrize(
    ("state", "recommendation", "grant", "refusal"),
    [
        (CaseState.ASSESSMENT, "recommend", "grant", "refuse"),
        (CaseState.RECOMMENDED, "recommend", "grant", "refuse"),
        (CaseState.REFUSED, "recommend", "grant", "refuse"),
        (CaseState.IN_TREATMENT, "recommend_change", "decide_change", "decide_change"),
    ],
)
def test_the_case_names_the_transition_a_recommendation_or_decision_takes(state, recommendation, grant, refusal):
    """One place for the choice the services, the views and the API all make."""
    case = Case(state=state)
    assert case.recommendation_transition() == recommendation
    assert (case.decision_transition(), case.decision_transition(grant=False)) == (grant, refusal)


@pytest.mark.parametrize("state", [S.GRANTED, S.IN_TREATMENT])
def test_reopening_is_never_offered_as_a_step_of_its_own(case, people, state):
    """Only a complaint's outcome reopens a decision (it supplies the recommendation to decide again)."""
    case = drive(case, state, people)
    assert not {"reopen_decision", "reopen_change"} & set(case.transitions_for(people["approver"]))
    assert not {"reopen_decision", "reopen_change"} & set(case.transition_names())
