"""The deadline sweep (issue 7, item 3): who is told what and when, exactly once, under frozen time.

The unit of work (`cases.sweep.sweep_deadlines`) is called directly; the concurrency tests race two sweeps
on PostgreSQL; one integration test lets a real Celery beat and worker on Redis do it.
"""

import logging
import threading
import time
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.beat import Service
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db.models import Q

from cases import sweep as sweep_module
from cases.models import (
    Case,
    CaseState,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Notification,
    NotificationKind,
)
from cases.sweep import sweep_deadlines
from config.celery import app

from . import factories
from .parallel import run_at_once

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
CPR, CPR_DASHED, NAME = "0101901234", "010190-1234", "Mads Jensen"


def at(day: date):
    """Freeze time at noon, Danish time, on `day`."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=COPENHAGEN), tick=False)


@pytest.fixture
def staff(caseworker, approver, counsellor, outsider, outsider_approver):
    """The personas, with e-mail addresses (the outsiders of Rødovre must never hear of Glostrup's cases)."""
    people = {
        "caseworker": caseworker,
        "approver": approver,
        "counsellor": counsellor,
        "outsider": outsider,
        "outsider-approver": outsider_approver,
    }
    for name, user in people.items():
        user.email = f"{name}@example.dk"
        user.save(update_fields=["email"])
    return people


@pytest.fixture
def quiet_guarantee(case):
    """The case fixture's own guarantee (due 4 December 2026) is left out, so each test sets its own dates."""
    case.deadlines.update(status=DeadlineStatus.MET)
    return case


def deadline(case, kind=DeadlineKind.TREATMENT_GUARANTEE, due=date(2026, 12, 1), **fields) -> Deadline:
    return Deadline.objects.create(case=case, kind=kind, due_date=due, **fields)


def told(staff, **filters) -> set[tuple[str, str]]:
    """(persona, notification kind) for every notification matching `filters`."""
    names = {user.pk: name for name, user in staff.items()}
    return {(names[n.user_id], n.kind) for n in Notification.objects.filter(**filters)}


def everything() -> set[tuple[int, int, str, str]]:
    return set(Notification.objects.values_list("user_id", "deadline_id", "kind", "message"))


# --- due soon: working days ahead ----------------------------------------------------------------------
def test_due_soon_counts_working_days_over_the_weekend(staff, quiet_guarantee):
    # Thursday 26 November 2026: three working days ahead is Tuesday 1 December (Fri, Mon, Tue).
    tuesday = deadline(quiet_guarantee, due=date(2026, 12, 1))
    wednesday = deadline(quiet_guarantee, due=date(2026, 12, 2))
    with at(date(2026, 11, 26)):
        result = sweep_deadlines()

    assert (result.due_soon, result.overdue, result.escalated) == (1, 0, 0)
    assert told(staff, deadline=tuesday) == {("caseworker", "due_soon"), ("counsellor", "due_soon")}
    assert not Notification.objects.filter(deadline=wednesday).exists()
    assert Notification.objects.filter(deadline=tuesday).first().message == (
        f"Sag {quiet_guarantee.pk}: behandlingsgarantien udløber tirsdag 1. dec. 2026 (om 3 hverdage). "
        "Behandlingen skal være startet."
    )


def test_due_soon_skips_christmas(staff, quiet_guarantee):
    # Tuesday 22 December 2026: Wednesday 23 is a working day; 24, 25, 26 and the weekend are not; Monday 28
    # and Tuesday 29 are. A count of calendar or plain weekdays would stop at Friday 25 or Monday 28.
    within = deadline(quiet_guarantee, due=date(2026, 12, 29))
    beyond = deadline(quiet_guarantee, due=date(2026, 12, 30))
    with at(date(2026, 12, 22)):
        sweep_deadlines()

    assert told(staff, deadline=within) == {("caseworker", "due_soon"), ("counsellor", "due_soon")}
    assert "(om 3 hverdage)" in Notification.objects.filter(deadline=within).first().message
    assert not Notification.objects.filter(deadline=beyond).exists()


def test_how_many_working_days_ahead_is_a_setting(staff, quiet_guarantee, settings):
    settings.DEADLINE_DUE_SOON_WORKING_DAYS = 1
    friday = deadline(quiet_guarantee, due=date(2026, 11, 27))
    tuesday = deadline(quiet_guarantee, due=date(2026, 12, 1))
    with at(date(2026, 11, 26)):
        sweep_deadlines()

    assert Notification.objects.filter(deadline=friday).count() == 2
    assert not Notification.objects.filter(deadline=tuesday).exists()


def test_a_deadline_due_today_is_due_soon_not_overdue(staff, quiet_guarantee):
    today = deadline(quiet_guarantee, due=date(2026, 11, 26))
    with at(date(2026, 11, 26)):
        sweep_deadlines()

    assert told(staff, deadline=today) == {("caseworker", "due_soon"), ("counsellor", "due_soon")}
    assert "udløber torsdag 26. nov. 2026 (i dag)" in Notification.objects.filter(deadline=today)[0].message


# --- overdue and escalation ----------------------------------------------------------------------------
def test_an_overdue_guarantee_is_told_to_its_people_and_escalated_to_the_approvers(staff, quiet_guarantee):
    late = deadline(quiet_guarantee, due=date(2026, 11, 25))
    with at(date(2026, 11, 26)):
        result = sweep_deadlines()

    assert (result.due_soon, result.overdue, result.escalated) == (0, 1, 1)
    assert told(staff, deadline=late) == {
        ("caseworker", "overdue"),
        ("counsellor", "overdue"),
        ("approver", "escalated"),
    }
    escalation = Notification.objects.get(deadline=late, kind=NotificationKind.ESCALATED)
    assert escalation.message == (
        f"Sag {quiet_guarantee.pk}: behandlingsgarantien udløb onsdag 25. nov. 2026 og er overskredet; "
        "sendt til godkenderne. Behandlingen skal være startet."
    )
    late.refresh_from_db()
    assert late.overdue_notified_at and late.escalated_at and not late.due_soon_notified_at


def test_a_deadline_is_told_when_near_and_again_when_broken_each_once(staff, quiet_guarantee):
    row = deadline(quiet_guarantee, due=date(2026, 11, 30))
    for day in (date(2026, 11, 26), date(2026, 11, 27), date(2026, 12, 1), date(2026, 12, 2)):
        with at(day):
            sweep_deadlines()

    assert sorted(Notification.objects.filter(deadline=row).values_list("kind", flat=True)) == sorted(
        ["due_soon", "due_soon", "overdue", "overdue", "escalated"]
    )


# --- the right people per kind --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "due_soon", "overdue", "escalated"),
    [
        (DeadlineKind.TREATMENT_GUARANTEE, {"caseworker", "counsellor"}, {"caseworker", "counsellor"}, {"approver"}),
        (DeadlineKind.TREATMENT_PERIOD_END, {"counsellor"}, {"counsellor"}, {"approver"}),
        # The citizen's complaint deadline: announced to the approvers as near; passing it is no failure.
        (DeadlineKind.COMPLAINT, {"approver"}, set(), set()),
        # The approvers answer for a reconsideration themselves: told once, not again as escalation.
        (DeadlineKind.RECONSIDERATION, {"approver"}, {"approver"}, set()),
        (DeadlineKind.FOLLOWUP_1M, {"counsellor"}, {"counsellor"}, {"approver"}),
        (DeadlineKind.FOLLOWUP_6M, {"counsellor"}, {"counsellor"}, {"approver"}),
        (DeadlineKind.ACTION_PLAN_OFFER, {"caseworker"}, {"caseworker"}, {"approver"}),
    ],
)
def test_each_kind_reaches_its_responsible_people(staff, quiet_guarantee, kind, due_soon, overdue, escalated):
    soon = deadline(quiet_guarantee, kind, due=date(2026, 11, 30))
    late = deadline(quiet_guarantee, kind, due=date(2026, 11, 20))
    with at(date(2026, 11, 26)):
        sweep_deadlines()

    assert told(staff, deadline=soon) == {(name, "due_soon") for name in due_soon}
    assert told(staff, deadline=late) == {(name, "overdue") for name in overdue} | {
        (name, "escalated") for name in escalated
    }
    # The same people the model names (Deadline.responsible_users), asked one deadline at a time.
    assert set(Notification.objects.filter(deadline=soon).values_list("user", flat=True)) == set(
        soon.responsible_users().values_list("pk", flat=True)
    )


