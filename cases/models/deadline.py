from datetime import date

from django.db import models
from django.utils import timezone

from cases import deadlines as arithmetic

from .user import Role


class DeadlineKind(models.TextChoices):
    TREATMENT_GUARANTEE = "treatment_guarantee", "Behandlingsgaranti"
    ALCOHOL_MAPPING = "alcohol_mapping", "Kortlægning (alkohol)"
    COMPLAINT = "complaint", "Klagefrist"
    RECONSIDERATION = "reconsideration", "Genvurdering"
    FORWARD_TO_ANKESTYRELSEN = "forward_to_ankestyrelsen", "Videresendelse til Ankestyrelsen"
    FOLLOWUP_1M = "followup_1m", "Opfølgning efter 1 måned"
    FOLLOWUP_6M = "followup_6m", "Opfølgning efter 6 måneder"
    ACTION_PLAN_OFFER = "action_plan_offer", "Tilbud om handleplan"
    TREATMENT_PERIOD_END = "treatment_period_end", "Bevillingsperiodens udløb"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Åben"
    MET = "met", "Overholdt"
    MISSED = "missed", "Overskredet"
    WAIVED = "waived", "Bortfaldet (frit valg)"
    CANCELLED = "cancelled", "Annulleret"


class DeadlineRule(models.Model):
    """The length and legal source of each statutory deadline, as data with correct defaults.

    Amendments change lengths and paragraph numbers; an administrator edits the row, not the code.
    """

    kind = models.CharField("frist", max_length=32, choices=DeadlineKind.choices, unique=True)
    amount = models.PositiveSmallIntegerField("længde")
    unit = models.CharField(
        "enhed",
        max_length=6,
        choices=[
            (arithmetic.PeriodUnit.DAYS, "dage"),
            (arithmetic.PeriodUnit.WEEKS, "uger"),
            (arithmetic.PeriodUnit.MONTHS, "måneder"),
        ],
    )
    moves_to_working_day = models.BooleanField(
        "flyttes til næste hverdag",
        default=False,
        help_text="Klagefrister flyttes fra weekend og helligdag; behandlingsgarantien gør ikke.",
    )
    legal_reference = models.CharField("hjemmel", max_length=300)

    class Meta:
        verbose_name = "fristregel"
        verbose_name_plural = "fristregler"
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} {self.get_unit_display()}"

    def due_from(self, start: date) -> date:
        if self.moves_to_working_day:
            return arithmetic.deadline_end(start, self.amount, self.unit)
        return arithmetic.add_period(start, self.amount, self.unit)

    @classmethod
    def due(cls, kind: str, start: date) -> date:
        return cls.objects.get(kind=kind).due_from(start)


class SentVia(models.TextChoices):
    """How a decision was sent (the arithmetic module's vocabulary, with Danish labels)."""

    DIGITAL_POST = arithmetic.SentVia.DIGITAL_POST.value, "Digital Post"
    PHYSICAL_POST = arithmetic.SentVia.PHYSICAL_POST.value, "Fysisk post"
    QUICKPOST = arithmetic.SentVia.QUICKPOST.value, "Quickbrev"


class DeliveryRule(models.Model):
    """When a decision counts as received, by how it was sent (vejledning nr. 9533 af 26. juni 2018)."""

    sent_via = models.CharField("forsendelse", max_length=16, unique=True, choices=SentVia.choices)
    days = models.PositiveSmallIntegerField("dage efter afsendelse", default=0)
    working_days = models.BooleanField(
        "hverdage", default=False, help_text="Tæl hverdage i stedet for kalenderdage."
    )
    legal_reference = models.CharField("hjemmel", max_length=300)

    class Meta:
        verbose_name = "modtagelsesregel"
        verbose_name_plural = "modtagelsesregler"

    def __str__(self) -> str:
        return self.get_sent_via_display()

    def received_from(self, sent: date) -> date:
        if self.working_days:
            return arithmetic.add_working_days(sent, self.days)
        return arithmetic.add_period(sent, self.days, arithmetic.PeriodUnit.DAYS)

    @classmethod
    def received(cls, sent_via: str, sent: date) -> date:
        return cls.objects.get(sent_via=sent_via).received_from(sent)


class DeadlineQuerySet(models.QuerySet):
    def open(self) -> "DeadlineQuerySet":
        return self.filter(status=DeadlineStatus.OPEN)

    def overdue(self, today: date | None = None) -> "DeadlineQuerySet":
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def for_user(self, user) -> "DeadlineQuerySet":
        from .case import Case

        return self.filter(case__in=Case.objects.for_user(user))

    def responsible(self, user) -> "DeadlineQuerySet":
        """The deadlines this user answers for (RESPONSIBLE below), within what the user may see."""
        condition = models.Q(pk__in=[])
        if user.is_authenticated and user.municipality_id:
            for role in (Role.CASEWORKER, Role.APPROVER):
                if user.has_role(role):
                    kinds = responsible_kinds(role, MUNICIPALITY)
                    condition |= models.Q(kind__in=kinds, case__municipality_id=user.municipality_id)
        if user.is_authenticated and user.is_counsellor:
            kinds = responsible_kinds(Role.COUNSELLOR, UNIT)
            condition |= models.Q(kind__in=kinds, case__unit_id=user.unit_id)
        return self.for_user(user).filter(condition)


