"""The complaint's vocabulary, named once: states, what it is about, channels and outcomes."""

from django.db import models


class ComplaintState(models.TextChoices):
    # Awaiting the municipality's reconsideration (the Ankestyrelsen route only).
    REGISTERED = "registered", "Registreret – afventer genvurdering"
    # Reconsidered with (partial) agreement: a new decision is made through the visitation flow.
    RECONSIDERED = "reconsidered", "Genvurderet – ny afgørelse"
    # Upheld: sent with the case file to Ankestyrelsen.
    FORWARDED = "forwarded", "Sendt til Ankestyrelsen"
    APPEAL_DECIDED = "appeal_decided", "Ankestyrelsen har afgjort"
    # Routes without reconsideration (Styrelsen for Patientklager, § 101 a, staff): recorded, citizen guided.
    GUIDED = "guided", "Registreret – borgeren er vejledt"
    # A late complaint the municipality decided not to accept.
    CLOSED = "closed", "Afvist – for sen"


class About(models.TextChoices):
    DECISION = "decision", "En afgørelse"
    GUARANTEE = "guarantee", "Brudt behandlingsgaranti"
    HEALTH = "health", "Sundhedsfaglig behandling"
    SELF_PAYMENT = "self_payment", "Egenbetaling"
    STAFF = "staff", "Personalets optræden eller sagsbehandlingen"


class ComplaintChannel(models.TextChoices):
    ORAL = "oral", "Mundtlig"
    WRITTEN = "written", "Skriftlig"


class ReconsiderationOutcome(models.TextChoices):
    CHANGED = "changed", "Medhold – afgørelsen ændres"
    PARTIALLY_CHANGED = "partially_changed", "Delvist medhold – afgørelsen ændres delvist"
    UPHELD = "upheld", "Afgørelsen fastholdes – sendes til Ankestyrelsen"


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", "Stadfæstet"
    CHANGED = "changed", "Ændret eller ophævet"
    SENT_BACK = "sent_back", "Hjemvist til kommunen"
    DISMISSED = "dismissed", "Afvist"


# Outcomes after which the municipality must decide again (a new decision through visitation).
REOPENING_RECONSIDERATIONS = frozenset({ReconsiderationOutcome.CHANGED, ReconsiderationOutcome.PARTIALLY_CHANGED})
REOPENING_APPEALS = frozenset({AppealOutcome.CHANGED, AppealOutcome.SENT_BACK})


class DocumentKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Kvittering for klagen"
    FORWARDED_LETTER = "forwarded_letter", "Brev om videresendelse til Ankestyrelsen"
    BUNDLE = "bundle", "Sagens akter til Ankestyrelsen"


class TextKey(models.TextChoices):
    ROUTE_EXPLANATION = "route_explanation", "Forklaring af klagevejen (vises for medarbejderen)"
    ACKNOWLEDGEMENT = "acknowledgement", "Kvittering til borgeren"
    FORWARDED = "forwarded", "Brev om videresendelse til Ankestyrelsen"


# Text lengths: a complaint may be long, but it is bounded (a longer text is refused with a message).
TEXT_MAX = 20_000
NOTE_MAX = 10_000
REASON_MAX = 2_000


LABELS = {
    "guide": "Registrér og vejled",
    "decide_late": "Beslut om den for sene klage",
    "reconsider": "Genvurdér",
    "record_appeal_outcome": "Registrér Ankestyrelsens afgørelse",
}
