from django.core.management.base import BaseCommand

from cases.demo import seed
from visitation.demo import seed_process


class Command(BaseCommand):
    help = "Opretter demodata: kommuner, KABS-enheder, demobrugere og sager i forskellige trin (kan køres flere gange)."

    def handle(self, *args, **options):
        logins = seed()
        seed_process()
        self.stdout.write("Demobrugere (brugernavn / adgangskode):")
        for username, password, description in logins:
            self.stdout.write(f"  {username:<24} {password:<16} {description}")
