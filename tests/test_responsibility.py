"""Who answers for a deadline (issue 7): the guarantee — the municipality's caseworkers and the KABS unit;
a treatment period's end and the follow-ups — the unit; complaint deadlines — the approvers. Escalation goes
to the municipality's approvers. One rule, asked both ways: which users answer for a deadline, and which
deadlines a user answers for."""

from datetime import date

import pytest

from cases.models import Deadline, DeadlineKind, Role
from tariffs.choices import UnitCode

from . import factories


@pytest.fixture
def people(glostrup, roedovre, provider, city, caseworker, approver, counsellor, outsider):
    stjernevang = factories.unit(provider, UnitCode.STJERNEVANG)
    return {
        "caseworker": caseworker,
        "approver": approver,
        "counsellor": counsellor,
        "outsider": outsider,
        "other-unit": factories.user("stine", Role.COUNSELLOR, unit=stjernevang),
        "inactive-caseworker": factories.user("ib", Role.CASEWORKER, municipality=glostrup, is_active=False),
    }


def deadline(case, kind) -> Deadline:
    return Deadline.objects.create(case=case, kind=kind, due_date=date(2026, 12, 1))


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (DeadlineKind.TREATMENT_GUARANTEE, {"caseworker", "counsellor"}),
        (DeadlineKind.TREATMENT_PERIOD_END, {"counsellor"}),
        (DeadlineKind.FOLLOWUP_1M, {"counsellor"}),
        (DeadlineKind.FOLLOWUP_6M, {"counsellor"}),
        (DeadlineKind.COMPLAINT, {"approver"}),
        (DeadlineKind.RECONSIDERATION, {"approver"}),
        (DeadlineKind.FORWARD_TO_ANKESTYRELSEN, {"approver"}),
        (DeadlineKind.ACTION_PLAN_OFFER, {"caseworker"}),
    ],
)
def test_each_kind_has_its_responsible_people(people, case, kind, expected):
    row = deadline(case, kind)
    names = {name for name, user in people.items() if user in row.responsible_users()}
    assert names == expected
    active = {name: user for name, user in people.items() if user.is_active}  # only they can ask
    by_user = {name for name, user in active.items() if Deadline.objects.responsible(user).filter(pk=row.pk).exists()}
    assert by_user == expected


def test_escalation_goes_to_the_municipalitys_approvers(people, case):
    row = deadline(case, DeadlineKind.TREATMENT_GUARANTEE)
    assert list(row.escalation_users()) == [people["approver"]]


def test_an_inquiry_without_a_unit_is_the_caseworkers_alone(people, citizen, caseworker, frozen_today):
    case = factories.case(citizen, caseworker, unit=None)
    row = case.deadlines.get(kind=DeadlineKind.TREATMENT_GUARANTEE)
    assert list(row.responsible_users()) == [people["caseworker"]]
