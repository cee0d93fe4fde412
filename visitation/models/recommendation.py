"""KABS's tariff placement and recommendation (takstindplacering / indstilling) to the municipality."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from cases.formats import short_date
from cases.models.consent import age_on, consent_refusal
from tariffs.choices import LegalBasisCode
from tariffs.models import Tariff, TariffCatalogue
from tariffs.pricing import CostEstimate, expected_cost


class RecommendationStatus(models.TextChoices):
    PENDING = "pending", "Afventer afgørelse"
    DECIDED = "decided", "Afgjort"
    WITHDRAWN = "withdrawn", "Trukket tilbage"


class RecommendationQuerySet(models.QuerySet):
    def for_user(self, user) -> "RecommendationQuerySet":
        from cases.models.case import case_visibility

        if not user.is_authenticated:
            return self.none()
        # Conditions on the joined case, not `case IN (every case the user sees)`: the planner can then
        # start from a narrow index on the case (the queue: cases awaiting a decision).
        condition = case_visibility(user, municipality="case__municipality_id", unit="case__unit_id")
        return self.all() if condition is None else self.filter(condition)

    def pending(self) -> "RecommendationQuerySet":
        return self.filter(status=RecommendationStatus.PENDING)

    def pending_for_panel(self) -> "Recommendation | None":
        """The pending recommendation the case page shows, with its tariff, in one query."""
        return self.pending().select_related("tariff").first()

    def queue(self) -> "RecommendationQuerySet":
        """The approver's queue: pending, oldest first, with what the list shows in the same query."""
        # A pending recommendation is what `awaiting_decision` flags on its case (Case.recommend and
        # recommend_change set it, the decision clears it): saying so lets the query start from the
        # municipality's few awaiting cases (index case_awaiting_by_municipality), not every pending row.
        return (
            self.pending()
            .filter(case__awaiting_decision=True)
            .select_related("case__citizen", "tariff__catalogue")
            # Only what a row shows (templates/visitation/queue.html) and the cursor's order.
            .only(
                "case_id", "is_change", "start_date", "end_date", "created_at", "tariff_id",
                "case__reference", "case__citizen_id", "case__open_guarantee_due",
                "case__citizen__name", "case__citizen__cpr", "tariff__name", "tariff__catalogue__year",
            )
            .annotate(guarantee_due=models.F("case__open_guarantee_due"))
            .order_by("created_at", "pk")
        )


class Recommendation(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="recommendations", verbose_name="sag")
    assessment = models.ForeignKey(
        "visitation.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name="afdækning",
    )
    plan_version = models.ForeignKey(
        "plans.PlanVersion", on_delete=models.PROTECT, null=True, blank=True, verbose_name="behandlingsplan"
    )
    tariff = models.ForeignKey(Tariff, on_delete=models.PROTECT, verbose_name="takst")
    unit = models.ForeignKey("cases.Unit", on_delete=models.PROTECT, verbose_name="KABS-enhed")
    start_date = models.DateField("fra")
    end_date = models.DateField("til")
    justification = models.TextField("begrundelse")
    proposed_tariff = models.ForeignKey(
        Tariff,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="foreslået takst",
    )
    deviation_reason = models.TextField("begrundelse for at vælge en anden takst end forslaget", blank=True)
    is_change = models.BooleanField("ændring under behandling", default=False)
    status = models.CharField(
        "status", max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.PENDING
    )
    recommended_by = models.ForeignKey(
        "cases.User", on_delete=models.PROTECT, related_name="+", verbose_name="indstillet af"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False, verbose_name="oprettet")

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = "indstilling"
        verbose_name_plural = "indstillinger"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Indstilling: {self.tariff.name} {short_date(self.start_date)}–{short_date(self.end_date)}"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def cost(self) -> CostEstimate:
        return expected_cost(self.tariff.code, self.start_date, self.end_date)

    def clean(self) -> None:
        super().clean()
        on = timezone.localtime(self.created_at).date()
        validate_placement(
            case=self.case,
            tariff=self.tariff if self.tariff_id else None,
            start=self.start_date,
            end=self.end_date,
            unit=self.unit if self.unit_id else None,
            on=on,
        )
        consent = consent_refusal(self.case, on=on)
        if consent:
            raise ValidationError({"consent": consent})
        deviates = self.proposed_tariff_id and self.tariff_id and self.proposed_tariff_id != self.tariff_id
        if deviates and not self.deviation_reason.strip():
            raise ValidationError(
                {
                    "deviation_reason": f"Systemet foreslår {self.proposed_tariff.name}. "
                    "Begrund, hvorfor en anden takst er valgt."
                }
            )
        if not (self.justification or "").strip():
            raise ValidationError({"justification": "Angiv en begrundelse for indstillingen."})


