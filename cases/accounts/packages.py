"""Third-party apps of the login machinery under Danish names, wherever the admin names an app (the index,
the breadcrumbs, the permission lists). Listed in INSTALLED_APPS in place of the packages' own configs;
their models and field labels are translated in locale/da."""

from axes.apps import AppConfig as AxesAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = "Loginforsøg og spærringer"


class SecondFactorConfig(TOTPAppConfig):
    verbose_name = "Totrinsbekræftelse"
