from django.core.management.base import BaseCommand

from cases.roles import role_matrix


class Command(BaseCommand):
    help = "Udskriver hvilke rettigheder hver rolle har, pr. del af systemet (til revision)."

    def handle(self, *args, **options):
        for row in role_matrix():
            self.stdout.write(f"## {row['role']}")
            for app, permissions in row["apps"]:
                self.stdout.write(f"- {app}: {'; '.join(permissions)}")
            self.stdout.write("")
