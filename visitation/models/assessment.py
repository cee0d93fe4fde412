"""The holistic assessment (afdækning / kortlægning) with MapPlan-style ratings per life area."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils import timezone

from cases.formats import short_date
from cases.prefill import fill_related
from tariffs.choices import Substance, TariffLevel
from tariffs.models import Tariff


class Area(models.TextChoices):
    """The areas Serviceloven § 101 requires the holistic assessment to cover."""

    SUBSTANCE_USE = "substance_use", "Brug af rusmidler (stoffer og alkohol)"
    SOCIAL = "social", "Sociale forhold, netværk og familie"
    PHYSICAL_HEALTH = "physical_health", "Fysisk helbred"
    MENTAL_HEALTH = "mental_health", "Psykisk helbred"
    WORK_EDUCATION = "work_education", "Beskæftigelse og uddannelse"
    HOUSING = "housing", "Bolig"
    OTHER_HELP = "other_help", "Andre forhold, herunder anden hjælp"


class Level(models.TextChoices):
    """MapPlan's burden scale; the order matters (low < moderate < much < severe)."""

    LOW = "low", "Lavt belastet"
    MODERATE = "moderate", "Moderat belastet"
    MUCH = "much", "Meget belastet"
    SEVERE = "severe", "Stærkt belastet"


LEVEL_SCORE = {Level.LOW: 1, Level.MODERATE: 2, Level.MUCH: 3, Level.SEVERE: 4}


class PrimarySubstance(models.TextChoices):
    CANNABIS = "cannabis", "Cannabis"
    STIMULANTS = "stimulants", "Centralstimulerende stoffer"
    OPIOIDS = "opioids", "Opioider"
    GHB = "ghb", "GHB/GBL"
    MIXED = "mixed", "Blandingsmisbrug"
    ALCOHOL = "alcohol", "Alkohol"


def propose_level(levels: list[str]) -> str:
    """The tariff level the ratings point to (the catalogue's reading guide).

    1. Mean burden on the 1–4 scale: up to 2 (mostly low–moderate) → Basis; below 3 (moderate–much) →
       Udvidet; 3 or more (much–severe) → Intensiv.
    2. Basis allows single areas rated 'meget', never 'stærkt': one severely burdened area lifts the
       proposal to at least Udvidet, whose target group has "enkelte områder … stærkt belastede".
    The counsellor may choose otherwise, with a reason.
    """
    if not levels:
        return TariffLevel.BASIS
    mean = sum(LEVEL_SCORE[Level(level)] for level in levels) / len(levels)
    if mean >= 3:
        return TariffLevel.INTENSIVE
    if mean > 2 or Level.SEVERE in levels:
        return TariffLevel.EXTENDED
    return TariffLevel.BASIS


def propose_unit(
    *,
    substance: str,
    primary_substance: str,
    psychiatric: bool,
    dual_diagnosis: bool,
    current_unit: str | None,
) -> str:
    """The KABS unit the substance profile points to (seed 002's description of the units)."""
    if substance == Substance.ALCOHOL or primary_substance == PrimarySubstance.ALCOHOL:
        return "alkohol"
    if dual_diagnosis:
        return "kasa"
    if primary_substance == PrimarySubstance.OPIOIDS:
        return current_unit if current_unit in {"hvidovre", "gentofte"} else "hvidovre"
    if psychiatric:
        return "stjernevang"
    return "city"


class AssessmentQuerySet(models.QuerySet):
    def latest_with_ratings(self) -> "Assessment | None":
        """The latest assessment (what the case page shows) with its ratings, in one query.

        The ratings are read with their assessment joined; only an assessment without ratings (or no
        assessment at all) costs a second query to tell which.
        """
        latest = self.order_by(*Assessment._meta.ordering).values("pk")[:1]
        ratings = list(Rating.objects.filter(assessment=models.Subquery(latest)).select_related("assessment"))
        if not ratings:
            return self.order_by(*Assessment._meta.ordering).first()
        assessment = ratings[0].assessment
        for rating in ratings:
            rating.assessment = assessment
        fill_related(assessment, "ratings", ratings)
        return assessment


