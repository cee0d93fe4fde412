"""Where a document's rendering time goes (make bench-letters): the decision letter (a grant and a refusal)
and the citizen's plan, each rendered N times (BENCH_N, default 15) through the real code path.

Phases, each a median over the N renders (the medians need not add up to the total's median):
  context  the letter's data from the database (letter_context; the plan has none of its own)
  template the Django template to an HTML string
  layout   WeasyPrint parse, style and lay out (cases.pdf.layout, i.e. `HTML(...).render()`)
  write    the PDF bytes (cases.pdf.write, i.e. `document.write_pdf()`)
  total    the four in a row, as `render_pdf` does them
  cpu      the total in this process's CPU time: steadier than the wall clock on a busy machine
  queries  SQL queries the context took

Numbers are printed, never asserted. Runs against a throwaway test database with the tariff catalogue and
the demo data (SQLite by default, PostgreSQL with DATABASE_URL set).
"""

import os
import statistics
import time
from datetime import date, timedelta

from common import throwaway_database
from django.db import connection
from django.test.utils import CaptureQueriesContext

N = int(os.environ.get("BENCH_N", "15"))
# A refusal must say what weighed most (forvaltningsloven § 24); a typical paragraph's length.
REFUSAL_CONSIDERATIONS = (
    "Kommunen har lagt vægt på, at dit forbrug efter afdækningen kan behandles i et mindre omfattende tilbud, "
    "og at du selv har ønsket at fortsætte i dit nuværende forløb. Du kan søge igen, hvis det ændrer sig."
)


def main() -> None:
    with throwaway_database():
        grant, refusal = decisions()
        documents = [
            ("afgørelse: bevilling", *letter_steps(grant)),
            ("afgørelse: afslag", *letter_steps(refusal)),
            ("behandlingsplan", *plan_steps(grant.case)),
        ]
        header = (f"{'document (N=' + str(N) + ')':<22} {'context':>8} {'template':>9} {'layout':>8} {'write':>8} "
                  f"{'total':>8} {'cpu':>8} {'queries':>7} {'pages':>6} {'KB':>6}")
        print(header)
        print("-" * len(header))
        for label, context, template, stylesheets in documents:
            row = measure(context, template, stylesheets)
            print(f"{label:<22} {row['context']:>6.1f}ms {row['template']:>7.1f}ms {row['layout']:>6.1f}ms "
                  f"{row['write']:>6.1f}ms {row['total']:>6.1f}ms {row['cpu']:>6.1f}ms {row['queries']:>7} "
                  f"{row['pages']:>6} {row['kb']:>6.1f}")


def measure(context, template, stylesheets) -> dict:
    from cases.pdf import layout, write

    def once() -> tuple[dict, bytes, int, int]:
        times = {}
        cpu = time.process_time()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            data = context()
        times["context"] = time.perf_counter() - started
        mark = time.perf_counter()
        html = template(data)
        times["template"] = time.perf_counter() - mark
        mark = time.perf_counter()
        document = layout(html, stylesheets)
        times["layout"] = time.perf_counter() - mark
        mark = time.perf_counter()
        pdf = write(document)
        times["write"] = time.perf_counter() - mark
        times["total"] = time.perf_counter() - started
        times["cpu"] = time.process_time() - cpu
        return times, pdf, len(document.pages), len(queries)

    once()  # warm-up: fonts, templates and WeasyPrint's own stylesheets load once per process
    runs = [once() for _ in range(N)]
    row = {phase: statistics.median(run[0][phase] for run in runs) * 1000 for phase in runs[0][0]}
    row["pages"] = runs[-1][2]
    row["queries"] = runs[-1][3]
    row["kb"] = len(runs[-1][1]) / 1024
    return row


def letter_steps(decision):
    from django.template.loader import render_to_string

    from visitation.letters import LETTER_STYLESHEETS, letter_context

    return (
        (lambda: letter_context(decision)),
        (lambda data: render_to_string("visitation/letter.html", data)),
        LETTER_STYLESHEETS,
    )


def plan_steps(case):
    from plans.documents import plan_html
    from plans.models import PlanVersion

    version = PlanVersion.objects.filter(plan__case=case).select_related("created_by").order_by("-number").first()
    return (lambda: None), (lambda _: plan_html(case=case, version=version)), ()


def decisions():
    """A grant and a refusal, made the way the approver makes them, with the reasons the form pre-fills.

    The grant takes the first demo inquiry at City all the way; the refusal answers the demo case that
    already awaits the municipality (Emma Larsen, Rødovre).
    """
    from cases.models import Case, User
    from tariffs.models import Tariff
    from visitation import services
    from visitation.models import Area, Decision, Recommendation

    today = date.today()
    case = Case.objects.filter(state="inquiry", substance="drugs", unit__code="city").order_by("pk").first()
    counsellor = User.objects.get(unit=case.unit)
    services.assessment_start(
        case=case, user=counsellor, start_date=today, unit=case.unit,
        ratings=dict.fromkeys(Area.values, "moderate"), primary_substance="cannabis",
    )
    recommendation = services.recommendation_submit(
        case=Case.objects.get(pk=case.pk), user=counsellor, tariff=Tariff.objects.get(code="city-basis"),
        start_date=today, end_date=today + timedelta(days=180), justification="Benchmark",
        goals_short=["Ophør"], goals_long=["Stabil hverdag uden stoffer"],
    )
    grant = services.decision_make(
        case=Case.objects.get(pk=case.pk), user=User.objects.get(username="godkender-glostrup"),
        outcome="granted", **Decision.drafted_reasons(recommendation), sent_via="physical_post", sent_date=today,
    )
    pending = Recommendation.objects.select_related("case").get(case__citizen__name="Emma Larsen")
    refusal = services.decision_make(
        case=pending.case, user=User.objects.get(username="godkender-roedovre"),
        outcome="refused", **{**Decision.drafted_reasons(pending), "considerations": REFUSAL_CONSIDERATIONS},
        sent_via="physical_post", sent_date=today,
    )
    return grant, refusal


if __name__ == "__main__":
    main()
