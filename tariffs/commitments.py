"""Committed costs: what a municipality has bound itself to pay, month by month.

A grant commits the municipality to the tariff's price per day for every day from its start to its end
(the effective end when a later grant or a discharge ended it early). Summed per calendar month, per unit
and per tariff, for a year and the twelve months after it, beside the same months a year earlier.

The days are counted by the database in one aggregate query (grants × months, grouped by month, unit and
tariff code), never by looping over grants in Python; only the few hundred resulting groups are priced
here, with the same price rules as a single grant's expected cost (tariffs/pricing.py `prices`).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection

from .pricing import prices

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Month:
    start: date

    @property
    def end(self) -> date:
        return self.start + relativedelta(months=1, days=-1)

    @property
    def key(self) -> str:
        return f"{self.start:%Y-%m}"


def months(first: date, count: int) -> list[Month]:
    return [Month(first + relativedelta(months=n)) for n in range(count)]


def _days_sql() -> str:
    """Days of a grant inside a month, both ends included: the one dialect difference of the query."""
    end = "COALESCE(d.effective_end_date, d.end_date)"
    if connection.vendor == "postgresql":
        return f"(LEAST({end}, m.month_end) - GREATEST(d.start_date, m.month_start) + 1)"
    return f"CAST(julianday(MIN({end}, m.month_end)) - julianday(MAX(d.start_date, m.month_start)) + 1 AS INTEGER)"


def granted_days(municipality_id: int, window: list[Month]) -> list[tuple[str, int, str, int]]:
    """(month key, unit id, tariff code, days granted) for every group with days, in one query."""
    from cases.models import Case
    from tariffs.models import Tariff
    from visitation.models import Decision, Outcome, Recommendation

    cast = "::date" if connection.vendor == "postgresql" else ""
    values = ", ".join(f"(%s{cast}, %s{cast})" for _ in window)
    params: list = [value for month in window for value in (month.start, month.end)]
    # Only table names and placeholders are formatted in; every value is a parameter.
    sql = f"""
        WITH months (month_start, month_end) AS (VALUES {values})
        SELECT m.month_start, r.unit_id, t.code, SUM({_days_sql()})
        FROM {Decision._meta.db_table} d
        JOIN {Case._meta.db_table} c ON c.id = d.case_id
        JOIN {Recommendation._meta.db_table} r ON r.id = d.recommendation_id
        JOIN {Tariff._meta.db_table} t ON t.id = d.tariff_id
        JOIN months m ON d.start_date <= m.month_end AND COALESCE(d.effective_end_date, d.end_date) >= m.month_start
        WHERE c.municipality_id = %s AND d.outcome <> %s
          AND d.start_date <= %s{cast} AND COALESCE(d.effective_end_date, d.end_date) >= %s{cast}
        GROUP BY m.month_start, r.unit_id, t.code
    """  # noqa: S608
    params += [municipality_id, Outcome.REFUSED, window[-1].end, window[0].start]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # SQLite hands the month back as text, PostgreSQL as a date.
    return [(str(month)[:7], unit_id, code, int(days)) for month, unit_id, code, days in rows]


def committed_costs(municipality_id: int, year: int) -> dict:
    """Per month of `year` and the 12 months after it, with the same month a year earlier; per unit and
    per tariff for the year, the next year and the year before. Amounts are Decimal kroner."""
    from cases.models import Unit
    from tariffs.models import Tariff

    window = months(date(year - 1, 1, 1), 36)
    rows = granted_days(municipality_id, window)
    codes = {code for _, _, code, _ in rows}
    priced = prices(codes, range(year - 1, year + 2), strict=False)

    by_month: dict[str, Decimal] = defaultdict(lambda: ZERO)
    by_unit: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    by_tariff: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    unpriced_days = 0
    for month, unit_id, code, days in rows:
        month_year = int(month[:4])
        price = priced.get((code, month_year))
        if price is None:
            unpriced_days += days
            continue
        amount = price[0] * days
        by_month[month] += amount
        by_unit[(unit_id, month_year)] += amount
        by_tariff[(code, month_year)] += amount

    unit_names = dict(Unit.objects.values_list("pk", "name"))
    tariff_names = {}
    for code, name in Tariff.objects.filter(code__in=codes).order_by("catalogue__year").values_list("code", "name"):
        tariff_names[code] = name  # the newest catalogue's name wins

    def per_year(totals: dict, keys, names: dict) -> list[dict]:
        table = [
            {
                "key": key,
                "name": names.get(key, str(key)),
                "last_year": totals[(key, year - 1)],
                "year": totals[(key, year)],
                "next_year": totals[(key, year + 1)],
            }
            for key in keys
        ]
        return sorted(table, key=lambda row: (-row["year"], -row["next_year"], row["name"]))

    month_rows = []
    for month in window[12:]:
        earlier = Month(month.start - relativedelta(years=1))
        amount, before = by_month[month.key], by_month[earlier.key]
        month_rows.append({"month": month.key, "amount": amount, "same_month_last_year": before,
                           "change": amount - before})
    return {
        "months": month_rows,
        "units": per_year(by_unit, {unit for unit, _ in by_unit}, unit_names),
        "tariffs": per_year(by_tariff, {code for code, _ in by_tariff}, tariff_names),
        "total_year": sum((row["amount"] for row in month_rows[:12]), ZERO),
        "total_next_12_months": sum((row["amount"] for row in month_rows[12:]), ZERO),
        "total_last_year": sum((row["same_month_last_year"] for row in month_rows[:12]), ZERO),
        "unpriced_days": unpriced_days,
    }
