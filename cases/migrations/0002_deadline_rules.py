"""Default lengths and legal sources of the statutory deadlines (DOMAIN.md, "Computing legal deadlines").

Kept as rows so an amendment is a data change an administrator makes, not a code change.
"""

from django.db import migrations

RULES = [
    # kind, amount, unit, moves to next working day, legal reference
    ("treatment_guarantee", 14, "days", False,
     "Serviceloven § 101, stk. 4: behandling iværksættes senest 14 dage efter henvendelsen"),
    ("alcohol_mapping", 28, "days", False, "Sundhedsloven § 141; kortlægning af behandlingsbehovet inden for 28 dage"),
    ("complaint", 4, "weeks", True, "Retssikkerhedsloven § 67, stk. 1: klage inden 4 uger efter modtagelsen"),
    ("reconsideration", 4, "weeks", True, "Retssikkerhedsloven § 67, stk. 2: genvurdering inden 4 uger"),
    ("forward_to_ankestyrelsen", 4, "weeks", True,
     "Retssikkerhedsloven § 67, stk. 2: videresendelse til Ankestyrelsen senest 4 uger efter modtagelsen af klagen"),
    ("followup_1m", 1, "months", False, "Serviceloven § 101: opfølgning 1 måned efter udskrivning"),
    ("followup_6m", 6, "months", False, "Serviceloven § 101: opfølgning 6 måneder efter udskrivning"),
    ("action_plan_offer", 2, "months", False, "Serviceloven § 141: tilbud om handleplan"),
    ("treatment_period_end", 0, "days", False, "Bevillingens periode; revurdering ved udløb"),
]


def create(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for kind, amount, unit, moves, reference in RULES:
        DeadlineRule.objects.get_or_create(
            kind=kind,
            defaults={"amount": amount, "unit": unit, "moves_to_working_day": moves, "legal_reference": reference},
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
