from celery import shared_task

from .models import AccessLog


@shared_task
def purge_access_log() -> int:
    """Remove access-log rows past the retention period. Idempotent: a second run finds nothing."""
    return AccessLog.objects.purge_expired()
