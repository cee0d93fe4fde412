"""Rows for the worklist tests, many at a time: cases in a given state with deadlines, and notifications.

bulk_create, so a test can show 200 rows in a handful of queries; the rows are what the process leaves
behind (the process itself is tested in the visitation tests). Time is the tests' frozen 'today'.
"""

from datetime import date, timedelta

from django.utils import timezone

from cases.models import (
    Case,
    CaseReferenceCounter,
    CaseState,
    Citizen,
    Deadline,
    DeadlineKind,
    Notification,
    NotificationKind,
)

from .visitation_steps import TODAY


def bulk_cases(count: int, *, municipality, unit, caseworker, state=CaseState.INQUIRY, first: int = 0,
               deadlines=((DeadlineKind.TREATMENT_GUARANTEE, 8),), awaiting_decision: bool = False,
               name: str = "Borger", today=TODAY) -> list[Case]:
    """`count` cases in `state`, each with open deadlines (kind, days from `today`: the browser tests pass
    the real date, as their live server does not see frozen time)."""
    numbers = range(first, first + count)
    citizens = Citizen.objects.bulk_create([
        Citizen(municipality=municipality, cpr=f"020280{n:04d}", birth_date=date(1980, 2, 2), name=f"{name} {n:03d}")
        for n in numbers
    ])
    inquiry = today - timedelta(days=6)
    references = CaseReferenceCounter.reserve_each(municipality=municipality, years=[inquiry.year] * count)
    cases = Case.objects.bulk_create([
        Case(reference=reference, citizen=citizen, municipality=municipality, substance="drugs", inquiry_date=inquiry,
             channel="phone", unit=unit, state=state, awaiting_decision=awaiting_decision, created_by=caseworker,
             treatment_start=today - timedelta(days=30) if state == CaseState.IN_TREATMENT else None)
        for citizen, reference in zip(citizens, references, strict=True)
    ])
    Deadline.objects.bulk_create([
        Deadline(case=case, kind=kind, due_date=today + timedelta(days=offset))
        for case in cases
        for kind, offset in deadlines
    ])
    return cases


def notify(user, deadlines, *, kind=NotificationKind.DUE_SOON, read: bool = False, start=None) -> list[Notification]:
    """One notification per deadline for `user`, a minute apart (the last is the newest)."""
    start = start or timezone.now() - timedelta(hours=5)
    return Notification.objects.bulk_create([
        Notification(user=user, deadline=deadline, kind=kind, message=f"Frist nærmer sig på sag {deadline.case_id}",
                     created_at=start + timedelta(minutes=n), read_at=timezone.now() if read else None)
        for n, deadline in enumerate(deadlines)
    ])
