"""Demo cases further along the visitation path, so every role has something on 'Mine sager'.

Builds on cases.demo (organisations, users, inquiries) and moves chosen cases on through the real
services. Idempotent: a case is only moved if it still stands where the demo left it.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases.demo import slug
from cases.models import Case, CaseState, User
from tariffs.models import Tariff

from . import services
from .models import Area, Decision

# (citizen name, ratings level, primary substance, tariff code, how far)
PATHS = [
    ("Jonas Pedersen", "moderate", "opioids", None, "assessment"),
    ("Emma Larsen", "moderate", "cannabis", "city-basis", "recommended"),
    ("Louise Hansen", "much", "stimulants", "stjernevang-intensiv", "in_treatment"),
]


@transaction.atomic
def seed_process() -> None:
    today = timezone.localdate()
    if not Tariff.objects.in_force_on(today).exists():
        return  # no catalogue loaded yet (make run loads it first): the inquiries are demo enough
    for name, level, substance, code, goal in PATHS:
        case = Case.objects.filter(citizen__name=name).select_related("unit", "municipality").first()
        if (
            case is None
            or case.state != CaseState.INQUIRY
        ):
            continue
        counsellor = User.objects.get(unit=case.unit)
        approver = User.objects.get(username=f"godkender-{slug(case.municipality.name)}")
        caseworker = User.objects.get(username=f"sagsbehandler-{slug(case.municipality.name)}")
        services.assessment_start(
            case=case,
            user=counsellor,
            start_date=case.inquiry_date,
            unit=case.unit,
            ratings=dict.fromkeys(Area.values, level),
            primary_substance=substance,
            psychiatric=case.unit.code == "stjernevang",
        )
        if goal == "assessment":
            continue
        tariff = Tariff.objects.in_force_on(today).get(code=code)
        recommendation = services.recommendation_submit(
            case=Case.objects.get(pk=case.pk),
            user=counsellor,
            tariff=tariff,
            start_date=today,
            end_date=today + timedelta(days=90),
            justification="Demo: takst ud fra afdækningens vurderinger.",
            goals_short=["Stabil deltagelse i behandlingen"],
            goals_long=["Ophør med forbrug"],
            services=tariff.package_services[:2],
            signed_on=today,
            signed_how="paper",
        )
        if goal == "in_treatment":
            services.decision_make(
                case=Case.objects.get(pk=case.pk),
                user=approver,
                outcome="granted",
                # As the decision form starts them: the assessment's ratings and the legal basis.
                **Decision.drafted_reasons(recommendation),
                considerations="",
                sent_via="digital_post",
                sent_date=today,
            )
            services.treatment_start(case=Case.objects.get(pk=case.pk), user=caseworker, start=today)
