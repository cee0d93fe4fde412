from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cases.accounts.authentication import token_expires


class Command(BaseCommand):
    help = (
        "Udskriver brugerens API-token (opretter det om nødvendigt). "
        "--rotate udskifter det med et nyt, --revoke tilbagekalder det."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        action = parser.add_mutually_exclusive_group()
        action.add_argument(
            "--rotate", action="store_true", help="Slet det nuværende token, og udskriv et nyt."
        )
        action.add_argument("--revoke", action="store_true", help="Slet tokenet; det virker ikke længere.")

    def handle(self, *args, username, rotate, revoke, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Ukendt eller inaktiv bruger: {username}") from None
        if revoke:
            deleted, _ = Token.objects.filter(user=user).delete()
            self.stdout.write(
                f"Token for {username} er tilbagekaldt." if deleted else f"{username} havde intet token."
            )
            return
        if not user.is_active:  # a deactivated user's token can be revoked, never handed out
            raise CommandError(f"Ukendt eller inaktiv bruger: {username}")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, _ = Token.objects.get_or_create(user=user)
        if timezone.now() >= token_expires(token):
            self.stderr.write(
                f"Tokenet er udløbet ({token_expires(token):%Y-%m-%d}); brug --rotate for et nyt."
            )
        self.stdout.write(token.key)
