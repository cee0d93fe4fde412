"""Consent for a young person's treatment (DOMAIN.md, "Young people"; issue 8).

Under 18 the custody holder's consent is needed before treatment is recommended or granted, and from 15
the young person's own consent too. Recorded at intake or during the assessment, history-tracked: who gave
it, when and how is what a supervisor or the family asks about later.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

# The age of majority (myndighedsalder, værgemålsloven § 1): below it the custody holder decides.
ADULT_AGE = 18
# From this age the young person's own consent is needed as well (DOMAIN.md, "What a decision letter must
# contain": "the young person's own from 15").
OWN_CONSENT_AGE = 15
ADDRESS_LENGTH = 300


def age_on(birth_date: date | None, day: date) -> int | None:
    """Whole years on `day`; None when the birth date is unknown (an anonymous citizen gives none)."""
    if birth_date is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "Skriftligt"
    ORAL = "oral", "Mundtligt (noteret på sagen)"
    DIGITAL = "digital", "Digitalt (fx med MitID)"


class YoungPersonConsent(models.Model):
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="young_person_consent", verbose_name="sag"
    )
    holder_name = models.CharField("forældremyndighedens indehaver", max_length=200, blank=True)
    holder_address = models.TextField(
        "adresse", blank=True, max_length=ADDRESS_LENGTH, validators=[MaxLengthValidator(ADDRESS_LENGTH)]
    )
    second_holder_name = models.CharField(
        "anden indehaver af forældremyndigheden", max_length=200, blank=True, help_text="Ved fælles forældremyndighed."
    )
    second_holder_address = models.TextField(
        "adresse (anden indehaver)",
        blank=True,
        max_length=ADDRESS_LENGTH,
        validators=[MaxLengthValidator(ADDRESS_LENGTH)],
        help_text="Tom: samme adresse som den første.",
    )
    custody_consent_on = models.DateField("forældremyndighedens samtykke givet den", null=True, blank=True)
    custody_consent_how = models.CharField(
        "givet hvordan", max_length=10, choices=ConsentMethod.choices, blank=True
    )
    own_consent_on = models.DateField("den unges eget samtykke givet den", null=True, blank=True)
    own_consent_how = models.CharField(
        "givet hvordan (den unge)", max_length=10, choices=ConsentMethod.choices, blank=True
    )
    note = models.TextField(
        "note", blank=True, max_length=1000, validators=[MaxLengthValidator(1000)]
    )
    recorded_by = models.ForeignKey(
        "cases.User", on_delete=models.PROTECT, null=True, related_name="+", verbose_name="registreret af"
    )
    modified = models.DateTimeField(auto_now=True, verbose_name="ændret")

    # Audited: every field (history_date says when): a consent is evidence, so its changes are too.
    history = HistoricalRecords(excluded_fields=["modified"])

    class Meta:
        verbose_name = "samtykke (under 18 år)"
        verbose_name_plural = "samtykker (under 18 år)"

    def __str__(self) -> str:
        return f"Samtykke for {self.case}"

    @classmethod
    def for_case(cls, case) -> "YoungPersonConsent":
        """The case's consent record, or a new unsaved one to fill in."""
        return cls.objects.filter(case=case).first() or cls(case=case)

    def record(self, *, user) -> None:
        """Validate and save what the caseworker entered, with the caseworker in the history."""
        self.full_clean(exclude=["case", "recorded_by"])
        self.recorded_by = user
        self._history_user = user
        self.save()

    @property
    def has_custody_consent(self) -> bool:
        return bool(self.holder_name.strip() and self.holder_address.strip() and self.custody_consent_on)

    @property
    def has_own_consent(self) -> bool:
        return self.own_consent_on is not None

    def addressees(self) -> list[dict]:
        """The custody holders as a letter's address block names them (name, address lines)."""
        holders = []
        if self.holder_name.strip():
            holders.append({"name": self.holder_name.strip(), "address": self.holder_address.strip()})
        if self.second_holder_name.strip():
            address = self.second_holder_address.strip() or self.holder_address.strip()
            holders.append({"name": self.second_holder_name.strip(), "address": address})
        return holders

    def clean(self) -> None:
        super().clean()
        errors = {}
        today = timezone.localdate()
        for when, how in (("custody_consent_on", "custody_consent_how"), ("own_consent_on", "own_consent_how")):
            day = getattr(self, when)
            if day and day > today:
                errors[when] = "Datoen for samtykket kan ikke ligge i fremtiden."
            if day and not getattr(self, how):
                errors[how] = "Angiv, hvordan samtykket er givet."
            if getattr(self, how) and not day:
                errors[when] = "Angiv, hvornår samtykket er givet."
        if self.custody_consent_on and not (self.holder_name.strip() and self.holder_address.strip()):
            errors["holder_name"] = "Angiv navn og adresse på den, der har givet samtykket."
        if self.second_holder_name.strip() and not self.holder_name.strip():
            errors["holder_name"] = "Angiv først den første indehaver af forældremyndigheden."
        if errors:
            raise ValidationError(errors)


def consent_refusal(case, *, on: date) -> str | None:
    """Why treatment cannot be recommended or granted to this young person on `on`, or None.

    The one place the rule lives: the recommendation and the decision ask it, the UI and the API reach it
    through them. A citizen without a known birth date (anonymous) is not treated as a minor here: anonymous
    treatment is for those over 18, and that is the tariff's rule (Tariff.min_age).
    """
    age = age_on(case.citizen.birth_date, on)
    if age is None or age >= ADULT_AGE:
        return None
    consent = YoungPersonConsent.objects.filter(case=case).first()
    if consent is None or not consent.has_custody_consent:
        return (
            f"Borgeren er {age} år. Før der kan indstilles eller bevilges behandling, skal samtykke fra "
            "forældremyndighedens indehaver være registreret på sagen (hvem, hvornår og hvordan)."
        )
    if age >= OWN_CONSENT_AGE and not consent.has_own_consent:
        return (
            f"Borgeren er {age} år og skal selv give samtykke til behandlingen. Registrér den unges eget "
            "samtykke på sagen (hvornår og hvordan)."
        )
    return None


def consent_status(case, *, on: date) -> dict | None:
    """What the case page shows about consent: None for an adult (or unknown age) with nothing recorded."""
    age = age_on(case.citizen.birth_date, on)
    try:
        consent = case.young_person_consent  # selected with the case on the case page (for_case_page)
    except YoungPersonConsent.DoesNotExist:
        consent = None
    if consent is None and (age is None or age >= ADULT_AGE):
        return None
    return {
        "age": age,
        "minor": age is not None and age < ADULT_AGE,
        "needs_own_consent": age is not None and OWN_CONSENT_AGE <= age < ADULT_AGE,
        "consent": consent,
        "missing": consent_refusal(case, on=on),
    }
