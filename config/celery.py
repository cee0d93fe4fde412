"""The Celery app. Beat schedules are declared here, in one place, as the deadline engine grows."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("rusmiddelsag")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Safe to run twice or at once (cases/sweep.py): a sweep that outlasts its interval does no harm.
    "deadlines-sweep": {"task": "cases.tasks.sweep_deadlines", "schedule": 5 * 60.0},
    "access-log-purge": {"task": "cases.tasks.purge_access_log", "schedule": 24 * 60 * 60.0},
    # The management view reads stored figures; recomputing them nightly keeps the page fast at any volume.
    "targets-refresh": {"task": "cases.tasks.refresh_targets", "schedule": crontab(hour=2, minute=30)},
}
