from django.contrib import admin

from cases.concurrency import VersionedAdminMixin

from .models import Assessment, Decision, Letter, LetterText, Rating, Recommendation


class ReadOnlyAdmin(admin.ModelAdmin):
    """Decisions and what led to them are made through the process (four-eyes, letters, deadlines),
    never typed into the admin: here they can only be read."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RatingInline(admin.StackedInline):  # stacked: see tariffs.admin.TariffInline
    model = Rating
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "unit", "start_date", "end_date", "instrument", "instrument_version"]
    inlines = [RatingInline]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["case", "tariff", "start_date", "end_date", "status", "recommended_by", "created_at"]
    list_filter = ["status"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = [
        "case",
        "outcome",
        "tariff",
        "start_date",
        "end_date",
        "sent_date",
        "complaint_deadline",
        "decided_by",
    ]
    list_filter = ["outcome", "sent_via"]


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["decision", "sha256", "pages", "rendered_at"]
    exclude = ["pdf"]


@admin.register(LetterText)
class LetterTextAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["key", "legal_basis", "title"]
    list_filter = ["key", "legal_basis"]