def anonymity_refusal(case, tariff: Tariff) -> str | None:
    """Anonymous treatment and anonymous citizens go together (DOMAIN.md, issue 8).

    A citizen registered without a CPR number can only be placed on anonymous treatment: § 101 a for drugs,
    or alcohol treatment, which Sundhedsloven § 141, stk. 7 lets a citizen receive anonymously. And § 101 a
    is for anonymous citizens only: it keeps no identity, so it cannot be granted to a person known by CPR.
    """
    anonymous = case.citizen.anonymous
    if tariff.legal_basis_id == LegalBasisCode.SEL_101A and not anonymous:
        return (
            f"{tariff.name} er anonym behandling efter servicelovens § 101 a og kan kun gives til en anonym "
            "borger (registreret uden CPR-nummer)."
        )
    if anonymous and tariff.legal_basis_id not in (LegalBasisCode.SEL_101A, LegalBasisCode.SUL_141):
        return (
            f"Borgeren er anonym (uden CPR-nummer). {tariff.name} kræver borgerens identitet; en anonym "
            "borger kan kun få anonym behandling (servicelovens § 101 a) eller alkoholbehandling."
        )
    return None


def validate_placement(
    *, case, tariff: Tariff | None, start: date | None, end: date | None, unit=None, on: date | None = None
) -> None:
    """The rules a tariff and period must meet, for recommendations and partial grants alike.

    `on` is the day of the recommendation or decision (today unless given): the citizen's age on that day
    decides whether a tariff for adults (Tariff.min_age) can be chosen.
    """
    errors: dict[str, str | list[str]] = {}
    if start and end and end < start:
        errors["end_date"] = "Slutdatoen ligger før startdatoen."
    if tariff and start:
        catalogue = TariffCatalogue.objects.in_force_on(start)
        if catalogue is None or tariff.catalogue_id != catalogue.pk:
            in_force = f"takstkataloget for {catalogue.year}" if catalogue else "intet takstkatalog"
            errors["tariff"] = (
                f"Taksten {tariff.name} ({tariff.catalogue.year}) gælder ikke på startdatoen "
                f"{short_date(start)}; da gælder {in_force}."
            )
    if tariff and tariff.substance != case.substance:
        errors["tariff"] = (
            f"Taksten {tariff.name} hører til {tariff.get_substance_display().lower()}, men sagen gælder "
            f"{case.get_substance_display().lower()}."
        )
    # Both may hold (a minor known by CPR on City anonym): the caseworker is told each reason.
    who = [
        tariff and anonymity_refusal(case, tariff),
        tariff and tariff.age_refusal(age_on(case.citizen.birth_date, on or timezone.localdate())),
    ]
    if any(who):
        errors["tariff"] = [reason for reason in who if reason]
    if tariff and unit and not tariff.is_delivered_by(unit.code):
        errors["unit"] = f"{unit.name} leverer ikke taksten {tariff.name}."
    if start and start < case.inquiry_date:
        errors["start_date"] = "Perioden kan ikke starte før henvendelsesdatoen."
    if start and end and end >= start:
        days = (end - start).days + 1
        if tariff and tariff.duration_days:
            if days > tariff.duration_days:
                errors["end_date"] = f"Taksten {tariff.name} kan højst bevilges i {tariff.duration_days} dage."
        elif days > settings.MAX_GRANT_PERIOD_DAYS:
            # A tariff without a fixed duration still runs for a period the municipality re-visits
            # (settings.MAX_GRANT_PERIOD_DAYS says why); an end in 9999 is a typing error, not a grant.
            errors["end_date"] = (
                f"Perioden kan højst være {settings.MAX_GRANT_PERIOD_DAYS} dage, fordi kommunen revisiterer "
                "mindst én gang om året. Indstil en ny periode, når denne udløber."
            )
    if errors:
        raise ValidationError(errors)
