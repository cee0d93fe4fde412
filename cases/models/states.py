"""The case's vocabulary, named once: states, channels, discharge reasons, transition names and refusals."""

from django.db import models


class CaseState(models.TextChoices):
    INQUIRY = "inquiry", "Henvendelse"
    ASSESSMENT = "assessment", "Afdækning"
    RECOMMENDED = "recommended", "Indstillet"
    GRANTED = "granted", "Bevilget"
    REFUSED = "refused", "Afslag"
    IN_TREATMENT = "in_treatment", "I behandling"
    # Discharge (udskrivning) is "Afslut behandling" to users: "udskriv" also reads as "print".
    DISCHARGED = "discharged", "Behandling afsluttet"
    CLOSED = "closed", "Afsluttet"
    WITHDRAWN = "withdrawn", "Trukket tilbage"


class Channel(models.TextChoices):
    PHONE = "phone", "Telefonisk"
    IN_PERSON = "in_person", "Personligt fremmøde"
    REFERRAL = "referral", "Henvisning (med samtykke)"


class DischargeReason(models.TextChoices):
    COMPLETED_DRUG_FREE = "completed_drug_free", "Færdigbehandlet – stoffri"
    COMPLETED_REDUCED = "completed_reduced", "Færdigbehandlet – reduceret forbrug"
    COMPLETED_STABILISED = "completed_stabilised", "Færdigbehandlet – stabiliseret"
    OTHER_OFFER = "other_offer", "Andet tilbud"
    HOSPITAL = "hospital", "Hospital"
    OTHER = "other", "Anden årsag"
    DROPPED_OUT = "dropped_out", "Udeblevet"


class TransitionRefused(Exception):
    """The case is not in a state (or condition) that allows the transition. The API answers 409."""

    def __init__(self, case, name: str, message: str):
        super().__init__(message)
        self.message = message
        self.state = case.state
        self.allowed = case.transition_names()


# Human names of transitions, shown on buttons and in the timeline.
TRANSITION_LABELS = {
    "start_assessment": "Start afdækning",
    "reassess": "Ny afdækning",
    "recommend": "Indstil takst",
    "grant": "Bevil",
    "refuse": "Giv afslag",
    "start_treatment": "Registrér behandlingsstart",
    "discharge": "Afslut behandling",
    "record_followup": "Registrér opfølgning",
    "close": "Afslut sagen",
    "withdraw": "Træk henvendelsen tilbage",
    "recommend_change": "Indstil ny takst",
    "decide_change": "Træf afgørelse om ny takst",
}

FOUR_EYES_MESSAGE = (
    "Du har selv indstillet borgeren og kan derfor ikke træffe afgørelsen. "
    "En anden godkender skal træffe den (to-personers-princippet)."
)
