"""The law as data for deadlines: their kinds and statuses, and the rules that give their lengths (DeadlineRule)
and a letter's day of receipt (DeliveryRule). Split from deadline.py, which keeps the Deadline rows."""

from datetime import date

from django.db import models

from cases import deadlines as arithmetic
from tariffs.choices import Substance


class DeadlineKind(models.TextChoices):
    # Drugs (Serviceloven § 101) and alcohol (Sundhedsloven § 141, stk. 2) alike; each has its own rule row.
    TREATMENT_GUARANTEE = "treatment_guarantee", "Behandlingsgaranti"
    COMPLAINT = "complaint", "Klagefrist"
    RECONSIDERATION = "reconsideration", "Genvurdering"
    FORWARD_TO_ANKESTYRELSEN = "forward_to_ankestyrelsen", "Videresendelse til Ankestyrelsen"
    FOLLOWUP_1M = "followup_1m", "Opfølgning efter 1 måned"
    FOLLOWUP_6M = "followup_6m", "Opfølgning efter 6 måneder"
    ACTION_PLAN_OFFER = "action_plan_offer", "Tilbud om handleplan"
    TREATMENT_PERIOD_END = "treatment_period_end", "Bevillingsperiodens udløb"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Åben"
    MET = "met", "Overholdt"
    MISSED = "missed", "Overskredet"
    WAIVED = "waived", "Bortfaldet (frit valg)"
    CANCELLED = "cancelled", "Annulleret"


class DeadlineRuleQuerySet(models.QuerySet):
    def for_kind(self, kind: str, substance: str = "") -> "DeadlineRule":
        """The rule for `kind`: the substance's own row where the law differs by substance (the guarantee:
        § 101 for drugs, § 141 for alcohol), else the row common to both. DoesNotExist if there is none."""
        rule = self.filter(kind=kind, substance__in={substance, ""}).order_by("-substance").first()
        if rule is None:
            raise DeadlineRule.DoesNotExist(f"no deadline rule for {kind!r} ({substance or 'any substance'})")
        return rule


class DeadlineRule(models.Model):
    """The length and legal source of each statutory deadline, as data with correct defaults.

    Amendments change lengths and paragraph numbers; an administrator edits the row, not the code. A kind
    whose legal basis differs by substance has one row per substance; the others one row for both.
    """

    kind = models.CharField("frist", max_length=32, choices=DeadlineKind.choices)
    substance = models.CharField(
        "rusmiddelområde",
        max_length=10,
        choices=Substance.choices,
        blank=True,
        help_text="Tom: reglen gælder både stoffer og alkohol. Udfyldt: reglen gælder kun dette område "
        "(fx behandlingsgarantien: Serviceloven § 101 for stoffer, Sundhedsloven § 141 for alkohol).",
    )
    amount = models.PositiveSmallIntegerField("længde")
    unit = models.CharField(
        "enhed",
        max_length=6,
        choices=[
            (arithmetic.PeriodUnit.DAYS, "dage"),
            (arithmetic.PeriodUnit.WEEKS, "uger"),
            (arithmetic.PeriodUnit.MONTHS, "måneder"),
        ],
    )
    moves_to_working_day = models.BooleanField(
        "flyttes til næste hverdag",
        default=False,
        help_text="Klagefrister flyttes fra weekend og helligdag; behandlingsgarantien gør ikke.",
    )
    legal_reference = models.CharField("hjemmel", max_length=300)

    objects = DeadlineRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "fristregel"
        verbose_name_plural = "fristregler"
        ordering = ["kind", "substance"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "substance"], name="deadline_rule_once_per_kind_and_substance")
        ]

    def __str__(self) -> str:
        where = f" ({self.get_substance_display().lower()})" if self.substance else ""
        return f"{self.get_kind_display()}{where}: {self.amount} {self.length_text()}"

    def length_text(self) -> str:
        """The length as Danish prose, "4 uger", "1 måned"."""
        singular = {arithmetic.PeriodUnit.DAYS: "dag", arithmetic.PeriodUnit.WEEKS: "uge",
                    arithmetic.PeriodUnit.MONTHS: "måned"}
        unit = singular[self.unit] if self.amount == 1 else self.get_unit_display()
        return f"{self.amount} {unit}"

    def period_end(self, start: date) -> date:
        """The plain calendar end of the period, before any move off a weekend or holiday."""
        return arithmetic.add_period(start, self.amount, self.unit)

    def due_from(self, start: date) -> date:
        """The last day (until 23:59) of the deadline counted from `start`.

        The start day is not counted, which is exactly what calendar addition does. Where the rule says so
        (a citizen's deadline such as a complaint), an end on a Saturday, Sunday or non-working day moves to
        the next working day, so a closed office never shortens it. The guarantee is the municipality's
        obligation and does not move: the municipality must plan to meet it.
        """
        end = self.period_end(start)
        return arithmetic.next_working_day(end) if self.moves_to_working_day else end

    @classmethod
    def due(cls, kind: str, start: date, substance: str = "") -> date:
        return cls.objects.for_kind(kind, substance).due_from(start)


class SentVia(models.TextChoices):
    """How a decision was sent; decides when the citizen counts as having received it (DeliveryRule)."""

    DIGITAL_POST = "digital_post", "Digital Post"
    PHYSICAL_POST = "physical_post", "Fysisk post"
    QUICKPOST = "quickpost", "Quickbrev"
    # Handed to the citizen in person: the only way, besides post to an address the citizen gives, to deliver
    # a decision on anonymous treatment (§ 101 a), which has no CPR number and so no Digital Post.
    HANDED_OVER = "handed_over", "Udleveret personligt"


class DeliveryRule(models.Model):
    """When a decision counts as received, by how it was sent (vejledning nr. 9533 af 26. juni 2018)."""

    sent_via = models.CharField("forsendelse", max_length=16, unique=True, choices=SentVia.choices)
    days = models.PositiveSmallIntegerField("dage efter afsendelse", default=0)
    working_days = models.BooleanField(
        "hverdage", default=False, help_text="Tæl hverdage i stedet for kalenderdage."
    )
    legal_reference = models.CharField("hjemmel", max_length=300)

    class Meta:
        verbose_name = "modtagelsesregel"
        verbose_name_plural = "modtagelsesregler"

    def __str__(self) -> str:
        return self.get_sent_via_display()

    def received_from(self, sent: date) -> date:
        """Working days skip weekends and holidays (post is not delivered then); the sending day never counts."""
        if self.working_days:
            return arithmetic.add_working_days(sent, self.days)
        return arithmetic.add_period(sent, self.days, arithmetic.PeriodUnit.DAYS)

    @classmethod
    def received(cls, sent_via: str, sent: date) -> date:
        return cls.objects.get(sent_via=sent_via).received_from(sent)
