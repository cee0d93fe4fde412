"""Alcohol treatment carries the 14-day treatment guarantee (Sundhedsloven § 141, stk. 2), not a 28-day
"mapping" deadline: 28 days is only the length of the KABS kortlægning tariff (DOMAIN.md, issue 7).

1. The guarantee gets one rule row per substance: drugs keep Serviceloven § 101, alcohol gets § 141, stk. 2.
2. Every `alcohol_mapping` deadline becomes a `treatment_guarantee` due 14 days (the alcohol rule) after
   the inquiry. One that was recorded as met but whose treatment started after those 14 days is recorded
   as missed, with a note; nothing else about a settled deadline changes.
3. Anonymous treatment (§ 101 a) has no guarantee: an open one on an anonymous citizen's case is cancelled.
4. The `alcohol_mapping` rule row goes.
"""

from django.db import migrations

from cases.deadlines import add_period

DRUGS_REFERENCE = "Serviceloven § 101, stk. 4: behandling iværksættes senest 14 dage efter henvendelsen"
ALCOHOL_REFERENCE = "Sundhedsloven § 141, stk. 2: alkoholbehandling iværksættes senest 14 dage efter henvendelsen"
MAPPING = ("alcohol_mapping", 28, "days", False, "Sundhedsloven § 141; kortlægning af behandlingsbehovet inden for 28 dage")


def forwards(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    Deadline = apps.get_model("cases", "Deadline")

    DeadlineRule.objects.filter(kind="treatment_guarantee", substance="").update(substance="drugs")
    DeadlineRule.objects.get_or_create(
        kind="treatment_guarantee",
        substance="drugs",
        defaults={"amount": 14, "unit": "days", "moves_to_working_day": False, "legal_reference": DRUGS_REFERENCE},
    )
    alcohol, _ = DeadlineRule.objects.get_or_create(
        kind="treatment_guarantee",
        substance="alcohol",
        defaults={"amount": 14, "unit": "days", "moves_to_working_day": False, "legal_reference": ALCOHOL_REFERENCE},
    )

    for deadline in Deadline.objects.filter(kind="alcohol_mapping").select_related("case"):
        deadline.kind = "treatment_guarantee"
        deadline.due_date = add_period(deadline.case.inquiry_date, alcohol.amount, alcohol.unit)
        if deadline.status == "met" and deadline.resolved_on and deadline.resolved_on > deadline.due_date:
            deadline.status = "missed"
            deadline.note = (
                f"Fristen er rettet fra 28 til {alcohol.amount} dage efter henvendelsen (Sundhedsloven § 141, "
                f"stk. 2); behandlingen startede {deadline.resolved_on:%d.%m.%Y}, efter fristen."
            )
        deadline.save(update_fields=["kind", "due_date", "status", "note"])

    Deadline.objects.filter(kind="treatment_guarantee", status="open", case__citizen__anonymous=True).update(
        status="cancelled", note="Anonym behandling (Serviceloven § 101 a) har ingen behandlingsgaranti."
    )
    DeadlineRule.objects.filter(kind="alcohol_mapping").delete()


def backwards(apps, schema_editor):
    """Restore the rule rows the old code expects; deadlines stay guarantees, which is what the law says."""
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    DeadlineRule.objects.filter(kind="treatment_guarantee", substance="alcohol").delete()
    DeadlineRule.objects.filter(kind="treatment_guarantee", substance="drugs").update(substance="")
    kind, amount, unit, moves, reference = MAPPING
    DeadlineRule.objects.get_or_create(
        kind=kind,
        substance="",
        defaults={"amount": amount, "unit": unit, "moves_to_working_day": moves, "legal_reference": reference},
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_deadline_rule_per_substance")]
    operations = [migrations.RunPython(forwards, backwards)]
