"""The demo data set: organisations, the named demo users and a few citizens with cases.

Integrators and tests rely on these usernames. Idempotent: running it again changes nothing.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from tariffs.choices import Substance, UnitCode

from .models import Case, Channel, Citizen, Municipality, Provider, Role, Unit, User

# (code, name, department, address, other contact lines, abbreviation, team phone, team e-mail)
MUNICIPALITIES = [
    ("161", "Glostrup", "Center for Social og Sundhed", "Rådhusvej 1\n2600 Glostrup", "glostrup.dk",
     "GLO", "43 23 60 00", "glostrup@glostrup.dk"),
    ("175", "Rødovre", "Social- og Sundhedsforvaltningen", "Rødovre Parkvej 150\n2610 Rødovre", "rk.dk",
     "RØD", "36 37 77 77", "rk@rk.dk"),
    ("167", "Hvidovre", "Social og Sundhed", "Hvidovrevej 278\n2650 Hvidovre", "hvidovre.dk",
     "HVI", "36 39 36 39", "hvidovre@hvidovre.dk"),
    ("157", "Gentofte", "Social & Sundhed", "Bernstorffsvej 161\n2920 Charlottenlund", "gentofte.dk",
     "GEN", "39 98 00 00", "gentofte@gentofte.dk"),
]  # fmt: skip

# Glostrup's quality standard (seed 002): 2 weeks' assessment after KABS treatment within 24 months, else 4.
ASSESSMENT_SETTINGS = {"161": {"assessment_days": 28, "assessment_days_after_recent_treatment": 14}}

UNITS = [
    (UnitCode.CITY, Substance.DRUGS, "Cannabis og centralstimulerende stoffer; anonym behandling (§ 101 a)."),
    (UnitCode.STJERNEVANG, Substance.DRUGS, "Cannabis og stimulanser hos borgere med psykiatriske lidelser."),
    (UnitCode.HVIDOVRE, Substance.DRUGS, "Opioidafhængighed, substitutions- og heroinbehandling."),
    (UnitCode.GENTOFTE, Substance.DRUGS, "Opioidafhængighed, substitutions- og heroinbehandling."),
    (UnitCode.KASA, Substance.DRUGS, "Specialambulatorium for dobbeltdiagnoser."),
    (UnitCode.ALKOHOL, Substance.ALCOHOL, "Alkoholbehandling (Sundhedsloven § 141)."),
]

# Demo passwords are printed by the command; they are for a local demo only. They pass the password
# validators (settings.AUTH_PASSWORD_VALIDATORS), so the demo shows the rules a real installation enforces.
DEMO_PASSWORD = "rusmiddel-demo"
ADMIN_PASSWORD = "rusmiddel-admin"

MUNICIPAL_USERS = [
    ("sagsbehandler-glostrup", "161", Role.CASEWORKER, "Sara", "Sagsbehandler"),
    ("sagsbehandler-roedovre", "175", Role.CASEWORKER, "Rasmus", "Sagsbehandler"),
    ("sagsbehandler-hvidovre", "167", Role.CASEWORKER, "Hanne", "Sagsbehandler"),
    ("sagsbehandler-gentofte", "157", Role.CASEWORKER, "Gustav", "Sagsbehandler"),
    ("godkender-glostrup", "161", Role.APPROVER, "Gitte", "Godkender"),
    ("godkender-roedovre", "175", Role.APPROVER, "Rikke", "Godkender"),
    ("godkender-hvidovre", "167", Role.APPROVER, "Henrik", "Godkender"),
    ("godkender-gentofte", "157", Role.APPROVER, "Grethe", "Godkender"),
]
COUNSELLORS = [
    ("behandler-city", UnitCode.CITY, "Camilla"),
    ("behandler-stjernevang", UnitCode.STJERNEVANG, "Stine"),
    ("behandler-hvidovre", UnitCode.HVIDOVRE, "Henning"),
    ("behandler-gentofte", UnitCode.GENTOFTE, "Gorm"),
    ("behandler-kasa", UnitCode.KASA, "Karin"),
    ("behandler-alkohol", UnitCode.ALKOHOL, "Anders"),
]

# (municipality, cpr, name, address, substance, unit): each gets an inquiry; visitation/demo.py moves some on
CITIZENS = [
    (
        "161",
        "0101901234",
        "Mads Jensen",
        "Hovedvejen 12, 2600 Glostrup",
        Substance.DRUGS,
        UnitCode.CITY,
    ),
    (
        "161",
        "1503851118",
        "Louise Hansen",
        "Søndergade 3, 2600 Glostrup",
        Substance.DRUGS,
        UnitCode.STJERNEVANG,
    ),
    (
        "161",
        "2207784321",
        "Peter Nielsen",
        "Stationsvej 8, 2600 Glostrup",
        Substance.ALCOHOL,
        UnitCode.ALKOHOL,
    ),
    (
        "175",
        "0309921237",
        "Emma Larsen",
        "Rødovrevej 40, 2610 Rødovre",
        Substance.DRUGS,
        UnitCode.CITY,
    ),
    (
        "175",
        "1111801113",
        "Jonas Pedersen",
        "Islevbrovej 2, 2610 Rødovre",
        Substance.DRUGS,
        UnitCode.HVIDOVRE,
    ),
    (
        "167",
        "0505951235",
        "Sofie Christensen",
        "Hvidovrevej 100, 2650 Hvidovre",
        Substance.DRUGS,
        UnitCode.HVIDOVRE,
    ),
    (
        "157",
        "1212881230",
        "Frederik Andersen",
        "Jægersborg Allé 5, 2920 Charlottenlund",
        Substance.ALCOHOL,
        UnitCode.ALKOHOL,
    ),
]


@transaction.atomic
def seed() -> list[tuple[str, str, str]]:
    """Create or complete the demo data. Returns (username, password, description) for printing."""
    municipalities = {}
    for code, name, department, address, contact, abbreviation, phone, email in MUNICIPALITIES:
        municipalities[code], _ = Municipality.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "department": department,
                "address_lines": address,
                "contact_lines": contact,
                "abbreviation": abbreviation,
                "phone": phone,
                "email": email,
            },
        )
    kabs, _ = Provider.objects.get_or_create(name="KABS")
    kabs.municipalities.add(*municipalities.values())
    units = {}
    for code, substance, description in UNITS:
        units[code], _ = Unit.objects.get_or_create(
            code=code,
            defaults={
                "provider": kabs,
                "name": code.label,
                "substance": substance,
                "description": description,
            },
        )

    logins = []
    for username, code, role, first, last in MUNICIPAL_USERS:
        _user(
            username, DEMO_PASSWORD, role, first_name=first, last_name=last, municipality=municipalities[code]
        )
        logins.append((username, DEMO_PASSWORD, f"{role.label}, {municipalities[code].name}"))
    for username, unit_code, first in COUNSELLORS:
        _user(
            username,
            DEMO_PASSWORD,
            Role.COUNSELLOR,
            first_name=first,
            last_name="Behandler",
            unit=units[unit_code],
        )
        logins.append((username, DEMO_PASSWORD, f"Behandler, {units[unit_code].name}"))
    admin = _user("admin", ADMIN_PASSWORD, Role.ADMINISTRATOR, first_name="Admin", last_name="Istrator")
    if not (admin.is_superuser and admin.is_staff):
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    logins.append(("admin", ADMIN_PASSWORD, "Administrator (alle rettigheder)"))
    # A municipality's own administrator: no superuser, so it shows the role's limits (it manages
    # ordinary accounts, grants no privileges) and reads Glostrup's access log.
    local_admin = _user(
        "administrator-glostrup",
        DEMO_PASSWORD,
        Role.ADMINISTRATOR,
        first_name="Anna",
        last_name="Administrator",
        municipality=municipalities["161"],
    )
    if not local_admin.is_staff:
        local_admin.is_staff = True
        local_admin.save(update_fields=["is_staff"])
    logins.append(("administrator-glostrup", DEMO_PASSWORD, "Administrator, Glostrup (adgangslog)"))

    today = timezone.localdate()
    for offset, (code, cpr, name, address, substance, unit_code) in enumerate(CITIZENS):
        citizen = Citizen.objects.filter(municipality=municipalities[code], cpr=cpr).first()
        if citizen is None:
            # Cleaned before the first save, so the history starts with the whole record (birth date too).
            citizen = Citizen(municipality=municipalities[code], cpr=cpr, name=name, address=address)
            citizen.full_clean()
            citizen.save()
        if citizen.cases.exists():
            continue
        caseworker = User.objects.get(username=f"sagsbehandler-{slug(municipalities[code].name)}")
        Case.register_inquiry(
            citizen=citizen,
            substance=substance,
            inquiry_date=today - timedelta(days=offset + 1),
            channel=Channel.PHONE,
            unit=units[unit_code],
            user=caseworker,
            summary="Demosag.",
        )
    return logins


def slug(name: str) -> str:
    return name.lower().replace("ø", "oe").replace("æ", "ae").replace("å", "aa")


def _user(username: str, password: str, role: Role, **fields) -> User:
    # An address under .invalid (RFC 2606) never reaches anyone; `make run` prints the sweep's e-mails.
    fields.setdefault("email", f"{username}@demo.invalid")
    user, created = User.objects.get_or_create(username=username, defaults=fields)
    if created:
        validate_password(password, user)
        user.set_password(password)
        user.save()
    user.groups.add(Group.objects.get(name=role.label))
    return user
