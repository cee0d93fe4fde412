"""CPR numbers: validation with Danish messages, the century rule, masking, and masking in log lines.

The century rule (CPR-kontoret; implemented by python-stdnum) takes the century from the 7th digit together
with the two-digit year: 0-3 → 1900s; 4 and 9 → 1900s from yy 37, else 2000s; 5-8 → 1800s from yy 58, else
2000s. The examples below were worked out by hand from that table.
"""

import io
import logging
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases import cpr
from cases.logging import MaskCprFilter, mask_text

LENGTH = "Et CPR-nummer skal have 10 cifre (ddmmåå-xxxx)."
FORMAT = "Et CPR-nummer må kun indeholde cifre og eventuelt en bindestreg."
DATE = "CPR-nummeret indeholder ikke en gyldig fødselsdato."


@pytest.fixture(autouse=True)
def _today():
    # stdnum refuses birth dates after today, so "today" must be fixed for the table to stay true.
    with time_machine.travel(date(2026, 11, 26), tick=False):
        yield


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param("0101901234", "0101901234", id="ten-digits"),
        pytest.param("010190-1234", "0101901234", id="with-dash"),
        pytest.param(" 010190-1234 ", "0101901234", id="surrounding-spaces"),
        pytest.param("010190 1234", "0101901234", id="space-instead-of-dash"),
        pytest.param("2902004123", "2902004123", id="leap-day-2000"),
    ],
)
def test_valid_cpr_is_normalised_to_ten_digits(typed, expected):
    assert cpr.normalise(typed) == expected


@pytest.mark.parametrize(
    ("number", "born"),
    [
        pytest.param("0101900234", date(1990, 1, 1), id="digit-0-is-1900s"),
        pytest.param("0101303234", date(1930, 1, 1), id="digit-3-yy30-is-1930-not-2030"),
        pytest.param("0101904234", date(1990, 1, 1), id="digit-4-yy90-is-1990"),
        pytest.param("0101104234", date(2010, 1, 1), id="digit-4-yy10-is-2010"),
        pytest.param("0101374234", date(1937, 1, 1), id="digit-4-yy37-is-1937"),
        pytest.param("0101909234", date(1990, 1, 1), id="digit-9-yy90-is-1990"),
        pytest.param("0101109234", date(2010, 1, 1), id="digit-9-yy10-is-2010"),
        pytest.param("0101585234", date(1858, 1, 1), id="digit-5-yy58-is-1858"),
        pytest.param("0101205234", date(2020, 1, 1), id="digit-5-yy20-is-2020"),
        pytest.param("0101248234", date(2024, 1, 1), id="digit-8-yy24-is-2024"),
        pytest.param("0101998234", date(1899, 1, 1), id="digit-8-yy99-is-1899"),
    ],
)
def test_birth_date_follows_the_century_rule_of_the_seventh_digit(number, born):
    assert cpr.birth_date(number) == born
    assert cpr.normalise(number) == number  # every example is also accepted as a valid number


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        pytest.param("3102901234", DATE, id="31-february"),
        pytest.param("2902901234", DATE, id="29-february-1990-not-a-leap-year"),
        pytest.param("0113901234", DATE, id="month-13"),
        pytest.param("0001901234", DATE, id="day-zero"),
        pytest.param("0101304234", DATE, id="born-2030-not-yet-born"),
        pytest.param("010190123", LENGTH, id="nine-digits"),
        pytest.param("01019012345", LENGTH, id="eleven-digits"),
        pytest.param("1234", LENGTH, id="four-digits"),
        pytest.param("", LENGTH, id="empty"),
        pytest.param("01019O1234", FORMAT, id="letter-o-for-zero"),
        pytest.param("abcdefghij", FORMAT, id="letters"),
        pytest.param("010190/1234", FORMAT, id="slash-separator"),
    ],
)
def test_invalid_cpr_is_refused_with_a_danish_message(typed, message):
    with pytest.raises(ValidationError) as refused:
        cpr.normalise(typed)
    assert refused.value.messages == [message]
    assert refused.value.code == "invalid_cpr"


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        pytest.param("0101901234", "010190-xxxx", id="ten-digits"),
        pytest.param("3112999999", "311299-xxxx", id="last-day-of-year"),
        pytest.param(None, "anonym", id="anonymous-citizen-has-no-cpr"),
        pytest.param("", "anonym", id="blank"),
    ],
)
def test_mask_shows_the_birth_date_part_only(number, shown):
    assert cpr.mask(number) == shown


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        pytest.param("CPR 0101901234 fundet", "CPR 010190-xxxx fundet", id="ten-digits"),
        pytest.param("CPR 010190-1234 fundet", "CPR 010190-xxxx fundet", id="with-dash"),
        pytest.param("a=0101901234,b=1503851118", "a=010190-xxxx,b=150385-xxxx", id="two-numbers"),
        pytest.param("sag 12345 oprettet", "sag 12345 oprettet", id="short-number-untouched"),
        pytest.param("konto 123456789012", "konto 123456789012", id="longer-number-untouched"),
    ],
)
def test_mask_text_hides_every_cpr_shaped_number(text, masked):
    assert mask_text(text) == masked


def _logger_with_filter(name: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskCprFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger(name)
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_log_filter_masks_cpr_passed_as_argument():
    logger, stream = _logger_with_filter("tests.cpr.argument")
    logger.info("Borger %s oprettet i %s", "0101901234", "Glostrup")
    assert stream.getvalue() == "INFO Borger 010190-xxxx oprettet i Glostrup\n"


def test_log_filter_masks_cpr_inside_an_fstring_message():
    logger, stream = _logger_with_filter("tests.cpr.fstring")
    number = "010190-1234"
    logger.warning(f"Søgning på {number} gav intet")
    assert stream.getvalue() == "WARNING Søgning på 010190-xxxx gav intet\n"


def test_log_filter_leaves_messages_without_cpr_alone():
    logger, stream = _logger_with_filter("tests.cpr.plain")
    logger.info("Sag %d oprettet", 42)
    assert stream.getvalue() == "INFO Sag 42 oprettet\n"


def test_configured_console_handler_masks_cpr(settings):
    """The project's LOGGING puts the filter on the console handler, which every logger reaches."""
    console = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, MaskCprFilter) for f in handler.filters)
    )
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        logging.getLogger("cases.views").error("Fejl for borger %s", "0101901234")
    finally:
        console.setStream(previous)
    assert "010190-xxxx" in stream.getvalue()
    assert "0101901234" not in stream.getvalue()
