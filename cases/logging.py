"""CPR numbers never reach a log: records are masked when they are created, and again by a filter.

Masking only the message is not enough: a database error names the duplicate key
(`Key (municipality_id, cpr)=(2, 0103754001) already exists`) in the exception text, and a traceback
repeats it. So the exception and the stack are formatted and masked too, and the raw `exc_info` is
dropped: a handler that formats it itself (an e-mail or error-tracking handler) gets nothing to leak.

`install()` wraps the logging record factory, so every handler in the process sees masked records —
Django's own, Celery's and any third party's — not only the handlers our LOGGING lists. The filter is
kept on our handlers as a second line for records made before `install()` ran.
"""

import logging
import re
import traceback

CPR_PATTERN = re.compile(r"(?<![0-9A-Za-z])(\d{6})-?(\d{4})(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    return CPR_PATTERN.sub(r"\1-xxxx", text)


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a malformed record still must not leak its arguments
        message = f"{record.msg!r} {record.args!r}"
    masked = mask_text(message)
    if masked != message or record.args:
        record.msg, record.args = masked, None
    if record.exc_info:
        formatted = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        record.exc_text = mask_text(formatted)
        record.exc_info = None
    elif record.exc_text:
        record.exc_text = mask_text(record.exc_text)
    if record.stack_info:
        record.stack_info = mask_text(record.stack_info)
    return record


class MaskCprFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


_installed = False


def install() -> None:
    """Mask every record at creation, whichever logger or handler it goes to. Idempotent."""
    global _installed
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def masked_record_factory(*args, **kwargs) -> logging.LogRecord:
        return mask_record(make_record(*args, **kwargs))

    logging.setLogRecordFactory(masked_record_factory)
    _installed = True


class ExpectedRefusalFilter(logging.Filter):
    """A 400, 403, 404 or 405 is the system refusing as designed (someone followed an old link, opened another
    municipality's case, sent a bad value): one warning line with the path is worth keeping, a traceback
    is noise that buries the real errors. 5xx records keep theirs."""

    QUIET = frozenset({400, 403, 404, 405})

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in self.QUIET:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
