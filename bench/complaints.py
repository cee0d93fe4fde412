"""Benchmark for the complaint bundle (make bench): the case file sent to Ankestyrelsen as one PDF.

A typical case: a § 101 grant on City Basis with the seven ratings and a plan, a written complaint, upheld on
reconsideration. Prints the bundle's page count and size and the median of 10 renderings (WeasyPrint for
each part, the stored decision letter merged as it is with pypdf). Measured, never asserted.

Runs against a throwaway test database (SQLite by default, PostgreSQL with DATABASE_URL set).
"""

import statistics
import time
from datetime import date, timedelta

from common import throwaway_database

RUNS = 10


def main() -> None:
    with throwaway_database():
        bench_bundle()


def forwarded_complaint():
    from cases.models import Case, User
    from complaints import services as complaints
    from tariffs.models import Tariff
    from visitation import services
    from visitation.models import Area

    today = date.today()
    case = Case.objects.filter(state="inquiry", substance="drugs", unit__code="city").first()
    counsellor = User.objects.get(username="behandler-city")
    approver = User.objects.get(username=f"godkender-{'glostrup' if case.municipality.code == '161' else 'roedovre'}")
    services.assessment_start(
        case=case, user=counsellor, start_date=today, unit=case.unit,
        ratings=dict.fromkeys(Area.values, "moderate"), primary_substance="cannabis",
    )
    services.recommendation_submit(
        case=Case.objects.get(pk=case.pk), user=counsellor, tariff=Tariff.objects.get(code="city-basis"),
        start_date=today, end_date=today + timedelta(days=180),
        justification="Dagligt forbrug af cannabis; ønsker at stoppe. Moderat belastning på alle livsområder.",
        goals_short=["Stabilt fremmøde", "Halvere forbruget"], goals_long=["Stoffri", "I uddannelse"],
    )
    decision = services.decision_make(
        case=Case.objects.get(pk=case.pk), user=approver, outcome="granted", reasons="",
        sent_via="digital_post", sent_date=today,
    )
    complaint = complaints.complaint_register(
        case=Case.objects.get(pk=case.pk), user=approver, received_date=today, channel="written", about="decision",
        decision=decision, text="Jeg er uenig i afgørelsen. Jeg har brug for mere støtte end Basis-taksten giver.",
    )
    return complaints.complaint_reconsider(
        complaint=complaint, user=approver, outcome="upheld", date=today,
        note="Afdækningen viser moderat belastning på alle livsområder; Basis-taksten dækker behovet.",
    )


def bench_bundle() -> None:
    from complaints.documents import render_bundle
    from visitation.letters import letter_for

    complaint = forwarded_complaint()
    letter_for(complaint.decision)  # the letter is stored when the decision is made, not part of the bundle's cost
    render_bundle(complaint)  # warm-up: fonts and templates load once per process
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        pdf, pages = render_bundle(complaint)
        timings.append(time.perf_counter() - started)
    print(
        f"complaint bundle render (n={RUNS}): median {statistics.median(timings) * 1000:.0f} ms, "
        f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms, {pages} pages, {len(pdf)} bytes"
    )


if __name__ == "__main__":
    main()
