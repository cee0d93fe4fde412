"""Default texts of decision letters, per legal basis (DOMAIN.md, "What a decision letter must contain").

Loaded into LetterText by a data migration; an administrator edits them there. Placeholders:
{kommune} the municipality's name, {klagefrist} the complaint deadline, {modtaget} the date of receipt,
{lovgrundlag} the legal basis as written in letters.
"""

SOCIAL_GUIDANCE = (
    "Du kan klage over afgørelsen. Du kan klage mundtligt eller skriftligt til {kommune}. Klagen skal være "
    "modtaget senest {klagefrist}, som er 4 uger efter, at du har modtaget afgørelsen ({modtaget}), jf. "
    "retssikkerhedslovens § 67, stk. 1. Fristen løber til kl. 23.59 den sidste dag.\n\n"
    "Når vi har modtaget din klage, genvurderer vi afgørelsen inden for 4 uger. Giver vi dig helt eller delvist "
    "medhold, får du en ny afgørelse. Fastholder vi afgørelsen, sender vi din klage og sagens akter til "
    "Ankestyrelsen senest 4 uger efter, at vi har modtaget klagen, og vi giver dig besked om det.\n\n"
    "Klager du for sent, kan Ankestyrelsen se bort fra fristen, hvis der er særlige grunde, fx alvorlig sygdom. "
    "Du kan også klage, hvis behandlingsgarantien på 14 dage ikke bliver overholdt. Du kan få hjælp til at klage "
    "af familie, en ven eller en værge."
)

HEALTH_GUIDANCE = (
    "Afgørelsen er truffet efter {lovgrundlag}. Den kan ikke indbringes for anden administrativ myndighed "
    "(sundhedslovens § 142, stk. 6).\n\n"
    "Er du utilfreds med den sundhedsfaglige behandling, fx medicin, dosis eller udlevering, kan du bede KABS "
    "om at vurdere sagen igen, eller du kan klage til Styrelsen for Patientsikkerhed (Patientombuddet), "
    "stps.dk. Klagen skal indgives inden 2 år efter, at du fik kendskab til forholdet, og senest 5 år efter, "
    "at det skete."
)

ALCOHOL_GUIDANCE = (
    "Afgørelsen er truffet efter {lovgrundlag} og kan ikke indbringes for Ankestyrelsen.\n\n"
    "Er du utilfreds med behandlingen, kan du henvende dig til {kommune} eller klage til Styrelsen for "
    "Patientsikkerhed (Patientombuddet), stps.dk. Klagen skal indgives inden 2 år efter, at du fik kendskab "
    "til forholdet, og senest 5 år efter, at det skete."
)

ACTION_PLAN = (
    "Du har ret til at få udarbejdet en handleplan, jf. servicelovens § 141. Handleplanen beskriver formålet "
    "med indsatsen, hvilken indsats der er nødvendig, den forventede varighed og andre forhold, fx bolig, "
    "uddannelse og beskæftigelse. Kontakt din sagsbehandler, hvis du ønsker en handleplan."
)

FREE_CHOICE = (
    "Du har ret til frit at vælge et andet offentligt eller privat behandlingstilbud af tilsvarende karakter, "
    "som er optaget på Tilbudsportalen, jf. servicelovens § 101. Vælger du et andet tilbud, gælder "
    "behandlingsgarantien på 14 dage ikke."
)

REASONS_SOCIAL = (
    "Afgørelsen er truffet efter {lovgrundlag}. Kommunen skal tilbyde social behandling af stofmisbrug, og "
    "behandlingen skal iværksættes senest 14 dage efter, at du har henvendt dig."
)

REASONS_HEALTH = "Afgørelsen er truffet efter {lovgrundlag}."

# (key, legal basis code, title, body)
DEFAULTS = [
    ("complaint_guidance", "SEL_101", "Klagevejledning", SOCIAL_GUIDANCE),
    ("complaint_guidance", "SEL_101A", "Klagevejledning", SOCIAL_GUIDANCE),
    ("complaint_guidance", "SUL_141", "Klagevejledning", ALCOHOL_GUIDANCE),
    ("complaint_guidance", "SUL_142", "Klagevejledning", HEALTH_GUIDANCE),
    ("action_plan_offer", "SEL_101", "Tilbud om handleplan", ACTION_PLAN),
    ("action_plan_offer", "SEL_101A", "Tilbud om handleplan", ACTION_PLAN),
    ("free_choice", "SEL_101", "Frit valg af behandlingstilbud", FREE_CHOICE),
    ("legal_basis_reasons", "SEL_101", "Lovgrundlag", REASONS_SOCIAL),
    ("legal_basis_reasons", "SEL_101A", "Lovgrundlag", REASONS_SOCIAL),
    ("legal_basis_reasons", "SUL_141", "Lovgrundlag", REASONS_HEALTH),
    ("legal_basis_reasons", "SUL_142", "Lovgrundlag", REASONS_HEALTH),
]
