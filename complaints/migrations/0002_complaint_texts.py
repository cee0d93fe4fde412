"""Default texts of complaint letters and route explanations (complaints/texts.py), editable afterwards."""

from django.db import migrations

from complaints.texts import DEFAULTS


def create(apps, schema_editor):
    ComplaintText = apps.get_model("complaints", "ComplaintText")
    for key, route, title, body in DEFAULTS:
        ComplaintText.objects.get_or_create(key=key, route=route, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_complaints_and_documents")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
