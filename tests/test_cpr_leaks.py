"""A CPR number never reaches a log line, not even through an exception's text or a traceback, and two
registrations of one person at the same moment give one citizen and a clear 400 — never a 500 whose
traceback quotes the number (`Key (municipality_id, cpr)=(…, 0103754001) already exists`).
"""

import io
import logging
import threading

import pytest
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from cases.models import Citizen

CPR = "0103754001"


@pytest.fixture
def root_output():
    """Everything any logger writes, through a plain handler with no filter of ours."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def test_exception_text_and_traceback_are_masked_for_every_handler(root_output):
    try:
        raise ValueError(f'duplicate key value: Key (municipality_id, cpr)=(2, {CPR}) already exists')
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error: /api/v1/citizens/")
    written = root_output.getvalue()
    assert "Traceback" in written  # the traceback is kept, for the operator …
    assert "010375-xxxx" in written  # … with the number masked
    assert CPR not in written


def test_stack_info_is_masked(root_output):
    # The stack quotes this source line, and with it the number written in it.
    logging.getLogger("cases").warning("opslag %s", "0103754001"[:6], stack_info=True)
    assert "Stack (most recent call last)" in root_output.getvalue()
    assert CPR not in root_output.getvalue()


def test_message_arguments_that_are_exceptions_are_masked(root_output):
    error = RuntimeError(f"cpr {CPR[:6]}-{CPR[6:]}")
    logging.getLogger("celery").error("Task failed: %s", error)
    assert "010375-xxxx" in root_output.getvalue()
    assert CPR[6:] not in root_output.getvalue()


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_thirty_parallel_registrations_of_one_cpr_give_one_citizen(postgres, caseworker, root_output, caplog):
    token = Token.objects.create(user=caseworker).key
    barrier = threading.Barrier(30)
    responses = [None] * 30

    def register(index):
        client = Client(HTTP_AUTHORIZATION=f"Token {token}")
        try:
            barrier.wait()
            responses[index] = client.post(
                "/api/v1/citizens/",
                {"cpr": CPR, "name": f"Borger {index}", "municipality": "161"},
                content_type="application/json",
            )
        finally:
            connection.close()

    with caplog.at_level(logging.DEBUG):
        threads = [threading.Thread(target=register, args=(i,)) for i in range(30)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201] + [400] * 29
    refusals = [r.json() for r in responses if r.status_code == 400]
    duplicate = {"cpr": ["Der findes allerede en borger med dette CPR-nummer i kommunen."]}
    assert all(body == duplicate for body in refusals)
    assert Citizen.objects.filter(cpr=CPR).count() == 1
    assert CPR not in root_output.getvalue()
    assert CPR not in caplog.text
