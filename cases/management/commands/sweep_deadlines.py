from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cases.sweep import sweep_deadlines


class Command(BaseCommand):
    help = (
        "Giver besked om frister, der snart udløber eller er overskredet, og eskalerer overskredne frister "
        "til godkenderne (det samme som Celery-opgaven). Sikker at køre flere gange."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", metavar="ÅÅÅÅ-MM-DD", help="Kør, som om det var denne dato (standard: i dag)."
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"Ugyldig dato: {options['today']!r}. Brug formatet ÅÅÅÅ-MM-DD.") from None
        self.stdout.write(str(sweep_deadlines(today=today)))
