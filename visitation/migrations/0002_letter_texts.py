from django.db import migrations


def create(apps, schema_editor):
    from visitation.letter_texts import DEFAULTS

    LetterText = apps.get_model("visitation", "LetterText")
    for key, basis, title, body in DEFAULTS:
        LetterText.objects.get_or_create(key=key, legal_basis_id=basis, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("visitation", "0001_initial"), ("tariffs", "0002_legal_bases")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
