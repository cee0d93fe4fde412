from django.contrib import admin
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.admin import TokenAdmin as BaseTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from cases.formats import short_datetime

from .authentication import token_expires
from .models import SecondFactorDevice

# API tokens: an administrator revokes one by deleting it. The list no longer shows the whole key: it is
# a credential, and the admin is not where an integrator should copy it from (manage.py api_token).
admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenAdmin(BaseTokenAdmin):
    list_display = ("user", "key_start", "created", "expires")

    @admin.display(description="Nøgle (begyndelse)")
    def key_start(self, token):
        return f"{token.key[:6]}…"

    @admin.display(description="Udløber")
    def expires(self, token):
        return short_datetime(token_expires(token))


# The second factor: a user enrols their authenticator app themselves (accounts/enrol). The administrator
# only sees who has one and resets a lost phone by deleting it; adding or editing a device here would let
# someone other than its owner know the key. django-otp's own admin (English, with the key and a QR code)
# is replaced by this one under a Danish name.
admin.site.unregister(TOTPDevice)


@admin.register(SecondFactorDevice)
class SecondFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ("owner", "device_name", "is_confirmed", "created", "last_used")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    search_help_text = "Søg på brugernavn eller navn."
    fields = ("owner", "device_name", "is_confirmed", "created", "last_used")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Bruger", ordering="user__username")
    def owner(self, device):
        return device.user.get_full_name() or device.user.get_username()

    @admin.display(description="Navn")
    def device_name(self, device):
        return device.name

    @admin.display(description="Taget i brug", boolean=True)
    def is_confirmed(self, device):
        return device.confirmed

    @admin.display(description="Oprettet", ordering="created_at")
    def created(self, device):
        return short_datetime(device.created_at)

    @admin.display(description="Senest brugt", ordering="last_used_at")
    def last_used(self, device):
        return short_datetime(device.last_used_at) or "Aldrig"
