from datetime import date, timedelta

from django.db import connections, models
from django.utils import timezone

from cases import deadlines as arithmetic
from cases.formats import short_date

from .deadline_rules import (  # noqa: F401 - re-exported: the project imports them from here
    DeadlineKind,
    DeadlineRule,
    DeadlineStatus,
    DeliveryRule,
    SentVia,
)
from .user import Role

# The case carries a copy of the due date of its open deadline of these kinds (None: none open), so the start
# pages sort and filter cases by it from an index instead of a subquery per case (issue 11): the caseworker's
# list by days left on the guarantee, the counsellor's "periode udløber" and "til revurdering". The deadlines
# keep the copies themselves — Deadline.save/delete and DeadlineQuerySet.update/bulk_create/delete all call
# copy_to_cases — so every domain event that opens, settles or cancels a deadline updates them, and
# Case.save never writes them.
CASE_COPIES: dict[str, str] = {
    DeadlineKind.TREATMENT_GUARANTEE: "open_guarantee_due",
    DeadlineKind.TREATMENT_PERIOD_END: "open_period_end",
}
# The start page counts a user's due deadlines up to this many; beyond, it says "mere end 99".
DUE_COUNT_CAP = 99
# What a row of "Frister" reads (DeadlineQuerySet.worklist, Deadline.responsible_label).
WORKLIST_COLUMNS = (
    "case_id", "municipality_id", "kind", "due_date", "status",
    "case__reference", "case__citizen_id", "case__municipality_id", "case__unit_id", "case__state",
    "case__citizen__name", "case__municipality__name", "case__unit__name",
)
# The deadline fields a bulk update can change a copy through.
COPIED_FIELDS = frozenset({"status", "due_date", "kind", "case", "case_id"})


def copy_to_cases(case_ids) -> None:
    """Copy each case's open guarantee and period end (CASE_COPIES) from its deadlines, in one UPDATE."""
    from .case import Case

    ids = {pk for pk in case_ids if pk is not None}
    if not ids:
        return
    copies = {
        field: models.Subquery(
            Deadline.objects.filter(case=models.OuterRef("pk"), kind=kind, status=DeadlineStatus.OPEN)
            .order_by("due_date")
            .values("due_date")[:1]
        )
        for kind, field in CASE_COPIES.items()
    }
    Case.objects.filter(pk__in=ids).update(**copies)


