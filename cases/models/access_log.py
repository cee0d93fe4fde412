"""The read-access log: who looked at which citizen's data, when, what and why.

GDPR art. 15 as read by the EU Court in C-579/21 gives the citizen the right to learn which look-ups
were made in their data, when and for what purpose. So every page, search, export and document that
shows a citizen's data writes a row here, lists in one bulk INSERT. Rows are append-only: the app can
add them and read them, never change or delete them; only the retention purge removes old rows.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from cases.formats import compact_datetime


class AccessAction(models.TextChoices):
    CITIZEN_PAGE = "citizen_page", "Borgerens oplysninger"
    CASE_PAGE = "case_page", "Sagen"
    FORM = "form", "Sagsskridt (formular)"
    LIST = "list", "Sagsliste"
    SEARCH = "search", "Søgning"
    CPR_SHOWN = "cpr_shown", "Fuldt CPR-nummer vist"
    LETTER = "letter", "Afgørelsesbrev (PDF)"
    PLAN = "plan", "Behandlingsplan (PDF)"
    EXTRACT = "extract", "Indsigtsudtræk"
    ACCESS_LOG = "access_log", "Adgangsloggen"
    RECORD = "record", "Opslag i stamdata"


class AccessPurpose(models.TextChoices):
    """Why the data was read. A case page's purpose is the case; a look-up by CPR asks the user."""

    CASE_WORK = "case_work", "Sagsbehandling"
    NEW_INQUIRY = "new_inquiry", "Ny henvendelse"
    COMPLAINT = "complaint", "Behandling af klage"
    FOLLOWUP = "followup", "Opfølgning efter behandling"
    CITIZEN_REQUEST = "citizen_request", "Borgerens anmodning om indsigt"
    SUPERVISION = "supervision", "Tilsyn og kvalitetssikring"
    INTEGRATION = "integration", "Opslag fra fagsystem (API)"


# What a user may choose when looking someone up (the others are set by the system).
LOOKUP_PURPOSES = [
    AccessPurpose.NEW_INQUIRY,
    AccessPurpose.CASE_WORK,
    AccessPurpose.COMPLAINT,
    AccessPurpose.FOLLOWUP,
    AccessPurpose.CITIZEN_REQUEST,
    AccessPurpose.SUPERVISION,
]


class AccessVia(models.TextChoices):
    UI = "ui", "Rusmiddelsag"
    API = "api", "API"
    ADMIN = "admin", "Administration"


class AppendOnly(Exception):
    """Raised by any attempt to change or delete a row of the access log through the app."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Adgangsloggen kan ikke ændres.")

    def delete(self):
        raise AppendOnly("Adgangsloggen kan ikke slettes; kun udløbne rækker fjernes af oprydningen.")

    def for_citizen(self, citizen) -> "AccessLogQuerySet":
        return self.filter(citizen=citizen).order_by("-at", "-pk")

    def expired(self, now=None) -> "AccessLogQuerySet":
        days = settings.ACCESS_LOG_RETENTION_DAYS
        return self.filter(at__lt=(now or timezone.now()) - timedelta(days=days))

    def purge_expired(self, now=None) -> int:
        """Remove rows older than the retention period (the only delete there is); return how many."""
        deleted, _ = models.QuerySet.delete(self.expired(now))
        return deleted


class AccessLog(models.Model):
    at = models.DateTimeField("tidspunkt", default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="medarbejder"
    )
    # PROTECT: a citizen who has been looked up cannot vanish before the log of it has expired. No index of
    # its own: accesslog_citizen_at begins with it, and every page a user reads writes rows here (issue 11).
    citizen = models.ForeignKey(
        "cases.Citizen", on_delete=models.PROTECT, related_name="access_log", verbose_name="borger",
        db_index=False,
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="sag"
    )
    action = models.CharField("hvad", max_length=20, choices=AccessAction.choices)
    purpose = models.CharField("formål", max_length=20, choices=AccessPurpose.choices)
    via = models.CharField("adgangsvej", max_length=10, choices=AccessVia.choices)
    detail = models.CharField("detalje", max_length=200, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = "adgangslog"
        verbose_name_plural = "adgangslog"
        # Only reading is a permission: nobody is ever granted add, change or delete.
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["citizen", "-at"], name="accesslog_citizen_at"),
            models.Index(fields=["at"], name="accesslog_at"),
        ]

    def __str__(self) -> str:
        return f"{compact_datetime(self.at)} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        # The append-only invariant, kept where every path (UI, API, admin, shell) passes.
        if not self._state.adding:
            raise AppendOnly("Adgangsloggen kan ikke ændres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Adgangsloggen kan ikke slettes.")

    @property
    def what(self) -> str:
        label = self.get_action_display()
        return f"{label}, sag {self.case_id}" if self.case_id else label

    def organisation(self) -> str:
        """Where the reader works, for the citizen's extract (which names no employee by default)."""
        user = self.user
        if user.municipality_id:
            return f"{user.municipality.name} Kommune"
        if user.unit_id:
            return f"{user.unit.provider.name}, {user.unit.name}"
        return "Systemets administration"
