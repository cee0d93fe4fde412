"""The API's JSON parser: DRF's, with the limits a hostile body must meet before any view sees it.

DRF's own JSONParser reads the request stream directly, so Django's DATA_UPLOAD_MAX_MEMORY_SIZE (which
guards `request.body` and forms) never applies to it; json.load recurses once per nesting level, so a
body nested 10,000 deep raises RecursionError (a 500); and strings pass through with NUL bytes and lone
surrogates that PostgreSQL cannot store. Each of these is a 400 with a Danish message here.
"""

import json

from django.conf import settings
from rest_framework import renderers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, get_encoding
from rest_framework.settings import api_settings
from rest_framework.utils import json as drf_json

from cases.validators import CONTROL_CHARACTERS, has_control_characters

# Our deepest request is a recommendation: {"plan": {"goals": ["…"]}}, three levels. Sixteen leaves
# room for integrators' habits and keeps every walk over the data shallow.
MAX_DEPTH = 16
TOO_DEEP = f"JSON-data må højst være indlejret {MAX_DEPTH} niveauer."
TOO_LARGE = "Forespørgslen er for stor."
NOT_AN_OBJECT = 'JSON-data skal være et objekt, fx {"felt": "værdi"}.'


def _check_structure(data) -> None:
    """Walk the parsed data without recursion: depth, and no control characters in keys or strings."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth > MAX_DEPTH:
                raise ParseError(TOO_DEEP)
            items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
            for key, item in items:
                if key is not None and has_control_characters(key, allow_line_breaks=False):
                    raise ParseError(CONTROL_CHARACTERS)
                pending.append((item, depth + 1))
        elif isinstance(value, str) and has_control_characters(value, allow_line_breaks=True):
            raise ParseError(CONTROL_CHARACTERS)


class BoundedJSONParser(BaseParser):
    media_type = "application/json"
    renderer_class = renderers.JSONRenderer
    strict = api_settings.STRICT_JSON

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(raw) > limit:
            raise ParseError(TOO_LARGE)
        # DRF's helper refuses bytes-to-bytes codecs (bz2_codec), which would decompress past the limit.
        try:
            encoding = get_encoding(parser_context or {})
            text = raw.decode(encoding)
        except (ParseError, LookupError, UnicodeError):
            raise ParseError(
                "Forespørgslen er ikke gyldig tekst i det angivne tegnsæt (brug UTF-8)."
            ) from None
        parse_constant = drf_json.strict_constant if self.strict else None
        try:
            data = json.loads(text, parse_constant=parse_constant)
        except json.JSONDecodeError as error:
            raise ParseError(f"Ugyldig JSON (linje {error.lineno}, kolonne {error.colno}).") from None
        except RecursionError:
            # The C decoder gives up cleanly (Py_EnterRecursiveCall) long before the stack is at risk.
            raise ParseError(TOO_DEEP) from None
        except ValueError:
            # NaN/Infinity under STRICT_JSON, or an integer longer than Python will convert.
            raise ParseError("Ugyldig JSON: tallet kan ikke læses.") from None
        if not isinstance(data, dict):
            # Every request body of this API is an object; DRF's own answer to `null` is in English.
            raise ParseError(NOT_AN_OBJECT)
        _check_structure(data)
        return data
