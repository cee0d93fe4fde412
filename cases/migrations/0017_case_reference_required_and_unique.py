from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_municipality_defaults_and_case_reference_backfill")]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="reference",
            field=models.CharField(editable=False, max_length=20, unique=True, verbose_name="sagsnummer"),
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="reference",
            field=models.CharField(db_index=True, editable=False, max_length=20, verbose_name="sagsnummer"),
        ),
    ]