class DeadlineQuerySet(models.QuerySet):
    def open(self) -> "DeadlineQuerySet":
        return self.filter(status=DeadlineStatus.OPEN)

    def overdue(self, today: date | None = None) -> "DeadlineQuerySet":
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def with_legal_reference(self) -> "DeadlineQuerySet":
        """Annotate `legal_reference` from the deadline's rule (the case's substance's own row first), in the
        same query, so the alcohol guarantee shows Sundhedsloven § 141 and a drug case Serviceloven § 101."""
        rule = DeadlineRule.objects.filter(
            models.Q(substance=models.OuterRef("case__substance")) | models.Q(substance=""),
            kind=models.OuterRef("kind"),
        ).order_by("-substance")
        return self.annotate(legal_reference=models.Subquery(rule.values("legal_reference")[:1]))

    def for_user(self, user) -> "DeadlineQuerySet":
        from .case import case_visibility

        if not user.is_authenticated:
            return self.none()
        # The deadline's own municipality column, not a join to every case of the municipality: a
        # worklist reads the open deadlines of one municipality through its partial index (issue 11).
        condition = case_visibility(user, municipality="municipality_id", unit="case__unit_id")
        return self.all() if condition is None else self.filter(condition)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for deadline in objs:
            deadline.take_municipality()
        created = super().bulk_create(objs, *args, **kwargs)
        copy_to_cases(deadline.case_id for deadline in objs if deadline.kind in CASE_COPIES)
        return created

    # Every way a deadline's status or due date changes in bulk keeps the cases' copies right (CASE_COPIES).
    def update(self, **kwargs):
        if not COPIED_FIELDS.intersection(kwargs):
            return super().update(**kwargs)
        copied = self if "kind" in kwargs else self.filter(kind__in=CASE_COPIES)
        case_ids = list(copied.values_list("case_id", flat=True))
        updated = super().update(**kwargs)
        copy_to_cases(case_ids)
        return updated

    update.alters_data = True

    def delete(self):
        case_ids = list(self.filter(kind__in=CASE_COPIES).values_list("case_id", flat=True))
        deleted = super().delete()
        copy_to_cases(case_ids)
        return deleted

    delete.alters_data = True
    delete.queryset_only = True

    def responsible(self, user, *, open_only: bool = False) -> "DeadlineQuerySet":
        """The deadlines this user answers for (RESPONSIBLE below), within what the user may see.

        `open_only`: only the open ones. A unit's share is then read through the unit's live cases
        (index case_live_by_unit) rather than by looking up the case of every open deadline of the
        municipalities the unit serves: ending a case cancels its open deadlines, so an open deadline's
        case is always live and the extra condition selects the same rows (issue 11).
        """
        from .case import ACTIVE_STATES

        condition = models.Q(pk__in=[])
        if user.is_authenticated and user.municipality_id:
            for role in (Role.CASEWORKER, Role.APPROVER):
                if user.has_role(role):
                    kinds = responsible_kinds(role, MUNICIPALITY)
                    condition |= models.Q(kind__in=kinds, municipality_id=user.municipality_id)
        if user.is_authenticated and user.is_counsellor:
            kinds = responsible_kinds(Role.COUNSELLOR, UNIT)
            unit = models.Q(kind__in=kinds, case__unit_id=user.unit_id)
            if open_only:
                unit &= models.Q(case__state__in=ACTIVE_STATES)
            condition |= unit
        chosen = self.for_user(user).filter(condition)
        return chosen.open() if open_only else chosen

    def team(self, user) -> "DeadlineQuerySet":
        """The deadlines of the user's team: every deadline on the cases the user may see.

        A team is where responsibility lives in RESPONSIBLE: the municipality for its caseworkers and
        approvers, the KABS unit for its counsellors. The team's list shows what the others must do too
        (each row says who answers), so a caseworker sees the approvers' complaint deadlines on the
        municipality's cases and a counsellor the caseworkers' share of the guarantee.
        """
        return self.for_user(user)

    def worklist(self) -> "DeadlineQuerySet":
        """Open deadlines with what a row of a worklist shows, soonest first (the index on status, due_date).

        Only the columns a row shows: building four whole model instances per row (the case alone has thirty
        columns) cost more than the page's queries (issue 11).
        """
        return (
            self.open()
            .select_related("case__citizen", "case__municipality", "case__unit")
            .only(*WORKLIST_COLUMNS)
            .order_by("due_date", "pk")
        )

    def in_window(self, window: str, today: date) -> "DeadlineQuerySet":
        """Overdue, due today, due within the week ahead, or later (see Window)."""
        week_end = today + timedelta(days=WEEK_AHEAD_DAYS)
        if window == Window.OVERDUE:
            return self.filter(due_date__lt=today)
        if window == Window.TODAY:
            return self.filter(due_date=today)
        if window == Window.WEEK:
            return self.filter(due_date__gt=today, due_date__lte=week_end)
        if window == Window.LATER:
            return self.filter(due_date__gt=week_end)
        raise ValueError(f"unknown window {window!r}")

    def head(self, n: int) -> list["Deadline"]:
        """The first `n` deadlines in this queryset's order, chosen over the deadlines alone and only then
        joined with their case, citizen and unit (like CaseQuerySet.head): joining every open deadline of a
        municipality before sorting cost most of "Frister" at national volume (issue 11)."""
        return list(self.filter(pk__in=self.values("pk")[:n]))

    def due_counts(self, today: date, cap: int = DUE_COUNT_CAP) -> dict[str, int]:
        """Open deadlines overdue and due within the week ahead (today included), each counted up to `cap` + 1
        (more is "mere end `cap`"), in one query.

        Capped, because a count reads every row it counts: a unit with thousands of deadlines due would make
        every start page pay for them. Each count stops at cap + 1 rows (issue 11).
        """
        week_end = today + timedelta(days=WEEK_AHEAD_DAYS)
        windows = (self.open().filter(due_date__lt=today), self.open().filter(due_date__gte=today, due_date__lte=week_end))
        parts, params = [], []
        for window in windows:
            sql, window_params = window.order_by().values("pk")[: cap + 1].query.sql_with_params()
            parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped)")  # noqa: S608 - the ORM's own SQL
            params.extend(window_params)
        with connections[self.db].cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(parts)}", params)  # noqa: S608 - the ORM's own SQL, values as params
            overdue, this_week = cursor.fetchone()
        return {"overdue": overdue, "this_week": this_week, "cap": cap}


