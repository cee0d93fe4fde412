"""After treatment: discharge, and the follow-ups it opens.

Discharge crosses apps: the Case's transition (cases) opens the follow-up deadlines, the grant in force
ends on the discharge date (visitation, so the committed cost stops), and one FollowUp per slot is written
here. Views and the API call these functions; the rules live on the models they name.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator

from cases.formats import short_date
from cases.models import Case, Notification, NotificationKind, Role, TransitionRefused
from cases.models.case import FOLLOWUP_KINDS
from cases.models.deadline import MUNICIPALITY
from visitation.services import grants_end

from .models import ATTEMPT_NOTE_LENGTH, CONCLUSION_LENGTH, Attempt, FollowUp, FollowUpStatus, Situation

# Who receives a concluded follow-up: the municipality's caseworkers follow the case (DOMAIN.md, "Who uses it").
RECEIVERS = ((Role.CASEWORKER, MUNICIPALITY),)


def discharge(*, case: Case, user, on: date, reason: str) -> Case:
    """End treatment on `on` with `reason`; the grant ends that day and the follow-ups are opened."""
    with transaction.atomic():
        case = case.perform("discharge", user=user, on=on, reason=reason)
        grants_end(case=case, on=on)
        deadlines = case.deadlines.filter(kind__in=FOLLOWUP_KINDS).open()
        FollowUp.objects.bulk_create(
            FollowUp(case=case, slot=deadline.kind, due_date=deadline.due_date) for deadline in deadlines
        )
    return case


def followup_record(
    *,
    followup: FollowUp,
    user,
    on: date,
    reached: bool,
    situation: str = "",
    goal_holds: bool | None = None,
    note: str = "",
) -> FollowUp:
    """Record a follow-up talk, or an attempt at one that did not reach the citizen.

    1. The case must allow it (discharged, the user a counsellor of its unit): else 409 / 403.
    2. The slot must still be pending, checked with the follow-up row locked: a second recording for the
       same slot, even a concurrent one, is refused and changes nothing.
    3. Reached: situation, whether the goal holds and a conclusion are required; the follow-up is done.
       Not reached: the attempt is kept; the municipality's last allowed attempt concludes it as unreachable.
    4. A concluded follow-up closes its deadline (the Case's transition) and tells the municipality.
    """
    case = followup.case
    case.ensure_can("record_followup", user=user)
    note = (note or "").strip()
    with transaction.atomic():
        followup = FollowUp.objects.select_for_update().select_related("case__municipality").get(pk=followup.pk)
        if not followup.is_pending:
            raise TransitionRefused(
                case,
                "record_followup",
                f"{followup.get_slot_display()} er allerede registreret ({followup.get_status_display().lower()} "
                f"{short_date(followup.held_on)}). Den kan ikke registreres igen.",
            )
        _check(reached=reached, situation=situation, goal_holds=goal_holds, note=note)
        attempts = followup.attempts.filter(reached=False).count() + (0 if reached else 1)
        allowed = followup.case.municipality.followup_attempts
        concluded = reached or attempts >= allowed
        case = case.perform("record_followup", user=user, kind=followup.slot, on=on, concluded=concluded)
        # A reached talk's note is the conclusion, kept on the follow-up; an attempt keeps its own note.
        Attempt.objects.create(followup=followup, date=on, reached=reached, note="" if reached else note, created_by=user)
        if concluded:
            followup.held_on, followup.recorded_by = on, user
            if reached:
                followup.status = FollowUpStatus.DONE
                followup.situation, followup.goal_holds, followup.conclusion = situation, goal_holds, note
            else:
                followup.status = FollowUpStatus.UNREACHABLE
                followup.conclusion = f"Borgeren kunne ikke træffes efter {attempts} forsøg."
            followup._history_user = user
            followup.save()
            _tell_municipality(case=case, followup=followup)
    return followup


def _check(*, reached: bool, situation: str, goal_holds: bool | None, note: str) -> None:
    errors = {}
    if reached:
        if situation not in Situation.values:
            errors["situation"] = "Vælg borgerens situation."
        if goal_holds is None:
            errors["goal_holds"] = "Angiv, om målet i behandlingsplanen holder."
        if not note:
            errors["note"] = "Skriv konklusionen, som kommunen modtager."
    elif situation or goal_holds is not None:
        errors["reached"] = "Situation og mål registreres kun, når borgeren er truffet."
    limit, what = (CONCLUSION_LENGTH, "Konklusionen") if reached else (ATTEMPT_NOTE_LENGTH, "Bemærkningen")
    if len(note) > limit:
        errors["note"] = f"{what} må højst være {limit} tegn (den er {len(note)})."
    if errors:
        raise ValidationError(errors)


def _tell_municipality(*, case: Case, followup: FollowUp) -> None:
    """One notification per caseworker of the municipality; the message names the case, never the citizen."""
    deadline = case.deadlines.get(kind=followup.slot)
    message = Truncator(
        f"Sag {case.pk}: {followup.get_slot_display().lower()} er afsluttet "
        f"({followup.get_status_display().lower()}). Konklusionen står på sagen."
    ).chars(Notification._meta.get_field("message").max_length)
    Notification.objects.bulk_create(
        [
            Notification(user=person, deadline=deadline, kind=NotificationKind.FOLLOWUP_CONCLUDED, message=message)
            for person in deadline.responsible_users(holders=RECEIVERS)
        ],
        ignore_conflicts=True,
    )

