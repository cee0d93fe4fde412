"""How cases are found: who sees which (case_visibility), and the lists' filters and orders (CaseQuerySet).

Split from case.py, which keeps the Case itself and its state machine.
"""

from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

from cases import deadlines as arithmetic

from .deadline import Deadline, DeadlineKind
from .states import CaseState

# A guarantee with this many days left or fewer stands out on the caseworker's list (issue 7).
GUARANTEE_URGENT_DAYS = 3
# The states `active()` keeps (the filter's choices on the caseworker's list).
ACTIVE_STATES = [state for state in CaseState if state not in (CaseState.CLOSED, CaseState.WITHDRAWN)]
# A new inquiry by a citizen discharged within this many months is a readmission: the window the
# municipalities' targets count returns in (Copenhagen and Køge, DOMAIN.md "Targets").
READMISSION_MONTHS = 12


class GuaranteeFilter(models.TextChoices):
    OPEN = "aaben", "Åben"
    URGENT = "snart", f"{GUARANTEE_URGENT_DAYS} dage eller færre tilbage"
    OVERDUE = "overskredet", "Overskredet"


def case_visibility(user, *, municipality: str = "municipality_id", unit: str = "unit_id") -> Q | None:
    """Which cases a user sees, as a condition (None: every case): their own municipality's cases, or, at
    KABS, the cases referred to their unit from the municipalities KABS serves.

    The rule lives here once. `municipality` and `unit` name the columns to test, so a row that carries
    its case's municipality itself (Deadline) is filtered on its own column rather than through a join.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return None
    condition = Q(pk__in=[])
    if user.is_municipal_staff:
        condition |= Q(**{municipality: user.municipality_id})
    if user.is_counsellor:
        # The served municipalities as a list of ids, not a subquery: with a subquery PostgreSQL drove the
        # start page's queries from each municipality's thousands of cases instead of the unit's few (issue 11).
        served = sorted(user.served_municipality_ids)
        condition |= Q(**{unit: user.unit_id, f"{municipality}__in": served})
    return condition




class CaseQuerySet(models.QuerySet):
    def for_user(self, user) -> "CaseQuerySet":
        """The only way views and the API reach cases (see case_visibility)."""
        if not user.is_authenticated:
            return self.none()
        condition = case_visibility(user)
        return self.all() if condition is None else self.filter(condition)

    def for_case_page(self) -> "CaseQuerySet":
        """What the case page reads with the case itself, in its one query: citizen, municipality, unit, the
        young person's consent (if any) and whether the case needs re-evaluation (needing_reevaluation)."""
        reevaluate = type(self)(self.model, using=self.db).filter(pk=models.OuterRef("pk")).needing_reevaluation()
        return self.select_related("citizen", "municipality", "unit", "young_person_consent").annotate(
            needs_reevaluation_now=models.Exists(reevaluate)
        )

    def head(self, n: int) -> list:
        """The first `n` cases in this queryset's order, with what it selects and annotates.

        The order is decided over the cases alone (their index and the order's own subquery), and only
        the `n` chosen rows are joined with their citizen and unit: over a municipality's thousands of
        active cases, joining every one before sorting cost most of the start page (issue 11).
        """
        return list(self.filter(pk__in=self.values("pk")[:n]))

    def discharged_within(self, months: int, before: date) -> "CaseQuerySet":
        """Cases discharged in the `months` calendar months up to and including `before`."""
        since = arithmetic.add_period(before, -months, arithmetic.PeriodUnit.MONTHS)
        return self.filter(discharge_date__gte=since, discharge_date__lte=before)

    def active(self) -> "CaseQuerySet":
        # IN over the active states, not NOT IN over the ended ones: only an IN matches the partial
        # index `case_active_by_municipality` (a NOT IN forced a scan of every case of the municipality).
        return self.filter(state__in=ACTIVE_STATES)

    def worklist_filter(
        self, *, state=None, unit=None, no_unit=False, guarantee=None, order="frist", today=None
    ) -> "CaseQuerySet":
        """The caseworker's list: filtered by state, unit (or none yet) and guarantee, sorted by days left.

        Sorting by days left is sorting by the open guarantee's due date (the case's copy of it, index
        case_active_by_guarantee); cases without one go last.
        """
        today = today or timezone.localdate()
        cases = self
        if state:
            cases = cases.filter(state=state)
        if unit:
            cases = cases.filter(unit_id=unit)
        if no_unit:
            cases = cases.filter(unit__isnull=True)
        if guarantee == GuaranteeFilter.OPEN:
            cases = cases.guarantee_open()
        elif guarantee == GuaranteeFilter.URGENT:
            cases = cases.filter(open_guarantee_due__lte=today + timedelta(days=GUARANTEE_URGENT_DAYS))
        elif guarantee == GuaranteeFilter.OVERDUE:
            cases = cases.guarantee_overdue(today)
        due = models.F("open_guarantee_due")
        if order == "-frist":
            return cases.order_by(due.desc(nulls_last=True), "-pk")
        if order == "henvendelse":
            return cases.order_by("-inquiry_date", "-pk")
        return cases.order_by(due.asc(nulls_last=True), "pk")

    def needing_reevaluation(self, today: date | None = None) -> "CaseQuerySet":
        """In treatment, but the granted period has run out and no new recommendation is pending."""
        return self.filter(
            state=CaseState.IN_TREATMENT,
            awaiting_decision=False,
            open_period_end__lt=today or timezone.localdate(),
        )

    def awaiting_start(self) -> "CaseQuerySet":
        """Granted, treatment not started yet: the guarantee is met only by the start."""
        return self.filter(state=CaseState.GRANTED)

    def period_ending(self, within_days: int, today: date | None = None) -> "CaseQuerySet":
        """In treatment, the granted period ends within `within_days` (not yet expired: that is re-evaluation)."""
        today = today or timezone.localdate()
        return self.filter(
            state=CaseState.IN_TREATMENT,
            open_period_end__gte=today,
            open_period_end__lte=today + timedelta(days=within_days),
        )

    def guarantee_open(self) -> "CaseQuerySet":
        return self.filter(open_guarantee_due__isnull=False)

    def guarantee_overdue(self, today: date | None = None) -> "CaseQuerySet":
        return self.filter(open_guarantee_due__lt=today or timezone.localdate())

    def with_guarantee(self) -> "CaseQuerySet":
        guarantee = Deadline.objects.filter(
            case=models.OuterRef("pk"), kind=DeadlineKind.TREATMENT_GUARANTEE
        ).order_by("due_date")
        return self.annotate(
            guarantee_due=models.Subquery(guarantee.values("due_date")[:1]),
            guarantee_status=models.Subquery(guarantee.values("status")[:1]),
        )
