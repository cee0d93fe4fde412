from django.core.management.base import BaseCommand

from cases.demo import seed


class Command(BaseCommand):
    help = "Opretter demodata: kommuner, KABS-enheder, demobrugere og nogle sager (kan køres flere gange)."

    def handle(self, *args, **options):
        logins = seed()
        self.stdout.write("Demobrugere (brugernavn / adgangskode):")
        for username, password, description in logins:
            self.stdout.write(f"  {username:<24} {password:<10} {description}")
