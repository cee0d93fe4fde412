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


@shared_task
def refresh_targets() -> int:
    """Recompute the management view's figures (beat, nightly) for every municipality: this year, and in
    January also last year, whose late decisions and discharges still change its numbers."""
    from django.utils import timezone

    from .models import Municipality, TargetSnapshot

    today = timezone.localdate()
    years = [today.year - 1, today.year] if today.month == 1 else [today.year]
    count = 0
    for municipality in Municipality.objects.all():
        for year in years:
            TargetSnapshot.objects.refresh(municipality, year)
            count += 1
    return count
