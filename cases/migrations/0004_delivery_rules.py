"""When a decision counts as received (Justitsministeriets vejledning nr. 9533 af 26. juni 2018)."""

from django.db import migrations

REFERENCE = "Vejledning nr. 9533 af 26. juni 2018 om beregning af klagefrister"
RULES = [
    ("digital_post", 0, False, f"{REFERENCE}: Digital Post anses for modtaget samme dag"),
    ("physical_post", 6, True, f"{REFERENCE}: almindelig post anses for modtaget 6 hverdage efter afsendelsen"),
    ("quickpost", 2, False, f"{REFERENCE}: Quickbrev anses for modtaget 2 dage efter afsendelsen"),
]


def create(apps, schema_editor):
    DeliveryRule = apps.get_model("cases", "DeliveryRule")
    for sent_via, days, working_days, reference in RULES:
        DeliveryRule.objects.get_or_create(
            sent_via=sent_via, defaults={"days": days, "working_days": working_days, "legal_reference": reference}
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_decision_support")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
