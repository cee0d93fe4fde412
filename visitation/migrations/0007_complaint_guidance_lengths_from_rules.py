"""The § 101 complaint guidance no longer states the lengths of the complaint, reconsideration and forwarding
deadlines ("4 uger"): they come from their DeadlineRule rows through {klageperiode}, {genvurderingsperiode}
and {videresendelsesperiode}, as the guarantee's length does through {garantifrist} (0006).

A row still equal to its previous default gets the new text and a new `version`; a row an administrator has
edited is kept. Both texts are frozen here.
"""

from django.db import migrations
from django.db.models import F

KEY, BASIS = "complaint_guidance", "SEL_101"
PREVIOUS = 'Du kan klage over afgørelsen. Du kan klage mundtligt eller skriftligt til {kommune}. Klagen skal være modtaget senest {klagefrist}, som er 4 uger efter, at du har modtaget afgørelsen ({modtaget}), jf. retssikkerhedslovens § 67, stk. 1. Fristen løber til kl. 23.59 den sidste dag.\n\nNår vi har modtaget din klage, genvurderer vi afgørelsen inden for 4 uger. Giver vi dig helt eller delvist medhold, får du en ny afgørelse. Fastholder vi afgørelsen, sender vi din klage og sagens akter til Ankestyrelsen senest 4 uger efter, at vi har modtaget klagen, og vi giver dig besked om det.\n\nKlager du for sent, kan Ankestyrelsen se bort fra fristen, hvis der er særlige grunde, fx alvorlig sygdom. Du kan få hjælp til at klage af familie, en ven eller en værge.'
NEW = 'Du kan klage over afgørelsen. Du kan klage mundtligt eller skriftligt til {kommune}. Klagen skal være modtaget senest {klagefrist}, som er {klageperiode} efter, at du har modtaget afgørelsen ({modtaget}), jf. retssikkerhedslovens § 67, stk. 1. Fristen løber til kl. 23.59 den sidste dag.\n\nNår vi har modtaget din klage, genvurderer vi afgørelsen inden for {genvurderingsperiode}. Giver vi dig helt eller delvist medhold, får du en ny afgørelse. Fastholder vi afgørelsen, sender vi din klage og sagens akter til Ankestyrelsen senest {videresendelsesperiode} efter, at vi har modtaget klagen, og vi giver dig besked om det.\n\nKlager du for sent, kan Ankestyrelsen se bort fra fristen, hvis der er særlige grunde, fx alvorlig sygdom. Du kan få hjælp til at klage af familie, en ven eller en værge.'


def forwards(apps, schema_editor):
    LetterText = apps.get_model("visitation", "LetterText")
    LetterText.objects.filter(key=KEY, legal_basis_id=BASIS, body=PREVIOUS).update(body=NEW, version=F("version") + 1)


def backwards(apps, schema_editor):
    LetterText = apps.get_model("visitation", "LetterText")
    LetterText.objects.filter(key=KEY, legal_basis_id=BASIS, body=NEW).update(body=PREVIOUS, version=F("version") + 1)


class Migration(migrations.Migration):
    dependencies = [("visitation", "0006_letter_texts_guarantee_length_from_rules")]

    operations = [migrations.RunPython(forwards, backwards)]
