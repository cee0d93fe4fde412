"""Default texts for complaints, per route (DOMAIN.md, "Complaints"). Loaded into ComplaintText by a data
migration; an administrator edits them there. Placeholders: {kommune} the municipality's name, {modtaget}
the day the complaint was received, {genvurdering_frist} the reconsideration deadline, {videresendt} the day
the complaint was sent to Ankestyrelsen.
"""

EXPLAIN_ANKESTYRELSEN = (
    "Kommunen genvurderer selv afgørelsen inden for 4 uger efter, at klagen er modtaget "
    "(retssikkerhedslovens § 66). Giver kommunen helt eller delvist medhold, træffes en ny afgørelse med nyt "
    "brev. Fastholder kommunen afgørelsen, sendes klagen og sagens akter til Ankestyrelsen senest 4 uger "
    "efter modtagelsen (§ 67), og borgeren får besked."
)
EXPLAIN_PATIENTKLAGER = (
    "Klager over sundhedsfaglig behandling og afgørelser efter sundhedsloven (§ 141 alkoholbehandling, § 142 "
    "lægelig behandling) behandles af Styrelsen for Patientklager, ikke af kommunen og ikke af Ankestyrelsen. "
    "Klagen registreres her, og borgeren vejledes om at klage til Styrelsen for Patientklager (stpk.dk) senest "
    "2 år efter, at borgeren fik kendskab til forholdet, og senest 5 år efter hændelsen."
)
EXPLAIN_NONE = (
    "Afgørelser om anonym behandling efter servicelovens § 101 a kan ikke indbringes for anden "
    "administrativ myndighed (§ 101 a, stk. 6). Klagen registreres, og borgeren får besked om, at der ikke "
    "er en klageadgang til Ankestyrelsen. Borgeren kan tale med behandlingsstedet eller kommunen."
)
EXPLAIN_INTERNAL = (
    "Klager over personalets optræden eller sagsbehandlingen behandles af den lokale leder og derefter "
    "centrets ledelse. Borgeren kan også henvende sig til kommunens borgerrådgiver. Der er ingen klagefrist."
)

ACK_ANKESTYRELSEN = (
    "{kommune} har {modtaget} modtaget din klage. Vi genvurderer afgørelsen senest {genvurdering_frist}. "
    "Giver vi dig helt eller delvist medhold, får du en ny afgørelse. Fastholder vi afgørelsen, sender vi din "
    "klage og sagens akter til Ankestyrelsen senest {genvurdering_frist}, og vi giver dig besked om det."
)
ACK_PATIENTKLAGER = (
    "{kommune} har {modtaget} modtaget din klage. Klager over sundhedsfaglig behandling og over afgørelser "
    "efter sundhedsloven behandles af Styrelsen for Patientklager, ikke af kommunen. Du kan klage til "
    "Styrelsen for Patientklager på stpk.dk senest 2 år efter, at du fik kendskab til det, du klager over, og "
    "senest 5 år efter, at det skete. Du kan også først tale med dit behandlingssted."
)
ACK_NONE = (
    "{kommune} har {modtaget} modtaget din henvendelse. Afgørelser om anonym behandling efter servicelovens "
    "§ 101 a kan ikke indbringes for anden administrativ myndighed (§ 101 a, stk. 6), så din klage kan ikke "
    "sendes til Ankestyrelsen. Du er velkommen til at tale med dit behandlingssted eller med os."
)
ACK_INTERNAL = (
    "{kommune} har {modtaget} modtaget din klage. Klagen behandles af den ansvarlige leder. Du kan også "
    "henvende dig til kommunens borgerrådgiver. Du hører fra os."
)
FORWARDED = (
    "{kommune} har genvurderet afgørelsen, som du klagede over {modtaget}, og fastholder den. Vi har derfor "
    "{videresendt} sendt din klage og sagens akter til Ankestyrelsen, jf. retssikkerhedslovens § 67. "
    "Ankestyrelsen skriver til dig, når de har behandlet klagen. Kommunens begrundelse for at fastholde "
    "afgørelsen står nedenfor."
)

# (key, route, title, body)
DEFAULTS = [
    ("route_explanation", "ankestyrelsen", "Genvurdering i kommunen, derefter Ankestyrelsen", EXPLAIN_ANKESTYRELSEN),
    ("route_explanation", "patientklager", "Styrelsen for Patientklager", EXPLAIN_PATIENTKLAGER),
    ("route_explanation", "none", "Ingen administrativ klageadgang (§ 101 a)", EXPLAIN_NONE),
    ("route_explanation", "internal", "Enhedens ledelse og borgerrådgiveren", EXPLAIN_INTERNAL),
    ("acknowledgement", "ankestyrelsen", "Vi har modtaget din klage", ACK_ANKESTYRELSEN),
    ("acknowledgement", "patientklager", "Vi har modtaget din klage", ACK_PATIENTKLAGER),
    ("acknowledgement", "none", "Vi har modtaget din henvendelse", ACK_NONE),
    ("acknowledgement", "internal", "Vi har modtaget din klage", ACK_INTERNAL),
    ("forwarded", "ankestyrelsen", "Din klage er sendt til Ankestyrelsen", FORWARDED),
]
