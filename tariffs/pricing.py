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


def expected_cost(code: str, start: date, end: date) -> CostEstimate:
    if end < start:
        raise PricingError("Slutdatoen ligger før startdatoen.")
    parts = []
    for year in range(start.year, end.year + 1):
        part_start = max(start, date(year, 1, 1))
        part_end = min(end, date(year, 12, 31))
        catalogue = TariffCatalogue.objects.in_force_on(part_start)
        if catalogue is None:
            raise PricingError(f"Der findes intet takstkatalog for {year} eller tidligere.")
        tariff = (
            Tariff.objects.filter(code=code, catalogue__year__lte=catalogue.year)
            .select_related("catalogue")
            .order_by("-catalogue__year")
            .first()
        )
        if tariff is None:
            raise PricingError(f"Taksten '{code}' findes ikke i takstkataloget for {catalogue.year}.")
        parts.append(
            CostPart(
                year=year,
                start=part_start,
                end=part_end,
                days=(part_end - part_start).days + 1,
                price_per_day=tariff.price_per_day,
                catalogue_year=tariff.catalogue.year,
            )
        )
    return CostEstimate(parts=parts)
