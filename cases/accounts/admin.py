from django.contrib import admin
from rest_framework.authtoken.admin import TokenAdmin as BaseTokenAdmin
from rest_framework.authtoken.models import TokenProxy

from .authentication import token_expires

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
        return token_expires(token)
