"""The Case: one citizen's course from inquiry to discharge, as a state machine.

Every state change goes through `Case.perform`, which locks the row, checks state, conditions and
permission, runs the transition and saves it with the actor in the history (django-simple-history),
all in one transaction. Process apps (visitation, …) call `perform` and never set `state`.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.formats import short_date
from tariffs.choices import Substance

from .case_queries import (  # noqa: F401 - re-exported: the rest of the project imports them from here
    ACTIVE_STATES,
    GUARANTEE_URGENT_DAYS,
    READMISSION_MONTHS,
    CaseQuerySet,
    GuaranteeFilter,
    case_visibility,
)
from .deadline import CASE_COPIES, Deadline, DeadlineKind, DeadlineRule, DeadlineStatus
from .reference import CaseReferenceCounter
from .states import (
    TRANSITION_LABELS,
    CaseState,
    Channel,
    DischargeReason,
)
from .workflow import (
    FOLLOWUP_KINDS,
    CaseWorkflow,
    _awaiting_decision,
    _followup_pending,
    _has_unit,
    _may,
    _may_decide,
    _not_awaiting_decision,
)

# Bounded reasons: a sentence or two, which the case page and the timeline show in full.
REASON_LENGTH = 500
# What Case.timeline reads of each history row and of the user who made it.
TIMELINE_FIELDS = ("history_date", "history_change_reason", "state", "withdrawal_reason", "closure_reason", "history_user")
TIMELINE_USER_FIELDS = ("username", "first_name", "last_name")


class Case(CaseWorkflow, models.Model):
    # What a citizen quotes (GLO-2026-000123), given when the case is opened; never the raw id.
    reference = models.CharField("sagsnummer", max_length=20, unique=True, editable=False)
    citizen = models.ForeignKey(
        "cases.Citizen", on_delete=models.PROTECT, related_name="cases", verbose_name="borger"
    )
    # Copied from the citizen when the case is opened: the case belongs to the municipality that
    # decides and pays, even if the citizen later moves.
    # No index of its own: the composite indexes below all begin with it. A lone index on a column whose
    # value a fifth of the country's cases share tempted PostgreSQL to intersect it with the unit's few
    # cases, reading 200,000 index entries for a page of 25 (issue 11).
    municipality = models.ForeignKey(
        "cases.Municipality", on_delete=models.PROTECT, related_name="cases", verbose_name="kommune",
        db_index=False,
    )
    substance = models.CharField("rusmiddelområde", max_length=10, choices=Substance.choices)
    inquiry_date = models.DateField("henvendelsesdato")
    channel = models.CharField("henvendelsesform", max_length=12, choices=Channel.choices)
    unit = models.ForeignKey(
        "cases.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name="KABS-enhed",
    )
    summary = models.TextField("henvendelsens indhold", blank=True)
    state = FSMField("status", default=CaseState.INQUIRY, choices=CaseState.choices, protected=True)
    treatment_start = models.DateField("behandlingsstart", null=True, blank=True)
    free_choice_provider = models.CharField(
        "frit valgt leverandør",
        max_length=200,
        blank=True,
        help_text="Borgeren har valgt et andet tilbud (frit valg).",
    )
    guarantee_exceed_reason = models.TextField("begrundelse for overskridelse af garantien", blank=True)
    recommended_by = models.ForeignKey(
        "cases.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="indstillet af",
    )
    awaiting_decision = models.BooleanField("afventer afgørelse", default=False)
    discharge_date = models.DateField("udskrivningsdato", null=True, blank=True)
    discharge_reason = models.CharField(
        "udskrivningsårsag", max_length=24, choices=DischargeReason.choices, blank=True
    )
    withdrawal_reason = models.CharField("begrundelse for tilbagetrækning", max_length=REASON_LENGTH, blank=True)
    closure_reason = models.CharField("begrundelse for afslutning", max_length=REASON_LENGTH, blank=True)
    # Set once, when the inquiry is registered (Case.register_inquiry): lists and targets read the flag
    # instead of searching every citizen's earlier cases per row.
    readmission = models.BooleanField(
        "genindskrivning",
        default=False,
        editable=False,
        help_text=f"Borgeren var udskrevet inden for {READMISSION_MONTHS} måneder før henvendelsen.",
    )
    # Copies of the due dates of the case's open guarantee and open treatment period end, kept by the
    # deadlines (deadline.CASE_COPIES): the start pages sort and filter by them from an index.
    open_guarantee_due = models.DateField("åben behandlingsgaranti senest", null=True, editable=False)
    open_period_end = models.DateField("bevillingsperioden udløber", null=True, editable=False)
    created_by = models.ForeignKey(
        "cases.User", on_delete=models.PROTECT, null=True, related_name="+", verbose_name="oprettet af"
    )
    created_at = models.DateTimeField("oprettet", default=timezone.now, editable=False)
    modified = models.DateTimeField(auto_now=True, verbose_name="ændret")

    # Audited: everything but `modified` (history_date records when) and the deadlines' copies (the
    # deadlines have their own record). The change reason holds the
    # transition's name, history_user the actor: together they are the case's timeline.
    history = HistoricalRecords(excluded_fields=["modified", *CASE_COPIES.values()])
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "sag"
        verbose_name_plural = "sager"
        ordering = ["-inquiry_date", "-pk"]
        indexes = [
            models.Index(fields=["municipality", "state"]),
            models.Index(fields=["unit", "state"]),
            # The hot lists at national volume (issue 11): each list's predicate, so none scans the cases a
            # municipality ended years ago. Partial indexes work on SQLite too.
            models.Index(
                fields=["municipality", "inquiry_date"], condition=Q(state__in=ACTIVE_STATES),
                name="case_active_by_municipality",
            ),
            models.Index(
                fields=["municipality", "modified"], condition=Q(awaiting_decision=True),
                name="case_awaiting_by_municipality",
            ),
            models.Index(fields=["unit", "modified"], condition=Q(awaiting_decision=True), name="case_awaiting_by_unit"),
            # A unit's live cases, id included so the counsellor's open-deadline count joins them from the
            # index alone (Deadline.objects.responsible(open_only=True)).
            models.Index(fields=["unit", "id"], condition=Q(state__in=ACTIVE_STATES), name="case_live_by_unit"),
            # The caseworker's list, by days left on the guarantee (cases without one last), and the
            # counsellor's period sections: the deadlines' copies on the case, so no subquery per case.
            models.Index(
                fields=["municipality", "open_guarantee_due", "id"], condition=Q(state__in=ACTIVE_STATES),
                name="case_active_by_guarantee",
            ),
            models.Index(
                fields=["unit", "open_period_end"], condition=Q(state=CaseState.IN_TREATMENT),
                name="case_treated_by_period_end",
            ),
            # The counsellor's other sections, each in its own order: read in order from the unit's entries
            # and stopped after a page, rather than sorting the unit's thousands of cases (issue 11).
            models.Index(
                fields=["unit", "inquiry_date", "id"],
                condition=Q(state__in=[CaseState.INQUIRY, CaseState.ASSESSMENT]),
                name="case_unit_to_assess",
            ),
            models.Index(
                fields=["unit", "treatment_start", "id"], condition=Q(state=CaseState.IN_TREATMENT),
                name="case_unit_in_treatment",
            ),
            # The API's case list, newest first, read page by page with a cursor.
            models.Index(fields=["municipality", "-inquiry_date", "-id"], name="case_municipality_newest"),
        ]
        permissions = [
            ("register_inquiry", "Kan registrere henvendelser"),
            ("assess_case", "Kan foretage afdækning"),
            ("recommend_tariff", "Kan indstille takst"),
            ("decide_case", "Kan træffe afgørelse"),
            ("start_treatment", "Kan registrere behandlingsstart"),
            ("discharge_case", "Kan afslutte behandling (udskrive)"),
            ("record_followup", "Kan registrere opfølgning efter udskrivning"),
            ("close_case", "Kan afslutte sager"),
            ("withdraw_case", "Kan registrere tilbagetrækning"),
        ]

    def __str__(self) -> str:
        return f"Sag {self.reference}"

    def save(self, *args, **kwargs):
        # The deadlines' copies are written by the deadlines alone (copy_to_cases): a transition that settles
        # the guarantee and then saves the case must not write back the copy it read before.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # As Django does for a case read with .only(): its deferred fields are left as they are too.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in CASE_COPIES.values() and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    # --- registration -------------------------------------------------------------------------
    @classmethod
    def register_inquiry(
        cls, *, citizen, substance: str, inquiry_date: date, channel: str, user, unit=None, summary: str = ""
    ) -> "Case":
        """Open a case from an inquiry and start the clock on the treatment guarantee."""
        case = cls(
            citizen=citizen,
            municipality_id=citizen.municipality_id,
            substance=substance,
            inquiry_date=inquiry_date,
            channel=channel,
            unit=unit,
            summary=summary,
            created_by=user,
        )
        # The protected FSM field is never set by hand; the reference is given on saving, below.
        case.full_clean(exclude=["state", "reference"])
        case.readmission = (
            cls.objects.filter(citizen=citizen).discharged_within(READMISSION_MONTHS, inquiry_date).exists()
        )
        with transaction.atomic():
            # Inside the transaction: the counter row stays locked until the case is saved (reference.py).
            [case.reference] = CaseReferenceCounter.reserve(
                municipality=citizen.municipality, year=inquiry_date.year
            )
            case._history_user = user
            case._change_reason = "register_inquiry"
            case.save()
            for kind in case.guarantee_kinds():
                due = DeadlineRule.due(kind, inquiry_date, case.substance)
                Deadline.objects.create(case=case, kind=kind, due_date=due)
        return case

    def guarantee_kinds(self) -> list[str]:
        """Drugs (§ 101) and alcohol (Sundhedsloven § 141, stk. 2) both carry the 14-day guarantee, each
        under its own rule row; anonymous treatment (§ 101 a) has none."""
        if self.citizen.anonymous:
            return []
        return [DeadlineKind.TREATMENT_GUARANTEE]

    def clean(self) -> None:
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.inquiry_date and self.inquiry_date > today:
            errors["inquiry_date"] = "Henvendelsesdatoen kan ikke ligge i fremtiden."
        citizen = self.citizen if self.citizen_id else None
        if self.inquiry_date and citizen and citizen.birth_date and self.inquiry_date < citizen.birth_date:
            errors["inquiry_date"] = "Henvendelsesdatoen ligger før borgerens fødselsdato."
        if self.unit_id and self.substance and self.unit.substance != self.substance:
            errors["unit"] = "Enheden behandler ikke det valgte rusmiddelområde."
        if errors:
            raise ValidationError(errors)

    # --- the state machine ----------------------------------------------------------------------
    @transition(
        field=state, source=CaseState.INQUIRY, target=CaseState.ASSESSMENT, permission=_may("assess_case")
    )
    def start_assessment(self, *, unit=None) -> None:
        if unit is not None:
            self.unit = unit

    # From a refusal too: what the law allows next is a new recommendation from KABS (another tariff,
    # a changed need) for the municipality to decide again, or closing the case.
    @transition(
        field=state,
        source=[CaseState.ASSESSMENT, CaseState.REFUSED],
        target=CaseState.RECOMMENDED,
        permission=_may("recommend_tariff"),
        conditions=[_has_unit],
    )
    def recommend(self, *, recommended_by) -> None:
        self.recommended_by = recommended_by
        self.awaiting_decision = True

    # Changed needs during treatment: a new assessment, the case stays in treatment; it feeds the next
    # recommendation's proposal. A transition, so it is locked, permission-checked and in the history.
    @transition(
        field=state,
        source=CaseState.IN_TREATMENT,
        target=CaseState.IN_TREATMENT,
        permission=_may("assess_case"),
    )
    def reassess(self, *, unit=None) -> None:
        """The unit stays: a re-assessment is made by the unit that treats (the service checks the input)."""

    @transition(field=state, source=CaseState.RECOMMENDED, target=CaseState.GRANTED, permission=_may_decide)
    def grant(self) -> None:
        self.awaiting_decision = False

    @transition(field=state, source=CaseState.RECOMMENDED, target=CaseState.REFUSED, permission=_may_decide)
    def refuse(self) -> None:
        """A refusal ends the guarantee (there is no treatment to start); the complaint deadline the
        decision creates afterwards stays open."""
        self.awaiting_decision = False
        self._cancel_open_deadlines("Afslag truffet", kinds=[DeadlineKind.TREATMENT_GUARANTEE])

    # Re-placement during treatment: the case stays in treatment while a new tariff is recommended
    # and decided; `awaiting_decision` says a recommendation is pending.
    @transition(
        field=state,
        source=CaseState.IN_TREATMENT,
        target=CaseState.IN_TREATMENT,
        permission=_may("recommend_tariff"),
        conditions=[_not_awaiting_decision],
    )
    def recommend_change(self, *, recommended_by) -> None:
        self.recommended_by = recommended_by
        self.awaiting_decision = True

    @transition(
        field=state,
        source=CaseState.IN_TREATMENT,
        target=CaseState.IN_TREATMENT,
        permission=_may_decide,
        conditions=[_awaiting_decision],
    )
    def decide_change(self) -> None:
        self.awaiting_decision = False

    # A complaint's outcome (the municipality's own reconsideration, or Ankestyrelsen changing or sending the
    # decision back) reopens the decision: the case waits for a new decision on a recommendation the
    # complaints service puts back, decided through the ordinary decision step with its own letter.
    @transition(
        field=state,
        source=[CaseState.GRANTED, CaseState.REFUSED, CaseState.CLOSED],
        target=CaseState.RECOMMENDED,
        permission=_may("decide_case"),
    )
    def reopen_decision(self) -> None:
        self.awaiting_decision = True

    @transition(
        field=state,
        source=CaseState.IN_TREATMENT,
        target=CaseState.IN_TREATMENT,
        permission=_may("decide_case"),
        conditions=[_not_awaiting_decision],
    )
    def reopen_change(self) -> None:
        self.awaiting_decision = True

    @transition(
        field=state,
        source=CaseState.GRANTED,
        target=CaseState.IN_TREATMENT,
        permission=_may("start_treatment"),
    )
    def start_treatment(
        self, *, start: date, free_choice_provider: str = "", exceed_reason: str = ""
    ) -> None:
        """Record the start and settle the guarantee: met, missed (reason required) or waived (free choice)."""
        if start < self.inquiry_date:
            raise ValidationError({"date": "Behandlingen kan ikke starte før henvendelsesdatoen."})
        if start > timezone.localdate():
            raise ValidationError({"date": "Behandlingsstart kan ikke registreres i fremtiden."})
        guarantee = self.guarantee_deadline()
        free_choice_provider, exceed_reason = free_choice_provider.strip(), exceed_reason.strip()
        if guarantee and guarantee.is_open:
            if free_choice_provider:
                guarantee.status = DeadlineStatus.WAIVED
                guarantee.note = f"Borgeren har valgt et andet tilbud: {free_choice_provider}"
            elif start <= guarantee.due_date:
                guarantee.status = DeadlineStatus.MET
            elif not exceed_reason:
                raise ValidationError(
                    {
                        "exceed_reason": f"Behandlingsgarantien udløb {short_date(guarantee.due_date)}. "
                        "Angiv begrundelsen for, at fristen er overskredet."
                    }
                )
            else:
                guarantee.status = DeadlineStatus.MISSED
                guarantee.note = exceed_reason
            guarantee.resolved_on = start
            guarantee.save(update_fields=["status", "note", "resolved_on"])
        self.treatment_start = start
        self.free_choice_provider = free_choice_provider
        self.guarantee_exceed_reason = exceed_reason

    @transition(
        field=state,
        source=CaseState.IN_TREATMENT,
        target=CaseState.DISCHARGED,
        permission=_may("discharge_case"),
    )
    def discharge(self, *, on: date, reason: str) -> None:
        """End treatment on `on`: the granted period's deadline lapses and the follow-ups at 1 and 6
        months are opened (lengths from their DeadlineRule rows). Ending the grant itself is the
        discharge service's (followups/services.py), as the grant belongs to visitation."""
        if reason not in DischargeReason.values:
            raise ValidationError({"reason": "Vælg årsagen til, at behandlingen afsluttes."})
        if self.treatment_start and on < self.treatment_start:
            raise ValidationError(
                {"date": f"Behandlingen kan ikke afsluttes før behandlingsstarten ({short_date(self.treatment_start)})."}
            )
        if on > timezone.localdate():
            raise ValidationError({"date": "Afslutning af behandlingen kan ikke registreres i fremtiden."})
        self.discharge_date = on
        self.discharge_reason = reason
        self._cancel_open_deadlines("Behandlingen er afsluttet", kinds=[DeadlineKind.TREATMENT_PERIOD_END])
        Deadline.objects.bulk_create(
            Deadline(case=self, kind=kind, due_date=DeadlineRule.due(kind, on, self.substance))
            for kind in FOLLOWUP_KINDS
        )

    # A follow-up talk (or a failed attempt at one) after discharge. A transition, so it is locked,
    # permission-checked and in the case's history; the talk's content is the followups app's.
    @transition(
        field=state,
        source=CaseState.DISCHARGED,
        target=CaseState.DISCHARGED,
        permission=_may("record_followup"),
        conditions=[_followup_pending],
    )
    def record_followup(self, *, kind: str, on: date, concluded: bool) -> None:
        """Close the follow-up's deadline once the follow-up is concluded (held, or the citizen could not be
        reached): met if on time, missed if after the due date. An attempt that concludes nothing leaves it."""
        if on < self.discharge_date:
            raise ValidationError({"date": "Opfølgningen kan ikke ligge før behandlingen blev afsluttet."})
        if on > timezone.localdate():
            raise ValidationError({"date": "Opfølgningen kan ikke registreres i fremtiden."})
        if not concluded:
            return
        deadline = self.deadlines.open().get(kind=kind)
        deadline.status = DeadlineStatus.MET if on <= deadline.due_date else DeadlineStatus.MISSED
        deadline.resolved_on = on
        if deadline.status == DeadlineStatus.MISSED:
            deadline.note = f"Opfølgningen blev afsluttet {short_date(on)}, efter fristen."
        deadline.save(update_fields=["status", "resolved_on", "note"])

    @transition(
        field=state,
        source=[CaseState.DISCHARGED, CaseState.REFUSED, CaseState.WITHDRAWN],
        target=CaseState.CLOSED,
        permission=_may("close_case"),
    )
    def close(self, *, reason: str) -> None:
        """Closing ends everything still open, pending follow-ups included; the reason says why."""
        self.closure_reason = self._required_reason(reason, "Skriv, hvorfor sagen afsluttes.")
        self._cancel_open_deadlines("Sagen er afsluttet")

    @transition(
        field=state,
        source=[CaseState.INQUIRY, CaseState.ASSESSMENT, CaseState.RECOMMENDED, CaseState.GRANTED],
        target=CaseState.WITHDRAWN,
        permission=_may("withdraw_case"),
    )
    def withdraw(self, *, reason: str) -> None:
        self.withdrawal_reason = self._required_reason(reason, "Skriv, hvorfor henvendelsen trækkes tilbage.")
        self._cancel_open_deadlines("Sagen er trukket tilbage")

    @staticmethod
    def _required_reason(reason: str, missing: str) -> str:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"reason": missing})
        if len(reason) > REASON_LENGTH:
            raise ValidationError({"reason": f"Begrundelsen må højst være {REASON_LENGTH} tegn (den er {len(reason)})."})
        return reason

    def _cancel_open_deadlines(self, event: str, *, kinds: list[str] | None = None) -> None:
        """Cancel the open deadlines (or those of `kinds`) with a dated note saying why, so a cancelled
        guarantee never counts down and the case page shows what ended it."""
        today = timezone.localdate()
        deadlines = self.deadlines.open()
        if kinds is not None:
            deadlines = deadlines.filter(kind__in=kinds)
        guarantee = models.Q(kind=DeadlineKind.TREATMENT_GUARANTEE)
        for condition, what in ((guarantee, "garantien"), (~guarantee, "fristen")):
            deadlines.filter(condition).update(
                status=DeadlineStatus.CANCELLED,
                resolved_on=today,
                note=f"{event} {short_date(today)} – {what} bortfalder.",
            )

    # --- reading ------------------------------------------------------------------------------
    def needs_reevaluation(self) -> bool:
        annotated = getattr(self, "needs_reevaluation_now", None)  # CaseQuerySet.for_case_page()
        if annotated is not None:
            return annotated
        return type(self).objects.filter(pk=self.pk).needing_reevaluation().exists()

    def guarantee_summary(self, today: date) -> dict | None:
        """The guarantee as a list row shows it, from `with_guarantee()`'s annotations (no query).

        `urgent`: open with GUARANTEE_URGENT_DAYS or fewer left (or overdue), so the row stands out.
        """
        due, status = getattr(self, "guarantee_due", None), getattr(self, "guarantee_status", None)
        if due is None:
            return None
        if status != DeadlineStatus.OPEN:
            return {"is_open": False, "due": due, "status_label": DeadlineStatus(status).label}
        days = (due - today).days
        return {"is_open": True, "due": due, "days_left": days, "urgent": days <= GUARANTEE_URGENT_DAYS,
                "overdue": days < 0}

    @property
    def is_refused(self) -> bool:
        return self.state == CaseState.REFUSED

    @property
    def lacks_unit(self) -> bool:
        """An inquiry not yet referred to a KABS unit: nobody at KABS sees it until the municipality does."""
        return self.unit_id is None and self.state == CaseState.INQUIRY

    def guarantee_deadline(self) -> Deadline | None:
        return self.deadlines.filter(kind=DeadlineKind.TREATMENT_GUARANTEE).order_by("due_date").first()

    def timeline(self) -> list[dict]:
        """The case's history as events a caseworker can read: what happened, who did it, when."""
        events = []
        # Only what an event shows: a history row carries every field of the case (the summary too) and the
        # user every field of the account; a long history on the case page need not read and build them all.
        records = (
            self.history.select_related("history_user")
            .only(*TIMELINE_FIELDS, *(f"history_user__{name}" for name in TIMELINE_USER_FIELDS))
            .order_by("history_date", "history_id")
        )
        for record in records:
            reason = record.history_change_reason or ""
            if reason == "register_inquiry":
                label = "Henvendelse registreret"
            elif reason in TRANSITION_LABELS:
                label = f"{TRANSITION_LABELS[reason]} → {CaseState(record.state).label}"
                why = {"withdraw": record.withdrawal_reason, "close": record.closure_reason}.get(reason)
                if why:
                    label = f"{label}: {why}"
            else:
                label = "Sagen er ændret"
            events.append({"at": record.history_date, "label": label, "user": record.history_user})
        return events