class Assessment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments", verbose_name="sag")
    unit = models.ForeignKey("cases.Unit", on_delete=models.PROTECT, verbose_name="KABS-enhed")
    start_date = models.DateField("startdato")
    end_date = models.DateField("afdækningen afsluttes senest")
    primary_substance = models.CharField("primært rusmiddel", max_length=12, choices=PrimarySubstance.choices)
    psychiatric = models.BooleanField("psykiatriske symptomer", default=False)
    dual_diagnosis = models.BooleanField("dobbeltdiagnose", default=False)
    recent_kabs_treatment = models.BooleanField("i KABS-behandling inden for perioden", default=False)
    instrument = models.CharField("redskab", max_length=40, default="MapPlan")
    instrument_version = models.CharField("redskabets version", max_length=20, default="2024")
    note = models.TextField("bemærkning", blank=True)
    created_by = models.ForeignKey("cases.User", on_delete=models.PROTECT, related_name="+", verbose_name="oprettet af")
    created_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name="oprettet")

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = "afdækning"
        verbose_name_plural = "afdækninger"
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return f"Afdækning {short_date(self.start_date)} ({self.instrument} {self.instrument_version})"

    def ordered_ratings(self) -> list["Rating"]:
        """Ratings in the order the law lists the areas (not alphabetically)."""
        order = {area: index for index, area in enumerate(Area.values)}
        return sorted(self.ratings.all(), key=lambda rating: order[rating.area])

    def levels(self) -> list[str]:
        return [rating.level for rating in self.ratings.all()]

    def proposed_level(self) -> str:
        # An anonymous citizen (no CPR) with a drug problem can only have § 101 a treatment (validate_placement).
        if self.case.citizen.anonymous and self.case.substance == Substance.DRUGS:
            return TariffLevel.ANONYMOUS
        return propose_level(self.levels())

    def proposed_unit(self) -> str:
        return propose_unit(
            substance=self.case.substance,
            primary_substance=self.primary_substance,
            psychiatric=self.psychiatric,
            dual_diagnosis=self.dual_diagnosis,
            current_unit=self.unit.code,
        )

    def proposed_tariff(self, on: date) -> Tariff | None:
        """The tariff for the ratings' level that the unit treating the citizen delivers.

        The unit the substance profile points to (`proposed_unit`) may be another one (psychiatric symptoms
        point to Stjernevang); proposing that unit's tariff would be a proposal the case's unit cannot
        submit (validate_placement), so the profile's unit is a hint beside the proposal (`unit_hint`).
        """
        unit = self.case.unit.code if self.case.unit_id else self.proposed_unit()
        candidates = Tariff.objects.in_force_on(on).filter(substance=self.case.substance, level=self.proposed_level())
        return next((tariff for tariff in candidates if unit in tariff.units), None)

    def unit_hint(self) -> str:
        """A note when the substance profile points to another KABS unit than the one treating the citizen."""
        profile_unit = self.proposed_unit()
        if not self.case.unit_id or profile_unit == self.case.unit.code:
            return ""
        from cases.models import Unit

        name = Unit.objects.filter(code=profile_unit).values_list("name", flat=True).first() or profile_unit
        return (
            f"Borgerens profil peger på {name}. Forslaget er en takst, som {self.case.unit.name} leverer; "
            f"skal {name} behandle, skal sagen henvises dertil."
        )

    @staticmethod
    def period_days(*, case, start: date) -> tuple[int, bool]:
        """How long the assessment may take, and whether recent KABS treatment shortened it.

        Alcohol: the mapping tariff's duration (28 days). Drugs: the municipality's setting, else the
        Afdækning tariff's duration (14 days); Glostrup shortens to 2 weeks after recent treatment.
        """
        code = "alkohol-kortlaegning" if case.substance == Substance.ALCOHOL else "afdaekning"
        tariff = Tariff.objects.in_force_on(start).filter(code=code).first()
        default = tariff.duration_days if tariff and tariff.duration_days else 14
        if case.substance == Substance.ALCOHOL:
            return default, False
        municipality = case.municipality
        since = start - relativedelta(months=municipality.recent_treatment_months)
        recent = (
            case.citizen.cases.exclude(pk=case.pk)
            .filter(treatment_start__isnull=False, treatment_start__lte=start)
            .filter(models.Q(discharge_date__isnull=True) | models.Q(discharge_date__gte=since))
            .exists()
        )
        if recent and municipality.assessment_days_after_recent_treatment:
            return municipality.assessment_days_after_recent_treatment, True
        return municipality.assessment_days or default, recent

    @classmethod
    def end_for(cls, *, case, start: date) -> tuple[date, bool]:
        days, recent = cls.period_days(case=case, start=start)
        return start + timedelta(days=days - 1), recent


class Rating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings", verbose_name="afdækning")
    area = models.CharField("livsområde", max_length=20, choices=Area.choices)
    level = models.CharField("belastning", max_length=10, choices=Level.choices)

    class Meta:
        verbose_name = "vurdering"
        verbose_name_plural = "vurderinger"
        ordering = ["assessment", "area"]
        constraints = [models.UniqueConstraint(fields=["assessment", "area"], name="rating_one_per_area")]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_level_display()}"
