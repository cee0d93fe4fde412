"""Case references a person can quote (issue 8, "The letter as a citizen reads it"): GLO-2026-000123, the
municipality's abbreviation, the inquiry's year and a number counted per municipality and year. Never the
raw database id, never the same number twice, not even for two cases opened at the same moment."""

import re
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cases.models import Case, Municipality

from . import factories
from .parallel import run_at_once

REFERENCE = re.compile(r"^[A-ZÆØÅ]{2,5}-\d{4}-\d{6}$")


@pytest.fixture(autouse=True)
def _today(frozen_today):
    """Inquiries are dated up to 'today' (26 November 2026)."""


def test_a_case_gets_a_reference_with_the_municipality_the_inquiry_year_and_a_number(citizen, caseworker):
    case = factories.case(citizen, caseworker, inquiry_date=date(2026, 11, 20))

    assert case.reference == "GLO-2026-000001"
    assert REFERENCE.match(case.reference)
    assert Case.objects.get(pk=case.pk).reference == "GLO-2026-000001"


def test_numbers_count_on_within_a_municipality_and_year(glostrup, caseworker):
    first = factories.case(factories.citizen(glostrup, cpr="0101901234"), caseworker)
    second = factories.case(factories.citizen(glostrup, cpr="0202802345", name="Anne"), caseworker)

    assert [first.reference, second.reference] == ["GLO-2026-000001", "GLO-2026-000002"]


def test_each_municipality_and_each_year_counts_from_one(glostrup, roedovre, caseworker, outsider):
    glostrup_2026 = factories.case(factories.citizen(glostrup, cpr="0101901234"), caseworker)
    roedovre_2026 = factories.case(factories.citizen(roedovre, cpr="0101901234"), outsider)
    # A late registration of an inquiry from last year is numbered in last year's series.
    glostrup_2025 = factories.case(
        factories.citizen(glostrup, cpr="0202802345", name="Anne"), caseworker, inquiry_date=date(2025, 12, 30)
    )

    assert glostrup_2026.reference == "GLO-2026-000001"
    assert roedovre_2026.reference == "RØD-2026-000001"
    assert glostrup_2025.reference == "GLO-2025-000001"


def test_a_municipality_without_an_abbreviation_uses_its_code(db, caseworker):
    koege = factories.municipality("259", "Køge")
    case = factories.case(factories.citizen(koege), caseworker)
    assert case.reference == "259-2026-000001"


def test_two_cases_never_share_a_reference_in_the_database(citizen, caseworker):
    case = factories.case(citizen, caseworker)
    other = factories.case(factories.citizen(citizen.municipality, cpr="0202802345", name="Anne"), caseworker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=other.pk).update(reference=case.reference)


def test_two_municipalities_cannot_share_an_abbreviation(glostrup, roedovre):
    roedovre.abbreviation = glostrup.abbreviation
    with pytest.raises(Exception) as refused:
        roedovre.full_clean()
    assert "En anden kommune bruger allerede denne forkortelse." in str(refused.value)


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_cases_opened_at_the_same_moment_get_different_numbers(postgres, glostrup, caseworker):
    citizens = [factories.citizen(glostrup, cpr=f"01019{n}1234", name=f"Borger {n}") for n in range(6)]

    outcomes = run_at_once(*[lambda c=c: factories.case(c, caseworker) for c in citizens])

    assert all(isinstance(outcome, Case) for outcome in outcomes), outcomes
    references = sorted(case.reference for case in outcomes)
    assert references == [f"GLO-2026-{n:06d}" for n in range(1, 7)]


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_cases_are_numbered_by_the_data_migration(postgres):
    """Migrate back to before references, open cases as the old code did, migrate forward: every case has
    a reference in inquiry order per municipality and year, and new cases count on from there."""
    before = [("cases", "0015_case_reference_team_contact_young_person_consent")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldMunicipality, OldCitizen, OldCase = (old.get_model("cases", name) for name in ("Municipality", "Citizen", "Case"))
    glostrup = OldMunicipality.objects.create(code="161", name="Glostrup", contact_lines="Tlf. 43 23 60 00\nglostrup.dk")
    other = OldMunicipality.objects.create(code="259", name="Køge")
    person = OldCitizen.objects.create(municipality=glostrup, cpr="0101901234", name="Mads Jensen")
    neighbour = OldCitizen.objects.create(municipality=other, cpr="0101901234", name="Mads Jensen")

    def old_case(citizen, inquiry):
        return OldCase.objects.create(
            citizen=citizen, municipality=citizen.municipality, substance="drugs", inquiry_date=inquiry, channel="phone"
        ).pk

    later, earlier, last_year, koege = (
        old_case(person, date(2026, 3, 2)),
        old_case(person, date(2026, 1, 5)),
        old_case(person, date(2025, 6, 1)),
        old_case(neighbour, date(2026, 2, 1)),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    references = dict(Case.objects.values_list("pk", "reference"))
    assert references == {
        earlier: "GLO-2026-000001",
        later: "GLO-2026-000002",
        last_year: "GLO-2025-000001",
        koege: "259-2026-000001",
    }
    municipality = Municipality.objects.get(code="161")
    assert (municipality.abbreviation, municipality.phone, municipality.email) == (
        "GLO", "43 23 60 00", "glostrup@glostrup.dk"
    )
    assert municipality.contact_lines == "glostrup.dk"  # the phone is not printed twice
    from cases.models import CaseReferenceCounter

    [new] = CaseReferenceCounter.reserve(municipality=municipality, year=2026)
    assert new == "GLO-2026-000003"
