"""The management view's numbers (måltal) for one municipality and one year.

Every figure is an aggregate query (COUNT … GROUP BY, or an ordered slice for a median): nothing loops over
cases in Python, so the cost grows with the number of groups (months, reasons), not with the cases. The
result is a plain dict of numbers, Decimals and strings, stored as a TargetSnapshot (cases/models/targets.py)
and read by the page, the CSV exports and `GET /api/v1/targets/` alike.

Shares are percentages with one decimal, of a stated denominator; None when the denominator is zero (a
year with no data shows "–", not 0 %).
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth

from .models import Case, Deadline, DeadlineKind, DeadlineStatus, DischargeReason

MONTHS = range(1, 13)
COMPLETED = (
    DischargeReason.COMPLETED_DRUG_FREE,
    DischargeReason.COMPLETED_REDUCED,
    DischargeReason.COMPLETED_STABILISED,
)


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def compute(municipality, year: int) -> dict:
    from tariffs.commitments import committed_costs

    cases = Case.objects.filter(municipality=municipality)
    return {
        "municipality": municipality.code,
        "year": year,
        "guarantee": guarantee(cases, year),
        "discharges": discharges(cases, year),
        "readmissions": readmissions(cases, year),
        "followups": followups(cases, year),
        "costs": committed_costs(municipality.pk, year),
        # Stored with the figures so the page's year picker costs no scan of the cases.
        "first_year": first_year(cases),
    }


def guarantee(cases, year: int) -> dict:
    """The 14-day guarantee by month of inquiry, as the deadline engine settled it.

    Kept = met / (met + missed): a guarantee waived by free choice, cancelled with a withdrawn case or still
    open is neither kept nor broken yet, so it is not in the denominator (it is shown beside it).
    """
    rows = (
        Deadline.objects.filter(
            kind=DeadlineKind.TREATMENT_GUARANTEE, case__in=cases, case__inquiry_date__year=year
        )
        .annotate(month=ExtractMonth("case__inquiry_date"))
        .values("month", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(row["month"], row["status"]): row["n"] for row in rows}
    statuses = [DeadlineStatus.MET, DeadlineStatus.MISSED, DeadlineStatus.WAIVED, DeadlineStatus.OPEN]

    def line(months) -> dict:
        n = {status.value: sum(counts.get((month, status), 0) for month in months) for status in statuses}
        return {**n, "kept_pct": share(n["met"], n["met"] + n["missed"])}

    return {
        "months": [{"month": f"{year}-{month:02d}", **line([month])} for month in MONTHS],
        "year": line(MONTHS),
        "median_days_to_start": median_days_to_start(cases, year),
    }


def median_days_to_start(cases, year: int) -> Decimal | None:
    """Median calendar days from inquiry to treatment start, for the year's inquiries that have started.

    Portable (SQLite for `make run`, PostgreSQL in production): the middle row(s) of the ordered
    differences, fetched with OFFSET, instead of a PostgreSQL-only percentile function.
    """
    started = (
        cases.filter(inquiry_date__year=year, treatment_start__isnull=False)
        .annotate(wait=F("treatment_start") - F("inquiry_date"))
        .order_by("wait")
        .values_list("wait", flat=True)
    )
    n = started.count()
    if not n:
        return None
    middle = list(started[(n - 1) // 2 : n // 2 + 1])
    return Decimal(sum(wait.days for wait in middle)) / len(middle)


def discharges(cases, year: int) -> dict:
    """Discharges in the year by reason: shares of all discharges, and the completed outcomes."""
    rows = (
        cases.filter(discharge_date__year=year)
        .values("discharge_reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["discharge_reason"]: row["n"] for row in rows}
    total = sum(counts.values())
    return {
        "total": total,
        "reasons": [
            {
                "reason": reason.value,
                "label": reason.label,
                "count": counts.get(reason.value, 0),
                "pct": share(counts.get(reason.value, 0), total),
            }
            for reason in DischargeReason
        ],
        "drug_free_or_reduced_pct": share(
            counts.get(DischargeReason.COMPLETED_DRUG_FREE, 0) + counts.get(DischargeReason.COMPLETED_REDUCED, 0),
            total,
        ),
        "completed_pct": share(sum(counts.get(reason, 0) for reason in COMPLETED), total),
        "dropped_out": counts.get(DischargeReason.DROPPED_OUT, 0),
        "dropped_out_pct": share(counts.get(DischargeReason.DROPPED_OUT, 0), total),
    }


def readmissions(cases, year: int) -> dict:
    """The year's new inquiries, and how many came from a citizen discharged in the 12 months before
    (Case.readmission, set when the inquiry is registered)."""
    counts = cases.filter(inquiry_date__year=year).aggregate(
        total=Count("pk"), readmissions=Count("pk", filter=Q(readmission=True))
    )
    return {**counts, "pct": share(counts["readmissions"], counts["total"])}


def followups(cases, year: int) -> dict:
    """The follow-ups due in the year, per slot (1 and 6 months): done on time, late, unreachable, still
    pending; and what the citizens who were reached said about their situation."""
    from followups.models import FollowUp, FollowUpStatus, Situation, Slot

    due = FollowUp.objects.filter(case__in=cases, due_date__year=year)
    on_time = Q(status=FollowUpStatus.DONE, held_on__lte=F("due_date"))
    late = Q(status=FollowUpStatus.DONE, held_on__gt=F("due_date"))
    counts = {
        row["slot"]: row
        for row in due.values("slot").annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=on_time),
            late=Count("pk", filter=late),
            unreachable=Count("pk", filter=Q(status=FollowUpStatus.UNREACHABLE)),
            pending=Count("pk", filter=Q(status=FollowUpStatus.PENDING)),
            goal_holds=Count("pk", filter=Q(status=FollowUpStatus.DONE, goal_holds=True)),
        ).order_by()
    }
    situations = {
        (row["slot"], row["situation"]): row["n"]
        for row in due.filter(status=FollowUpStatus.DONE).values("slot", "situation").annotate(n=Count("pk"))
        .order_by()
    }
    empty = {"total": 0, "on_time": 0, "late": 0, "unreachable": 0, "pending": 0, "goal_holds": 0}
    slots = []
    for slot in Slot:
        row = {key: counts.get(slot.value, empty)[key] for key in empty}
        done = row["on_time"] + row["late"]
        slots.append(
            {
                "slot": slot.value,
                "label": slot.label,
                **row,
                # Of those due whose time has come and gone (pending ones may still be held in time).
                "on_time_pct": share(row["on_time"], row["total"] - row["pending"]),
                "situations": [
                    {"situation": situation.value, "label": situation.label,
                     "count": situations.get((slot.value, situation.value), 0),
                     "pct": share(situations.get((slot.value, situation.value), 0), done)}
                    for situation in Situation
                ],
            }
        )
    return {"slots": slots}


def first_year(cases) -> int | None:
    first = cases.order_by("inquiry_date").values_list("inquiry_date", flat=True).first()
    return first.year if first else None


def years_to_pick(data: dict, today: date) -> list[int]:
    """The years a person can pick: from the first inquiry to this year (newest first)."""
    last = max(today.year, data["year"])
    first = min(data.get("first_year") or today.year, data["year"])
    return list(range(last, first - 1, -1))


# --- Tables -------------------------------------------------------------------------------------
# One definition of every table, read by the page (with its chart), the CSV export of each table and the
# API's CSV, so the three can never disagree. Column kinds say how a value is written: "text", "int",
# "pct" (percent, one decimal), "kr" (kroner, two decimals), "days".

MONTH_NAMES = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
               "november", "december"]


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{MONTH_NAMES[int(month) - 1]} {year}"


class Table:
    def __init__(self, slug: str, title: str, columns: list[tuple[str, str]], rows: list[list]):
        self.slug, self.title, self.columns, self.rows = slug, title, columns, rows

    @property
    def headers(self) -> list[str]:
        return [header for header, _ in self.columns]

    def cells(self):
        """Rows as (value, kind) pairs, for the template's formatting."""
        kinds = [kind for _, kind in self.columns]
        return [list(zip(row, kinds, strict=True)) for row in self.rows]