def test_a_case_without_a_unit_tells_the_caseworkers_only(staff, citizen, caseworker, frozen_today):
    case = factories.case(citizen, caseworker, unit=None, inquiry_date=date(2026, 11, 10))  # due 24 Nov
    with at(date(2026, 11, 26)):
        sweep_deadlines()

    assert told(staff, deadline__case=case) == {("caseworker", "overdue"), ("approver", "escalated")}


def test_a_deadline_nobody_answers_for_goes_to_the_approvers(staff, quiet_guarantee):
    # A follow-up is the unit's; a case without a unit has no counsellor to tell.
    Case.objects.filter(pk=quiet_guarantee.pk).update(unit=None)
    row = deadline(quiet_guarantee, DeadlineKind.FOLLOWUP_1M, due=date(2026, 11, 30))
    with at(date(2026, 11, 26)):
        sweep_deadlines()

    assert told(staff, deadline=row) == {("approver", "due_soon")}


def test_inactive_people_are_not_told(staff, quiet_guarantee):
    staff["counsellor"].is_active = False
    staff["counsellor"].save(update_fields=["is_active"])
    row = deadline(quiet_guarantee, due=date(2026, 11, 30))
    with at(date(2026, 11, 26)):
        sweep_deadlines()

    assert told(staff, deadline=row) == {("caseworker", "due_soon")}


