"""Default legal bases. Paragraph references are data an administrator can correct after an amendment."""

from django.db import migrations

LEGAL_BASES = [
    ("SEL_101", "Serviceloven § 101", "Lov om social service § 101 (social behandling af stofmisbrug)", True),
    ("SEL_101A", "Serviceloven § 101 a", "Lov om social service § 101 a (anonym, ambulant stofmisbrugsbehandling)", True),
    ("SUL_141", "Sundhedsloven § 141", "Sundhedsloven § 141 (behandling af alkoholmisbrug)", False),
    (
        "SUL_142",
        "Sundhedsloven § 142",
        "Sundhedsloven § 142 (lægelig behandling af stofmisbrug med afhængighedsskabende lægemidler)",
        False,
    ),
]


def create(apps, schema_editor):
    LegalBasis = apps.get_model("tariffs", "LegalBasis")
    for code, short_name, reference, appealable in LEGAL_BASES:
        LegalBasis.objects.get_or_create(
            code=code, defaults={"short_name": short_name, "reference": reference, "appealable": appealable}
        )


class Migration(migrations.Migration):
    dependencies = [("tariffs", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
