from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value


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
        self.load_access()
        return self.roles

    def load_access(self) -> None:
        """The user's roles and permissions, in one query, kept on this object (for this request only).

        Every page asks for both (the menu shows the roles, views check permissions), and Django's
        ModelBackend would spend two queries on the permissions and one on the groups. One UNION fills
        `roles` and the permission caches ModelBackend reads (`_user_perm_cache`, `_group_perm_cache`,
        `_perm_cache`; cases/accounts/backends.py). Nothing outlives this object, which lives one request:
        a role or permission revoked bites on the next request. As in ModelBackend, a superuser holds every
        permission both ways; whether an inactive user's permissions count is the backend's business.
        """
        from django.contrib.auth.models import Group, Permission

        # Group rows carry the group's name (and one row per permission, or NULLs for a group with none);
        # the user's own permissions carry no name. Both select fields first, so the columns line up.
        from_groups = Group.objects.filter(user=self).values_list(
            "permissions__content_type__app_label", "permissions__codename", "name"
        )
        own = Permission.objects.all() if self.is_superuser else Permission.objects.filter(user=self)
        own = own.annotate(group_name=Value(None, output_field=models.CharField())).values_list(
            "content_type__app_label", "codename", "group_name"
        )
        group_names, user_perms, group_perms = set(), set(), set()
        for app_label, codename, group_name in from_groups.order_by().union(own.order_by(), all=True):
            perm = f"{app_label}.{codename}" if codename is not None else None
            if group_name is None:
                user_perms.add(perm)
            else:
                group_names.add(group_name)
                if perm is not None:
                    group_perms.add(perm)
        labels = {role.label: role for role in Role}
        self.__dict__["roles"] = frozenset(labels[name] for name in group_names if name in labels)
        self._user_perm_cache = user_perms
        self._group_perm_cache = user_perms if self.is_superuser else group_perms
        self._perm_cache = user_perms | self._group_perm_cache

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
