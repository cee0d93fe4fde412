"""Follow-up (opfølgning) after discharge: one per slot (1 and 6 months) per discharge.

A follow-up is a talk with the citizen on the current situation and whether the plan's goal holds; the
municipality receives the conclusion (DOMAIN.md, process step 9). A citizen who cannot be reached after
the municipality's number of attempts (Municipality.followup_attempts) is recorded as unreachable, which
concludes the follow-up too. The case's deadline for the slot is the legal clock; this is the content.
"""

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cases.formats import short_date
from cases.models import Case, CaseState, DeadlineKind

# The conclusion the municipality receives is short: a few sentences, shown on the case page in full.
CONCLUSION_LENGTH = 1000
ATTEMPT_NOTE_LENGTH = 500


class Slot(models.TextChoices):
    ONE_MONTH = DeadlineKind.FOLLOWUP_1M.value, "Opfølgning efter 1 måned"
    SIX_MONTHS = DeadlineKind.FOLLOWUP_6M.value, "Opfølgning efter 6 måneder"


class Situation(models.TextChoices):
    DRUG_FREE = "drug_free", "Stoffri"
    REDUCED = "reduced", "Reduceret forbrug"
    STABILISED = "stabilised", "Stabiliseret"
    UNCHANGED = "unchanged", "Uændret"
    RELAPSE = "relapse", "Tilbagefald"


class FollowUpStatus(models.TextChoices):
    PENDING = "pending", "Afventer"
    DONE = "done", "Gennemført"
    UNREACHABLE = "unreachable", "Borgeren kunne ikke træffes"


class FollowUpQuerySet(models.QuerySet):
    def for_user(self, user) -> "FollowUpQuerySet":
        """Within the cases the user may see: the municipality's own, or the KABS unit's."""
        return self.filter(case__in=Case.objects.for_user(user))

    def pending(self) -> "FollowUpQuerySet":
        """Still to be held: not recorded, on a case still discharged (closing the case ends its follow-ups)."""
        return self.filter(status=FollowUpStatus.PENDING, case__state=CaseState.DISCHARGED)

    def due_before(self, day) -> "FollowUpQuerySet":
        return self.filter(due_date__lt=day)

    def for_panel(self) -> "FollowUpQuerySet":
        """The case page's list: each follow-up with its count of failed attempts, in one query however many
        follow-ups and attempts there are."""
        failed = models.Count("attempts", filter=models.Q(attempts__reached=False))
        return self.annotate(failed_attempt_count=failed).order_by("due_date", "pk")


class FollowUp(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followups", verbose_name="sag")
    slot = models.CharField("opfølgning", max_length=16, choices=Slot.choices)
    # Copied from the case's deadline when the discharge opens it, so lists filter without a join.
    due_date = models.DateField("senest")
    status = models.CharField(
        "status", max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.PENDING
    )
    held_on = models.DateField("afsluttet den", null=True, blank=True)
    situation = models.CharField("borgerens situation", max_length=12, choices=Situation.choices, blank=True)
    goal_holds = models.BooleanField("målet holder", null=True, blank=True)
    conclusion = models.CharField("konklusion", max_length=CONCLUSION_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        "cases.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="registreret af"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name="oprettet")

    # Audited in full: what the municipality was told, by whom and when is part of the case file.
    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = "opfølgning"
        verbose_name_plural = "opfølgninger"
        ordering = ["due_date", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "slot"], name="followup_once_per_slot")]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # The API's list, soonest first and paged by cursor (issue 11): read in order, each row's case
            # checked by its key, rather than sorting every follow-up the user may see.
            models.Index(fields=["due_date", "id"], name="followup_by_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_slot_display()} (sag {self.case_id})"

    @property
    def is_pending(self) -> bool:
        return self.status == FollowUpStatus.PENDING

    @property
    def lapsed(self) -> bool:
        """Never held because the case was closed first: its deadline was cancelled with the case."""
        return self.is_pending and self.case.state != CaseState.DISCHARGED

    @property
    def is_done(self) -> bool:
        return self.status == FollowUpStatus.DONE

    @property
    def failed_attempts(self) -> int:
        """Failed attempts so far (counted in the query by `for_panel()`, else from the prefetched attempts)."""
        counted = getattr(self, "failed_attempt_count", None)
        if counted is not None:
            return counted
        return sum(1 for attempt in self.attempts.all() if not attempt.reached)


class Attempt(models.Model):
    """One try at the follow-up talk: when, whether the citizen was reached, and a note."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="attempts", verbose_name="opfølgning")
    date = models.DateField("dato")
    reached = models.BooleanField("borgeren blev truffet")
    note = models.CharField("bemærkning", max_length=ATTEMPT_NOTE_LENGTH, blank=True)
    created_by = models.ForeignKey("cases.User", on_delete=models.PROTECT, related_name="+", verbose_name="registreret af")
    created_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name="registreret")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "forsøg på opfølgning"
        verbose_name_plural = "forsøg på opfølgning"
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{short_date(self.date)}: {'truffet' if self.reached else 'ikke truffet'}"