# --- never notified --------------------------------------------------------------------------------------
@pytest.mark.parametrize("state", [CaseState.WITHDRAWN, CaseState.CLOSED, CaseState.REFUSED])
def test_deadlines_of_withdrawn_closed_or_refused_cases_are_never_notified(staff, quiet_guarantee, state):
    Case.objects.filter(pk=quiet_guarantee.pk).update(state=state)  # the state itself is not under test here
    soon = deadline(quiet_guarantee, due=date(2026, 11, 30))
    late = deadline(quiet_guarantee, DeadlineKind.COMPLAINT, due=date(2026, 11, 20))
    with at(date(2026, 11, 26)):
        result = sweep_deadlines()

    assert (result.due_soon, result.overdue, result.escalated, result.notifications) == (0, 0, 0, 0)
    assert not Notification.objects.exists()
    assert not Deadline.objects.filter(
        Q(due_soon_notified_at__isnull=False) | Q(overdue_notified_at__isnull=False), pk__in=[soon.pk, late.pk]
    ).exists()


@pytest.mark.parametrize(
    "status", [DeadlineStatus.MET, DeadlineStatus.MISSED, DeadlineStatus.WAIVED, DeadlineStatus.CANCELLED]
)
def test_deadlines_that_are_not_open_are_never_notified(staff, quiet_guarantee, status):
    deadline(quiet_guarantee, due=date(2026, 11, 30), status=status)
    deadline(quiet_guarantee, due=date(2026, 11, 20), status=status)
    with at(date(2026, 11, 26)):
        sweep_deadlines()

    assert not Notification.objects.exists()
    assert not mail.outbox


# --- e-mail and privacy ---------------------------------------------------------------------------------
def test_everyone_with_an_address_gets_an_email_and_it_is_recorded(staff, quiet_guarantee):
    deadline(quiet_guarantee, due=date(2026, 11, 25))
    with at(date(2026, 11, 26)):
        result = sweep_deadlines()

    assert result.notifications == result.emails == 3
    assert sorted(to for message in mail.outbox for to in message.to) == [
        "approver@example.dk",
        "caseworker@example.dk",
        "counsellor@example.dk",
    ]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address["approver@example.dk"].subject == f"Sag {quiet_guarantee.pk}: overskredet frist (eskaleret)"
    assert by_address["caseworker@example.dk"].body.startswith(
        Notification.objects.get(user=staff["caseworker"]).message
    )


def test_someone_without_an_address_is_told_in_the_app_only(staff, quiet_guarantee):
    staff["counsellor"].email = ""
    staff["counsellor"].save(update_fields=["email"])
    deadline(quiet_guarantee, due=date(2026, 11, 30))
    with at(date(2026, 11, 26)):
        result = sweep_deadlines()

    assert (result.notifications, result.emails) == (2, 1)
    assert Notification.objects.get(user=staff["counsellor"]).emailed_at is None
    assert [message.to for message in mail.outbox] == [["caseworker@example.dk"]]


def test_no_message_or_email_carries_a_cpr_number_or_the_citizens_name(staff, quiet_guarantee):
    assert quiet_guarantee.citizen.cpr == CPR and quiet_guarantee.citizen.name == NAME
    for kind in DeadlineKind.values:
        deadline(quiet_guarantee, kind, due=date(2026, 11, 30))
        deadline(quiet_guarantee, kind, due=date(2026, 11, 20))
    with at(date(2026, 11, 26)):
        sweep_deadlines()

    texts = list(Notification.objects.values_list("message", flat=True))
    texts += [f"{message.subject}\n{message.body}" for message in mail.outbox]
    assert len(mail.outbox) > 10 and len(texts) > 20
    for text in texts:
        assert f"Sag {quiet_guarantee.pk}" in text
        for secret in (CPR, CPR_DASHED, NAME, "Mads", "Jensen"):
            assert secret not in text


