from django.contrib import admin

from cases.concurrency import VersionedAdminMixin, VersionedInlineMixin

from .models import LegalBasis, Tariff, TariffCatalogue


# Stacked, not tabular: the tabular layout leaves its inputs without labels and its first column without a
# header, which screen readers cannot use (axe: label, empty-table-header).
class TariffInline(VersionedInlineMixin, admin.StackedInline):
    model = Tariff
    fields = ["position", "code", "name", "legal_basis", "price_per_day", "duration_days"]
    extra = 0
    show_change_link = True


@admin.register(TariffCatalogue)
class TariffCatalogueAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["year", "source", "loaded_at"]
    inlines = [TariffInline]


@admin.register(Tariff)
class TariffAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "catalogue", "legal_basis", "price_per_day", "duration_days", "min_age"]
    list_filter = ["catalogue", "legal_basis", "substance", "level"]
    search_fields = ["name", "code"]


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "reference", "appealable", "complaint_route"]
