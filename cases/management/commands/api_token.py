from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Udskriver brugerens API-token (opretter det om nødvendigt)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Ukendt eller inaktiv bruger: {username}") from None
        token, _ = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
