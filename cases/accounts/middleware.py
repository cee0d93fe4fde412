from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .second_factor import confirmed_device, needs_second_factor

LOGIN_STARTED = "accounts.login_started"
LAST_SEEN = "accounts.last_seen"
# Writing the session on every request would cost a database write per request (htmx included); a
# minute's resolution is plenty for a 30-minute timeout.
LAST_SEEN_RESOLUTION = 60


def _minutes(delta) -> int:
    return int(delta.total_seconds() // 60)


def session_timeout(get_response):
    """End a session after SESSION_IDLE_TIMEOUT without requests, or SESSION_MAX_AGE after the login.

    The user is logged out and finds a Danish note on the login page saying why. Both times are kept in
    the session, stamped on the first request after the login.
    """

    def middleware(request):
        if request.user.is_authenticated:
            now = int(timezone.now().timestamp())
            session = request.session
            started = session.setdefault(LOGIN_STARTED, now)
            last_seen = session.get(LAST_SEEN, now)
            reason = None
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT.total_seconds():
                reason = (
                    f"Du er blevet logget ud, fordi du ikke har været aktiv i "
                    f"{_minutes(settings.SESSION_IDLE_TIMEOUT)} minutter. Log ind igen."
                )
            elif now - started > settings.SESSION_MAX_AGE.total_seconds():
                hours = _minutes(settings.SESSION_MAX_AGE) // 60
                reason = f"Du er blevet logget ud, fordi du har været logget ind i over {hours} timer. Log ind igen."
            if reason:
                logout(request)
                messages.info(request, reason)
                return _to_login(request)
            if now - session.get(LAST_SEEN, 0) >= LAST_SEEN_RESOLUTION:
                session[LAST_SEEN] = now
        return get_response(request)

    return middleware


def second_factor(get_response):
    """With REQUIRE_2FA on, approvers, administrators and superusers see no page (the admin included)
    before they have entered a code from their authenticator app in this session; without a device they
    are sent to set one up first. API calls with a session get 403; API tokens are not affected."""

    def middleware(request):
        if settings.REQUIRE_2FA and needs_second_factor(request.user) and not request.user.is_verified():
            path = request.path_info
            open_paths = [
                reverse("login"),
                reverse("logout"),
                reverse("accounts:verify"),
                reverse("accounts:enrol"),
            ]
            if path not in open_paths and not path.startswith("/" + settings.STATIC_URL.lstrip("/")):
                if path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": "Log ind i browseren med totrinsbekræftelse, eller brug en API-nøgle."},
                        status=403,
                    )
                query = urlencode({"next": request.get_full_path()})
                step = "accounts:verify" if confirmed_device(request.user) else "accounts:enrol"
                return _redirect(request, f"{reverse(step)}?{query}")
        return get_response(request)

    return middleware


def _to_login(request):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": "Din session er udløbet. Log ind igen."}, status=401)
    url = reverse(settings.LOGIN_URL)
    if request.method == "GET":  # a POST's URL is no page to come back to
        url += "?" + urlencode({"next": request.get_full_path()})
    return _redirect(request, url)


def _redirect(request, url: str):
    # htmx would swap the login page into the fragment it asked for; tell it to load the whole page.
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)
