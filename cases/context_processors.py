from .models import Notification, Role
from .models.notification import UNREAD_SHOWN


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset()}
    return {"user_roles": frozenset(role.value for role in user.roles), "Role": Role}


def notifications(request) -> dict:
    """The unread count in the header, stopping at UNREAD_SHOWN + 1 (the header says "99+").

    The request's user usually brings it, counted in the query that loaded it (cases/accounts/backends.py):
    no query here. Otherwise (a user logged in some other way) one small COUNT, at most once per request
    and only if shown: a callable, so a template that never prints the header costs nothing, and kept on
    the request, so a page rendering several templates counts once. Views that mark notifications read
    redirect, so a page never shows a count from before its own request changed it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        loaded = getattr(user, "header_unread_notifications", None)
        if loaded is not None:
            return loaded
        if not hasattr(request, "_unread_notifications"):
            request._unread_notifications = Notification.objects.for_user(user).header_unread().count()
        return request._unread_notifications

    return {"unread_notifications": unread, "unread_shown": UNREAD_SHOWN}
