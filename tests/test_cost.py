"""Expected cost of a grant: price per day × days granted, both ends counted, each year at its own price.

(DOMAIN.md, tariff catalogue: "Prices are per day and change every year"; "The cost of a grant is the daily
price times the days granted".)
"""

from datetime import date
from decimal import Decimal

import pytest

from tariffs.models import Tariff, TariffCatalogue
from tariffs.pricing import PricingError, expected_cost

from .visitation_steps import tariff

pytestmark = pytest.mark.usefixtures("catalogue")


def add_year(year: int, prices: dict[str, str]) -> TariffCatalogue:
    """A later catalogue with the given tariffs copied from 2024 at new prices."""
    catalogue = TariffCatalogue.objects.create(year=year, source=f"Takstkatalog {year} (test)")
    for code, price in prices.items():
        row = tariff(code)
        row.pk, row.catalogue, row.price_per_day = None, catalogue, Decimal(price)
        row.save()
    return catalogue


@pytest.mark.parametrize(
    "code, start, end, parts, total, estimate",
    [
        pytest.param("city-basis", date(2024, 1, 1), date(2024, 1, 10), [(2024, 10, "302.00")], "3020.00", False,
                     id="1-10-january-is-10-days"),
        pytest.param("city-basis", date(2024, 3, 5), date(2024, 3, 5), [(2024, 1, "302.00")], "302.00", False,
                     id="one-day"),
        pytest.param("afdaekning", date(2024, 2, 1), date(2024, 2, 14), [(2024, 14, "605.00")], "8470.00", False,
                     id="afdaekning-14-days"),
        pytest.param("city-basis", date(2024, 2, 1), date(2024, 3, 1), [(2024, 30, "302.00")], "9060.00", False,
                     id="leap-february-counts-29-days"),
        pytest.param("city-basis", date(2024, 12, 25), date(2025, 1, 5),
                     [(2024, 7, "302.00"), (2025, 5, "310.00")], "3664.00", False,
                     id="across-new-year-each-year-its-own-price"),
        pytest.param("heroin", date(2024, 1, 1), date(2024, 12, 31), [(2024, 366, "0.00")], "0.00", False,
                     id="heroin-is-state-funded"),
    ],
)
def test_expected_cost(code, start, end, parts, total, estimate):
    add_year(2025, {"city-basis": "310.00", "heroin": "0.00"})

    cost = expected_cost(code, start, end)

    assert [(part.year, part.days, part.price_per_day) for part in cost.parts] == [
        (year, days, Decimal(price)) for year, days, price in parts
    ]
    assert cost.total == Decimal(total)
    assert cost.days == (end - start).days + 1
    assert cost.is_estimate is estimate


def test_across_new_year_without_next_years_catalogue_uses_the_old_price_as_an_estimate():
    cost = expected_cost("city-basis", date(2024, 12, 25), date(2025, 1, 5))

    assert [(part.year, part.catalogue_year, part.days) for part in cost.parts] == [(2024, 2024, 7), (2025, 2024, 5)]
    assert cost.total == Decimal("3624.00")  # 12 days × 302 kr.
    assert cost.is_estimate is True
    assert cost.parts[0].is_estimate is False and cost.parts[1].is_estimate is True


def test_a_period_over_three_years_is_split_at_each_new_year():
    add_year(2025, {"city-basis": "310.00"})
    add_year(2026, {"city-basis": "320.00"})

    cost = expected_cost("city-basis", date(2024, 12, 31), date(2026, 1, 2))

    assert [(part.start, part.end, part.days, part.price_per_day) for part in cost.parts] == [
        (date(2024, 12, 31), date(2024, 12, 31), 1, Decimal("302.00")),
        (date(2025, 1, 1), date(2025, 12, 31), 365, Decimal("310.00")),
        (date(2026, 1, 1), date(2026, 1, 2), 2, Decimal("320.00")),
    ]
    assert cost.total == Decimal("302.00") + 365 * Decimal("310.00") + 2 * Decimal("320.00")


def test_end_before_start_is_a_pricing_error():
    with pytest.raises(PricingError, match="Slutdatoen ligger før startdatoen."):
        expected_cost("city-basis", date(2024, 1, 10), date(2024, 1, 9))


def test_a_period_before_any_catalogue_is_a_pricing_error():
    with pytest.raises(PricingError, match="Der findes intet takstkatalog for 2023 eller tidligere."):
        expected_cost("city-basis", date(2023, 12, 1), date(2024, 1, 5))


def test_a_tariff_withdrawn_from_next_years_catalogue_keeps_its_last_price_as_an_estimate():
    add_year(2025, {"city-basis": "310.00"})  # the 2025 catalogue has no city-udvidet
    cost = expected_cost("city-udvidet", date(2024, 12, 25), date(2025, 1, 5))
    assert [(part.year, part.days, part.price_per_day, part.catalogue_year) for part in cost.parts] == [
        (2024, 7, Decimal("500.00"), 2024),
        (2025, 5, Decimal("500.00"), 2024),
    ]
    assert cost.total == Decimal("6000.00")
    assert cost.is_estimate


def test_an_unknown_code_is_a_pricing_error():
    with pytest.raises(PricingError, match="Taksten 'city-luksus' findes ikke i takstkataloget for 2024."):
        expected_cost("city-luksus", date(2024, 1, 1), date(2024, 1, 5))


def test_a_recommendations_cost_is_the_expected_cost_of_its_tariff_and_period(case, counsellor):
    from .visitation_steps import recommended

    recommendation = recommended(case, counsellor, code="city-basis", start=date(2026, 11, 26),
                                 end=date(2026, 12, 25))
    cost = recommendation.cost()

    assert cost.days == 30
    assert cost.total == Decimal("9060.00")
    assert Tariff.objects.get(pk=recommendation.tariff_id).price_per_day == Decimal("302.00")
