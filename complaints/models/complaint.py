"""A citizen's complaint: registered, reconsidered by the municipality and forwarded, or recorded and guided.

Every state change goes through `Complaint.perform`, which locks the row, checks state, conditions and
permission, runs the transition and saves it with the actor in the history, in one transaction (as
`Case.perform` does). Services in complaints/services.py compose it with the case and the documents.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models, transaction
from django.utils import timezone
from django_fsm import RETURN_VALUE, FSMField, can_proceed, has_transition_perm, transition
from simple_history.models import HistoricalRecords

from cases.formats import short_date
from cases.models import Case, Deadline, DeadlineKind, DeadlineRule, DeadlineStatus, TransitionRefused
from cases.validators import validate_date_in_range
from tariffs.choices import ComplaintRoute, LegalBasisCode, Substance
from tariffs.models import LegalBasis

from .states import (
    LABELS,
    NOTE_MAX,
    REASON_MAX,
    REOPENING_APPEALS,
    REOPENING_RECONSIDERATIONS,
    TEXT_MAX,
    About,
    AppealOutcome,
    ComplaintChannel,
    ComplaintState,
    ReconsiderationOutcome,
)

# The guarantee is the law's for the substance: drugs Serviceloven § 101, alcohol Sundhedsloven § 141, stk. 2.
GUARANTEE_BASIS = {Substance.DRUGS: LegalBasisCode.SEL_101, Substance.ALCOHOL: LegalBasisCode.SUL_141}
# Routes decided by what the complaint is about, whatever the legal basis (DOMAIN.md, "Complaints").
ROUTE_BY_ABOUT = {
    About.STAFF: ComplaintRoute.INTERNAL,
    About.HEALTH: ComplaintRoute.PATIENTKLAGER,
    About.SELF_PAYMENT: ComplaintRoute.ANKESTYRELSEN,
}


def _may(perm: str):
    def check(complaint: "Complaint", user) -> bool:
        return user.has_perm(f"complaints.{perm}") and user.can_see_case(complaint.case)

    check.__name__ = f"may_{perm}"
    return check


def _late_settled(complaint: "Complaint") -> bool:
    return not complaint.needs_late_decision


def _guided_route(complaint: "Complaint") -> bool:
    return not complaint.reconsiders


def _needs_late_decision(complaint: "Complaint") -> bool:
    return complaint.needs_late_decision


def _settle(deadline: Deadline, on: date) -> None:
    """The municipality acted on `on`: the deadline is met if that was in time, else missed (and says so)."""
    if not deadline.is_open:
        return
    deadline.status = DeadlineStatus.MET if on <= deadline.due_date else DeadlineStatus.MISSED
    deadline.resolved_on = on
    deadline.save(update_fields=["status", "resolved_on"])


def _cancel(deadline: Deadline, event: str) -> None:
    if not deadline.is_open:
        return
    today = timezone.localdate()
    deadline.status = DeadlineStatus.CANCELLED
    deadline.resolved_on = today
    deadline.note = f"{event} {short_date(today)} – fristen bortfalder."
    deadline.save(update_fields=["status", "resolved_on", "note"])


class ComplaintQuerySet(models.QuerySet):
    def for_user(self, user) -> "ComplaintQuerySet":
        """A complaint is seen by whoever may see its case (the same rule, the same query)."""
        return self.filter(case__in=Case.objects.for_user(user))

    def for_panel(self) -> "ComplaintQuerySet":
        """The case page's list, with the deadlines it shows, in one query however many complaints."""
        return self.select_related("decision", "reconsideration_deadline", "forward_deadline").order_by(
            "-received_date", "-pk"
        )


