"""Vocabularies the catalogue defines and the rest of the system shares (named once, here)."""

from django.db import models


class Substance(models.TextChoices):
    DRUGS = "drugs", "Stoffer"
    ALCOHOL = "alcohol", "Alkohol"


class UnitCode(models.TextChoices):
    """KABS units that deliver treatment; the catalogue names which unit delivers which tariff."""

    CITY = "city", "KABS City"
    STJERNEVANG = "stjernevang", "KABS Stjernevang"
    HVIDOVRE = "hvidovre", "KABS Hvidovre"
    GENTOFTE = "gentofte", "KABS Gentofte"
    KASA = "kasa", "KABS KASA"
    ALKOHOL = "alkohol", "KABS Alkoholbehandling"


class LegalBasisCode(models.TextChoices):
    SEL_101 = "SEL_101", "Serviceloven § 101"
    SEL_101A = "SEL_101A", "Serviceloven § 101 a"
    SUL_141 = "SUL_141", "Sundhedsloven § 141"
    SUL_142 = "SUL_142", "Sundhedsloven § 142"


class TariffLevel(models.TextChoices):
    ASSESSMENT = "assessment", "Afdækning/kortlægning"
    BASIS = "basis", "Basis"
    EXTENDED = "extended", "Udvidet"
    INTENSIVE = "intensive", "Intensiv"
    ANONYMOUS = "anonymous", "Anonym"
    SPECIALIST = "specialist", "Specialambulatorium"
    MEDICAL = "medical", "Lægelig behandling"
    AFTERCARE = "aftercare", "Efterbehandling"
    SUPERVISION = "supervision", "Tilsyn og beredskab"


class ComplaintRoute(models.TextChoices):
    """Where a complaint goes (DOMAIN.md, "Complaints"); which applies is data on the legal basis."""

    ANKESTYRELSEN = "ankestyrelsen", "Genvurdering i kommunen, derefter Ankestyrelsen"
    PATIENTKLAGER = "patientklager", "Styrelsen for Patientklager"
    NONE = "none", "Ingen administrativ klageadgang"
    INTERNAL = "internal", "Enhedens ledelse / borgerrådgiveren"
