"""The KABS tariff catalogue: what the 2024 file loads, that loading is idempotent, and which year applies."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms.models import model_to_dict

from tariffs.loading import DATA_DIR
from tariffs.models import LegalBasis, Tariff, TariffCatalogue

from .factories import TARIFF_CODES_2024 as CODES_2024


def tariff(code: str, year: int = 2024) -> Tariff:
    return Tariff.objects.get(catalogue__year=year, code=code)


def load(*files) -> str:
    out = StringIO()
    call_command("load_tariffs", *[str(f) for f in files], stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {t.code: model_to_dict(t) for t in Tariff.objects.all()}


def test_2024_catalogue_has_22_tariffs_in_catalogue_order(catalogue):
    assert TariffCatalogue.objects.get().year == 2024
    assert list(Tariff.objects.for_year(2024).values_list("code", flat=True)) == CODES_2024


@pytest.mark.parametrize(
    ("code", "price"),
    [
        pytest.param("afdaekning", "605", id="afdaekning"),
        pytest.param("stjernevang-basis", "305", id="stjernevang-basis"),
        pytest.param("stjernevang-udvidet", "525", id="stjernevang-udvidet"),
        pytest.param("stjernevang-intensiv", "600", id="stjernevang-intensiv"),
        pytest.param("city-basis", "302", id="city-basis"),
        pytest.param("city-udvidet", "500", id="city-udvidet"),
        pytest.param("city-intensiv", "600", id="city-intensiv"),
        pytest.param("city-anonym", "70", id="city-anonym"),
        pytest.param("hvidovre-gentofte-basis", "112", id="hvidovre-gentofte-basis"),
        pytest.param("hvidovre-gentofte-udvidet", "222", id="hvidovre-gentofte-udvidet"),
        pytest.param("hvidovre-gentofte-intensiv", "520", id="hvidovre-gentofte-intensiv"),
        pytest.param("kasa", "624", id="kasa"),
        pytest.param("substitution", "145", id="substitution"),
        pytest.param("heroin", "0", id="heroin"),
        pytest.param("efterbehandling", "99", id="efterbehandling"),
        pytest.param("tilsyn", "50", id="tilsyn"),
        pytest.param("alkohol-kortlaegning", "319", id="alkohol-kortlaegning"),
        pytest.param("alkohol-basis", "151", id="alkohol-basis"),
        pytest.param("alkohol-udvidet", "268", id="alkohol-udvidet"),
        pytest.param("alkohol-intensiv", "624", id="alkohol-intensiv"),
        pytest.param("alkohol-efterbehandling", "99", id="alkohol-efterbehandling"),
        pytest.param("alkohol-tilsyn", "50", id="alkohol-tilsyn"),
    ],
)
def test_price_per_day_2024(catalogue, code, price):
    stored = tariff(code).price_per_day
    assert isinstance(stored, Decimal)
    assert stored == Decimal(price)
    assert str(stored) == f"{price}.00"


@pytest.mark.parametrize(
    ("code", "days"),
    [
        pytest.param("afdaekning", 14, id="afdaekning-14-days"),
        pytest.param("city-anonym", 112, id="city-anonym-16-weeks"),
        pytest.param("alkohol-kortlaegning", 28, id="alkohol-kortlaegning-28-days"),
        pytest.param("city-basis", None, id="treatment-has-no-fixed-duration"),
    ],
)
def test_fixed_durations(catalogue, code, days):
    assert tariff(code).duration_days == days


def test_only_the_assessment_and_anonymous_tariffs_have_a_fixed_duration(catalogue):
    fixed = set(Tariff.objects.filter(duration_days__isnull=False).values_list("code", flat=True))
    assert fixed == {"afdaekning", "city-anonym", "alkohol-kortlaegning"}


@pytest.mark.parametrize(
    ("code", "basis"),
    [
        pytest.param("afdaekning", "SEL_101", id="afdaekning"),
        pytest.param("city-basis", "SEL_101", id="city-basis"),
        pytest.param("kasa", "SEL_101", id="kasa"),
        pytest.param("city-anonym", "SEL_101A", id="city-anonym-is-anonymous-treatment"),
        pytest.param("substitution", "SUL_142", id="substitution-is-medical"),
        pytest.param("heroin", "SUL_142", id="heroin-is-medical"),
    ]
    + [pytest.param(code, "SUL_141", id=code) for code in CODES_2024 if code.startswith("alkohol-")],
)
def test_legal_basis(catalogue, code, basis):
    assert tariff(code).legal_basis_id == basis


def test_every_drug_tariff_but_anonymous_and_medical_rests_on_servicelovens_101(catalogue):
    sel_101 = set(Tariff.objects.filter(legal_basis="SEL_101").values_list("code", flat=True))
    assert sel_101 == {
        code
        for code in CODES_2024
        if not code.startswith("alkohol-") and code not in {"city-anonym", "substitution", "heroin"}
    }


def test_medical_treatment_decisions_are_not_appealable_administratively(db):
    assert LegalBasis.objects.get(code="SUL_142").appealable is False
    assert LegalBasis.objects.get(code="SEL_101").appealable is True


@pytest.mark.parametrize(
    ("code", "units"),
    [
        pytest.param("afdaekning", ["city", "stjernevang", "hvidovre", "gentofte"], id="afdaekning"),
        pytest.param("city-anonym", ["city"], id="city-anonym"),
        pytest.param("substitution", ["hvidovre", "gentofte"], id="substitution"),
        pytest.param("alkohol-basis", ["alkohol"], id="alkohol-basis"),
    ],
)
def test_which_units_deliver_a_tariff(catalogue, code, units):
    found = tariff(code)
    assert found.units == units
    assert all(found.is_delivered_by(unit) for unit in units)
    assert not found.is_delivered_by("kasa")


# --- loading ------------------------------------------------------------------------------------------------


def test_first_load_reports_what_it_created(db):
    assert load() == "Takstkatalog 2024: 22 oprettet, 0 opdateret, 0 fjernet.\n"


def test_loading_twice_changes_nothing(catalogue):
    before_catalogue = TariffCatalogue.objects.get()
    before = snapshot()

    output = load()

    assert output == "Takstkatalog 2024: uændret.\n"
    after_catalogue = TariffCatalogue.objects.get()
    assert after_catalogue.loaded_at == before_catalogue.loaded_at
    assert after_catalogue.source == before_catalogue.source
    assert snapshot() == before
    assert Tariff.objects.count() == 22


@pytest.fixture
def copied_file(tmp_path):
    """A copy of the shipped 2024 file that a test may change."""
    path = tmp_path / "catalogue_2024.json"
    path.write_text((DATA_DIR / "catalogue_2024.json").read_text(encoding="utf-8"), encoding="utf-8")
    return path


def edit(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_changed_price_is_updated_on_reload_and_nothing_else(catalogue, copied_file):
    def raise_city_basis(data):
        next(row for row in data["tariffs"] if row["code"] == "city-basis")["price_per_day"] = "310.50"

    edit(copied_file, raise_city_basis)
    before = snapshot()
    pk = tariff("city-basis").pk

    output = load(copied_file)

    assert output == "Takstkatalog 2024: 0 oprettet, 1 opdateret, 0 fjernet.\n"
    updated = tariff("city-basis")
    assert updated.pk == pk  # updated in place, so references from recommendations stay valid
    assert updated.price_per_day == Decimal("310.50")
    after = snapshot()
    assert after["city-basis"] == {**before["city-basis"], "price_per_day": Decimal("310.50")}
    assert {code: row for code, row in after.items() if code != "city-basis"} == {
        code: row for code, row in before.items() if code != "city-basis"
    }


def test_a_tariff_dropped_from_the_file_is_removed_from_that_year(catalogue, copied_file):
    edit(copied_file, lambda data: data.update(tariffs=[r for r in data["tariffs"] if r["code"] != "tilsyn"]))
    # The six alcohol tariffs after it move up one place, so they count as updated.
    assert load(copied_file) == "Takstkatalog 2024: 0 oprettet, 6 opdateret, 1 fjernet.\n"
    assert not Tariff.objects.filter(code="tilsyn").exists()
    assert list(Tariff.objects.for_year(2024).values_list("code", flat=True)) == [
        code for code in CODES_2024 if code != "tilsyn"
    ]


def test_a_tariff_in_use_is_not_dropped_and_nothing_changes(catalogue, copied_file, case, counsellor):
    from visitation.models import Recommendation

    in_use = tariff("city-basis")
    Recommendation.objects.create(
        case=case, tariff=in_use, unit=case.unit, start_date=date(2026, 11, 26), end_date=date(2026, 12, 26),
        justification="Basis.", recommended_by=counsellor,
    )
    edit(copied_file, lambda data: data.update(tariffs=[r for r in data["tariffs"] if r["code"] != "city-basis"]))
    before = snapshot()

    with pytest.raises(CommandError, match="er brugt i indstillinger eller afgørelser"):
        load(copied_file)

    assert snapshot() == before


def test_a_missing_file_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="Filen findes ikke"):
        load(tmp_path / "catalogue_2030.json")


# --- which catalogue applies on a date -------------------------------------------------------------------


@pytest.fixture
def catalogue_2025(catalogue):
    return TariffCatalogue.objects.create(year=2025, source="test")


@pytest.mark.parametrize(
    ("day", "year"),
    [
        pytest.param(date(2023, 12, 31), None, id="before-any-catalogue"),
        pytest.param(date(2024, 1, 1), 2024, id="first-day-of-2024"),
        pytest.param(date(2024, 12, 31), 2024, id="last-day-of-2024"),
        pytest.param(date(2025, 1, 1), 2025, id="first-day-of-2025"),
        pytest.param(date(2026, 11, 26), 2025, id="2026-before-its-prices-are-loaded"),
    ],
)
def test_catalogue_in_force_is_the_newest_not_after_the_year(catalogue_2025, day, year):
    found = TariffCatalogue.objects.in_force_on(day)
    assert (found.year if found else None) == year


def test_tariffs_in_force_come_from_that_catalogue_only(catalogue_2025):
    Tariff.objects.create(
        catalogue=catalogue_2025,
        code="city-basis",
        name="City Basis",
        legal_basis_id="SEL_101",
        substance="drugs",
        level="basis",
        price_per_day=Decimal("315.00"),
    )
    in_2024 = Tariff.objects.in_force_on(date(2024, 6, 1))
    in_2025 = Tariff.objects.in_force_on(date(2025, 6, 1))
    assert in_2024.count() == 22
    assert in_2024.get(code="city-basis").price_per_day == Decimal("302.00")
    assert list(in_2025.values_list("code", "price_per_day")) == [("city-basis", Decimal("315.00"))]
    assert not Tariff.objects.in_force_on(date(2023, 6, 1)).exists()
