"""Roles are Django groups; this module says which permissions each group holds.

Run after every migrate (see CasesConfig.ready) so the groups exist in every database, tests included.
Changing a role's rights is a change here, reviewed like code.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils import translation

from .models.user import Role

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CASEWORKER: [
        "cases.view_citizen",
        "cases.add_citizen",
        "cases.change_citizen",
        "cases.view_case",
        "cases.register_inquiry",
        "cases.assess_case",
        "cases.view_youngpersonconsent",
        "cases.change_youngpersonconsent",
        "cases.start_treatment",
        "cases.discharge_case",
        "cases.close_case",
        "cases.withdraw_case",
        "complaints.view_complaint",
        "complaints.register_complaint",
    ],
    Role.APPROVER: [
        "cases.view_citizen",
        "cases.view_case",
        "cases.decide_case",
        "cases.view_targets",
        "complaints.view_complaint",
        "complaints.register_complaint",
        # Decide on a late complaint, reconsider, record Ankestyrelsen's outcome.
        "complaints.decide_complaint",
    ],
    Role.COUNSELLOR: [
        "cases.view_citizen",
        "cases.view_case",
        "cases.assess_case",
        # Consent is often given at the assessment, with KABS.
        "cases.view_youngpersonconsent",
        "cases.change_youngpersonconsent",
        "cases.recommend_tariff",
        "cases.start_treatment",
        "cases.discharge_case",
        # Follow-ups after discharge are held by the KABS unit (RESPONSIBLE in cases/models/deadline.py).
        "cases.record_followup",
        "complaints.view_complaint",
    ],
    Role.ADMINISTRATOR: [
        "tariffs.view_tariffcatalogue",
        "tariffs.add_tariffcatalogue",
        "tariffs.change_tariffcatalogue",
        "tariffs.view_tariff",
        "tariffs.add_tariff",
        "tariffs.change_tariff",
        "tariffs.view_legalbasis",
        "tariffs.change_legalbasis",
        "cases.view_municipality",
        "cases.add_municipality",
        "cases.change_municipality",
        "cases.view_provider",
        "cases.change_provider",
        "cases.view_unit",
        "cases.add_unit",
        "cases.change_unit",
        "cases.view_deadlinerule",
        "cases.change_deadlinerule",
        "cases.view_deliveryrule",
        "cases.change_deliveryrule",
        "visitation.view_lettertext",
        "visitation.change_lettertext",
        "complaints.view_complainttext",
        "complaints.change_complainttext",
        "cases.view_user",
        "cases.add_user",
        "cases.change_user",
        # Of the citizens of its own municipality only (Citizen.objects.for_access_log).
        "cases.view_accesslog",
        "cases.view_targets",
    ],
}


def ensure_role_groups(**kwargs) -> None:
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.label)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found:  # absent only mid-migration, before the app's tables exist
                wanted.append(found)
        group.permissions.set(wanted)


# Django names the default permissions in English ("Can add sag") and stores the name, which the group and
# user pages and the role matrix show. They are renamed in Danish after every migrate, from the model's name.
DEFAULT_ACTIONS = {"add": "tilføje", "change": "ændre", "delete": "slette", "view": "se"}
# Models a third-party package names in English only (a proxy gives the admin its Danish name).
MODEL_NAMES = {("otp_totp", "totpdevice"): "godkendelsesapp"}


def name_permissions_in_danish(**kwargs) -> None:
    with translation.override("da"):
        for perm in Permission.objects.filter(name__startswith="Can ").select_related("content_type"):
            action, _, model_name = perm.codename.partition("_")
            model = perm.content_type.model_class()
            if action not in DEFAULT_ACTIONS or model is None or model_name != model._meta.model_name:
                continue  # a custom permission, or one of a model no longer installed
            noun = MODEL_NAMES.get((model._meta.app_label, model_name), model._meta.verbose_name)
            perm.name = f"Kan {DEFAULT_ACTIONS[action]} {noun}"[: Permission._meta.get_field("name").max_length]
            perm.save(update_fields=["name"])


def permission_label(perm: Permission) -> str:
    """A permission as the admin lists it: "Sager | Kan tilføje sag" (Django's "app | model | name" repeats
    the model, in English for some packages)."""
    label = perm.content_type.app_label
    app_name = apps.app_configs[label].verbose_name if label in apps.app_configs else label
    return f"{app_name} | {perm.name}"


def role_matrix() -> list[dict]:
    """Which role may do what, per app, in the words the permissions carry: for auditors (page and command).

    Read from ROLE_PERMISSIONS, the one source the groups are built from; the superuser, who may do
    everything including granting roles, is listed last.
    """
    names = {
        f"{perm.content_type.app_label}.{perm.codename}": perm.name
        for perm in Permission.objects.select_related("content_type")
    }
    matrix = []
    for role, perms in ROLE_PERMISSIONS.items():
        by_app: dict[str, list[str]] = {}
        for perm in perms:
            app_label = perm.split(".")[0]
            by_app.setdefault(apps.get_app_config(app_label).verbose_name, []).append(names.get(perm, perm))
        matrix.append({"role": role.label, "apps": sorted(by_app.items())})
    matrix.append(
        {
            "role": "Superbruger",
            "apps": [("Alle", ["Alle rettigheder, også at tildele roller, personale- og superbrugerstatus"])],
        }
    )
    return matrix
