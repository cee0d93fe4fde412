from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from simple_history.models import HistoricalRecords

from cases import cpr as cprlib
from cases.concurrency import VersionedModel


def normalise_address(text: str) -> str:
    """Browsers send a textarea's line breaks as CRLF; stored as LF, an address nobody changed compares equal
    (no empty entries in the history, no false conflicts between two edits)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")

DUPLICATE_CPR = "Der findes allerede en borger med dette CPR-nummer i kommunen."


class CitizenQuerySet(models.QuerySet):
    def for_user(self, user) -> "CitizenQuerySet":
        """Citizens this user may see: their municipality's, or (KABS) those with a case referred to their unit."""
        from .case import Case

        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        condition = Q(pk__in=[])
        if user.is_municipal_staff:
            condition |= Q(municipality_id=user.municipality_id)
        if user.is_counsellor:
            condition |= Q(pk__in=Case.objects.for_user(user).values("citizen_id"))
        return self.filter(condition)

    def for_access_log(self, user) -> "CitizenQuerySet":
        """Citizens whose read-access log this user may read: an administrator of their municipality."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.municipality_id and user.has_perm("cases.view_accesslog"):
            return self.filter(municipality_id=user.municipality_id)
        return self.none()

    @staticmethod
    def _cpr_digits(text: str) -> str | None:
        digits = text.strip().replace("-", "").replace(" ", "")
        # ASCII digits only: "²" is a digit to str.isdigit() but not to a CPR number.
        return digits if digits.isascii() and digits.isdigit() and len(digits) in (6, 10) else None

    def searches_by_cpr(self, text: str) -> bool:
        """Whether `search(text)` looks up by CPR number (whole, or the birth-date part ddmmyy)."""
        return self._cpr_digits(text) is not None

    def search(self, text: str) -> "CitizenQuerySet":
        """Search by name, or by CPR number (whole, or the birth-date part ddmmyy)."""
        text = text.strip()
        digits = self._cpr_digits(text)
        if digits:
            return self.filter(cpr__startswith=digits)
        return self.filter(name__icontains=text) if text else self.none()


class Citizen(VersionedModel):
    """The party (borger). Anonymous citizens (§ 101 a, anonymous talks) have no CPR number."""

    municipality = models.ForeignKey(
        "cases.Municipality", on_delete=models.PROTECT, related_name="citizens", verbose_name="bopælskommune"
    )
    cpr = models.CharField("CPR-nummer", max_length=10, null=True, blank=True)
    birth_date = models.DateField("fødselsdato", null=True, blank=True)
    name = models.CharField("navn", max_length=200)
    address = models.TextField("adresse", blank=True)
    anonymous = models.BooleanField(
        "anonym", default=False, help_text="Anonym rådgivning/behandling (§ 101 a)."
    )
    created_at = models.DateTimeField("oprettet", default=timezone.now, editable=False)
    modified = models.DateTimeField(auto_now=True, verbose_name="ændret")

    # Audited: every field a person can change. `modified` is excluded because history_date already
    # records when each version was written; `version` because it is a save counter, not data anyone
    # changes, and because simple-history then fills it from the current row when the admin builds a
    # "revert to this version" form, so a revert is refused like any stale form if the citizen changed.
    history = HistoricalRecords(excluded_fields=["modified", "version"])
    private_fields = ("cpr",)
    objects = CitizenQuerySet.as_manager()

    class Meta:
        verbose_name = "borger"
        verbose_name_plural = "borgere"
        ordering = ["name"]
        constraints = [
            # Unique within one municipality only: a check across municipalities would reveal that
            # another municipality knows the person, which alone discloses addiction treatment.
            models.UniqueConstraint(
                fields=["municipality", "cpr"],
                condition=Q(cpr__isnull=False),
                name="citizen_cpr_unique_in_municipality",
                violation_error_message=DUPLICATE_CPR,
                violation_error_code="duplicate_cpr",
            ),
            models.CheckConstraint(
                condition=Q(anonymous=True, cpr__isnull=True) | Q(anonymous=False, cpr__isnull=False),
                name="citizen_anonymous_has_no_cpr",
                violation_error_message="En anonym borger har intet CPR-nummer; andre borgere skal have et.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def cpr_masked(self) -> str:
        return cprlib.mask(self.cpr)

    @classmethod
    def display_value(cls, field, raw) -> str:
        # A conflict message names what changed; it never shows a CPR number in clear.
        if field.name == "cpr" and raw:
            return cprlib.mask(raw)
        return super().display_value(field, raw)

    def editable_by(self, user) -> bool:
        """Name and address are corrected by the citizen's own municipality (caseworkers), or a superuser."""
        if not user.has_perm("cases.change_citizen"):
            return False
        return user.is_superuser or user.municipality_id == self.municipality_id

    def change_history(self) -> list[dict]:
        """Who created or changed the citizen, when, and which fields (labels only: never a value, so never
        the CPR number), newest first. One query; consecutive records are compared in Python."""
        records = list(self.history.select_related("history_user").order_by("history_date", "history_id"))
        entries, previous = [], None
        for record in records:
            if previous is None:
                entries.append({"when": record.history_date, "user": record.history_user, "fields": []})
            else:
                changed = {change.field for change in record.diff_against(previous).changes}
                fields = [str(capfirst(field.verbose_name)) for field in self._meta.fields if field.name in changed]
                if fields:  # a save that changed nothing is not a change
                    entries.append({"when": record.history_date, "user": record.history_user, "fields": fields})
            previous = record
        return entries[::-1]

    def clean(self) -> None:
        super().clean()
        self.address = normalise_address(self.address)
        if self.anonymous:
            self.cpr = None
            self.birth_date = None
            return
        if not self.cpr:
            raise ValidationError({"cpr": "Angiv CPR-nummer, eller markér borgeren som anonym."})
        self.cpr = cprlib.normalise(self.cpr)
        self.birth_date = cprlib.birth_date(self.cpr)
        if self.municipality_id and self._duplicate().exists():
            raise ValidationError({"cpr": DUPLICATE_CPR})

    def validate_constraints(self, exclude=None) -> None:
        """Report the unique-CPR constraint on the CPR field, where the user typed it.

        Django reports a conditional constraint as a non-field error; when two registrations race past
        `clean()`, this is where the second one learns of the first.
        """
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict({})
            general = errors.pop(NON_FIELD_ERRORS, [])
            duplicate = [e for e in general if getattr(e, "code", None) == "duplicate_cpr"]
            rest = [e for e in general if e not in duplicate]
            if duplicate:
                errors.setdefault("cpr", []).extend(duplicate[:1])
            if rest:
                errors[NON_FIELD_ERRORS] = rest
            raise ValidationError(errors) from None

    def _duplicate(self) -> CitizenQuerySet:
        return Citizen.objects.filter(municipality_id=self.municipality_id, cpr=self.cpr).exclude(pk=self.pk)

    def save_checked(self, *, user) -> None:
        """Save a cleaned citizen, recording `user` in the history.

        `clean()` looks for a duplicate CPR, but two registrations of one person at the same moment both
        pass that look and meet at the unique constraint. The loser gets the same Danish error as the
        look would have given (a 400, not a 500 whose traceback quotes the CPR number).
        """
        self._history_user = user
        try:
            with transaction.atomic():
                self.save()
        except IntegrityError:
            if self.cpr and self._duplicate().exists():
                raise ValidationError({"cpr": DUPLICATE_CPR}) from None
            raise
