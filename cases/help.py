"""The help page's words: what each role does, the process in five steps, and what each deadline means.

Plain Danish for the people using the system, not legal prose. The deadlines' lengths and legal references
are not written here: the page reads them from the rule rows the cases use (DeadlineRule), so the help
says what the system does, also after an administrator has changed a rule.
"""

from .models import DeadlineKind, DeadlineRule, Role
from .models.deadline import ACTION_HINTS, MUNICIPALITY, RESPONSIBLE

ROLE_HELP: dict[Role, dict] = {
    Role.CASEWORKER: {
        "summary": "Du tager imod borgerens henvendelse og holder styr på sagen fra start til slut.",
        "tasks": [
            "Opret borgeren, og registrér henvendelsen. Behandlingsgarantien løber fra henvendelsesdatoen.",
            "Henvis sagen til en KABS-enhed, og følg med i afdækning, indstilling og afgørelse.",
            "Registrér behandlingsstart, hvis KABS ikke gør det, og afslut sagen, når forløbet er slut.",
            "Hold øje med dine frister på forsiden og under Frister: garantien og tilbuddet om handleplan.",
        ],
    },
    Role.APPROVER: {
        "summary": "Du træffer kommunens afgørelse på KABS' indstilling og behandler klager over afgørelserne.",
        "tasks": [
            "Find indstillingerne under Til afgørelse. Bevil, bevil delvist eller giv afslag, med begrundelse.",
            "Afgørelsesbrevet med klagevejledning dannes automatisk og gemmes, som det blev sendt.",
            "Du kan aldrig afgøre en sag, du selv har indstillet (to personer ser på hver afgørelse).",
            "Genvurdér klager inden for 4 uger, og send dem til Ankestyrelsen, hvis afgørelsen fastholdes.",
            "Se kommunens måltal og bundne udgifter under Måltal og udgifter.",
        ],
    },
    Role.COUNSELLOR: {
        "summary": "Du er behandler hos KABS: du afdækker borgerens behov, indstiller en takst og behandler.",
        "tasks": [
            "Lav afdækningen med MapPlan-vurderinger af alle livsområder.",
            "Indstil en takst med behandlingsplanen, som borgeren underskriver.",
            "Registrér behandlingsstart, følg planen, og indstil en ny takst, når behovet ændrer sig.",
            "Afslut behandlingen med en årsag, og lav opfølgningerne 1 og 6 måneder efter.",
        ],
    },
    Role.ADMINISTRATOR: {
        "summary": "Du vedligeholder systemets data for din kommune: brugere, takster, fristregler og brevtekster.",
        "tasks": [
            "Opret brugere, og giv dem en rolle. Ingen kan give sig selv flere rettigheder.",
            "Indlæs årets takstkatalog, og ret fristregler og brevtekster, når loven ændres.",
            "Se adgangsloggen: hvem har set en borgers oplysninger, hvornår og hvorfor.",
        ],
    },
}

STEPS = [
    ("Henvendelse", "Borgeren henvender sig. Sagen oprettes, og behandlingsgarantien begynder at løbe."),
    ("Afdækning", "KABS afdækker borgerens situation og vurderer hvert livsområde fra lavt til stærkt belastet."),
    ("Indstilling", "KABS indstiller en takst og laver behandlingsplanen sammen med borgeren."),
    ("Afgørelse", "Kommunen bevilger eller giver afslag. Borgeren får et brev med begrundelse og klagevejledning."),
    ("Behandling og opfølgning", "Behandlingen starter, følges og afsluttes. Borgeren følges op 1 og 6 "
     "måneder efter."),
]

# From what each deadline counts: the event the rule's length is added to.
STARTS: dict[str, str] = {
    DeadlineKind.TREATMENT_GUARANTEE: "fra henvendelsesdatoen",
    DeadlineKind.COMPLAINT: "fra den dag, borgeren anses for at have modtaget afgørelsen",
    DeadlineKind.RECONSIDERATION: "fra den dag, klagen blev modtaget",
    DeadlineKind.FORWARD_TO_ANKESTYRELSEN: "fra den dag, klagen blev modtaget",
    DeadlineKind.FOLLOWUP_1M: "fra udskrivningsdatoen",
    DeadlineKind.FOLLOWUP_6M: "fra udskrivningsdatoen",
    DeadlineKind.ACTION_PLAN_OFFER: "fra behandlingsstart",
    DeadlineKind.TREATMENT_PERIOD_END: "bevillingens sidste dag",
}


def deadlines() -> list[dict]:
    """Every kind of deadline with its length(s), what it counts from, who answers for it and what to do."""
    rules: dict[str, list[DeadlineRule]] = {}
    for rule in DeadlineRule.objects.all():
        rules.setdefault(rule.kind, []).append(rule)
    rows = []
    for kind in DeadlineKind:
        if kind not in ACTION_HINTS:  # a retired kind
            continue
        holders = [
            f"{role.label.lower()}e{' i kommunen' if where == MUNICIPALITY else ' i KABS-enheden'}"
            for role, where in RESPONSIBLE.get(kind, ())
        ]
        rows.append(
            {
                "label": kind.label,
                "rules": [
                    {
                        "length": rule.length_text(),
                        "substance": rule.get_substance_display() if rule.substance else "",
                        "reference": rule.legal_reference,
                        "moves": rule.moves_to_working_day,
                    }
                    for rule in rules.get(kind, [])
                ],
                "start": STARTS.get(kind, ""),
                "who": " og ".join(holders),
                "what": ACTION_HINTS[kind],
            }
        )
    return rows
