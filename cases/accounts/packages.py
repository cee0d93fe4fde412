"""Third-party apps of the login machinery under Danish names, wherever the admin names an app (the index,
the breadcrumbs, the permission lists). Listed in INSTALLED_APPS in place of the packages' own configs;
their models and field labels are translated in locale/da."""

from axes.apps import AppConfig as AxesAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class SecondFactorConfig(TOTPAppConfig):
    verbose_name = "Totrinsbekræftelse"


class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = "Loginforsøg og spærringer"

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        from cases.formats import short_datetime

        # The package names its rows in English ("Access Log for sara @ …"): the admin's titles, breadcrumbs
        # and row checkboxes read them aloud.
        AccessLog.__str__ = lambda log: f"Login: {log.username}, {short_datetime(log.attempt_time)}"
        AccessAttempt.__str__ = lambda attempt: f"Loginforsøg: {attempt.username}, {short_datetime(attempt.attempt_time)}"
        AccessFailureLog.__str__ = lambda failure: (
            f"Mislykket login: {failure.username}, {short_datetime(failure.attempt_time)}"
            + (" (spærret)" if failure.locked_out else "")
        )
