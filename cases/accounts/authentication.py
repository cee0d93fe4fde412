from django.conf import settings
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed


def token_expires(token):
    return token.created + settings.API_TOKEN_TTL


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, refused once the token is older than API_TOKEN_TTL.

    A token is a password that lives in another system's configuration; expiry bounds how long a leaked
    one works. Revoking is deleting the token (admin, or `manage.py api_token --revoke`).
    """

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if timezone.now() >= token_expires(token):
            raise AuthenticationFailed(
                "API-nøglen er udløbet. Bed en administrator om en ny (manage.py api_token --rotate)."
            )
        return user, token
