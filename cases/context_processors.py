from .models import Notification, Role

# The header shows up to this many unread notifications, then "99+": counting stops there.
UNREAD_SHOWN = 99


def roles(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset()}
    return {"user_roles": frozenset(role.value for role in user.roles), "Role": Role}


def notifications(request) -> dict:
    """The unread count in the header: one small COUNT, at most once per request and only if shown.

    A callable, so a template that never prints the header (an htmx fragment) costs no query; the count
    is kept on the request, so a page rendering several templates counts once. It stops counting at
    UNREAD_SHOWN + 1 (the header says "99+"), so a user with a long backlog costs no more than others.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        if not hasattr(request, "_unread_notifications"):
            found = Notification.objects.for_user(user).unread()[: UNREAD_SHOWN + 1].count()
            request._unread_notifications = found
        return request._unread_notifications

    return {"unread_notifications": unread, "unread_shown": UNREAD_SHOWN}
