"""Expected cost of a grant: price per day × days granted, both ends included, year by year.

1. Split the period at each 1 January.
2. Price each year's days with that year's catalogue (the tariff found by its stable code).
3. A year with no catalogue of its own uses the catalogue in force then (the newest earlier one), and
   the result is marked as an estimate: next year's prices are not known yet.
4. A year whose catalogue no longer has the code (the tariff was withdrawn) is priced at the newest
   earlier price, also as an estimate: the grant stands until a new decision, and so must its cost.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .models import Tariff, TariffCatalogue


@dataclass(frozen=True)
class CostPart:
    year: int
    start: date
    end: date
    days: int
    price_per_day: Decimal
    catalogue_year: int

    @property
    def amount(self) -> Decimal:
        return self.price_per_day * self.days

    @property
    def is_estimate(self) -> bool:
        return self.catalogue_year != self.year


@dataclass(frozen=True)
class CostEstimate:
    parts: list[CostPart] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((part.amount for part in self.parts), Decimal("0.00"))

    @property
    def days(self) -> int:
        return sum(part.days for part in self.parts)

    @property
    def is_estimate(self) -> bool:
        return any(part.is_estimate for part in self.parts)


class PricingError(ValueError):
    pass


def prices(codes, years, *, strict: bool = True) -> dict[tuple[str, int], tuple[Decimal, int]]:
    """The price per day of each tariff code in each year, and the catalogue year it comes from.

    The one place rules 3 and 4 above are applied: the expected cost of one grant and the committed
    costs of a municipality (tariffs/commitments.py) price days the same way. Two queries whatever the
    number of codes and years. With strict=False a code or year that cannot be priced is left out instead
    of raising.
    """
    codes, years = set(codes), sorted(set(years))
    catalogue_years = sorted(TariffCatalogue.objects.values_list("year", flat=True))
    known: dict[str, dict[int, Decimal]] = {}
    for code, year, price in Tariff.objects.filter(code__in=codes).values_list(
        "code", "catalogue__year", "price_per_day"
    ):
        known.setdefault(code, {})[year] = price
    result = {}
    for year in years:
        # The catalogue in force in a year: the newest one not after it (TariffCatalogue.objects.in_force_on).
        in_force = max((y for y in catalogue_years if y <= year), default=None)
        for code in codes:
            if in_force is None:
                if strict:
                    raise PricingError(f"Der findes intet takstkatalog for {year} eller tidligere.")
                continue
            earlier = [y for y in known.get(code, {}) if y <= in_force]
            if not earlier:
                if strict:
                    raise PricingError(f"Taksten '{code}' findes ikke i takstkataloget for {in_force}.")
                continue
            priced_in = max(earlier)
            result[(code, year)] = (known[code][priced_in], priced_in)
    return result


def expected_cost(code: str, start: date, end: date) -> CostEstimate:
    if end < start:
        raise PricingError("Slutdatoen ligger før startdatoen.")
    years = range(start.year, end.year + 1)
    priced = prices([code], years)
    parts = []
    for year in years:
        part_start = max(start, date(year, 1, 1))
        part_end = min(end, date(year, 12, 31))
        price, catalogue_year = priced[(code, year)]
        parts.append(
            CostPart(
                year=year,
                start=part_start,
                end=part_end,
                days=(part_end - part_start).days + 1,
                price_per_day=price,
                catalogue_year=catalogue_year,
            )
        )
    return CostEstimate(parts=parts)