# --- exactly once -----------------------------------------------------------------------------------------
def test_a_second_sweep_finds_nothing_to_do(staff, quiet_guarantee):
    deadline(quiet_guarantee, due=date(2026, 11, 30))
    deadline(quiet_guarantee, DeadlineKind.RECONSIDERATION, due=date(2026, 11, 20))
    with at(date(2026, 11, 26)):
        first = sweep_deadlines()
        rows, sent = everything(), len(mail.outbox)
        second = sweep_deadlines()

    assert (first.due_soon, first.overdue, first.notifications) == (1, 1, 3)
    assert str(second) == "Frister: 0 nær udløb, 0 overskredne, 0 eskaleret; 0 notifikationer, 0 e-mails."
    assert everything() == rows
    assert len(mail.outbox) == sent == 3


def test_batches_cover_every_deadline_once(staff, quiet_guarantee):
    rows = [deadline(quiet_guarantee, due=date(2026, 11, 27)) for _ in range(7)]
    with at(date(2026, 11, 26)):
        result = sweep_deadlines(batch_size=3)

    assert result.due_soon == 7
    assert Notification.objects.filter(deadline__in=rows).count() == 14


def test_a_worker_killed_between_claim_and_notification_loses_nothing(staff, quiet_guarantee, monkeypatch):
    row = deadline(quiet_guarantee, due=date(2026, 11, 30))
    real_insert = sweep_module.insert_notifications
    claimed_when_killed = []

    def killed(notifications):
        # The claim has happened (in this transaction) when the worker dies.
        claimed_when_killed.append(Deadline.objects.get(pk=row.pk).due_soon_notified_at)
        raise SystemExit("worker killed")

    monkeypatch.setattr(sweep_module, "insert_notifications", killed)
    with at(date(2026, 11, 26)), pytest.raises(SystemExit):
        sweep_deadlines()

    assert claimed_when_killed[0] is not None
    row.refresh_from_db()
    assert row.due_soon_notified_at is None  # the claim was rolled back with the insert
    assert not Notification.objects.exists() and not mail.outbox

    monkeypatch.setattr(sweep_module, "insert_notifications", real_insert)
    with at(date(2026, 11, 26)):
        result = sweep_deadlines()

    assert result.due_soon == 1
    assert told(staff, deadline=row) == {("caseworker", "due_soon"), ("counsellor", "due_soon")}
    assert len(mail.outbox) == 2


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_a_mail_server_that_is_down_delays_the_emails_to_the_next_sweep(staff, quiet_guarantee, settings):
    row = deadline(quiet_guarantee, due=date(2026, 11, 30))
    settings.EMAIL_BACKEND = "tests.test_sweep.BrokenMailServer"
    with at(date(2026, 11, 26)), pytest.raises(ConnectionRefusedError):
        sweep_deadlines()

    # The notifications stand (the people see them in the app); their e-mails are still owed.
    assert Notification.objects.filter(deadline=row, emailed_at__isnull=True).count() == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with at(date(2026, 11, 26)):
        result = sweep_deadlines()

    assert (result.due_soon, result.notifications, result.emails) == (0, 0, 2)
    assert sorted(message.to[0] for message in mail.outbox) == ["caseworker@example.dk", "counsellor@example.dk"]
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_old_unsent_emails_are_not_sent_days_late(staff, quiet_guarantee):
    deadline(quiet_guarantee, due=date(2026, 11, 30))
    with at(date(2026, 11, 26)):
        sweep_deadlines()
    Notification.objects.update(emailed_at=None, created_at=datetime(2026, 11, 20, tzinfo=COPENHAGEN))
    mail.outbox.clear()
    with at(date(2026, 11, 26)):
        assert sweep_deadlines().emails == 0


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_once_neither_double_nor_lose(postgres, staff, citizen, caseworker, city):
    today = date(2026, 12, 2)  # horizon: Monday 7 December
    soon = [factories.case(citizen, caseworker, unit=city, inquiry_date=date(2026, 11, 20)) for _ in range(12)]
    late = [factories.case(citizen, caseworker, unit=city, inquiry_date=date(2026, 11, 1)) for _ in range(12)]

    results = run_at_once(
        lambda: sweep_deadlines(today=today, batch_size=2), lambda: sweep_deadlines(today=today, batch_size=2)
    )

    assert all(not isinstance(result, Exception) for result in results), results
    # Each deadline was claimed by exactly one of the two, per stage: the sums are the totals, not more.
    assert sum(result.due_soon for result in results) == 12
    assert sum(result.overdue for result in results) == 12
    assert sum(result.escalated for result in results) == 12
    expected = 12 * 2 + 12 * 2 + 12  # guarantee: caseworker + counsellor; escalation: the approver
    assert sum(result.notifications for result in results) == expected
    assert Notification.objects.count() == expected
    assert sum(result.emails for result in results) == len(mail.outbox) == expected
    assert told(staff, deadline__case__in=soon) == {("caseworker", "due_soon"), ("counsellor", "due_soon")}
    assert Notification.objects.filter(deadline__case__in=late, kind=NotificationKind.ESCALATED).count() == 12
    assert not Deadline.objects.filter(
        case__in=soon, status=DeadlineStatus.OPEN, due_soon_notified_at__isnull=True
    ).exists()


