"""The deadline sweep: tell the responsible people, exactly once, that a deadline is near or broken.

Runs every 5 minutes on Celery beat (config/celery.py, task `cases.tasks.sweep_deadlines`) and as
`manage.py sweep_deadlines`. The database is the truth: a lost broker message or a skipped run only delays
the next sweep, which finds whatever is still pending.

Three stages per open deadline, each a timestamp on the row: *due soon* (due within
DEADLINE_DUE_SOON_WORKING_DAYS working days), *overdue* (due date before today) and *escalated* (overdue,
told to the municipality's approvers). How each stage happens exactly once (healthchecks' `sendalerts`,
set-based):

1. A batch of pending deadlines is claimed with ONE conditional statement,
   `UPDATE … SET <stage> = now WHERE id IN (SELECT … WHERE <stage> IS NULL … LIMIT n FOR UPDATE SKIP LOCKED)
   AND <stage> IS NULL RETURNING …`. A concurrent sweep skips the rows this one holds; once this one has
   committed, PostgreSQL re-checks `<stage> IS NULL` on the new row version and the other finds them done.
2. The batch's notifications are written by one bulk insert in the same transaction (the unique constraint
   on user, deadline and kind is the last line of defence). A worker killed between claim and insert rolls
   back both, so the deadline is still pending for the next sweep: nothing doubled, nothing lost.
3. E-mail goes out afterwards from the notifications not yet e-mailed, claimed the same way on
   `emailed_at` and sent before that claim commits. A crash after the notifications committed only delays
   the e-mail to the next sweep; at worst a message the mail server accepted just before a crash is sent
   again. Never a lost one.
4. At most BATCH_SIZE deadlines per transaction, so a backlog of a million rows is many short transactions,
   never one long one holding locks.

Deadlines of withdrawn, closed or refused cases, and deadlines that are not open, are never notified.
Messages and e-mails name the case by its number and say what must happen; never a CPR number or a name.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import mail
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from . import deadlines as arithmetic
from .formats import short_date
from .models import CaseState, Deadline, DeadlineKind, DeadlineStatus, Notification, NotificationKind, User
from .models.case import Case
from .models.deadline import ESCALATE_TO, MUNICIPALITY, RESPONSIBLE, UNIT

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
EMAIL_BATCH_SIZE = 200
# The case is over or was refused: nothing is left for staff to do about its deadlines.
QUIET_STATES = (CaseState.WITHDRAWN, CaseState.CLOSED, CaseState.REFUSED)
# A notification whose e-mail could not go out within this long stays in-app only: a reminder days late
# is noise, and the in-app list has it.
EMAIL_WITHIN = timedelta(days=2)

# What each deadline is called in a sentence, and what must happen before it runs out.
WHAT: dict[str, tuple[str, str]] = {
    DeadlineKind.TREATMENT_GUARANTEE: ("behandlingsgarantien", "Behandlingen skal være startet."),
    DeadlineKind.COMPLAINT: ("klagefristen", "Registrér en eventuel klage."),
    DeadlineKind.RECONSIDERATION: ("fristen for genvurdering af klagen", "Klagen skal genvurderes."),
    DeadlineKind.FORWARD_TO_ANKESTYRELSEN: (
        "fristen for at sende klagen til Ankestyrelsen",
        "Klagen og sagens akter skal sendes til Ankestyrelsen.",
    ),
    DeadlineKind.FOLLOWUP_1M: ("opfølgningen efter 1 måned", "Opfølgningssamtalen skal holdes."),
    DeadlineKind.FOLLOWUP_6M: ("opfølgningen efter 6 måneder", "Opfølgningssamtalen skal holdes."),
    DeadlineKind.ACTION_PLAN_OFFER: ("fristen for tilbud om handleplan", "Borgeren skal tilbydes en handleplan."),
    DeadlineKind.TREATMENT_PERIOD_END: (
        "bevillingsperioden",
        "Målene skal evalueres; fortsætter behovet, skal der indstilles på ny.",
    ),
}


@dataclass(frozen=True)
class Stage:
    kind: NotificationKind
    field: str
    due: str  # the condition on the deadline's due date (`p.due_date`), with %(today)s / %(horizon)s


# The complaint deadline is the citizen's, not the municipality's: when it passes without a complaint the
# decision stands, and nobody has failed to do anything. It is announced as near, never as overdue.
PAST_DUE = f"p.due_date < %(today)s AND p.kind <> '{DeadlineKind.COMPLAINT.value}'"
DUE_SOON = Stage(NotificationKind.DUE_SOON, "due_soon_notified_at", "p.due_date BETWEEN %(today)s AND %(horizon)s")
OVERDUE = Stage(NotificationKind.OVERDUE, "overdue_notified_at", PAST_DUE)
ESCALATED = Stage(NotificationKind.ESCALATED, "escalated_at", PAST_DUE)
STAGES = (DUE_SOON, OVERDUE, ESCALATED)


@dataclass(frozen=True)
class Claimed:
    """A deadline claimed for a stage, with what is needed to find its people and word its message."""

    deadline_id: int
    kind: str
    due_date: date
    case_id: int
    municipality_id: int
    unit_id: int | None


@dataclass
class SweepResult:
    due_soon: int = 0
    overdue: int = 0
    escalated: int = 0
    notifications: int = 0
    emails: int = 0

    def add(self, stage: Stage, deadlines: int) -> None:
        name = {DUE_SOON: "due_soon", OVERDUE: "overdue", ESCALATED: "escalated"}[stage]
        setattr(self, name, getattr(self, name) + deadlines)

    def __str__(self) -> str:
        return (
            f"Frister: {self.due_soon} nær udløb, {self.overdue} overskredne, {self.escalated} eskaleret; "
            f"{self.notifications} notifikationer, {self.emails} e-mails."
        )


def sweep_deadlines(*, today: date | None = None, batch_size: int = BATCH_SIZE) -> SweepResult:
    """One sweep: every pending stage of every open deadline, in batches, then the e-mails."""
    today = today or timezone.localdate()
    horizon = arithmetic.add_working_days(today, settings.DEADLINE_DUE_SOON_WORKING_DAYS)
    result = SweepResult()
    for stage in STAGES:
        while True:
            with transaction.atomic():
                rows = claim(stage, today=today, horizon=horizon, now=timezone.now(), limit=batch_size)
                if not rows:
                    break
                notifications = build_notifications(stage, rows, today=today)
                insert_notifications(notifications)
            result.add(stage, len({n.deadline_id for n in notifications}) if stage is ESCALATED else len(rows))
            result.notifications += len(notifications)
            if len(rows) < batch_size:
                break  # a short batch is the last; rows a concurrent sweep holds are that sweep's
    result.emails = send_pending_emails()
    logger.info("%s", result)
    return result


# --- 1. claim ------------------------------------------------------------------------------------------
def claim(stage: Stage, *, today: date, horizon: date, now: datetime, limit: int) -> list[Claimed]:
    """Stamp up to `limit` pending deadlines for `stage` and return them: one conditional UPDATE."""
    with connection.cursor() as cursor:
        cursor.execute(*claim_statement(stage, today=today, horizon=horizon, now=now, limit=limit))
        rows = cursor.fetchall()
    # SQLite hands dates back as text from a raw RETURNING.
    return [Claimed(r[0], r[1], r[2] if isinstance(r[2], date) else date.fromisoformat(r[2]), *r[3:]) for r in rows]


def claim_statement(stage: Stage, *, today: date, horizon: date, now: datetime, limit: int) -> tuple[str, dict]:
    quote, ops = connection.ops.quote_name, connection.ops
    deadline, case = quote(Deadline._meta.db_table), quote(Case._meta.db_table)
    quiet = ", ".join(f"%(quiet{i})s" for i in range(len(QUIET_STATES)))
    # Rows another sweep holds are skipped, not waited for (SQLite has no row locks: it runs one writer).
    lock = "FOR UPDATE OF p SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    # The plan is pinned to the cost of the batch, not of the table: the pending rows come from the stage's
    # partial index with no ORDER BY (the LIMIT stops the scan), each one's case by its primary key (a
    # correlated look-up, not a join a planner may hash over every case), and the UPDATE finds the claimed
    # rows by primary key from an array computed once (PostgreSQL; a plain IN elsewhere), never by a scan.
    pending = f"""
        SELECT p.id FROM {deadline} p
        WHERE p.status = %(open)s AND p.{stage.field} IS NULL AND {stage.due}
            AND (SELECT c.state FROM {case} c WHERE c.id = p.case_id) NOT IN ({quiet})
        LIMIT %(limit)s
        {lock}
    """  # noqa: S608
    claimed = f"id = ANY(ARRAY({pending}))" if connection.vendor == "postgresql" else f"id IN ({pending})"
    # Only names from the models and this module's constants are formatted in; every value is a parameter.
    sql = f"""
        UPDATE {deadline} SET {stage.field} = %(now)s
        WHERE {claimed} AND status = %(open)s AND {stage.field} IS NULL
        RETURNING id, kind, due_date, case_id,
            (SELECT c.municipality_id FROM {case} c WHERE c.id = case_id),
            (SELECT c.unit_id FROM {case} c WHERE c.id = case_id)
    """  # noqa: S608
    params = {
        "now": ops.adapt_datetimefield_value(now),
        "open": DeadlineStatus.OPEN.value,
        "today": ops.adapt_datefield_value(today),
        "horizon": ops.adapt_datefield_value(horizon),
        "limit": limit,
        **{f"quiet{i}": state.value for i, state in enumerate(QUIET_STATES)},
    }
    return sql, params


# --- 2. notifications ----------------------------------------------------------------------------------
class People:
    """The active staff of the claimed deadlines' municipalities and units, loaded once per batch."""

    def __init__(self, rows: list[Claimed]):
        municipalities = {r.municipality_id for r in rows}
        units = {r.unit_id for r in rows if r.unit_id}
        self.holders: dict[tuple[str, str, int], set[int]] = defaultdict(set)
        users = (
            User.objects.filter(is_active=True)
            .filter(Q(municipality_id__in=municipalities) | Q(unit_id__in=units))
            .values_list("pk", "municipality_id", "unit_id", "groups__name")
        )
        for pk, municipality_id, unit_id, group in users:
            if municipality_id:
                self.holders[(group, MUNICIPALITY, municipality_id)].add(pk)
            if unit_id:
                self.holders[(group, UNIT, unit_id)].add(pk)

    def holding(self, row: Claimed, holders) -> set[int]:
        """The same rule as `Deadline.responsible_users`, for many deadlines without a query each."""
        found: set[int] = set()
        for role, where in holders:
            if where == MUNICIPALITY:
                found |= self.holders[(role.label, MUNICIPALITY, row.municipality_id)]
            elif row.unit_id:
                found |= self.holders[(role.label, UNIT, row.unit_id)]
        return found

    def responsible(self, row: Claimed) -> set[int]:
        """Who answers for the deadline; if nobody does (a unit without counsellors, say), the approvers,
        so that a deadline is never claimed and then told to no one."""
        return self.holding(row, RESPONSIBLE.get(row.kind, ())) or self.holding(row, (ESCALATE_TO,))

    def recipients(self, stage: Stage, row: Claimed) -> set[int]:
        if stage is ESCALATED:
            # Approvers already told as the deadline's own people are not told twice.
            return self.holding(row, (ESCALATE_TO,)) - self.responsible(row)
        return self.responsible(row)


