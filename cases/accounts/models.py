from django_otp.plugins.otp_totp.models import TOTPDevice


class SecondFactorDevice(TOTPDevice):
    """The authenticator app a user enrolled (django-otp's TOTPDevice), under a Danish name in the admin.

    A proxy because the package names its model in English without a translation hook, and changing its
    Meta would need a migration in the package.
    """

    class Meta:
        proxy = True
        verbose_name = "godkendelsesapp"
        verbose_name_plural = "godkendelsesapps (totrinsbekræftelse)"
