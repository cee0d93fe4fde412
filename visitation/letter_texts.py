"""Default texts of decision letters, per legal basis (DOMAIN.md, "What a decision letter must contain").

Loaded into LetterText by a data migration; an administrator edits them there. Placeholders:
{kommune} the municipality's name, {klagefrist} the complaint deadline, {modtaget} the date of receipt,
{lovgrundlag} the legal basis as written in letters, {garantifrist} the guarantee's length from its
DeadlineRule ("14 dage"), and {klageperiode}, {genvurderingsperiode}, {videresendelsesperiode} the lengths of
the complaint, reconsideration and forwarding rules ("4 uger"): lengths are data, so no text states one.
Dates are written as in the rest of the letter ("27. november 2026").
"""

SOCIAL_GUIDANCE = (
    "Du kan klage over afgørelsen. Du kan klage mundtligt eller skriftligt til {kommune}. Klagen skal være "
    "modtaget senest {klagefrist}, som er {klageperiode} efter, at du har modtaget afgørelsen ({modtaget}), jf. "
    "retssikkerhedslovens § 67, stk. 1. Fristen løber til kl. 23.59 den sidste dag.\n\n"
    "Når vi har modtaget din klage, genvurderer vi afgørelsen inden for {genvurderingsperiode}. Giver vi dig helt "
    "eller delvist medhold, får du en ny afgørelse. Fastholder vi afgørelsen, sender vi din klage og sagens akter "
    "til Ankestyrelsen senest {videresendelsesperiode} efter, at vi har modtaget klagen, og vi giver dig besked "
    "om det.\n\n"
    "Klager du for sent, kan Ankestyrelsen se bort fra fristen, hvis der er særlige grunde, fx alvorlig sygdom. "
    "Du kan få hjælp til at klage af familie, en ven eller en værge."
)

HEALTH_GUIDANCE = (
    "Afgørelsen er truffet efter {lovgrundlag}. Klager over sundhedsfaglig behandling behandles af Styrelsen for "
    "Patientklager, ikke af kommunen.\n\n"
    "Er du utilfreds med den sundhedsfaglige behandling, fx medicin, dosis eller udlevering, kan du først tale "
    "med dit behandlingssted, som kan vurdere sagen igen. Du kan også klage til Styrelsen for Patientklager, "
    "stpk.dk. Klagen skal indgives senest 2 år efter, at du fik kendskab til det forhold, du vil klage over, "
    "og senest 5 år efter, at det skete (lov om klage- og erstatningsadgang inden for sundhedsvæsenet). Du "
    "kan få hjælp til at klage af familie, en ven eller en værge."
)

ALCOHOL_GUIDANCE = (
    "Afgørelsen er truffet efter {lovgrundlag}. Klager over sundhedsfaglig behandling behandles af Styrelsen for "
    "Patientklager, ikke af kommunen.\n\n"
    "Er du utilfreds med behandlingen, kan du først tale med dit behandlingssted eller {kommune}. Du kan også "
    "klage til Styrelsen for Patientklager, stpk.dk. Klagen skal indgives senest 2 år efter, at du fik "
    "kendskab til det forhold, du vil klage over, og senest 5 år efter, at det skete (lov om klage- og "
    "erstatningsadgang inden for sundhedsvæsenet). Du kan få hjælp til at klage af familie, en ven eller en "
    "værge."
)

ANONYMOUS_GUIDANCE = (
    "Afgørelsen er truffet efter {lovgrundlag}. Afgørelser efter servicelovens § 101 a kan ikke indbringes "
    "for anden administrativ myndighed (servicelovens § 101 a, stk. 6). Er du utilfreds, kan du tale med dit "
    "behandlingssted eller henvende dig til {kommune}."
)

