from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .concurrency import VersionedAdminMixin
from .models import Case, Citizen, Deadline, DeadlineRule, DeliveryRule, Municipality, Provider, Unit, User


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "department", "assessment_days", "assessment_days_after_recent_treatment"]
    search_fields = ["name", "code"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["municipalities"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "provider", "substance"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "municipality", "unit", "is_active"]
    list_filter = ["groups", "municipality", "unit", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Tilknytning", {"fields": ["municipality", "unit"]}),
    ]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "amount", "unit", "moves_to_working_day", "legal_reference"]


@admin.register(DeliveryRule)
class DeliveryRuleAdmin(admin.ModelAdmin):
    list_display = ["sent_via", "days", "working_days", "legal_reference"]


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0
    fields = ["kind", "due_date", "status", "resolved_on"]
    readonly_fields = fields
    can_delete = False


@admin.register(Citizen)
class CitizenAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    # The list shows the masked CPR only; search by CPR works but never echoes it in the list.
    list_display = ["name", "cpr_masked", "municipality", "anonymous"]
    list_filter = ["municipality", "anonymous"]
    search_fields = ["name", "=cpr"]
    readonly_fields = ["birth_date"]


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "citizen", "municipality", "substance", "state", "inquiry_date", "unit"]
    list_filter = ["state", "municipality", "substance", "unit"]
    readonly_fields = ["state"]
    raw_id_fields = ["citizen", "created_by"]
    inlines = [DeadlineInline]
