from django.contrib import admin

from cases.concurrency import VersionedAdminMixin
from visitation.admin import ReadOnlyAdmin

from .models import Complaint, ComplaintDocument, ComplaintText


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    """Complaints move through their steps (deadlines, reopened decisions, documents), never by hand."""

    list_display = ["case", "received_date", "about", "route", "in_time", "state", "reconsideration_outcome"]
    list_filter = ["state", "route", "about"]


@admin.register(ComplaintDocument)
class ComplaintDocumentAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "kind", "sha256", "pages", "rendered_at"]
    exclude = ["pdf"]


@admin.register(ComplaintText)
class ComplaintTextAdmin(VersionedAdminMixin, admin.ModelAdmin):
    list_display = ["key", "route", "title"]
    list_filter = ["key", "route"]
