"""Where complaints go, per legal basis (DOMAIN.md, "Complaints"): § 101 reconsideration then Ankestyrelsen,
Sundhedsloven §§ 141-142 Styrelsen for Patientklager, § 101 a no administrative appeal (stk. 6)."""

from django.db import migrations, models

ROUTES = {"SEL_101": "ankestyrelsen", "SEL_101A": "none", "SUL_141": "patientklager", "SUL_142": "patientklager"}


def forwards(apps, schema_editor):
    LegalBasis = apps.get_model("tariffs", "LegalBasis")
    for code, route in ROUTES.items():
        LegalBasis.objects.filter(code=code).update(complaint_route=route)


class Migration(migrations.Migration):

    dependencies = [
        ("tariffs", "0004_anonymous_treatment_not_appealable"),
    ]

    operations = [
        migrations.AddField(
            model_name="legalbasis",
            name="complaint_route",
            field=models.CharField(
                choices=[
                    ("ankestyrelsen", "Genvurdering i kommunen, derefter Ankestyrelsen"),
                    ("patientklager", "Styrelsen for Patientklager"),
                    ("none", "Ingen administrativ klageadgang"),
                    ("internal", "Enhedens ledelse / borgerrådgiveren"),
                ],
                default="ankestyrelsen",
                help_text="Serviceloven § 101: genvurdering i kommunen, derefter Ankestyrelsen. Sundhedsloven §§ 141-142: Styrelsen for Patientklager. Serviceloven § 101 a: ingen administrativ klageadgang (stk. 6).",
                max_length=16,
                verbose_name="klagevej",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
