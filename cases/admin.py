from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

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


# Fields that grant power. Only a superuser may set them: the Administrator role holds change_user to
# look after ordinary accounts, and must never be able to tick its own way to superuser.
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "municipality", "unit", "is_active"]
    list_filter = ["groups", "municipality", "unit", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Tilknytning", {"fields": ["municipality", "unit"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [field for field in PRIVILEGE_FIELDS if field not in readonly]
        return readonly

    def get_queryset(self, request):
        """A non-superuser manages ordinary accounts only: not superusers, not staff, not itself.

        Changing a staff account's password is taking over its privileges, so those accounts are out
        of reach (they read as not found); one's own password is changed on the password-change page.
        """
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.filter(is_superuser=False, is_staff=False).exclude(pk=request.user.pk)

    def save_model(self, request, obj, form, change):
        # Belt and braces behind the read-only fields: a non-superuser's save never carries privileges.
        if not request.user.is_superuser and (obj.is_superuser or obj.is_staff):
            raise PermissionDenied("Kun en superbruger kan tildele administratorrettigheder.")
        super().save_model(request, obj, form, change)


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
class CitizenAdmin(SimpleHistoryAdmin):
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
