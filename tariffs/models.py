from datetime import date
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from cases.concurrency import VersionedModel

from .choices import ComplaintRoute, LegalBasisCode, Substance, TariffLevel, UnitCode


class LegalBasis(models.Model):
    """A legal basis as data: paragraph numbers change with amendments, so they are never in code."""

    code = models.CharField("kode", max_length=16, primary_key=True, choices=LegalBasisCode.choices)
    short_name = models.CharField("kort betegnelse", max_length=80)
    reference = models.CharField(
        "lovhenvisning", max_length=300, help_text="Fuld henvisning som den skal stå i breve."
    )
    appealable = models.BooleanField(
        "kan påklages administrativt",
        default=True,
        help_text="Afgørelsen påklages til kommunen og derefter Ankestyrelsen med en klagefrist på 4 uger. "
        "Ikke efter Sundhedsloven (§§ 141-142: Styrelsen for Patientklager) eller servicelovens § 101 a (stk. 6).",
    )
    # Where a complaint about a decision on this basis goes: law as data, so an amendment is a row edit.
    complaint_route = models.CharField(
        "klagevej",
        max_length=16,
        choices=ComplaintRoute.choices,
        default=ComplaintRoute.ANKESTYRELSEN,
        help_text="Serviceloven § 101: genvurdering i kommunen, derefter Ankestyrelsen. Sundhedsloven §§ 141-142: "
        "Styrelsen for Patientklager. Serviceloven § 101 a: ingen administrativ klageadgang (stk. 6).",
    )

    class Meta:
        verbose_name = "lovgrundlag"
        verbose_name_plural = "lovgrundlag"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.short_name


class CatalogueQuerySet(models.QuerySet):
    def in_force_on(self, day: date) -> "TariffCatalogue | None":
        """The newest catalogue whose year is not after `day`'s year.

        In January, before the new prices are loaded, last year's catalogue still applies.
        """
        return self.filter(year__lte=day.year).order_by("-year").first()


class TariffCatalogue(VersionedModel):
    year = models.PositiveSmallIntegerField("år", unique=True)
    source = models.CharField("kilde", max_length=200, blank=True)
    loaded_at = models.DateTimeField("indlæst", auto_now=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = "takstkatalog"
        verbose_name_plural = "takstkataloger"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Takstkatalog {self.year}"


class TariffQuerySet(models.QuerySet):
    def for_year(self, year: int) -> "TariffQuerySet":
        return self.filter(catalogue__year=year)

    def in_force_on(self, day: date) -> "TariffQuerySet":
        catalogue = TariffCatalogue.objects.in_force_on(day)
        return self.filter(catalogue=catalogue) if catalogue else self.none()


class Tariff(VersionedModel):
    catalogue = models.ForeignKey(
        TariffCatalogue, on_delete=models.CASCADE, related_name="tariffs", verbose_name="takstkatalog"
    )
    position = models.PositiveSmallIntegerField("rækkefølge", default=0)
    code = models.SlugField("kode", max_length=40, help_text="Stabil kode, den samme fra år til år.")
    name = models.CharField("navn", max_length=100)
    units = models.JSONField(
        "enheder", default=list, help_text="KABS-enheder, der leverer taksten (koder som 'city')."
    )
    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, verbose_name="lovgrundlag")
    substance = models.CharField("rusmiddelområde", max_length=10, choices=Substance.choices)
    level = models.CharField("niveau", max_length=12, choices=TariffLevel.choices)
    price_per_day = models.DecimalField(
        "pris pr. dag (kr.)", max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    duration_days = models.PositiveIntegerField("fast varighed (dage)", null=True, blank=True)
    services_per_month_min = models.PositiveSmallIntegerField(
        "ydelser pr. måned, min.", null=True, blank=True
    )
    services_per_month_max = models.PositiveSmallIntegerField(
        "ydelser pr. måned, maks.", null=True, blank=True
    )
    services_note = models.CharField("antal ydelser", max_length=300, blank=True)
    target_group = models.TextField("målgruppe", blank=True)
    package_services = models.JSONField("ydelsespakke", default=list, blank=True)
    # The catalogue's name ("City Basis") is KABS's code for a package; a letter also says what it is.
    plain_name = models.CharField(
        "i almindelige ord", max_length=200, blank=True, help_text="Sådan beskrives taksten i breve til borgeren."
    )
    # From the target group: "Borgere over 18 år" (City anonym, § 101 a) is refused for a younger citizen.
    min_age = models.PositiveSmallIntegerField(
        "mindstealder", null=True, blank=True, help_text="Tom: ingen aldersgrænse i målgruppen."
    )
    # Treatment under §§ 101, 101 a, 141 and 142 is free; residential treatment carries self-payment for
    # board and lodging, so a residential tariff is loaded with this off.
    free_for_citizen = models.BooleanField(
        "gratis for borgeren",
        default=True,
        help_text="Fra: borgeren betaler selv en del (fx kost og logi ved døgnbehandling).",
    )

    objects = TariffQuerySet.as_manager()

    class Meta:
        verbose_name = "takst"
        verbose_name_plural = "takster"
        ordering = ["catalogue__year", "position"]
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="tariff_code_unique_per_catalogue"),
            models.CheckConstraint(
                condition=models.Q(services_per_month_min__isnull=True)
                | models.Q(services_per_month_max__isnull=True)
                | models.Q(services_per_month_min__lte=models.F("services_per_month_max")),
                name="tariff_services_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.catalogue.year})"

    def is_delivered_by(self, unit_code: str) -> bool:
        return unit_code in self.units

    def age_refusal(self, age: int | None) -> str | None:
        """Why a citizen of `age` is outside this tariff's target group, or None (age unknown: no refusal)."""
        if self.min_age is None or age is None or age >= self.min_age:
            return None
        return (
            f"Taksten {self.name} er for borgere over {self.min_age} år; borgeren er {age} år. "
            "Vælg en takst, hvis målgruppe omfatter unge."
        )

    @property
    def unit_names(self) -> list[str]:
        return [UnitCode(code).label for code in self.units]
