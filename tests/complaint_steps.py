"""Helpers for the complaint tests: a decided case and a complaint through the real services."""

from datetime import date

from complaints import services
from complaints.models import Complaint

from .visitation_steps import TODAY, fresh

TEXT = "Jeg er uenig i afgørelsen. Jeg har brug for mere end to samtaler om måneden."
NOTE = "Kommunen fastholder: afdækningen viser moderat belastning, som Basis-taksten dækker."


def register(case, user, *, decision=None, about="decision", received: date = TODAY, channel="written",
             text=TEXT, oral_note="", acknowledge=False) -> Complaint:
    return services.complaint_register(
        case=fresh(case), user=user, received_date=received, channel=channel, about=about, text=text,
        decision=decision, oral_note=oral_note, acknowledge=acknowledge,
    )


def reconsider(complaint, user, *, outcome="upheld", on: date = TODAY, note=NOTE) -> Complaint:
    return services.complaint_reconsider(
        complaint=Complaint.objects.get(pk=complaint.pk), user=user, outcome=outcome, date=on, note=note
    )


def appeal(complaint, user, *, outcome="upheld", on: date = TODAY) -> Complaint:
    return services.complaint_appeal_outcome(
        complaint=Complaint.objects.get(pk=complaint.pk), user=user, outcome=outcome, date=on
    )