class Deadline(models.Model):
    """A statutory deadline the case carries: a row, so a sweep can find it and its outcome is kept."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deadlines", verbose_name="sag")
    # The case's municipality, copied when the deadline is made (a case never changes municipality): the
    # worklists and the start pages' counts filter on it without joining the municipality's cases.
    municipality = models.ForeignKey(
        "cases.Municipality", on_delete=models.PROTECT, related_name="+", editable=False, verbose_name="kommune"
    )
    kind = models.CharField("frist", max_length=32, choices=DeadlineKind.choices)
    due_date = models.DateField("senest")
    status = models.CharField(
        "status", max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    resolved_on = models.DateField("afsluttet", null=True, blank=True)
    note = models.TextField("bemærkning", blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name="oprettet")
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
            # The case's open guarantee, read per listed case (with_open_guarantee): one index entry,
            # not every deadline the case ever had (issue 11).
            models.Index(
                fields=["case", "due_date"],
                condition=models.Q(kind="treatment_guarantee", status="open"),
                name="deadline_open_guarantee",
            ),
            # The open end of a granted period, per case: the counsellor's "periode udløber" and
            # "til revurdering" sections ask it for each case in treatment.
            models.Index(
                fields=["case", "due_date"],
                condition=models.Q(kind="treatment_period_end", status="open"),
                name="deadline_open_period_end",
            ),
            # The open deadlines of a municipality by due date: the worklists and the start pages' counts.
            models.Index(
                fields=["municipality", "due_date"], condition=models.Q(status="open"),
                name="deadline_open_by_municipality",
            ),
            # A role's share of them (RESPONSIBLE: kinds), by due date: "Frister" and the start page's counts.
            models.Index(
                fields=["municipality", "kind", "due_date"], condition=models.Q(status="open"),
                name="deadline_open_by_kind",
            ),
            # The API's deadline lists, every status, soonest first and paged by cursor (issue 11): a
            # municipality's share in order (caseworkers, approvers), and all in order for a KABS unit,
            # whose rows are found by their case (a unit serves several municipalities).
            models.Index(fields=["municipality", "due_date", "id"], name="deadline_by_municipality_due"),
            models.Index(fields=["due_date", "id"], name="deadline_by_due"),
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
        return f"{self.get_kind_display()} senest {short_date(self.due_date)}"

    def save(self, *args, **kwargs):
        self.take_municipality()
        super().save(*args, **kwargs)
        if self.kind in CASE_COPIES:
            copy_to_cases([self.case_id])

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        if self.kind in CASE_COPIES:
            copy_to_cases([self.case_id])
        return deleted

    def take_municipality(self) -> None:
        """Copy the case's municipality (save and bulk_create both call this)."""
        if self.municipality_id is None and self.case_id is not None:
            self.municipality_id = self.case.municipality_id

    def days_left(self, today: date | None = None) -> int:
        return arithmetic.days_left(self.due_date, today or timezone.localdate())

    @property
    def is_open(self) -> bool:
        return self.status == DeadlineStatus.OPEN

    @property
    def action_hint(self) -> str:
        """What must happen before the deadline, in the words of the people who do it."""
        return ACTION_HINTS.get(self.kind, "")

    def responsible_label(self) -> str:
        """Who answers, as roles and places rather than names ("Sagsbehandler, Glostrup Kommune og …").

        Reads the case's municipality and unit: select them with the deadline (`worklist()` does).
        """
        case = self.case
        parts = []
        for role, where in RESPONSIBLE.get(self.kind, ()):
            if where == MUNICIPALITY:
                parts.append(f"{role.label}, {case.municipality}")
            else:
                parts.append(f"{role.label}, {case.unit}" if case.unit_id else f"{role.label} (mangler enhed)")
        return " og ".join(parts)

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


# What must happen before each kind of deadline, as a hint on the worklists. Kinds without a hint (a
# retired kind, say) show only their label.
ACTION_HINTS: dict[str, str] = {
    DeadlineKind.TREATMENT_GUARANTEE: "Afdækning, afgørelse og behandlingsstart inden fristen",
    DeadlineKind.TREATMENT_PERIOD_END: "Evaluér målene med borgeren; indstil ny takst, hvis behovet fortsætter",
    DeadlineKind.FOLLOWUP_1M: "Opfølgningssamtale med borgeren efter udskrivning",
    DeadlineKind.FOLLOWUP_6M: "Opfølgningssamtale med borgeren efter udskrivning",
    DeadlineKind.COMPLAINT: "Borgerens klagefrist: en senere klage registreres som for sen",
    DeadlineKind.RECONSIDERATION: "Genvurdér afgørelsen, som borgeren har klaget over",
    DeadlineKind.FORWARD_TO_ANKESTYRELSEN: "Fastholdes afgørelsen: send klagen og sagens akter til Ankestyrelsen",
    DeadlineKind.ACTION_PLAN_OFFER: "Tilbyd borgeren en handleplan",
}

# The worklists' windows. "This week" is the seven days after today, so Friday's list shows next
# Thursday too: a deadline does not drop off the list over a weekend.
WEEK_AHEAD_DAYS = 7


class Window(models.TextChoices):
    OVERDUE = "overdue", "Overskredet"
    TODAY = "today", "Udløber i dag"
    WEEK = "week", "Udløber inden for en uge"
    LATER = "later", "Senere"


def responsible_kinds(role: Role, where: str) -> list[str]:
    return [kind for kind, holders in RESPONSIBLE.items() if (role, where) in holders]
