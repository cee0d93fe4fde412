from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from tariffs.choices import Substance, UnitCode


class Municipality(models.Model):
    """A municipality (kommune): decides and pays for its own residents only."""

    code = models.CharField(
        "kommunekode",
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^\d{3}$", "Kommunekoden består af tre cifre, fx 161.")],
    )
    name = models.CharField("navn", max_length=100, unique=True)
    department = models.CharField("afdeling", max_length=200, blank=True, help_text="Afsender i breve.")
    address_lines = models.TextField("adresse", blank=True, help_text="Én linje pr. linje i brevhovedet.")
    contact_lines = models.TextField(
        "øvrig kontakt", blank=True, help_text="Fx hjemmeside; telefon og e-mail står i felterne nedenfor."
    )
    # The team a citizen calls or writes to about the decision: printed in every letter's header.
    phone = models.CharField("teamets telefon", max_length=30, blank=True, help_text="Fx 43 23 60 00.")
    email = models.EmailField("teamets e-mail", max_length=254, blank=True)
    # The first part of a case reference a citizen can quote (GLO-2026-000123); the code when empty.
    abbreviation = models.CharField(
        "forkortelse",
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^[A-ZÆØÅ]{2,5}$", "Forkortelsen er 2-5 store bogstaver, fx GLO.")],
        help_text="Indledning på sagsnumre, fx GLO. Ændres den, beholder eksisterende sager deres nummer.",
    )
    # Assessment period for drug treatment. Empty: the Afdækning tariff's own duration (14 days).
    # Glostrup: 2 weeks when the citizen was in KABS treatment within the last 24 months, else 4 weeks.
    assessment_days = models.PositiveSmallIntegerField(
        "afdækningsperiode (dage)", null=True, blank=True, help_text="Tom: Afdækningstakstens varighed."
    )
    assessment_days_after_recent_treatment = models.PositiveSmallIntegerField(
        "afdækningsperiode ved nylig behandling (dage)",
        null=True,
        blank=True,
        help_text="Bruges når borgeren har været i behandling hos KABS inden for perioden nedenfor.",
    )
    recent_treatment_months = models.PositiveSmallIntegerField("nylig behandling (måneder)", default=24)
    # The municipality's own standard: after this many failed attempts at the follow-up talk the citizen is
    # recorded as unreachable and the follow-up is concluded.
    followup_attempts = models.PositiveSmallIntegerField(
        "forsøg på opfølgning",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Antal forsøg på at træffe borgeren, før opfølgningen registreres som 'kunne ikke træffes'.",
    )

    class Meta:
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"
        ordering = ["name"]
        constraints = [
            # Two municipalities with one abbreviation would number their cases into the same references.
            models.UniqueConstraint(
                fields=["abbreviation"],
                condition=~Q(abbreviation=""),
                name="municipality_abbreviation_unique",
                violation_error_message="En anden kommune bruger allerede denne forkortelse.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} Kommune"

    @property
    def reference_prefix(self) -> str:
        # The code is digits, an abbreviation letters: the two can never make the same reference.
        return self.abbreviation or self.code


class Provider(models.Model):
    """A treatment provider (KABS) and the municipalities it serves."""

    name = models.CharField("navn", max_length=100, unique=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="providers", blank=True, verbose_name="betjener kommunerne"
    )

    class Meta:
        verbose_name = "leverandør"
        verbose_name_plural = "leverandører"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit of the provider (KABS City, Stjernevang, …); counsellors belong to one."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="units", verbose_name="leverandør")
    code = models.CharField("kode", max_length=20, unique=True, choices=UnitCode.choices)
    name = models.CharField("navn", max_length=100)
    substance = models.CharField("rusmiddelområde", max_length=10, choices=Substance.choices)
    description = models.TextField("beskrivelse", blank=True)

    class Meta:
        verbose_name = "enhed"
        verbose_name_plural = "enheder"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