def build_notifications(stage: Stage, rows: list[Claimed], *, today: date) -> list[Notification]:
    people = People(rows)
    now = timezone.now()
    notifications = []
    for row in rows:
        recipients = people.recipients(stage, row)
        if not recipients and stage is not ESCALATED:
            logger.warning("Frist %s (sag %s): ingen at give besked", row.deadline_id, row.case_id)
        text = message(stage, row, today=today)
        notifications += [
            Notification(user_id=user_id, deadline_id=row.deadline_id, kind=stage.kind, message=text, created_at=now)
            for user_id in sorted(recipients)
        ]
    return notifications


def insert_notifications(notifications: list[Notification]) -> None:
    # The claim already makes each batch one sweep's alone; the constraint is the last line of defence.
    Notification.objects.bulk_create(notifications, ignore_conflicts=True, batch_size=2000)


def message(stage: Stage, row: Claimed, *, today: date) -> str:
    """"Sag 123: behandlingsgarantien udløber fredag 4. december 2026 (om 2 hverdage). Behandlingen skal
    være startet." The case number only: never a CPR number or a name, in-app or by e-mail."""
    label = DeadlineKind(row.kind).label.lower() if row.kind in DeadlineKind.values else row.kind
    subject, action = WHAT.get(row.kind, (f"fristen ({label})", "Fristen skal overholdes."))
    when = short_date(row.due_date, weekday=True)
    if stage is DUE_SOON:
        return f"Sag {row.case_id}: {subject} udløber {when} ({time_left(row.due_date, today)}). {action}"
    if stage is OVERDUE:
        return f"Sag {row.case_id}: {subject} udløb {when} og er overskredet. {action}"
    return f"Sag {row.case_id}: {subject} udløb {when} og er overskredet; sendt til godkenderne. {action}"


