from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Logins and sessions: lock-out, timeouts, the second factor and API tokens."""

    name = "cases.accounts"
    label = "accounts"
    verbose_name = "Log ind og adgang"
