from django.contrib import admin

from .models import PlanVersion


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    """Read-only: a plan is revised with the citizen through the process, never edited here."""

    list_display = ["plan", "number", "signed_on", "signed_how", "created_by", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
