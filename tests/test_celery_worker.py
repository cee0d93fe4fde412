"""The one integration test of the real worker: a decision's letter is rendered by a Celery worker
consuming from the real Redis broker, after the decision's transaction has committed."""

import time
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command

from cases.models import Case
from config.celery import app
from tariffs.models import Tariff
from visitation import services
from visitation.models import Area, Letter

from . import factories


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_renders_decision_letter_from_redis_queue(
    redis_url, postgres, caseworker, counsellor, approver, citizen, city, celery_eager
):
    call_command("load_tariffs", verbosity=0)
    app.conf.task_always_eager = False  # restored by the celery_eager fixture
    assert app.conf.broker_url == redis_url
    case = factories.case(citizen, caseworker, unit=city, inquiry_date=date.today())
    services.assessment_start(
        case=case, user=counsellor, start_date=date.today(), unit=city,
        ratings=dict.fromkeys(Area.values, "moderate"), primary_substance="cannabis",
    )
    tariff = Tariff.objects.get(code="city-basis")
    services.recommendation_submit(
        case=Case.objects.get(pk=case.pk), user=counsellor, tariff=tariff, start_date=date.today(),
        end_date=date.today(), justification="Basis passer til vurderingerne.", goals_short=["Ophør med cannabis"],
    )

    with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        decision = services.decision_make(
            case=Case.objects.get(pk=case.pk), user=approver, outcome="granted", reasons="",
            sent_via="digital_post", sent_date=date.today(),
        )
        deadline = time.monotonic() + 60
        while not Letter.objects.filter(decision=decision).exists() and time.monotonic() < deadline:
            time.sleep(0.2)

    letter = Letter.objects.get(decision=decision)
    assert bytes(letter.pdf).startswith(b"%PDF")
    assert letter.verify()
