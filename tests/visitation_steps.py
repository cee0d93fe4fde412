"""Helpers for the visitation tests: the process steps through the real services, with sensible defaults.

The `case` fixture (tests/conftest.py) is a drugs case, inquiry 20 November 2026, referred to KABS City,
with time frozen at Thursday 26 November 2026. Nothing here bypasses a rule: each helper calls the
service a view or the API calls.
"""

from datetime import date, timedelta
from io import BytesIO, StringIO

from django.core.management import call_command

from cases.models import Case
from plans.models import PlanVersion
from tariffs.models import Tariff
from visitation import services
from visitation.models import Area, Recommendation

TODAY = date(2026, 11, 26)
INQUIRY_DATE = date(2026, 11, 20)
GUARANTEE_DUE = INQUIRY_DATE + timedelta(days=14)  # 4 December 2026

ALL_MODERATE = {area: "moderate" for area in Area.values}


def ratings(level: str = "moderate", **overrides: str) -> dict[str, str]:
    return {**{area: level for area in Area.values}, **overrides}


def tariff(code: str, year: int = 2024) -> Tariff:
    return Tariff.objects.select_related("catalogue", "legal_basis").get(catalogue__year=year, code=code)


def fresh(case: Case) -> Case:
    """Re-read from the database (the protected FSM field forbids refresh_from_db)."""
    return Case.objects.get(pk=case.pk)


def assess(case: Case, user, *, start: date = TODAY, unit=None, levels: dict | None = None,
           primary_substance: str = "cannabis", **extra):
    return services.assessment_start(
        case=case, user=user, start_date=start, unit=unit or case.unit, ratings=levels or ratings(),
        primary_substance=primary_substance, **extra,
    )


def recommend(case: Case, user, *, code: str = "city-basis", start: date = TODAY, end: date | None = None,
              justification: str = "Borgeren har brug for ambulant behandling.", goals=("Stoffri hverdag",),
              **extra) -> Recommendation:
    return services.recommendation_submit(
        case=fresh(case), user=user, tariff=tariff(code), start_date=start,
        end_date=end or start + timedelta(days=179), justification=justification, goals_short=list(goals), **extra,
    )


# Reasons a refusal or partial grant must give (forvaltningsloven § 24): the facts relied on, the rules applied
# and the main considerations. `**REASONED` gives all three.
FACTS = (
    "Afdækningen viser moderat belastning på alle livsområder. Borgeren er i fast arbejde og har et stabilt "
    "netværk."
)
RULES = "Servicelovens § 101, stk. 1: kommunen tilbyder behandling til personer, der har behov for det."
CONSIDERATIONS = (
    "Behovet kan dækkes af et mindre indgribende tilbud, og borgeren kan fortsætte i sit arbejde imens."
)
REASONED = {"facts": FACTS, "reasons": RULES, "considerations": CONSIDERATIONS}


def decide(case: Case, user, *, outcome: str = "granted", reasons: str = "", facts: str = "",
           considerations: str = "", sent_via: str = "digital_post", sent_date: date = TODAY,
           tariff_code: str | None = None, end_date: date | None = None):
    return services.decision_make(
        case=fresh(case), user=user, outcome=outcome, facts=facts, reasons=reasons, considerations=considerations,
        sent_via=sent_via, sent_date=sent_date, tariff=tariff(tariff_code) if tariff_code else None,
        end_date=end_date,
    )


def recommended(case: Case, counsellor, **recommendation) -> Recommendation:
    """Assessment and recommendation by the KABS counsellor: the case awaits the municipality's decision."""
    assess(case, counsellor)
    return recommend(case, counsellor, **recommendation)


def granted(case: Case, counsellor, approver, **recommendation):
    recommended(case, counsellor, **recommendation)
    return decide(case, approver)


def counts() -> dict[str, int]:
    """What a refused step must leave untouched."""
    from visitation.models import Assessment, Decision

    return {
        "assessments": Assessment.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "plan_versions": PlanVersion.objects.count(),
        "decisions": Decision.objects.count(),
    }


def token_for(user) -> str:
    out = StringIO()
    call_command("api_token", user.username, stdout=out)
    return out.getvalue().strip()


def api(client, user):
    """The test client authenticated with the user's API token (Authorization: Token …)."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token_for(user)}"
    return client


def pdf_text(data: bytes) -> str:
    """The text of a PDF with whitespace normalised (line breaks in the layout become spaces)."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
