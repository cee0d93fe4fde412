from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    """Roles are Django groups named by the label; permissions hang on the groups (cases/roles.py)."""

    CASEWORKER = "caseworker", "Sagsbehandler"
    APPROVER = "approver", "Godkender"
    COUNSELLOR = "counsellor", "Behandler"
    ADMINISTRATOR = "administrator", "Administrator"


class User(AbstractUser):
    municipality = models.ForeignKey(
        "cases.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="kommune",
        help_text="Sagsbehandlere og godkendere hører til én kommune.",
    )
    unit = models.ForeignKey(
        "cases.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="KABS-enhed",
        help_text="Behandlere hører til én enhed hos KABS.",
    )

    class Meta:
        verbose_name = "bruger"
        verbose_name_plural = "brugere"

    @cached_property
    def roles(self) -> frozenset[Role]:
        labels = {role.label: role for role in Role}
        return frozenset(
            labels[name] for name in self.groups.values_list("name", flat=True) if name in labels
        )

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def is_municipal_staff(self) -> bool:
        return bool(self.municipality_id) and bool(self.roles & {Role.CASEWORKER, Role.APPROVER})

    @property
    def is_counsellor(self) -> bool:
        return bool(self.unit_id) and Role.COUNSELLOR in self.roles

    @cached_property
    def served_municipality_ids(self) -> frozenset[int]:
        if not self.is_counsellor:
            return frozenset()
        # Through the link table alone: one small query per request (cached on the user), not the provider too.
        from .organisation import Provider

        served = Provider.municipalities.through.objects.filter(provider_id=self.unit.provider_id)
        return frozenset(served.values_list("municipality_id", flat=True))

    def can_see_case(self, case) -> bool:
        """The same rule as Case.objects.for_user, for one case already in memory (no query per case)."""
        if self.is_superuser:
            return True
        if self.is_municipal_staff and case.municipality_id == self.municipality_id:
            return True
        return (
            self.is_counsellor
            and case.unit_id == self.unit_id
            and case.municipality_id in self.served_municipality_ids
        )

    def clean(self) -> None:
        super().clean()
        if self.municipality_id and self.unit_id:
            raise ValidationError("En bruger hører enten til en kommune eller til en KABS-enhed, ikke begge.")
