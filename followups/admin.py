from django.contrib import admin

from cases.admin import DanishHistoryAdmin

from .models import Attempt, FollowUp


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    readonly_fields = ["date", "reached", "note", "created_by", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(DanishHistoryAdmin):
    """Read-only: a follow-up is recorded through the case (followups/services.py), never edited here."""

    list_display = ["__str__", "due_date", "status", "held_on"]
    list_filter = ["status", "slot"]
    inlines = [AttemptInline]

    def get_queryset(self, request):
        from cases.models import Case

        return super().get_queryset(request).filter(case__in=Case.objects.for_user(request.user))

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
