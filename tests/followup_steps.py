"""Helpers for the discharge and follow-up tests: the real services, with the `case` fixture's dates.

The `case` fixture is a drugs case referred to KABS City, inquiry 20 November 2026, with time frozen at
Thursday 26 November 2026; `treated` grants it (city-basis, 26 November 2026 – 24 May 2027) and starts
treatment that day.
"""

from datetime import date

from cases.models import DischargeReason
from followups import services
from followups.models import FollowUp, Slot
from visitation import services as visitation_services

from .visitation_steps import TODAY, assess, decide, fresh, recommend

GRANT_END = date(2027, 5, 24)  # TODAY + 179 days: the recommendation's default period


def treated(case, counsellor, approver, *, start: date = TODAY):
    """Assessed, recommended, granted and started on `start` (which must be today in frozen time)."""
    assess(case, counsellor, start=start)
    recommend(case, counsellor, start=start)
    decide(case, approver, sent_date=start)
    return visitation_services.treatment_start(case=fresh(case), user=counsellor, start=start)


def discharged(case, counsellor, approver, *, on: date = TODAY, reason: str = DischargeReason.COMPLETED_DRUG_FREE):
    """Treated from `on` and discharged the same day."""
    treated(case, counsellor, approver, start=on)
    return services.discharge(case=fresh(case), user=counsellor, on=on, reason=reason)


def followup(case, slot: str = Slot.ONE_MONTH) -> FollowUp:
    return FollowUp.objects.get(case=case, slot=slot)


def record(case, user, *, slot: str = Slot.ONE_MONTH, on: date = TODAY, reached: bool = True,
           situation: str = "drug_free", goal_holds: bool | None = True, note: str = "Stoffri, i job."):
    if not reached:
        situation, goal_holds = "", None
    return services.followup_record(
        followup=followup(case, slot), user=user, on=on, reached=reached, situation=situation,
        goal_holds=goal_holds, note=note,
    )
