from django.conf import settings
from django.core.management.base import BaseCommand

from cases.models import AccessLog


class Command(BaseCommand):
    help = "Fjerner rækker i adgangsloggen, der er ældre end opbevaringsperioden (ACCESS_LOG_RETENTION_DAYS)."

    def handle(self, *args, **options):
        removed = AccessLog.objects.purge_expired()
        days = settings.ACCESS_LOG_RETENTION_DAYS
        self.stdout.write(f"Adgangslog: {removed} række(r) ældre end {days} dage fjernet.")
