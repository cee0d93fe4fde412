"""The municipality's decision (afgørelse) on a recommendation, and its letter."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cases.concurrency import VersionedModel
from cases.models import SentVia
from cases.models.consent import consent_refusal
from tariffs.choices import LegalBasisCode
from tariffs.models import Tariff
from tariffs.pricing import CostEstimate, expected_cost

# Sent by post: the letter needs an address.
POSTAL = (SentVia.PHYSICAL_POST, SentVia.QUICKPOST)
# How a caseworker can send a decision from the decision form and the API.
DECISION_SENT_VIA = (SentVia.DIGITAL_POST, SentVia.PHYSICAL_POST, SentVia.HANDED_OVER)


class Outcome(models.TextChoices):
    GRANTED = "granted", "Bevilget som indstillet"
    PARTIALLY_GRANTED = "partially_granted", "Delvist bevilget"
    REFUSED = "refused", "Afslag"


class DecisionQuerySet(models.QuerySet):
    def for_user(self, user) -> "DecisionQuerySet":
        from cases.models import Case

        return self.filter(case__in=Case.objects.for_user(user))

    def grants(self) -> "DecisionQuerySet":
        return self.exclude(outcome=Outcome.REFUSED)

    def for_panel(self) -> "DecisionQuerySet":
        """The case page's list: each decision with its tariff, in one query however many there are."""
        return self.select_related("tariff")


class Decision(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="decisions")
    recommendation = models.OneToOneField(
        "visitation.Recommendation", on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField("afgørelse", max_length=20, choices=Outcome.choices)
    tariff = models.ForeignKey(
        Tariff, on_delete=models.PROTECT, null=True, blank=True, verbose_name="bevilget takst"
    )
    start_date = models.DateField("bevilget fra", null=True, blank=True)
    end_date = models.DateField("bevilget til", null=True, blank=True)
    # A later grant during treatment ends this one the day before it starts; end_date keeps what was decided.
    effective_end_date = models.DateField("gældende til", null=True, blank=True)
    reasons = models.TextField("begrundelse", blank=True)
    sent_via = models.CharField("sendt med", max_length=16, choices=SentVia.choices)
    sent_date = models.DateField("sendt den")
    received_date = models.DateField("anses for modtaget")
    complaint_deadline = models.DateField("klagefrist", null=True, blank=True)
    decided_by = models.ForeignKey("cases.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "afgørelse"
        verbose_name_plural = "afgørelser"
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.sent_date:%d.%m.%Y})"

    @property
    def is_grant(self) -> bool:
        return self.outcome != Outcome.REFUSED

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1 if self.is_grant else 0

    @property
    def legal_basis(self):
        return (self.tariff or self.recommendation.tariff).legal_basis

    def clean(self) -> None:
        """How the letter is sent must reach the citizen: checked here, so the UI, the API and the admin agree."""
        super().clean()
        if not self.case_id:
            return
        citizen = self.case.citizen
        anonymous = citizen.anonymous or (
            self.recommendation_id is not None and self.legal_basis.code == LegalBasisCode.SEL_101A
        )
        if self.sent_via == SentVia.DIGITAL_POST and anonymous:
            raise ValidationError(
                {
                    "sent_via": "Afgørelsen kan ikke sendes med Digital Post til en anonym borger (servicelovens "
                    "§ 101 a): der er intet CPR-nummer. Udlevér brevet personligt, eller send det med fysisk "
                    "post til en adresse, borgeren selv oplyser."
                }
            )
        # A minor is granted treatment only with the consents recorded (refusing needs none).
        consent = self.is_grant and consent_refusal(self.case, on=timezone.localtime(self.decided_at).date())
        if consent:
            raise ValidationError({"consent": consent})
        if self.sent_via in POSTAL and not citizen.address.strip():
            raise ValidationError(
                {
                    "sent_via": "Borgeren har ingen adresse, så afgørelsen kan ikke sendes med fysisk post. "
                    "Registrér borgerens adresse først, eller vælg en anden forsendelse."
                }
            )

    def cost(self) -> CostEstimate | None:
        return expected_cost(self.tariff.code, self.start_date, self.end_date) if self.is_grant else None

    def is_in_force_on(self, day: date) -> bool:
        return self.is_grant and self.start_date <= day <= (self.effective_end_date or self.end_date)


class LetterTextKey(models.TextChoices):
    COMPLAINT_GUIDANCE = "complaint_guidance", "Klagevejledning"
    ACTION_PLAN_OFFER = "action_plan_offer", "Tilbud om handleplan (§ 141)"
    FREE_CHOICE = "free_choice", "Frit valg af behandlingstilbud"
    # Only in a grant: a refusal never restates the guarantee as if treatment were coming.
    TREATMENT_GUARANTEE = "treatment_guarantee", "Behandlingsgaranti (kun ved bevilling)"
    ANONYMITY = "anonymity", "Anonym behandling"
    LEGAL_BASIS_REASONS = "legal_basis_reasons", "Lovgrundlag i begrundelsen"


class LetterText(VersionedModel):
    """Standard paragraphs of decision letters, per legal basis, editable by an administrator.

    Placeholders in {braces}: {kommune}, {klagefrist}, {modtaget}, {lovgrundlag}, {garantifrist}. Defaults come from a
    data migration (visitation/letter_texts.py) and follow DOMAIN.md, "What a decision letter must contain".
    """

    key = models.CharField("tekst", max_length=24, choices=LetterTextKey.choices)
    legal_basis = models.ForeignKey(
        "tariffs.LegalBasis", on_delete=models.CASCADE, verbose_name="lovgrundlag"
    )
    title = models.CharField("overskrift", max_length=200)
    body = models.TextField("tekst")

    class Meta:
        verbose_name = "brevtekst"
        verbose_name_plural = "brevtekster"
        ordering = ["legal_basis", "key"]
        constraints = [models.UniqueConstraint(fields=["key", "legal_basis"], name="letter_text_unique")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} – {self.legal_basis}"

    PLACEHOLDERS = ("kommune", "klagefrist", "modtaget", "lovgrundlag", "garantifrist")

    def clean(self) -> None:
        # A text an administrator saves must render: an unknown placeholder would otherwise only show up
        # when a decision letter fails to render.
        super().clean()
        try:
            self.body.format(**{name: "" for name in self.PLACEHOLDERS})
        except (KeyError, IndexError, ValueError) as error:
            raise ValidationError(
                {
                    "body": f"Teksten har en ukendt pladsholder: {error}. "
                    f"Brug {', '.join('{' + name + '}' for name in self.PLACEHOLDERS)}."
                }
            ) from None

    def render(self, **values) -> str:
        try:
            return self.body.format(**values)
        except (KeyError, IndexError, ValueError) as error:
            raise ValidationError(f"Brevteksten '{self}' har en ukendt pladsholder: {error}") from None


class Letter(models.Model):
    """The decision letter as sent: rendered once, stored with its hash, served as stored."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="letter")
    pdf = models.BinaryField("PDF")
    sha256 = models.CharField("SHA-256", max_length=64)
    pages = models.PositiveSmallIntegerField("sider", default=1)
    rendered_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "brev"
        verbose_name_plural = "breve"

    def __str__(self) -> str:
        return f"Afgørelsesbrev {self.decision_id}"

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def verify(self) -> bool:
        return self.digest(bytes(self.pdf)) == self.sha256