def time_left(due: date, today: date) -> str:
    if due <= today:
        return "i dag"
    working = sum(
        1 for n in range(1, (due - today).days + 1) if arithmetic.is_working_day(today + timedelta(days=n))
    )
    if working:
        return f"om {working} hverdag" if working == 1 else f"om {working} hverdage"
    days = (due - today).days  # only non-working days in between, e.g. a Saturday seen from Friday
    return "i morgen" if days == 1 else f"om {days} dage"


# --- 3. e-mail -----------------------------------------------------------------------------------------
def send_pending_emails(*, batch_size: int = EMAIL_BATCH_SIZE) -> int:
    """E-mail the notifications not yet e-mailed (to people with an address), batch by batch."""
    sent = 0
    while True:
        with transaction.atomic():
            pending = claim_emails(now=timezone.now(), limit=batch_size)
            if not pending:
                return sent
            # One connection for the batch; a failure rolls back the claim and surfaces.
            sent += mail.get_connection().send_messages([email(*row) for row in pending]) or 0


def claim_emails(*, now: datetime, limit: int) -> list[tuple[str, int, str, str]]:
    """Stamp `emailed_at` on up to `limit` unsent notifications; (address, case, kind, message) each."""
    quote, ops = connection.ops.quote_name, connection.ops
    table, user = quote(Notification._meta.db_table), quote(User._meta.db_table)
    deadline = quote(Deadline._meta.db_table)
    lock = "FOR UPDATE OF n SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
    sql = f"""
        UPDATE {table} SET emailed_at = %(now)s
        WHERE id IN (
            SELECT n.id FROM {table} n JOIN {user} u ON u.id = n.user_id
            WHERE n.emailed_at IS NULL AND n.created_at >= %(since)s AND u.email <> '' AND u.is_active
            ORDER BY n.created_at
            LIMIT %(limit)s
            {lock}
        )
        AND emailed_at IS NULL
        RETURNING (SELECT u.email FROM {user} u WHERE u.id = user_id),
            (SELECT d.case_id FROM {deadline} d WHERE d.id = deadline_id), kind, message
    """  # noqa: S608
    params = {
        "now": ops.adapt_datetimefield_value(now),
        "since": ops.adapt_datetimefield_value(now - EMAIL_WITHIN),
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def email(address: str, case_id: int, kind: str, text: str) -> mail.EmailMessage:
    """Subject and body name the case number and the deadline, nothing about the citizen."""
    return mail.EmailMessage(
        subject=f"Sag {case_id}: {NotificationKind(kind).label.lower()}",
        body=(
            f"{text}\n\n"
            "Log ind i Rusmiddelsag for at se sagen og dine frister.\n\n"
            "Denne e-mail er sendt automatisk og indeholder ingen personoplysninger om borgeren."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    )