ACTION_PLAN = (
    "Efter servicelovens § 141 skal kommunen tilbyde at udarbejde en handleplan til de grupper, loven nævner, "
    "herunder personer med et stofmisbrug, der modtager social behandling efter servicelovens § 101. Du får "
    "behandling efter § 101, og vi tilbyder dig derfor en handleplan. Handleplanen beskriver formålet med "
    "indsatsen, hvilken indsats der er nødvendig, den forventede varighed og andre forhold, fx bolig, "
    "uddannelse og beskæftigelse. Kontakt din sagsbehandler, hvis du ønsker en handleplan."
)

FREE_CHOICE = (
    "Du har ret til frit at vælge et andet offentligt eller privat behandlingstilbud af tilsvarende karakter, "
    "som er optaget på Tilbudsportalen, jf. servicelovens § 101. Vælger du et andet tilbud, kan "
    "behandlingsgarantien på {garantifrist} bortfalde."
)

FREE_CHOICE_ALCOHOL = (
    "Du kan frit vælge et andet offentligt eller privat behandlingstilbud, som kommunen har indgået aftale "
    "med, jf. sundhedslovens § 141, stk. 8. Vælger du et andet tilbud, kan behandlingsgarantien på "
    "{garantifrist} bortfalde."
)

ANONYMITY_ALCOHOL = (
    "Du kan vælge at få behandlingen anonymt, jf. sundhedslovens § 141, stk. 7. Kontakt dit behandlingssted, "
    "hvis du ønsker det."
)

GUARANTEE_SOCIAL = (
    "Behandlingen skal iværksættes senest {garantifrist} efter, at du henvendte dig til kommunen med ønske om "
    "behandling, jf. servicelovens § 101. Bliver fristen ikke overholdt, kan du klage til {kommune}."
)

GUARANTEE_ALCOHOL = (
    "Behandlingen skal iværksættes senest {garantifrist} efter, at du henvendte dig til kommunen med ønske om "
    "behandling, jf. sundhedslovens § 141, stk. 2."
)

REASONS_SOCIAL = (
    "Afgørelsen er truffet efter {lovgrundlag}. Efter bestemmelsen skal kommunen tilbyde social behandling af "
    "stofmisbrug til personer, der har behov for det."
)

REASONS_ANONYMOUS = (
    "Afgørelsen er truffet efter {lovgrundlag}. Efter bestemmelsen tilbyder kommunen anonym, ambulant "
    "behandling af stofmisbrug til personer i tilbuddets målgruppe."
)

REASONS_HEALTH = "Afgørelsen er truffet efter {lovgrundlag}."

# (key, legal basis code, title, body)
DEFAULTS = [
    ("complaint_guidance", "SEL_101", "Klagevejledning", SOCIAL_GUIDANCE),
    ("complaint_guidance", "SEL_101A", "Klageadgang", ANONYMOUS_GUIDANCE),
    ("complaint_guidance", "SUL_141", "Klagevejledning", ALCOHOL_GUIDANCE),
    ("complaint_guidance", "SUL_142", "Klagevejledning", HEALTH_GUIDANCE),
    ("action_plan_offer", "SEL_101", "Tilbud om handleplan", ACTION_PLAN),
    ("free_choice", "SEL_101", "Frit valg af behandlingstilbud", FREE_CHOICE),
    ("free_choice", "SUL_141", "Frit valg af behandlingstilbud", FREE_CHOICE_ALCOHOL),
    ("anonymity", "SUL_141", "Anonym behandling", ANONYMITY_ALCOHOL),
    ("treatment_guarantee", "SEL_101", "Behandlingsgaranti", GUARANTEE_SOCIAL),
    ("treatment_guarantee", "SUL_141", "Behandlingsgaranti", GUARANTEE_ALCOHOL),
    ("legal_basis_reasons", "SEL_101", "Lovgrundlag", REASONS_SOCIAL),
    ("legal_basis_reasons", "SEL_101A", "Lovgrundlag", REASONS_ANONYMOUS),
    ("legal_basis_reasons", "SUL_141", "Lovgrundlag", REASONS_HEALTH),
    ("legal_basis_reasons", "SUL_142", "Lovgrundlag", REASONS_HEALTH),
]
