"""Case references a person can quote on the phone or in a letter: GLO-2026-000123.

The municipality's abbreviation, the inquiry's year and a number counted per municipality and year. The
raw database id is never shown to citizens: it says how many cases the whole system holds, and it is
meaningless to the municipality's own numbering.
"""

from django.db import connection, models


def format_reference(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:06d}"


class CaseReferenceCounter(models.Model):
    """The last number handed out, per municipality and year."""

    municipality = models.ForeignKey("cases.Municipality", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("år")
    last_number = models.PositiveIntegerField("senest tildelte nummer", default=0)

    class Meta:
        verbose_name = "sagsnummertæller"
        verbose_name_plural = "sagsnummertællere"
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="case_reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}/{self.year}: {self.last_number}"

    @classmethod
    def reserve(cls, *, municipality, year: int, count: int = 1) -> list[str]:
        """Hand out `count` consecutive references; two callers at once never get the same number.

        1. One INSERT … ON CONFLICT DO UPDATE: the first case of a year creates the counter row, every later
           one adds to it. There is no read-then-write gap in which two callers could see the same number.
        2. The statement locks the counter row until the caller's transaction ends, so a second caller waits
           and then counts on from the first one's number. A rolled-back case returns its number (the
           increment rolls back with it), so numbers stay consecutive.
        """
        table = connection.ops.quote_name(cls._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (municipality_id, year, last_number) VALUES (%s, %s, %s) "  # noqa: S608
                f"ON CONFLICT (municipality_id, year) DO UPDATE "
                f"SET last_number = {table}.last_number + EXCLUDED.last_number RETURNING last_number",
                [municipality.pk, year, count],
            )
            last = cursor.fetchone()[0]
        prefix = municipality.reference_prefix
        return [format_reference(prefix, year, number) for number in range(last - count + 1, last + 1)]

    @classmethod
    def reserve_each(cls, *, municipality, years: list[int]) -> list[str]:
        """One reference per entry of `years`, in order: for cases made in bulk (fixtures, benchmarks), one
        statement per year rather than one per case."""
        pools = {
            year: iter(cls.reserve(municipality=municipality, year=year, count=years.count(year)))
            for year in sorted(set(years))
        }
        return [next(pools[year]) for year in years]
