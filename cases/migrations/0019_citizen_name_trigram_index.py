"""A trigram index for citizen search by name (issue 11), on PostgreSQL only.

The search is `name__icontains`, which Django writes as UPPER(name) LIKE UPPER('%…%'): a B-tree cannot
serve a pattern with a leading wildcard, a GIN trigram index on UPPER(name) can. pg_trgm and GIN exist on
PostgreSQL only, so on SQLite (`make run`) these operations do nothing and the search scans, which at a
demo's size costs nothing. Not a Meta index: the model stays portable, and makemigrations stays clean.
"""

from django.db import migrations

INDEX = "citizen_name_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON cases_citizen USING gin ((UPPER(name::text)) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0018_danish_field_names")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
