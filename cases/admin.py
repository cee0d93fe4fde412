from django import forms
from django.contrib import admin
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import cpr as cprlib
from . import formats
from .access import log_reads
from .concurrency import VersionedAdminMixin
from .models import (
    AccessAction,
    Case,
    Citizen,
    Deadline,
    DeadlineRule,
    DeliveryRule,
    Municipality,
    Provider,
    Unit,
    User,
)
from .models.access_log import LOOKUP_PURPOSES
from .roles import permission_label


def _boolean_icon(value):
    """Django's yes/no icon with a Danish alt text: Django writes alt="True"/"False"/"None", which is what a
    screen reader says. Every admin list and read-only field imports the icon from admin_list when drawn."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), formats.yes_no(value))


admin_list._boolean_icon = _boolean_icon


class DanishHistoryHelper(HistoricalRecordContextHelper):
    """A change in the history table as a person reads it: a choice by its label, Ja/Nej, "–" for nothing
    (simple-history prints the stored value: "recommended", "False", "None")."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if getattr(field, "flatchoices", None) and isinstance(value, str | int) and value != "":
            return dict(field.flatchoices).get(value, value)
        return formats.display_value(value)


class DanishHistoryAdmin(SimpleHistoryAdmin):
    def get_historical_record_context_helper(self, request, historical_record):
        return DanishHistoryHelper(self.model, historical_record)


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = [
        "code", "name", "abbreviation", "phone", "email", "department", "assessment_days", "followup_attempts",
    ]
    search_fields = ["name", "code"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name"]
    # Checkboxes, not the two-box filter widget: its script adds ARIA a screen reader cannot use (axe).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "provider", "substance"]


# Fields that grant power. Only a superuser may set them: the Administrator role holds change_user to
# look after ordinary accounts, and must never be able to tick its own way to superuser.
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


class DanishPermissionsMixin:
    """The permission boxes list "Sager | Kan tilføje sag" (cases.roles.permission_label)."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DanishPermissionsMixin, BaseGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(DanishPermissionsMixin, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "municipality", "unit", "is_active"]
    list_filter = ["groups", "municipality", "unit", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Tilknytning", {"fields": ["municipality", "unit"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Logins and joining are facts, not settings (and their split date-time inputs have no labels).
        readonly = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
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
    list_display = ["kind", "substance", "amount", "unit", "moves_to_working_day", "legal_reference"]
    list_filter = ["kind", "substance"]


@admin.register(DeliveryRule)
class DeliveryRuleAdmin(admin.ModelAdmin):
    list_display = ["sent_via", "days", "working_days", "legal_reference"]


class DeadlineInline(admin.StackedInline):  # stacked: see tariffs.admin.TariffInline
    model = Deadline
    extra = 0
    fields = ["kind", "due_date", "status", "resolved_on"]
    readonly_fields = fields
    can_delete = False


class LoggedReadsAdmin:
    """Admin pages of citizen data write the read-access log like the UI does (GDPR art. 15)."""

    def access_row(self, obj) -> tuple[int, int | None]:
        raise NotImplementedError

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            log_reads(request, [self.access_row(obj) for obj in changelist.result_list], action=AccessAction.LIST)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None:
            log_reads(request, [self.access_row(original)], action=AccessAction.RECORD)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and getattr(response, "status_code", 200) == 200:
            log_reads(request, [self.access_row(obj)], action=AccessAction.RECORD, detail="Historik")
        return response


class CprLookupForm(forms.Form):
    cpr = forms.CharField(label="CPR-nummer", max_length=11, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    purpose = forms.ChoiceField(label="Formål med opslaget", choices=[(p.value, p.label) for p in LOOKUP_PURPOSES])

    def clean_cpr(self):
        return cprlib.normalise(self.cleaned_data["cpr"])


@admin.register(Citizen)
class CitizenAdmin(LoggedReadsAdmin, VersionedAdminMixin, DanishHistoryAdmin):
    # The list shows the masked CPR only. Search by name here (GET puts the text in the URL); a CPR
    # number is looked up on its own page, by POST and with a purpose, like in the UI.
    list_display = ["name", "cpr_masked", "municipality", "anonymous"]
    list_filter = ["municipality", "anonymous"]
    search_fields = ["name"]
    readonly_fields = ["birth_date", "cpr_masked"]
    change_list_template = "admin/cases/citizen/change_list.html"

    @admin.display(description="CPR-nummer")
    def cpr_masked(self, obj):
        return obj.cpr_masked

    def access_row(self, obj):
        return (obj.pk, None)

    def get_fields(self, request, obj=None):
        # The full number is typed when the citizen is created and never shown again in the admin.
        if obj is None:
            return ["municipality", "cpr", "name", "address", "anonymous"]
        return ["municipality", "cpr_masked", "birth_date", "name", "address", "anonymous"]

    def get_urls(self):
        lookup = path("cpr-opslag/", self.admin_site.admin_view(self.cpr_lookup_view), name="cases_citizen_cpr")
        return [lookup, *super().get_urls()]

    def cpr_lookup_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = CprLookupForm(request.POST or None)
        found = None
        if request.method == "POST" and form.is_valid():
            found = list(self.get_queryset(request).filter(cpr=form.cleaned_data["cpr"]))
            log_reads(
                request, [(c.pk, None) for c in found], action=AccessAction.SEARCH, purpose=form.cleaned_data["purpose"]
            )
        context = {
            **self.admin_site.each_context(request),
            "title": "Find borger ud fra CPR-nummer",
            "opts": self.model._meta,
            "form": form,
            "found": found,
        }
        return TemplateResponse(request, "admin/cases/citizen/cpr_lookup.html", context)


@admin.register(Case)
class CaseAdmin(LoggedReadsAdmin, DanishHistoryAdmin):
    list_display = ["reference", "citizen", "municipality", "substance", "state", "inquiry_date", "unit"]
    list_filter = ["state", "municipality", "substance", "unit"]
    search_fields = ["reference"]
    readonly_fields = ["reference", "state"]
    raw_id_fields = ["citizen", "created_by"]
    inlines = [DeadlineInline]

    def access_row(self, obj):
        return (obj.citizen_id, obj.pk)
