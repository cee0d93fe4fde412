"""generate_load at CI size: the shapes the load benchmark relies on, and its refusal of real data."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from stdnum.dk import cpr as stdnum_cpr

from cases.loadgen import GENERATED_MARKER
from cases.models import Case, CaseReferenceCounter, Citizen, Deadline, User
from cases.models.deadline import CASE_COPIES
from cases.models.reference import format_reference
from cases.models.states import CaseState
from visitation.models import Assessment, Decision

from . import factories

CASES = 2000


@pytest.fixture
def demo(postgres, catalogue, frozen_today):
    call_command("seed_demo", stdout=StringIO())


def generate(**options):
    out, err = StringIO(), StringIO()
    call_command("generate_load", cases=CASES, municipalities=6, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def fingerprint() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(string_agg(c.reference || c.state || c.inquiry_date || coalesce(z.cpr, '') || z.name, ','"
            " ORDER BY c.reference)) FROM cases_case c JOIN cases_citizen z ON z.id = c.citizen_id"
        )
        return cursor.fetchone()[0]


def test_generates_valid_citizens_cases_in_every_state_and_their_deadlines(demo):
    demo_cases = Case.objects.count()
    out, err = generate()

    assert "cases_case" in out and "[22/22]" in err  # a summary, and a progress line per step
    generated = Citizen.objects.filter(address__endswith=GENERATED_MARKER)
    assert Case.objects.count() == demo_cases + CASES
    # Valid CPR numbers (birth date and century digit), unique per municipality; about 2 % anonymous.
    cprs = list(generated.exclude(cpr=None).values_list("municipality_id", "cpr", "birth_date"))
    assert cprs and all(stdnum_cpr.is_valid(cpr) for _m, cpr, _b in cprs)
    assert all(stdnum_cpr.get_birth_date(cpr) == born for _m, cpr, born in cprs)
    assert len({(m, cpr) for m, cpr, _b in cprs}) == len(cprs)
    anonymous = generated.filter(anonymous=True).count()
    assert 0.005 < anonymous / generated.count() < 0.04
    # Every state, about 5 % open.
    new = Case.objects.filter(citizen__address__endswith=GENERATED_MARKER)
    shares = {state: new.filter(state=state).count() / CASES for state in CaseState.values}
    assert all(share > 0 for share in shares.values()), shares
    open_share = sum(shares[s] for s in ("inquiry", "assessment", "recommended", "granted", "in_treatment"))
    assert 0.03 < open_share < 0.08
    # The guarantee: exactly one per named citizen's case, none for anonymous ones; open while waiting.
    guarantees = Deadline.objects.filter(case__in=new, kind="treatment_guarantee")
    assert guarantees.count() == new.filter(citizen__anonymous=False).count()
    assert not guarantees.filter(case__citizen__anonymous=True).exists()
    assert set(guarantees.filter(case__state="inquiry").values_list("status", flat=True)) == {"open"}
    assert not guarantees.filter(case__state="closed", status="open").exists()
    # The cases' copies of their open guarantee and period end, which the start pages sort by, match them.
    for kind, field in CASE_COPIES.items():
        copied = dict(new.exclude(**{field: None}).values_list("pk", field))
        open_ones = dict(Deadline.objects.filter(case__in=new, kind=kind, status="open").values_list("case_id", "due_date"))
        assert copied == open_ones and copied, kind
    # The course behind each case: seven ratings per assessment, three-part reasons on every decision.
    assert Assessment.objects.filter(case__in=new).count() >= new.exclude(state__in=["inquiry", "withdrawn"]).count()
    assert not Assessment.objects.filter(case__in=new).exclude(ratings__isnull=False).exists()
    assert Decision.objects.filter(case__in=new).count() >= new.filter(state__in=["granted", "in_treatment"]).count()
    assert not Decision.objects.filter(case__in=new).filter(facts="").exists()
    assert not Decision.objects.filter(case__in=new).filter(reasons="").exists()
    assert not Decision.objects.filter(case__in=new).filter(considerations="").exists()
    assert not new.filter(state="withdrawn", withdrawal_reason="").exists()
    assert not new.filter(state="closed", closure_reason="").exists()
    # Concentrated on the demo municipalities: Glostrup's caseworker sees a good share of the cases.
    caseworker = User.objects.get(username="sagsbehandler-glostrup")
    assert Case.objects.for_user(caseworker).count() > CASES * 0.03


def test_references_are_unique_and_new_cases_continue_the_sequence(demo):
    generate()

    references = list(Case.objects.values_list("municipality_id", "reference"))
    assert len({reference for _m, reference in references}) == len(references)
    pattern = re.compile(r"^[A-ZÆØÅ0-9]{1,5}-\d{4}-\d{6}$")
    assert all(pattern.match(reference) for _m, reference in references)
    counter = CaseReferenceCounter.objects.select_related("municipality").order_by("-last_number").first()
    prefix = counter.municipality.reference_prefix
    highest = format_reference(prefix, counter.year, counter.last_number)
    assert Case.objects.filter(reference=highest).exists()
    [following] = CaseReferenceCounter.reserve(municipality=counter.municipality, year=counter.year)
    assert following == format_reference(prefix, counter.year, counter.last_number + 1)
    assert not Case.objects.filter(reference=following).exists()


def test_same_seed_same_rows_and_another_seed_other_rows(demo):
    runs = []
    for seed in (11, 11, 12):
        with transaction.atomic():
            generate(seed=seed)
            runs.append(fingerprint())
            transaction.set_rollback(True)
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_refuses_a_database_with_real_citizens_and_writes_nothing(demo):
    real = factories.citizen(factories.municipality("185", "Tårnby"), cpr="0303030303", name="Rigtig Borger")
    cases = Case.objects.count()

    with pytest.raises(CommandError, match="hverken er demodata eller genererede"):
        generate()
    assert Case.objects.count() == cases
    real.delete()


def test_refuses_to_generate_twice(demo):
    generate()
    with pytest.raises(CommandError, match="allerede genererede testdata"):
        generate()
