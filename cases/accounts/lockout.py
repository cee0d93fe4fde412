"""Lock-out after failed logins: django-axes, with a separate limit per username and per address.

Axes compares one count with one limit. A town hall's staff share one public address behind NAT, so
the address needs a higher limit than a username, or five typos in the building would lock everyone
out for half an hour.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address that the
    outermost of them saw, taken from the right of X-Forwarded-For (entries further left are the
    client's own claims, which anyone can forge)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The failures for this username, or for this address scaled to the username's limit.

        Scaled so that `failures >= AXES_FAILURE_LIMIT` holds exactly when the address has reached
        LOGIN_FAILURE_LIMIT_PER_ADDRESS: (n * L) // A >= L  <=>  n >= A.
        """
        by_username, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)  # AXES_LOCKOUT_PARAMETERS' order
        )
        limit = settings.AXES_FAILURE_LIMIT
        return max(by_username, by_address * limit // settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful login, forget this username's failures from this address only.

        Axes' own reset deletes every attempt matching either parameter, so one attacker with a valid
        account could log in and wipe the failures it piled up against other usernames from its address.
        """
        deleted, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials), ip_address=request.axes_ip_address
        ).delete()
        return deleted


def lockout_response(request, original_response=None, credentials=None):
    """The Danish lock-out page (429), naming the cool-off in minutes."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)
