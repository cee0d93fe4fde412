"""Plain factory functions for tests: organisations, people with roles, citizens and cases."""

from datetime import date

from django.contrib.auth.models import Group

from cases.models import Case, Channel, Citizen, Municipality, Provider, Role, Unit, User
from tariffs.choices import Substance, UnitCode

PASSWORD = "test-password"

# The 2024 codes in the order of API.md: the contract integrators rely on, written out as the oracle.
TARIFF_CODES_2024 = [
    "afdaekning",
    "stjernevang-basis",
    "stjernevang-udvidet",
    "stjernevang-intensiv",
    "city-basis",
    "city-udvidet",
    "city-intensiv",
    "city-anonym",
    "hvidovre-gentofte-basis",
    "hvidovre-gentofte-udvidet",
    "hvidovre-gentofte-intensiv",
    "kasa",
    "substitution",
    "heroin",
    "efterbehandling",
    "tilsyn",
    "alkohol-kortlaegning",
    "alkohol-basis",
    "alkohol-udvidet",
    "alkohol-intensiv",
    "alkohol-efterbehandling",
    "alkohol-tilsyn",
]


# As the data migration gives the seeded municipalities (cases 0014): references read GLO-2026-000001.
ABBREVIATIONS = {"161": "GLO", "175": "RØD", "167": "HVI", "157": "GEN"}


def municipality(code: str, name: str) -> Municipality:
    defaults = {
        "name": name,
        "address_lines": f"Rådhuset\n{name}",
        "department": "Socialforvaltningen",
        "abbreviation": ABBREVIATIONS.get(code, ""),
        "phone": "43 23 60 00",
        "email": f"rusmiddel@{code}.example.dk",
    }
    return Municipality.objects.get_or_create(code=code, defaults=defaults)[0]


def kabs(*served: Municipality) -> Provider:
    provider = Provider.objects.get_or_create(name="KABS")[0]
    provider.municipalities.add(*served)
    return provider


def unit(provider: Provider, code: UnitCode) -> Unit:
    substance = Substance.ALCOHOL if code == UnitCode.ALKOHOL else Substance.DRUGS
    return Unit.objects.get_or_create(
        code=code, defaults={"provider": provider, "name": code.label, "substance": substance}
    )[0]


def user(username: str, role: Role, **fields) -> User:
    person = User.objects.create_user(username=username, password=PASSWORD, first_name=username.title(), **fields)
    person.groups.add(Group.objects.get(name=role.label))
    return person


def citizen(municipality: Municipality, cpr: str | None = "0101901234", name: str = "Mads Jensen", **fields) -> Citizen:
    person = Citizen(municipality=municipality, cpr=cpr, name=name, anonymous=cpr is None, **fields)
    person.full_clean()
    person.save()
    return person


def case(
    citizen: Citizen,
    by: User,
    *,
    substance: str = Substance.DRUGS,
    inquiry_date: date | None = None,
    unit: Unit | None = None,
    channel: str = Channel.PHONE,
) -> Case:
    return Case.register_inquiry(
        citizen=citizen,
        substance=substance,
        inquiry_date=inquiry_date or date(2026, 11, 20),
        channel=channel,
        unit=unit,
        user=by,
    )
