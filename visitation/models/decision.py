"""The municipality's decision (afgørelse) on a recommendation, and its letter."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from cases.concurrency import VersionedModel
from cases.formats import short_date
from cases.models import DeadlineKind, DeadlineRule, DeliveryRule, SentVia
from cases.models.consent import consent_refusal
from cases.models.stored_pdf import StoredPdf
from tariffs.choices import LegalBasisCode
from tariffs.models import Tariff
from tariffs.pricing import CostEstimate, expected_cost

from . import reasons as reason_parts
from .recommendation import validate_placement

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

    def latest_grant(self) -> "Decision | None":
        """The grant treatment starts under: the newest one."""
        return self.grants().order_by("-decided_at", "-pk").first()

    def for_panel(self) -> "DecisionQuerySet":
        """The case page's list: each decision with its tariff, in one query however many there are."""
        return self.select_related("tariff")


class Decision(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="decisions", verbose_name="sag")
    recommendation = models.OneToOneField(
        "visitation.Recommendation", on_delete=models.PROTECT, related_name="decision", verbose_name="indstilling"
    )
    outcome = models.CharField(
        "afgørelse",
        max_length=20,
        choices=Outcome.choices,
        error_messages={"invalid_choice": "Vælg bevilling, delvis bevilling eller afslag."},
    )
    tariff = models.ForeignKey(
        Tariff, on_delete=models.PROTECT, null=True, blank=True, verbose_name="bevilget takst"
    )
    start_date = models.DateField("bevilget fra", null=True, blank=True)
    end_date = models.DateField("bevilget til", null=True, blank=True)
    # A later grant during treatment ends this one the day before it starts; end_date keeps what was decided.
    effective_end_date = models.DateField("gældende til", null=True, blank=True)
    # The reasons in forvaltningsloven § 24's three parts (visitation/models/reasons.py); `reasons` keeps its
    # API name and holds the rules applied.
    facts = models.TextField(
        "faktiske forhold",
        blank=True,
        validators=[MaxLengthValidator(reason_parts.REASON_MAX_LENGTH)],
        help_text="De faktiske forhold, afgørelsen bygger på. Påkrævet ved afslag og delvis bevilling.",
    )
    reasons = models.TextField(
        "regler",
        blank=True,
        validators=[MaxLengthValidator(reason_parts.REASON_MAX_LENGTH)],
        help_text="De regler, afgørelsen bygger på. Påkrævet ved afslag og delvis bevilling.",
    )
    considerations = models.TextField(
        "hovedhensyn",
        blank=True,
        validators=[MaxLengthValidator(reason_parts.REASON_MAX_LENGTH)],
        help_text="De hovedhensyn, der har været afgørende. Påkrævet ved afslag og delvis bevilling.",
    )
    sent_via = models.CharField("sendt med", max_length=16, choices=SentVia.choices)
    sent_date = models.DateField("sendt den")
    received_date = models.DateField("anses for modtaget")
    complaint_deadline = models.DateField("klagefrist", null=True, blank=True)
    decided_by = models.ForeignKey("cases.User", on_delete=models.PROTECT, related_name="+", verbose_name="truffet af")
    decided_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name="truffet")

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "afgørelse"
        verbose_name_plural = "afgørelser"
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({short_date(self.sent_date)})"

    @property
    def is_grant(self) -> bool:
        return self.outcome != Outcome.REFUSED

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1 if self.is_grant else 0

    @property
    def legal_basis(self):
        return (self.tariff or self.recommendation.tariff).legal_basis

    @classmethod
    def draft(
        cls,
        *,
        case,
        decided_by,
        outcome: str,
        reasons: str,
        sent_via: str,
        sent_date: date,
        facts: str = "",
        considerations: str = "",
        tariff: Tariff | None = None,
        end_date: date | None = None,
    ) -> "Decision":
        """An unsaved decision on the case's pending recommendation, as the approver asked for it.

        It records what was asked, not what would pass: a full grant keeps a tariff or end the approver chose
        so that `clean()` can refuse it rather than silently grant something else. A refusal grants nothing,
        so whatever tariff or end came with it is dropped.
        """
        recommendation = case.recommendations.pending().select_related("tariff__legal_basis").first()
        if recommendation is None:
            raise ValidationError("Der er ingen indstilling, som afventer afgørelse.")
        is_grant = outcome != Outcome.REFUSED
        end = (end_date or recommendation.end_date) if is_grant else None
        decision = cls(
            case=case,
            recommendation=recommendation,
            outcome=outcome,
            tariff=(tariff or recommendation.tariff) if is_grant else None,
            start_date=recommendation.start_date if is_grant else None,
            end_date=end,
            effective_end_date=end,
            facts=(facts or "").strip(),
            reasons=(reasons or "").strip(),
            considerations=(considerations or "").strip(),
            sent_via=sent_via,
            sent_date=sent_date,
            decided_by=decided_by,
        )
        decision.received_date = DeliveryRule.received(sent_via, sent_date)
        if decision.legal_basis.appealable:
            decision.complaint_deadline = DeadlineRule.due(DeadlineKind.COMPLAINT, decision.received_date)
        return decision

    @staticmethod
    def drafted_reasons(recommendation) -> dict[str, str]:
        """What the decision form starts from: the facts and rules the case already holds, to edit."""
        return {
            "facts": reason_parts.draft_facts(recommendation),
            "reasons": reason_parts.draft_rules(recommendation),
        }

    def clean(self) -> None:
        """The decision's own rules, so the UI, the API and the admin agree: what may be granted, the reasons
        a refusal or partial grant must give, when it can have been sent and how it can reach the citizen."""
        super().clean()
        if not self.case_id:
            return
        errors: dict[str, list[str]] = {}

        def add(more: dict) -> None:
            for field, messages in more.items():
                errors.setdefault(field, []).extend([messages] if isinstance(messages, str) else messages)

        if self.recommendation_id and self.outcome in Outcome.values:
            add(self._outcome_errors())
            if self.outcome != Outcome.GRANTED:
                add(reason_parts.errors({name: getattr(self, name) for name in reason_parts.PARTS}))
            add(self._sent_date_errors())
        add(self._sending_errors())
        add(self._consent_errors())
        if errors:
            raise ValidationError(errors)

    def _outcome_errors(self) -> dict[str, str]:
        """A full grant grants what was recommended; a partial grant grants less, within the rules of placement."""
        recommended = self.recommendation
        changed = self.tariff_id != recommended.tariff_id or self.end_date != recommended.end_date
        if self.outcome == Outcome.GRANTED and changed:
            # Never grant something other than what the approver chose: a changed tariff or end is a partial grant.
            return {
                "outcome": "En fuld bevilling bevilger det indstillede. Vælg delvis bevilling for at bevilge en "
                "anden takst eller en kortere periode."
            }
        if self.outcome != Outcome.PARTIALLY_GRANTED:
            return {}
        if not changed:
            return {"outcome": "En delvis bevilling skal ændre taksten eller forkorte perioden."}
        if self.end_date > recommended.end_date:
            return {"end_date": "En delvis bevilling kan ikke gå ud over den indstillede periode."}
        try:
            validate_placement(
                case=self.case, tariff=self.tariff, start=self.start_date, end=self.end_date, unit=recommended.unit
            )
        except ValidationError as error:
            return error.message_dict
        return {}

    def _sent_date_errors(self) -> dict[str, str]:
        if self.sent_date is None:
            return {}
        if self.sent_date > timezone.localdate():
            return {"sent_date": "Afsendelsesdatoen kan ikke ligge i fremtiden."}
        if self.sent_date < timezone.localtime(self.recommendation.created_at).date():
            return {"sent_date": "Afgørelsen kan ikke være sendt, før indstillingen blev modtaget."}
        return {}

    def _consent_errors(self) -> dict[str, str]:
        """A minor is granted treatment only with the consents recorded (refusing needs none)."""
        if not self.is_grant:
            return {}
        refusal = consent_refusal(self.case, on=timezone.localtime(self.decided_at).date())
        return {"consent": refusal} if refusal else {}

    def _sending_errors(self) -> dict[str, str]:
        """How the letter is sent must reach the citizen."""
        citizen = self.case.citizen
        anonymous = citizen.anonymous or (
            self.recommendation_id is not None and self.legal_basis.code == LegalBasisCode.SEL_101A
        )
        if self.sent_via == SentVia.DIGITAL_POST and anonymous:
            return {
                "sent_via": "Afgørelsen kan ikke sendes med Digital Post til en anonym borger (servicelovens "
                "§ 101 a): der er intet CPR-nummer. Udlevér brevet personligt, eller send det med fysisk "
                "post til en adresse, borgeren selv oplyser."
            }
        if self.sent_via in POSTAL and not citizen.address.strip():
            return {
                "sent_via": "Borgeren har ingen adresse, så afgørelsen kan ikke sendes med fysisk post. "
                "Registrér borgerens adresse først, eller vælg en anden forsendelse."
            }
        return {}

    def cost(self) -> CostEstimate | None:
        return expected_cost(self.tariff.code, self.start_date, self.end_date) if self.is_grant else None

    def committed_cost(self) -> CostEstimate | None:
        """What the municipality is bound to pay: the grant up to its effective end (a later grant or a
        discharge ends it early), where `cost()` is what the letter granted."""
        if not self.is_grant:
            return None
        end = self.effective_end_date or self.end_date
        if end < self.start_date:
            return CostEstimate()
        return expected_cost(self.tariff.code, self.start_date, end)

    def is_in_force_on(self, day: date) -> bool:
        return self.is_grant and self.start_date <= day <= (self.effective_end_date or self.end_date)

    # --- treatment start under this grant: within its period, never in the future (Case.start_treatment) ---
    def treatment_start_error(self, start: date) -> str | None:
        """Why treatment cannot be recorded as started on `start` under this grant, or None."""
        if start > self.end_date:
            return f"Bevillingen gælder kun til {short_date(self.end_date)}."
        if start < self.start_date:
            return (
                "Behandlingen kan ikke starte før den bevilgede periode, som begynder "
                f"{short_date(self.start_date)}."
            )
        return None

    def treatment_start_not_yet(self, today: date) -> str | None:
        """Why no start can be recorded today: the period has not begun, and a start is never in the future.
        The case page and the form ask this, so the action is offered only when it can succeed."""
        if today < self.start_date:
            return (
                f"Behandlingsstarten kan registreres fra {short_date(self.start_date)}, "
                "den første dag i den bevilgede periode."
            )
        return None

    def suggested_treatment_start(self, today: date) -> date:
        """The date the form starts from: today, kept within the granted period."""
        return min(max(today, self.start_date), self.end_date)


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

    Placeholders in {braces}: {kommune}, {klagefrist}, {modtaget}, {lovgrundlag}, {garantifrist}, and the
    lengths of the complaint rules {klageperiode}, {genvurderingsperiode}, {videresendelsesperiode}. Defaults come from a
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

    PLACEHOLDERS = (
        "kommune", "klagefrist", "modtaget", "lovgrundlag", "garantifrist", "klageperiode", "genvurderingsperiode",
        "videresendelsesperiode",
    )

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


class Letter(StoredPdf):
    """The decision letter as sent: rendered once, stored with its hash, served as stored."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="letter")

    class Meta:
        verbose_name = "brev"
        verbose_name_plural = "breve"

    def __str__(self) -> str:
        return f"Afgørelsesbrev {self.decision_id}"