def tables(data: dict) -> dict[str, Table]:
    year = data["year"]
    guarantee_rows = [
        [month_label(row["month"]), row["met"], row["missed"], row["waived"], row["open"], row["kept_pct"]]
        for row in data["guarantee"]["months"]
    ]
    total = data["guarantee"]["year"]
    guarantee_rows.append([f"Hele {year}", total["met"], total["missed"], total["waived"], total["open"],
                           total["kept_pct"]])
    costs = data["costs"]

    def per_year(rows):
        return [[row["name"], row["last_year"], row["year"], row["next_year"]] for row in rows]

    per_year_columns = [(f"{year - 1}", "kr"), (f"{year}", "kr"), (f"{year + 1}", "kr")]
    result = [
        Table(
            "garanti",
            f"Behandlingsgaranti pr. måned (henvendelser i {year})",
            [("Måned", "text"), ("Overholdt", "int"), ("Overskredet", "int"), ("Bortfaldet (frit valg)", "int"),
             ("Endnu åben", "int"), ("Overholdt i procent", "pct")],
            guarantee_rows,
        ),
        Table(
            "udskrivninger",
            f"Udskrivninger i {year} efter årsag",
            [("Årsag", "text"), ("Antal", "int"), ("Andel", "pct")],
            [[row["label"], row["count"], row["pct"]] for row in data["discharges"]["reasons"]],
        ),
        Table(
            "genindskrivninger",
            f"Genindskrivninger i {year}",
            [("År", "text"), ("Nye henvendelser", "int"), ("Heraf genindskrevet inden for 12 måneder", "int"),
             ("Andel", "pct")],
            [[f"{year}", data["readmissions"]["total"], data["readmissions"]["readmissions"],
              data["readmissions"]["pct"]]],
        ),
        Table(
            "opfoelgning",
            f"Opfølgninger med frist i {year}",
            [("Opfølgning", "text"), ("I alt", "int"), ("Til tiden", "int"), ("For sent", "int"),
             ("Kunne ikke træffes", "int"), ("Afventer", "int"), ("Til tiden i procent", "pct"),
             ("Målet holder", "int")],
            [[row["label"], row["total"], row["on_time"], row["late"], row["unreachable"], row["pending"],
              row["on_time_pct"], row["goal_holds"]] for row in data["followups"]["slots"]],
        ),
        Table(
            "opfoelgning_situation",
            f"Borgerens situation ved opfølgningerne i {year}",
            [("Situation", "text"),
             *[(f"{row['label']} (antal)", "int") for row in data["followups"]["slots"]],
             *[(f"{row['label']} (andel)", "pct") for row in data["followups"]["slots"]]],
            [[situation["label"],
              *[slot["situations"][n]["count"] for slot in data["followups"]["slots"]],
              *[slot["situations"][n]["pct"] for slot in data["followups"]["slots"]]]
             for n, situation in enumerate(data["followups"]["slots"][0]["situations"])],
        ),
        Table(
            "udgifter_maaned",
            f"Bundne udgifter pr. måned, {year} og {year + 1}",
            [("Måned", "text"), ("Bevilget", "kr"), ("Samme måned året før", "kr"), ("Forskel", "kr")],
            [[month_label(row["month"]), row["amount"], row["same_month_last_year"], row["change"]]
             for row in costs["months"]],
        ),
        Table("udgifter_enhed", "Bundne udgifter pr. enhed", [("Enhed", "text"), *per_year_columns],
              per_year(costs["units"])),
        Table("udgifter_takst", "Bundne udgifter pr. takst", [("Takst", "text"), *per_year_columns],
              per_year(costs["tariffs"])),
    ]
    return {table.slug: table for table in result}


def csv_value(value, kind: str) -> str:
    """A CSV cell as Danish spreadsheets read it: semicolon-separated elsewhere, decimal comma here."""
    if value is None or value == "":
        return ""
    if kind in ("pct", "kr", "days"):
        return str(Decimal(str(value)).quantize(Decimal("0.1" if kind == "pct" else "0.01"))).replace(".", ",")
    return str(value)


def municipality_for(user, code: str | None):
    """The municipality whose figures this user may see, or None: their own; a superuser's choice.

    Another municipality's code is answered as if it did not exist (the caller's 404), like its cases.
    """
    from .models import Municipality

    if user.is_superuser:
        municipalities = Municipality.objects.order_by("name")
        return municipalities.filter(code=code).first() if code else municipalities.first()
    own = user.municipality
    if own is None or (code and code != own.code):
        return None
    return own
