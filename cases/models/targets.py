"""The management view's numbers, stored: computed by aggregate queries (cases/targets.py) nightly by
Celery and on request, read by the page, the CSV exports and the API, which say when they were computed.

A stored snapshot keeps the page fast at national volume (the figures for a year of 400,000 cases take
longer to compute than a page may take), and makes the page, the CSV and the API agree to the krone.
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone


class TargetSnapshotQuerySet(models.QuerySet):
    def refresh(self, municipality, year: int) -> "TargetSnapshot":
        """Compute the figures now and store them (replacing the earlier ones)."""
        from cases.targets import compute

        data = compute(municipality, year)
        snapshot, _ = self.update_or_create(
            municipality=municipality, year=year, defaults={"data": data, "computed_at": timezone.now()}
        )
        # Read back through the JSON encoder so a fresh snapshot looks exactly like a stored one.
        snapshot.refresh_from_db(fields=["data"])
        return snapshot

    def current(self, municipality, year: int) -> "TargetSnapshot":
        """The stored figures, computing them first if there are none yet."""
        return self.filter(municipality=municipality, year=year).first() or self.refresh(municipality, year)


class TargetSnapshot(models.Model):
    municipality = models.ForeignKey("cases.Municipality", on_delete=models.CASCADE, verbose_name="kommune")
    year = models.PositiveSmallIntegerField("år")
    computed_at = models.DateTimeField("beregnet")
    data = models.JSONField("tal", encoder=DjangoJSONEncoder)

    objects = TargetSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = "måltal"
        verbose_name_plural = "måltal"
        default_permissions = ()
        permissions = [("view_targets", "Kan se måltal og udgifter for sin kommune")]
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="target_snapshot_unique")]

    def __str__(self) -> str:
        return f"Måltal {self.municipality} {self.year}"