class Deadline(models.Model):
    """A statutory deadline the case carries: a row, so a sweep can find it and its outcome is kept."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField("frist", max_length=32, choices=DeadlineKind.choices)
    due_date = models.DateField("senest")
    status = models.CharField(
        "status", max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    resolved_on = models.DateField("afsluttet", null=True, blank=True)
    note = models.TextField("bemærkning", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The sweep's stages (cases/sweep.py): each is claimed once, in the transaction that writes its
    # notifications, so a stamp means "the people were told" and a crash leaves it empty to try again.
    due_soon_notified_at = models.DateTimeField("varslet før udløb", null=True, blank=True, editable=False)
    overdue_notified_at = models.DateTimeField("varslet om overskridelse", null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField("eskaleret", null=True, blank=True, editable=False)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = "frist"
        verbose_name_plural = "frister"
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # One partial index per sweep stage, holding only the open deadlines that stage has yet to
            # handle: the claim reads a due-date range of pending rows, however many rows are done.
            models.Index(
                fields=["due_date"],
                condition=models.Q(status="open", due_soon_notified_at__isnull=True),
                name="deadline_due_soon_pending",
            ),
            models.Index(
                fields=["due_date"],
                condition=models.Q(status="open", overdue_notified_at__isnull=True),
                name="deadline_overdue_pending",
            ),
            models.Index(
                fields=["due_date"],
                condition=models.Q(status="open", escalated_at__isnull=True),
                name="deadline_escalation_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} senest {self.due_date:%d.%m.%Y}"

    def days_left(self, today: date | None = None) -> int:
        return arithmetic.days_left(self.due_date, today or timezone.localdate())

    @property
    def is_open(self) -> bool:
        return self.status == DeadlineStatus.OPEN

    def responsible_users(self, holders=None):
        """The active users who answer for this deadline (or, given `holders`, for an escalation)."""
        from .user import User

        case = self.case
        condition = models.Q(pk__in=[])
        for role, where in holders or RESPONSIBLE.get(self.kind, ()):
            if where == MUNICIPALITY:
                condition |= models.Q(groups__name=role.label, municipality_id=case.municipality_id)
            elif case.unit_id:
                condition |= models.Q(groups__name=role.label, unit_id=case.unit_id)
        return User.objects.filter(condition, is_active=True).distinct()

    def escalation_users(self):
        return self.responsible_users(holders=(ESCALATE_TO,))


# --- who answers for a deadline -------------------------------------------------------------------------
# Responsibility follows the process (issue 7): the guarantee — the municipality's caseworkers and the
# KABS unit; a treatment period's end and the follow-ups — the unit; complaint deadlines — the approvers;
# the offer of an action plan — the caseworkers. An overdue deadline escalates to the approvers. Each
# entry is (role, where): "municipality" means the role's users of the case's municipality, "unit" the
# counsellors of the case's KABS unit. The sweep, the worklists and the API all ask these two functions.
MUNICIPALITY, UNIT = "municipality", "unit"
RESPONSIBLE: dict[str, tuple[tuple[Role, str], ...]] = {
    DeadlineKind.TREATMENT_GUARANTEE: ((Role.CASEWORKER, MUNICIPALITY), (Role.COUNSELLOR, UNIT)),
    DeadlineKind.TREATMENT_PERIOD_END: ((Role.COUNSELLOR, UNIT),),
    DeadlineKind.FOLLOWUP_1M: ((Role.COUNSELLOR, UNIT),),
    DeadlineKind.FOLLOWUP_6M: ((Role.COUNSELLOR, UNIT),),
    DeadlineKind.COMPLAINT: ((Role.APPROVER, MUNICIPALITY),),
    DeadlineKind.RECONSIDERATION: ((Role.APPROVER, MUNICIPALITY),),
    DeadlineKind.FORWARD_TO_ANKESTYRELSEN: ((Role.APPROVER, MUNICIPALITY),),
    DeadlineKind.ACTION_PLAN_OFFER: ((Role.CASEWORKER, MUNICIPALITY),),
}
ESCALATE_TO = (Role.APPROVER, MUNICIPALITY)


def responsible_kinds(role: Role, where: str) -> list[str]:
    return [kind for kind, holders in RESPONSIBLE.items() if (role, where) in holders]
