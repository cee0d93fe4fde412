"""Deadlines carry their case's municipality (issue 11): the worklists filter on it without a join.

Added nullable, filled from the cases in one statement, then required. A case never changes municipality,
so the copy cannot go stale.
"""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE cases_deadline d SET municipality_id = c.municipality_id FROM cases_case c "
            "WHERE c.id = d.case_id AND d.municipality_id IS NULL"
        )
    else:
        schema_editor.execute(
            "UPDATE cases_deadline SET municipality_id = (SELECT c.municipality_id FROM cases_case c "
            "WHERE c.id = cases_deadline.case_id) WHERE municipality_id IS NULL"
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_hot_list_partial_indexes")]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="municipality",
            field=models.ForeignKey(
                editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to="cases.municipality", verbose_name="kommune",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="deadline",
            name="municipality",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                to="cases.municipality", verbose_name="kommune",
            ),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("status", "open")), fields=["municipality", "due_date"],
                name="deadline_open_by_municipality",
            ),
        ),
    ]
