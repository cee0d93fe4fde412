"""Defaults for the seeded municipalities (abbreviation, the team's phone and e-mail) and a reference for
every existing case, numbered per municipality and inquiry year in the order the inquiries came in.

The phone moves out of the free-text contact lines into its own field, so a letterhead does not print it
twice. Administrators edit all of it in the admin afterwards.
"""

from django.db import migrations

# code: (abbreviation, phone, e-mail). The municipalities' switchboards; a team's own line is set in admin.
DEFAULTS = {
    "161": ("GLO", "43 23 60 00", "glostrup@glostrup.dk"),
    "175": ("RØD", "36 37 77 77", "rk@rk.dk"),
    "167": ("HVI", "36 39 36 39", "hvidovre@hvidovre.dk"),
    "157": ("GEN", "39 98 00 00", "gentofte@gentofte.dk"),
}


def municipality_defaults(apps, schema_editor):
    Municipality = apps.get_model("cases", "Municipality")
    for municipality in Municipality.objects.all():
        abbreviation, phone, email = DEFAULTS.get(municipality.code, ("", "", ""))
        lines = municipality.contact_lines.splitlines()
        phone_lines = [line for line in lines if line.strip().lower().startswith("tlf")]
        if not municipality.phone:
            municipality.phone = phone or (phone_lines[0].split(".", 1)[-1].strip() if phone_lines else "")
        if municipality.phone:
            municipality.contact_lines = "\n".join(line for line in lines if line not in phone_lines)
        taken = Municipality.objects.exclude(pk=municipality.pk).filter(abbreviation=abbreviation).exists()
        if abbreviation and not municipality.abbreviation and not taken:
            municipality.abbreviation = abbreviation
        municipality.email = municipality.email or email
        municipality.save(update_fields=["phone", "email", "abbreviation", "contact_lines"])


def backfill_references(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    HistoricalCase = apps.get_model("cases", "HistoricalCase")
    Counter = apps.get_model("cases", "CaseReferenceCounter")
    Municipality = apps.get_model("cases", "Municipality")
    prefixes = {m.pk: m.abbreviation or m.code for m in Municipality.objects.all()}
    counters: dict[tuple[int, int], int] = {}
    for case in Case.objects.filter(reference__isnull=True).order_by("inquiry_date", "created_at", "pk"):
        key = (case.municipality_id, case.inquiry_date.year)
        counters[key] = counters.get(key, 0) + 1
        case.reference = f"{prefixes[case.municipality_id]}-{key[1]}-{counters[key]:06d}"
        case.save(update_fields=["reference"])
        # The history is the case's timeline: its earlier versions carry the same reference.
        HistoricalCase.objects.filter(id=case.pk).update(reference=case.reference)
    for (municipality_id, year), last in counters.items():
        Counter.objects.update_or_create(
            municipality_id=municipality_id, year=year, defaults={"last_number": last}
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_case_reference_team_contact_young_person_consent")]

    operations = [
        migrations.RunPython(municipality_defaults, migrations.RunPython.noop),
        migrations.RunPython(backfill_references, migrations.RunPython.noop),
    ]
