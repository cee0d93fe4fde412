from celery import shared_task

from .models import AccessLog


@shared_task
def purge_access_log() -> int:
    """Remove access-log rows past the retention period. Idempotent: a second run finds nothing."""
    return AccessLog.objects.purge_expired()


@shared_task
def sweep_deadlines() -> str:
    """The periodic deadline sweep (beat, config/celery.py). It takes no ids: it finds its own work in the
    database, and is safe to run twice or at once. Failures surface; the next run picks up what is left."""
    from .sweep import sweep_deadlines as sweep

    return str(sweep())
