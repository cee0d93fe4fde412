"""A logging filter that masks anything shaped like a CPR number before it reaches a handler."""

import logging
import re

CPR_PATTERN = re.compile(r"(?<![0-9A-Za-z])(\d{6})-?(\d{4})(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    return CPR_PATTERN.sub(r"\1-xxxx", text)


class MaskCprFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
