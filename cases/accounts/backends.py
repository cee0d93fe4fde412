"""The login backend: Django's, but cheaper per request.

- The user of each request comes with the municipality or KABS unit the header names on every page, and
  the header's unread-notification count, in the same query.
- The user's roles and permissions come in one query together (User.load_access), where Django spends
  one on the groups and two on the permissions. They are kept on the user object only, which lives for
  one request: a revoked permission bites on the next request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from cases.models.notification import unread_count_of_user


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        users = (
            get_user_model()
            ._default_manager.select_related("municipality", "unit")
            .annotate(header_unread_notifications=unread_count_of_user())
        )
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def _get_permissions(self, user_obj, obj, from_name):
        # Django's guards, unchanged: no permissions for inactive or anonymous users, nor per object.
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, cache_name) and hasattr(user_obj, "load_access"):
            user_obj.load_access()
        return super()._get_permissions(user_obj, obj, from_name)
