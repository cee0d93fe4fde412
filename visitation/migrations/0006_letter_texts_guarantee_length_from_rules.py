"""Letter texts no longer state the guarantee's length (issue 8): "14 dage" becomes the {garantifrist}
placeholder, filled from the guarantee's DeadlineRule, and the complaint guidance that refusals carry no
longer mentions the guarantee (a refusal promises no treatment); the sentence moves to the grant-only
guarantee text.

Rows still equal to their previous default get the new text and a new `version` (a form loaded before is
refused as stale); rows an administrator has edited are kept. Both texts are frozen here.
"""

from django.db import migrations
from django.db.models import F

# (key, legal basis): (previous body, new body)
CHANGES = {
    ('complaint_guidance', 'SEL_101'): (
        'Du kan klage over afgørelsen. Du kan klage mundtligt eller skriftligt til {kommune}. Klagen skal være modtaget senest {klagefrist}, som er 4 uger efter, at du har modtaget afgørelsen ({modtaget}), jf. retssikkerhedslovens § 67, stk. 1. Fristen løber til kl. 23.59 den sidste dag.\n\nNår vi har modtaget din klage, genvurderer vi afgørelsen inden for 4 uger. Giver vi dig helt eller delvist medhold, får du en ny afgørelse. Fastholder vi afgørelsen, sender vi din klage og sagens akter til Ankestyrelsen senest 4 uger efter, at vi har modtaget klagen, og vi giver dig besked om det.\n\nKlager du for sent, kan Ankestyrelsen se bort fra fristen, hvis der er særlige grunde, fx alvorlig sygdom. Du kan også klage, hvis behandlingsgarantien på 14 dage ikke bliver overholdt. Du kan få hjælp til at klage af familie, en ven eller en værge.',
        'Du kan klage over afgørelsen. Du kan klage mundtligt eller skriftligt til {kommune}. Klagen skal være modtaget senest {klagefrist}, som er 4 uger efter, at du har modtaget afgørelsen ({modtaget}), jf. retssikkerhedslovens § 67, stk. 1. Fristen løber til kl. 23.59 den sidste dag.\n\nNår vi har modtaget din klage, genvurderer vi afgørelsen inden for 4 uger. Giver vi dig helt eller delvist medhold, får du en ny afgørelse. Fastholder vi afgørelsen, sender vi din klage og sagens akter til Ankestyrelsen senest 4 uger efter, at vi har modtaget klagen, og vi giver dig besked om det.\n\nKlager du for sent, kan Ankestyrelsen se bort fra fristen, hvis der er særlige grunde, fx alvorlig sygdom. Du kan få hjælp til at klage af familie, en ven eller en værge.',
    ),
    ('free_choice', 'SEL_101'): (
        'Du har ret til frit at vælge et andet offentligt eller privat behandlingstilbud af tilsvarende karakter, som er optaget på Tilbudsportalen, jf. servicelovens § 101. Vælger du et andet tilbud, kan behandlingsgarantien på 14 dage bortfalde.',
        'Du har ret til frit at vælge et andet offentligt eller privat behandlingstilbud af tilsvarende karakter, som er optaget på Tilbudsportalen, jf. servicelovens § 101. Vælger du et andet tilbud, kan behandlingsgarantien på {garantifrist} bortfalde.',
    ),
    ('free_choice', 'SUL_141'): (
        'Du kan frit vælge et andet offentligt eller privat behandlingstilbud, som kommunen har indgået aftale med, jf. sundhedslovens § 141, stk. 8. Vælger du et andet tilbud, kan behandlingsgarantien på 14 dage bortfalde.',
        'Du kan frit vælge et andet offentligt eller privat behandlingstilbud, som kommunen har indgået aftale med, jf. sundhedslovens § 141, stk. 8. Vælger du et andet tilbud, kan behandlingsgarantien på {garantifrist} bortfalde.',
    ),
    ('treatment_guarantee', 'SEL_101'): (
        'Behandlingen skal iværksættes senest 14 dage efter, at du henvendte dig til kommunen med ønske om behandling, jf. servicelovens § 101.',
        'Behandlingen skal iværksættes senest {garantifrist} efter, at du henvendte dig til kommunen med ønske om behandling, jf. servicelovens § 101. Bliver fristen ikke overholdt, kan du klage til {kommune}.',
    ),
    ('treatment_guarantee', 'SUL_141'): (
        'Behandlingen skal iværksættes senest 14 dage efter, at du henvendte dig til kommunen med ønske om behandling, jf. sundhedslovens § 141, stk. 2.',
        'Behandlingen skal iværksættes senest {garantifrist} efter, at du henvendte dig til kommunen med ønske om behandling, jf. sundhedslovens § 141, stk. 2.',
    ),
}


def forwards(apps, schema_editor):
    LetterText = apps.get_model("visitation", "LetterText")
    for (key, basis), (previous, new) in CHANGES.items():
        LetterText.objects.filter(key=key, legal_basis_id=basis, body=previous).update(
            body=new, version=F("version") + 1
        )


def backwards(apps, schema_editor):
    LetterText = apps.get_model("visitation", "LetterText")
    for (key, basis), (previous, new) in CHANGES.items():
        LetterText.objects.filter(key=key, legal_basis_id=basis, body=new).update(
            body=previous, version=F("version") + 1
        )


class Migration(migrations.Migration):
    dependencies = [("visitation", "0005_decision_reasons_in_three_parts")]

    operations = [migrations.RunPython(forwards, backwards)]
