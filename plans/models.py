"""Treatment plans. A plan is the citizen's; each revision is a new version, and a version the citizen
has signed is never changed again (what was signed stays as it was signed)."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from cases.formats import short_date
from cases.prefill import fill_related


class SignatureMethod(models.TextChoices):
    PAPER = "paper", "Underskrevet på papir"
    DIGITAL = "digital", "Digital signatur (MitID)"
    ORAL = "oral", "Mundtligt tiltrådt (noteret af behandleren)"


class TreatmentPlanQuerySet(models.QuerySet):
    def with_versions(self) -> list["TreatmentPlan"]:
        """The plans, oldest first, each with its versions, in one query (the versions with their plan joined).

        Every plan has a version: the recommendation service creates the plan and its first version in
        one transaction (visitation.services), and a version referred to by a recommendation cannot be
        deleted. So reading the versions finds every plan.
        """
        plans: dict[int, TreatmentPlan] = {}
        versions: dict[int, list[PlanVersion]] = {}
        rows = PlanVersion.objects.filter(plan__in=self).select_related("plan").order_by("plan_id", "number")
        for version in rows:
            version.plan = plans.setdefault(version.plan_id, version.plan)
            versions.setdefault(version.plan_id, []).append(version)
        for plan_id, plan in plans.items():
            fill_related(plan, "versions", versions[plan_id])
        return list(plans.values())


class TreatmentPlan(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plans", verbose_name="sag")
    created_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name="oprettet")

    objects = TreatmentPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "behandlingsplan"
        verbose_name_plural = "behandlingsplaner"

    def __str__(self) -> str:
        return f"Behandlingsplan for sag {self.case_id}"

    def current(self) -> "PlanVersion | None":
        return self.versions.order_by("-number").first()

    @classmethod
    def for_case(cls, case) -> "TreatmentPlan":
        return cls.objects.get_or_create(case=case)[0]

    @transaction.atomic
    def revise(self, *, author, **content) -> "PlanVersion":
        """Write a new version; earlier versions, signed or not, are kept unchanged."""
        # Lock the plan row so two simultaneous revisions get distinct numbers.
        TreatmentPlan.objects.select_for_update().get(pk=self.pk)
        last = self.versions.order_by("-number").values_list("number", flat=True).first() or 0
        version = PlanVersion(plan=self, number=last + 1, created_by=author, **content)
        version.full_clean()
        version.save()
        return version


class PlanVersion(models.Model):
    plan = models.ForeignKey(
        TreatmentPlan, on_delete=models.CASCADE, related_name="versions", verbose_name="behandlingsplan"
    )
    number = models.PositiveSmallIntegerField("version")
    goals_short = models.JSONField("kortsigtede mål", default=list, blank=True)
    goals_long = models.JSONField("langsigtede mål", default=list, blank=True)
    services = models.JSONField(
        "ydelser", default=list, blank=True, help_text="Valgt fra takstens ydelsespakke."
    )
    expected_weeks = models.PositiveSmallIntegerField("forventet varighed (uger)", null=True, blank=True)
    intensity = models.CharField("intensitet", max_length=200, blank=True)
    collaborators = models.TextField("samarbejdspartnere", blank=True)
    signed_on = models.DateField("underskrevet den", null=True, blank=True)
    signed_how = models.CharField(
        "underskrevet ved", max_length=10, choices=SignatureMethod.choices, blank=True
    )
    created_by = models.ForeignKey("cases.User", on_delete=models.PROTECT, related_name="+", verbose_name="udarbejdet af")
    created_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name="udarbejdet")

    class Meta:
        verbose_name = "planversion"
        verbose_name_plural = "planversioner"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")]

    def __str__(self) -> str:
        return f"Behandlingsplan version {self.number}"

    def save(self, *args, **kwargs):
        # A signed version is the citizen's document: a change is a new version, never an overwrite.
        if self.pk and PlanVersion.objects.filter(pk=self.pk, signed_on__isnull=False).exists():
            raise ValidationError("En underskrevet plan kan ikke ændres. Opret en ny version.")
        super().save(*args, **kwargs)

    @property
    def goals(self) -> list[str]:
        return [*self.goals_short, *self.goals_long]

    @property
    def is_signed(self) -> bool:
        return self.signed_on is not None

    def clean(self) -> None:
        super().clean()
        if not (self.goals_short or self.goals_long):
            raise ValidationError({"goals_short": "Planen skal have mindst ét mål."})
        if bool(self.signed_on) != bool(self.signed_how):
            raise ValidationError({"signed_how": "Angiv både dato og måde for borgerens underskrift."})
        if self.signed_on and self.signed_on > timezone.localdate():
            raise ValidationError({"signed_on": "Underskriftsdatoen kan ikke ligge i fremtiden."})

    def sign(self, *, on, how) -> None:
        if self.is_signed:
            raise ValidationError(self._already_signed())
        self.signed_on, self.signed_how = on, how
        try:
            self.full_clean()
        except ValidationError:
            # A refused signature must not leave the version looking signed (it could then never be signed).
            self.signed_on, self.signed_how = None, ""
            raise
        # The only change an existing version ever gets, so "still unsigned" is its concurrency token: a
        # conditional UPDATE lets exactly one of two people recording a signature at once succeed, and the
        # other is told what is stored instead of overwriting its date and method.
        claimed = PlanVersion.objects.filter(pk=self.pk, signed_on__isnull=True).update(signed_on=on, signed_how=how)
        if not claimed:
            self.signed_on, self.signed_how = None, ""
            raise ValidationError(PlanVersion.objects.get(pk=self.pk)._already_signed())

    def _already_signed(self) -> str:
        return (
            f"Planen er allerede underskrevet. Gemt nu: {self.get_signed_how_display()}, "
            f"{short_date(self.signed_on)}. Din registrering er ikke gemt."
        )
