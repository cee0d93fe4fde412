"""The deadline calculator (fristberegner): any kind of deadline from any date, with the reason in Danish.

It asks the same rule rows the cases use (`DeadlineRule.due_from`, `DeliveryRule.received_from`, which call
the primitives in `cases.deadlines`), so the calculator cannot disagree with a case. It only adds the words:
which days were skipped, and whether the end moved off a weekend or holiday. The page and the API both call
`calculate`; bad input is a ValidationError keyed by the parameter it concerns, in Danish.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from tariffs.choices import Substance

from . import deadlines as arithmetic
from . import formats
from .models import DeadlineKind, DeadlineRule, DeliveryRule, SentVia

# Kinds that run from the day a decision counts as received, so how it was sent matters.
FROM_RECEIPT = frozenset({DeadlineKind.COMPLAINT})

# The event the date is, per kind: the opening words of the explanation.
START_EVENT = {
    DeadlineKind.TREATMENT_GUARANTEE: "Henvendelse",
    DeadlineKind.RECONSIDERATION: "Klagen modtaget",
    DeadlineKind.FORWARD_TO_ANKESTYRELSEN: "Klagen modtaget",
    DeadlineKind.FOLLOWUP_1M: "Udskrevet",
    DeadlineKind.FOLLOWUP_6M: "Udskrevet",
    DeadlineKind.ACTION_PLAN_OFFER: "Behandlingen startede",
    DeadlineKind.TREATMENT_PERIOD_END: "Bevillingsperioden slutter",
}
SENT_WITH = {
    SentVia.DIGITAL_POST: "Digital Post",
    SentVia.PHYSICAL_POST: "fysisk post",
    SentVia.QUICKPOST: "Quickbrev",
}
# The deadline calculator computes receipt of a posted decision; a letter handed over is received at once.
POSTAL = list(SENT_WITH)
# A kind whose law differs by substance (the guarantee) is computed for drugs unless told otherwise.
DEFAULT_SUBSTANCE = Substance.DRUGS

UNKNOWN_KIND = "Ukendt fristtype. Vælg en af: {kinds}."
MISSING_SENT_VIA = "Angiv, hvordan afgørelsen blev sendt: digital_post, physical_post eller quickpost."
UNKNOWN_SENT_VIA = "Ukendt forsendelsesform. Vælg digital_post, physical_post eller quickpost."
UNKNOWN_SUBSTANCE = "Ukendt rusmiddelområde. Vælg drugs (stoffer) eller alcohol (alkohol)."


@dataclass(frozen=True)
class Calculation:
    kind: str
    start: date
    due_date: date
    legal_reference: str
    explanation: str
    sent_via: str = ""
    received_date: date | None = None
    received_legal_reference: str = ""

    @property
    def kind_label(self) -> str:
        return DeadlineKind(self.kind).label


def needs_channel(kind: str) -> bool:
    return kind in FROM_RECEIPT


def calculate(*, kind: str, start: date, sent_via: str = "", substance: str = "") -> Calculation:
    """The deadline of `kind` counted from `start` (for a complaint: the day the decision was sent).

    1. Check the kind, the channel (complaints only) and the substance; refuse with Danish messages.
    2. For a complaint, find when the decision counts as received (DeliveryRule), which is the start.
    3. Find the due date with the kind's rule (DeadlineRule: the substance's own row, else the common one).
    4. Say why, naming the holidays that moved a date.
    """
    if kind not in DeadlineKind.values:
        raise ValidationError({"kind": UNKNOWN_KIND.format(kinds=", ".join(DeadlineKind.values))})
    if substance and substance not in Substance.values:
        raise ValidationError({"substance": UNKNOWN_SUBSTANCE})
    rule = _rule(kind, substance)

    if needs_channel(kind):
        if not sent_via:
            raise ValidationError({"sent_via": MISSING_SENT_VIA})
        if sent_via not in POSTAL:
            raise ValidationError({"sent_via": UNKNOWN_SENT_VIA})
        delivery = DeliveryRule.objects.get(sent_via=sent_via)
        received = delivery.received_from(start)
        due = rule.due_from(received)
        opening = f"Sendt med {SENT_WITH[sent_via]} {long_date(start)}, {_receipt(delivery, start, received)}"
        return Calculation(
            kind=kind,
            start=start,
            sent_via=sent_via,
            received_date=received,
            received_legal_reference=delivery.legal_reference,
            due_date=due,
            legal_reference=rule.legal_reference,
            explanation=f"{opening}; {_deadline(rule, received, due)}",
        )

    due = rule.due_from(start)
    opening = f"{START_EVENT[kind]} {long_date(start)}"
    return Calculation(
        kind=kind,
        start=start,
        due_date=due,
        legal_reference=rule.legal_reference,
        explanation=f"{opening}; {_deadline(rule, start, due)}",
    )


def _rule(kind: str, substance: str) -> DeadlineRule:
    try:
        return DeadlineRule.objects.for_kind(kind, substance)
    except DeadlineRule.DoesNotExist:
        pass
    try:
        return DeadlineRule.objects.for_kind(kind, substance or DEFAULT_SUBSTANCE)
    except DeadlineRule.DoesNotExist:
        # Only if an administrator deleted the row: say so rather than fail.
        raise ValidationError({"kind": "Der er ingen fristregel for denne fristtype."}) from None


def _receipt(delivery: DeliveryRule, sent: date, received: date) -> str:
    if received == sent:
        return "anses for modtaget samme dag"
    if not delivery.working_days:
        return f"anses for modtaget {long_date(received)} efter {delivery.days} dage"
    text = f"anses for modtaget {long_date(received)} efter {delivery.days} hverdage"
    skipped = arithmetic.holidays_between(sent, received)
    return f"{text} ({_names(skipped)} springes over)" if skipped else text


def _deadline(rule: DeadlineRule, start: date, due: date) -> str:
    if rule.amount == 0:
        return f"fristen er selve dagen, {long_date(due)}."
    end = rule.period_end(start)
    length = rule.length_text()
    clipped = ""
    if rule.unit == arithmetic.PeriodUnit.MONTHS and end.day < start.day:
        clipped = f" ({formats.MONTHS[end.month - 1]} har ingen {start.day}., så det er månedens sidste dag)"
    if due == end:
        text = f"fristen på {length} udløber {long_date(due)}{clipped}."
        if not arithmetic.is_working_day(due):
            text += (
                " Dagen er ikke en hverdag, men fristen flyttes ikke: den er myndighedens egen pligt, "
                "ikke en frist for borgeren."
            )
        return text
    skipped = arithmetic.holidays_between(end, due)  # due is a working day, so never among them
    also = f" ({_names(skipped)} springes over)" if skipped else ""
    return (
        f"fristen på {length} ville udløbe {long_date(end)}{clipped}, som ikke er en hverdag; "
        f"den flyttes til næste hverdag, {long_date(due)}{also}."
    )


def long_date(d: date) -> str:
    """"fredag 18. april 2025 (langfredag)": the weekday, the date and, for a holiday, its name."""
    text = f"{formats.WEEKDAYS[d.weekday()]} {formats.long_date(d)}"
    name = arithmetic.holiday_name(d)
    return f"{text} ({name})" if name else text


def _names(days: list[date]) -> str:
    names = [arithmetic.holiday_name(d) for d in days]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"
