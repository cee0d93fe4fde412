"""The data migration that retires `alcohol_mapping`: run forwards over rows as the old code left them."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from cases.models import Deadline, DeadlineKind, DeadlineRule, DeadlineStatus

from . import factories

migration = importlib.import_module("cases.migrations.0010_alcohol_treatment_guarantee")

INQUIRY = date(2026, 11, 20)


@pytest.fixture
def old_rules(db):
    """The rule rows before the migration: one guarantee row for both, and the 28-day mapping row."""
    migration.backwards(apps, None)
    assert set(DeadlineRule.objects.values_list("kind", "substance")) >= {
        ("treatment_guarantee", ""),
        ("alcohol_mapping", ""),
    }


def old_alcohol_case(citizen, caseworker, **deadline):
    """An alcohol case as the old code registered it: a mapping deadline 28 days after the inquiry."""
    case = factories.case(citizen, caseworker, substance="alcohol", inquiry_date=INQUIRY)
    case.deadlines.update(kind="alcohol_mapping", due_date=date(2026, 12, 18), **deadline)
    return case


def test_rules_become_one_per_substance_and_the_mapping_rule_goes(old_rules):
    migration.forwards(apps, None)

    references = dict(
        DeadlineRule.objects.filter(kind="treatment_guarantee").values_list("substance", "legal_reference")
    )
    assert set(references) == {"drugs", "alcohol"}
    assert references["drugs"].startswith("Serviceloven § 101, stk. 4")
    assert references["alcohol"].startswith("Sundhedsloven § 141, stk. 2")
    assert not DeadlineRule.objects.filter(kind="alcohol_mapping").exists()


def test_an_open_mapping_deadline_becomes_the_14_day_guarantee(old_rules, citizen, caseworker, frozen_today):
    case = old_alcohol_case(citizen, caseworker)

    migration.forwards(apps, None)

    deadline = case.deadlines.get()
    assert (deadline.kind, deadline.due_date, deadline.status) == (
        DeadlineKind.TREATMENT_GUARANTEE,
        date(2026, 12, 4),
        DeadlineStatus.OPEN,
    )


def test_a_mapping_met_after_14_days_is_recorded_as_missed(old_rules, citizen, caseworker, frozen_today):
    case = old_alcohol_case(citizen, caseworker, status="met", resolved_on=date(2026, 12, 10))

    migration.forwards(apps, None)

    deadline = case.deadlines.get()
    assert (deadline.kind, deadline.status) == (DeadlineKind.TREATMENT_GUARANTEE, DeadlineStatus.MISSED)
    assert deadline.note == (
        "Fristen er rettet fra 28 til 14 dage efter henvendelsen (Sundhedsloven § 141, stk. 2); "
        "behandlingen startede 10.12.2026, efter fristen."
    )


def test_a_mapping_met_within_14_days_stays_met(old_rules, citizen, caseworker, frozen_today):
    case = old_alcohol_case(citizen, caseworker, status="met", resolved_on=date(2026, 12, 4))

    migration.forwards(apps, None)

    assert (case.deadlines.get().status, case.deadlines.get().note) == (DeadlineStatus.MET, "")


def test_an_anonymous_citizens_open_guarantee_is_cancelled(old_rules, glostrup, caseworker, frozen_today):
    anonymous = factories.citizen(glostrup, cpr=None, name="Anonym 1")
    case = factories.case(anonymous, caseworker)
    Deadline.objects.create(case=case, kind="treatment_guarantee", due_date=date(2026, 12, 4))

    migration.forwards(apps, None)

    deadline = case.deadlines.get()
    assert deadline.status == DeadlineStatus.CANCELLED
    assert "§ 101 a" in deadline.note
