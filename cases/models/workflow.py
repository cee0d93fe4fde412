"""How a Case's transitions are chosen, checked and performed (the mixin `Case` inherits), and who may run them.

Split from cases/models/case.py, which holds the fields and the transitions themselves. The guards are the
django-fsm `permission` and `conditions` callables the transitions name; `perform` is the only way a state
changes: the row locked, state, conditions and permission checked, the transition run and saved with its actor
in the history, in one transaction.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_fsm import can_proceed, has_transition_perm

from .deadline import DeadlineKind, DeadlineStatus
from .states import COMPLAINT_TRANSITIONS, FOUR_EYES_MESSAGE, TRANSITION_LABELS, CaseState, TransitionRefused

if TYPE_CHECKING:
    from .case import Case

FOLLOWUP_KINDS = (DeadlineKind.FOLLOWUP_1M, DeadlineKind.FOLLOWUP_6M)


# --- who may do what: permission callables for django-fsm (instance, user) -> bool -----------------
def _may(perm: str):
    def check(case: "Case", user) -> bool:
        return user.has_perm(f"cases.{perm}") and user.can_see_case(case)

    check.__name__ = f"may_{perm}"
    return check


def _may_decide(case: "Case", user) -> bool:
    """Four-eyes, enforced here and only here: the recommender never decides, administrators included."""
    return _may("decide_case")(case, user) and not case.is_recommender(user)


def _has_unit(case: "Case") -> bool:
    return case.unit_id is not None


def _awaiting_decision(case: "Case") -> bool:
    return case.awaiting_decision


def _not_awaiting_decision(case: "Case") -> bool:
    return not case.awaiting_decision


def _followup_pending(case: "Case") -> bool:
    # A list that prefetched the deadlines (the API's case list) asks them, not the database once per row.
    prefetched = getattr(case, "_prefetched_objects_cache", {}).get("deadlines")
    if prefetched is not None:
        return any(d.status == DeadlineStatus.OPEN and d.kind in FOLLOWUP_KINDS for d in prefetched)
    return case.deadlines.open().filter(kind__in=FOLLOWUP_KINDS).exists()


class CaseWorkflow:
    # --- which transition a step takes (asked by the services, the views and the API alike) ---------
    def assessment_transition(self) -> str:
        """During treatment an assessment is a re-assessment; before it, it starts the assessment."""
        return "reassess" if self.state == CaseState.IN_TREATMENT else "start_assessment"

    def recommendation_transition(self) -> str:
        """A recommendation during treatment changes the tariff; before it, it asks for the first decision."""
        return "recommend_change" if self.state == CaseState.IN_TREATMENT else "recommend"

    def decision_transition(self, *, grant: bool = True) -> str:
        """A decision during treatment decides the change; before it, it grants or refuses."""
        if self.state == CaseState.IN_TREATMENT:
            return "decide_change"
        return "grant" if grant else "refuse"

    # --- performing transitions -----------------------------------------------------------------
    def transition_names(self) -> list[str]:
        return [t.name for t in self.get_available_state_transitions() if t.name not in COMPLAINT_TRANSITIONS]

    def transitions_for(self, user) -> list[str]:
        """What this user may do to the case now (state, conditions and permission all hold)."""
        return [
            t.name for t in self.get_available_user_state_transitions(user) if t.name not in COMPLAINT_TRANSITIONS
        ]

    def reopen_transition(self) -> str:
        """Reopening a decision during treatment keeps the case in treatment, as a change of tariff does."""
        return "reopen_change" if self.state == CaseState.IN_TREATMENT else "reopen_decision"

    def ensure_can(self, name: str, *, user) -> None:
        """Raise TransitionRefused or PermissionDenied if `user` may not run `name` now; else return.

        Services call this before validating their input, so a request in the wrong state is told so
        (409) rather than being told about its fields.
        """
        if name not in TRANSITION_LABELS:
            raise ValueError(f"unknown transition {name!r}")
        method = getattr(self, name)
        if not can_proceed(method, check_conditions=False):
            raise TransitionRefused(
                self,
                name,
                f"Handlingen '{TRANSITION_LABELS[name]}' er ikke mulig, når sagen har status "
                f"'{self.get_state_display()}'.",
            )
        if not can_proceed(method):
            raise TransitionRefused(self, name, self.refusal_reason(name))
        if not has_transition_perm(method, user):
            raise PermissionDenied(self.permission_refusal(name, user))

    def perform(self, name: str, *, user, **kwargs) -> "Case":
        """Run transition `name` for `user` with the row locked, and record it; return the saved case.

        Raises TransitionRefused (wrong state or unmet condition), PermissionDenied (this user may not)
        or ValidationError (bad input). In each case nothing is saved.
        """
        with transaction.atomic():
            case = type(self).objects.select_for_update().get(pk=self.pk)
            case.ensure_can(name, user=user)
            getattr(case, name)(**kwargs)
            case._history_user = user
            case._change_reason = name
            case.save()
        return case

    def is_recommender(self, user) -> bool:
        return self.recommended_by_id is not None and self.recommended_by_id == user.pk

    def permission_refusal(self, name: str, user) -> str:
        may_otherwise = _may("decide_case")(self, user)
        if name in {"grant", "refuse", "decide_change"} and self.is_recommender(user) and may_otherwise:
            return FOUR_EYES_MESSAGE
        return f"Du har ikke adgang til at udføre '{TRANSITION_LABELS[name]}' på denne sag."

    def refusal_reason(self, name: str) -> str:
        if name == "recommend_change" and self.awaiting_decision:
            return "Der er allerede en indstilling, som afventer afgørelse."
        if name == "reopen_change" and self.awaiting_decision:
            return "Der er allerede en indstilling, som afventer afgørelse. Træf den afgørelse først."
        if name == "decide_change" and not self.awaiting_decision:
            return "Der er ingen indstilling, som afventer afgørelse."
        if name == "record_followup" and not _followup_pending(self):
            return "Der er ingen opfølgning, som afventer registrering på sagen."
        if name == "recommend" and not _has_unit(self):
            return "Sagen skal være henvist til en KABS-enhed, før der kan indstilles en takst."
        return f"Betingelserne for '{TRANSITION_LABELS[name]}' er ikke opfyldt."