# --- the doors: the task, the beat schedule, the command ---------------------------------------------------
def test_beat_runs_the_sweep_task_every_five_minutes():
    entry = app.conf.beat_schedule["deadlines-sweep"]
    assert entry["task"] == "cases.tasks.sweep_deadlines"
    assert entry["task"] in app.tasks
    assert entry["schedule"] == 5 * 60


def test_the_task_runs_the_sweep(staff, quiet_guarantee):
    from cases.tasks import sweep_deadlines as task

    deadline(quiet_guarantee, due=date(2026, 11, 30))
    with at(date(2026, 11, 26)):
        summary = task.delay().get()

    assert summary == "Frister: 1 nær udløb, 0 overskredne, 0 eskaleret; 2 notifikationer, 2 e-mails."
    assert Notification.objects.count() == 2


def test_the_command_sweeps_and_says_what_it_did(staff, quiet_guarantee):
    deadline(quiet_guarantee, due=date(2026, 11, 25))
    out = StringIO()
    with at(date(2026, 11, 26)):
        call_command("sweep_deadlines", stdout=out)
        call_command("sweep_deadlines", stdout=out)

    assert out.getvalue().splitlines() == [
        "Frister: 0 nær udløb, 1 overskredne, 1 eskaleret; 3 notifikationer, 3 e-mails.",
        "Frister: 0 nær udløb, 0 overskredne, 0 eskaleret; 0 notifikationer, 0 e-mails.",
    ]


def test_the_command_can_sweep_as_of_another_day(staff, quiet_guarantee):
    deadline(quiet_guarantee, due=date(2026, 12, 10))
    out = StringIO()
    with at(date(2026, 11, 26)):
        call_command("sweep_deadlines", "--today", "2026-12-09", stdout=out)

    assert out.getvalue().startswith("Frister: 1 nær udløb")
    with pytest.raises(CommandError, match="Ugyldig dato"):
        call_command("sweep_deadlines", "--today", "9. december")


# --- the real thing: beat publishes to Redis, a worker sweeps ----------------------------------------------
@pytest.fixture
def project_logging():
    """An embedded worker set up after another one (tests/test_celery_worker.py) replaces the root logger's
    handlers with Celery's own (worker_hijack_root_logger); put the project's CPR-masking ones back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_beat_and_worker_on_redis_notify(
    redis_url, postgres, staff, citizen, caseworker, city, tmp_path, celery_eager, project_logging
):
    assert app.conf.broker_url == redis_url
    app.conf.task_always_eager = False  # restored by the celery_eager fixture
    inquiry = date.today() - timedelta(days=13)  # the guarantee runs out tomorrow: due soon
    case = factories.case(citizen, caseworker, unit=city, inquiry_date=inquiry)

    schedule = app.conf.beat_schedule
    # The real entry, at a pace a test can wait for.
    app.conf.beat_schedule = {"deadlines-sweep": {**schedule["deadlines-sweep"], "schedule": 1.0}}
    beat = Service(app, max_interval=0.5, schedule_filename=str(tmp_path / "beat-schedule"))
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            threading.Thread(target=beat.start, daemon=True).start()
            give_up = time.monotonic() + 60
            while not Notification.objects.filter(deadline__case=case).exists() and time.monotonic() < give_up:
                time.sleep(0.2)
            beat.stop()
    finally:
        app.conf.beat_schedule = schedule

    assert told(staff, deadline__case=case) == {("caseworker", "due_soon"), ("counsellor", "due_soon")}