class Complaint(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="complaints", verbose_name="sag")
    decision = models.ForeignKey(
        "visitation.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="afgørelse",
    )
    received_date = models.DateField("modtaget", validators=[validate_date_in_range])
    channel = models.CharField("klageform", max_length=8, choices=ComplaintChannel.choices)
    oral_note = models.TextField(
        "notat om den mundtlige klage",
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
        help_text="Hvad borgeren sagde, skrevet ned ved modtagelsen.",
    )
    about = models.CharField("klagen drejer sig om", max_length=16, choices=About.choices)
    text = models.TextField("klagens indhold", blank=True, validators=[MaxLengthValidator(TEXT_MAX)])  # clean() asks for it
    route = models.CharField("klagevej", max_length=16, choices=ComplaintRoute.choices)
    in_time = models.BooleanField("rettidig", null=True, blank=True, help_text="Tom: der gælder ingen klagefrist.")
    complaint_deadline = models.DateField("klagefrist", null=True, blank=True)
    late_accepted = models.BooleanField("for sen klage behandles alligevel", null=True, blank=True)
    late_reason = models.TextField("begrundelse", blank=True, validators=[MaxLengthValidator(REASON_MAX)])
    late_decided_by = models.ForeignKey(
        "cases.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="vurderet af"
    )
    late_decided_at = models.DateTimeField(null=True, blank=True, verbose_name="vurderet")
    registered_by = models.ForeignKey(
        "cases.User", on_delete=models.PROTECT, related_name="+", verbose_name="registreret af"
    )
    registered_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name="registreret")
    state = FSMField("status", default=ComplaintState.REGISTERED, choices=ComplaintState.choices, protected=True)
    reconsideration_deadline = models.ForeignKey(
        Deadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="frist for genvurdering"
    )
    forward_deadline = models.ForeignKey(
        Deadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="frist for videresendelse"
    )
    reconsideration_outcome = models.CharField(
        "genvurdering", max_length=20, choices=ReconsiderationOutcome.choices, blank=True
    )
    reconsidered_on = models.DateField("genvurderet den", null=True, blank=True)
    reconsideration_note = models.TextField(
        "kommunens begrundelse", blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    reconsidered_by = models.ForeignKey(
        "cases.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="genvurderet af"
    )
    appeal_outcome = models.CharField(
        "Ankestyrelsens afgørelse", max_length=12, choices=AppealOutcome.choices, blank=True
    )
    appeal_decided_on = models.DateField("Ankestyrelsens afgørelse den", null=True, blank=True)

    # Audited in full: the complaint's timeline is its history (history_user the actor, the change reason
    # the transition), which a citizen or Ankestyrelsen may ask to see.
    history = HistoricalRecords()
    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = "klage"
        verbose_name_plural = "klager"
        ordering = ["-received_date", "-pk"]
        permissions = [
            ("register_complaint", "Kan registrere klager"),
            ("decide_complaint", "Kan genvurdere klager og registrere deres udfald"),
        ]

    def __str__(self) -> str:
        return f"Klage {self.pk} ({short_date(self.received_date)})"

    # --- what the law says about this complaint (computed once, at registration) ------------------------
    def legal_basis(self) -> LegalBasis | None:
        """The legal basis the route follows: the decision's, or for a guarantee the law behind it."""
        if self.decision_id:
            return self.decision.legal_basis
        if self.about == About.GUARANTEE:
            return LegalBasis.objects.get(code=GUARANTEE_BASIS[self.case.substance])
        return None

    def compute_route(self) -> str:
        if self.about in ROUTE_BY_ABOUT:
            return ROUTE_BY_ABOUT[self.about]
        basis = self.legal_basis()
        return basis.complaint_route if basis else ComplaintRoute.ANKESTYRELSEN

    def compute_deadline(self) -> date | None:
        """The citizen's complaint deadline: the decision's, or 4 weeks after the guarantee was broken.

        The guarantee's deadline runs from its due date (the last day treatment could start) under the
        complaint rule (retssikkerhedsloven § 67), from the deadline engine; staff, health and self-payment
        complaints have none here.
        """
        if self.about == About.DECISION:
            return self.decision.complaint_deadline if self.decision_id else None
        if self.about == About.GUARANTEE:
            guarantee = self.case.guarantee_deadline()
            return DeadlineRule.due(DeadlineKind.COMPLAINT, guarantee.due_date) if guarantee else None
        return None

    def assess(self) -> None:
        """Fill route, deadline and whether the complaint came in time."""
        self.route = self.compute_route()
        self.complaint_deadline = self.compute_deadline()
        self.in_time = None if self.complaint_deadline is None else self.received_date <= self.complaint_deadline

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.channel == ComplaintChannel.ORAL and not self.oral_note.strip():
            errors["oral_note"] = "En mundtlig klage skal noteres: skriv, hvad borgeren sagde."
        if not (self.text or "").strip():
            errors["text"] = "Skriv, hvad klagen går ud på."
        decision = self.decision if self.decision_id else None
        if self.about == About.DECISION and decision is None:
            errors["decision"] = "Vælg den afgørelse, klagen drejer sig om."
        if decision is not None and decision.case_id != self.case_id:
            errors["decision"] = "Afgørelsen hører ikke til denne sag."
        if self.about == About.GUARANTEE and self.case_id and not self.case.guarantee_deadline():
            errors["about"] = "Sagen har ingen behandlingsgaranti (fx anonym behandling efter § 101 a)."
        if self.received_date:
            if self.received_date > today:
                errors["received_date"] = "Modtagelsesdatoen kan ikke ligge i fremtiden."
            elif decision is not None and decision.case_id == self.case_id and self.received_date < decision.received_date:
                errors["received_date"] = (
                    f"Klagen kan ikke være modtaget før afgørelsen, som borgeren modtog "
                    f"{short_date(decision.received_date)}."
                )
            elif self.case_id and self.received_date < self.case.inquiry_date:
                errors["received_date"] = "Klagen kan ikke være modtaget før henvendelsen."
        if errors:
            raise ValidationError(errors)

    # --- reading ------------------------------------------------------------------------------------
    @property
    def is_late(self) -> bool:
        return self.in_time is False

    @property
    def needs_late_decision(self) -> bool:
        return self.is_late and self.late_accepted is None

    @property
    def reconsiders(self) -> bool:
        """The municipality reconsiders and forwards only on the Ankestyrelsen route."""
        return self.route == ComplaintRoute.ANKESTYRELSEN

    @property
    def stored_kinds(self) -> set[str]:
        return set(self.documents.values_list("kind", flat=True))

    @property
    def was_forwarded(self) -> bool:
        return self.state in (ComplaintState.FORWARDED, ComplaintState.APPEAL_DECIDED)

    @property
    def reopens(self) -> bool:
        return self.reconsideration_outcome in REOPENING_RECONSIDERATIONS or self.appeal_outcome in REOPENING_APPEALS

    # --- the state machine --------------------------------------------------------------------------
    @transition(
        field=state, source=ComplaintState.REGISTERED, target=ComplaintState.GUIDED, conditions=[_guided_route]
    )
    def guide(self) -> None:
        """Routes without reconsideration: recorded, and the citizen told where to go. Part of registering
        (the service checks who may), so never a step of its own afterwards."""

    @transition(
        field=state,
        source=ComplaintState.REGISTERED,
        target=RETURN_VALUE(ComplaintState.REGISTERED, ComplaintState.CLOSED),
        permission=_may("decide_complaint"),
        conditions=[_needs_late_decision],
    )
    def decide_late(self, *, accept: bool, reason: str, by) -> str:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": "Begrund beslutningen om den for sene klage."})
        self.late_accepted = accept
        self.late_reason = reason
        self.late_decided_by = by
        self.late_decided_at = timezone.now()
        self.full_clean(exclude=["state"], validate_unique=False, validate_constraints=False)
        if accept:
            return ComplaintState.REGISTERED
        for deadline in (self.reconsideration_deadline, self.forward_deadline):
            if deadline is not None and deadline.is_open:
                _cancel(deadline, "Klagen er afvist som for sen")
        return ComplaintState.CLOSED

    @transition(
        field=state,
        source=ComplaintState.REGISTERED,
        target=RETURN_VALUE(ComplaintState.RECONSIDERED, ComplaintState.FORWARDED),
        permission=_may("decide_complaint"),
        conditions=[_late_settled],
    )
    def reconsider(self, *, outcome: str, on: date, note: str, by) -> str:
        """Record the reconsideration and settle its deadline; upheld forwards, the others reopen."""
        if outcome not in ReconsiderationOutcome.values:
            raise ValidationError({"outcome": "Vælg medhold, delvist medhold eller fastholdelse."})
        note = (note or "").strip()
        errors = {}
        if on > timezone.localdate():
            errors["date"] = "Genvurderingen kan ikke dateres i fremtiden."
        elif on < self.received_date:
            errors["date"] = f"Genvurderingen kan ikke ligge før klagen blev modtaget ({short_date(self.received_date)})."
        if not note:
            errors["note"] = "Skriv kommunens begrundelse for genvurderingen."
        if errors:
            raise ValidationError(errors)
        self.reconsideration_outcome = outcome
        self.reconsidered_on = on
        self.reconsideration_note = note
        self.reconsidered_by = by
        self.full_clean(exclude=["state"], validate_unique=False, validate_constraints=False)
        if self.reconsideration_deadline is not None:
            _settle(self.reconsideration_deadline, on)
        if outcome == ReconsiderationOutcome.UPHELD:
            if self.forward_deadline is not None:
                _settle(self.forward_deadline, on)
            return ComplaintState.FORWARDED
        if self.forward_deadline is not None and self.forward_deadline.is_open:
            _cancel(self.forward_deadline, "Klageren har fået medhold; klagen sendes ikke til Ankestyrelsen")
        return ComplaintState.RECONSIDERED

    @transition(
        field=state,
        source=ComplaintState.FORWARDED,
        target=ComplaintState.APPEAL_DECIDED,
        permission=_may("decide_complaint"),
    )
    def record_appeal_outcome(self, *, outcome: str, on: date) -> None:
        if outcome not in AppealOutcome.values:
            raise ValidationError({"outcome": "Vælg stadfæstet, ændret, hjemvist eller afvist."})
        if on > timezone.localdate():
            raise ValidationError({"date": "Ankestyrelsens afgørelse kan ikke dateres i fremtiden."})
        if self.reconsidered_on and on < self.reconsidered_on:
            raise ValidationError(
                {
                    "date": "Ankestyrelsens afgørelse kan ikke ligge før videresendelsen "
                    f"({short_date(self.reconsidered_on)})."
                }
            )
        self.appeal_outcome = outcome
        self.appeal_decided_on = on

    # --- performing transitions -----------------------------------------------------------------------
    def transition_names(self) -> list[str]:
        return [t.name for t in self.get_available_state_transitions()]

    def transitions_for(self, user) -> list[str]:
        return [t.name for t in self.get_available_user_state_transitions(user)]

    def ensure_can(self, name: str, *, user) -> None:
        """Raise TransitionRefused (409) or PermissionDenied (403) unless `user` may run `name` now."""
        method = getattr(self, name)
        if not can_proceed(method, check_conditions=False):
            raise TransitionRefused(self, name, self.state_refusal(name))
        if not can_proceed(method):
            raise TransitionRefused(self, name, self.condition_refusal(name))
        if not has_transition_perm(method, user):
            raise PermissionDenied(f"Du har ikke adgang til at udføre '{LABELS[name]}' på denne klage.")

    def perform(self, name: str, *, user, **kwargs) -> "Complaint":
        """Run transition `name` for `user` with the row locked, and record it; return the saved complaint.

        A second person doing the same at the same moment waits for the lock, then finds the new state and
        is refused: exactly one reconsideration, one appeal outcome.
        """
        with transaction.atomic():
            complaint = (
                type(self).objects.select_for_update(of=("self",))
                .select_related("case", "decision", "reconsideration_deadline", "forward_deadline")
                .get(pk=self.pk)
            )
            complaint.ensure_can(name, user=user)
            getattr(complaint, name)(**kwargs)
            complaint._history_user = user
            complaint._change_reason = name
            complaint.save()
        return complaint

    def state_refusal(self, name: str) -> str:
        if name == "reconsider" and self.reconsideration_outcome:
            return (
                f"Klagen er allerede genvurderet {short_date(self.reconsidered_on)} "
                f"({self.get_reconsideration_outcome_display().lower()}). Den kan ikke genvurderes igen."
            )
        if name == "reconsider" and not self.reconsiders:
            return f"Klagen genvurderes ikke af kommunen: klagevejen er {self.get_route_display()}."
        if name == "reconsider" and self.state == ComplaintState.CLOSED:
            return "Klagen er afvist som for sen og kan ikke genvurderes."
        if name == "record_appeal_outcome" and self.state == ComplaintState.APPEAL_DECIDED:
            return "Ankestyrelsens afgørelse er allerede registreret."
        if name == "record_appeal_outcome":
            return "Ankestyrelsens afgørelse kan først registreres, når klagen er sendt til Ankestyrelsen."
        if name == "decide_late" and self.late_accepted is not None:
            return "Der er allerede truffet beslutning om den for sene klage."
        return f"Handlingen '{LABELS[name]}' er ikke mulig, når klagen har status '{self.get_state_display()}'."

    def condition_refusal(self, name: str) -> str:
        if name == "reconsider":
            return (
                "Klagen er kommet for sent. Beslut først, med en begrundelse, om den alligevel skal behandles."
            )
        if name == "decide_late" and not self.is_late:
            return "Klagen er ikke for sen; der skal ikke træffes beslutning om fristen."
        return "Der er allerede truffet beslutning om den for sene klage."

