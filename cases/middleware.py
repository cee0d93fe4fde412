"""Refuse control characters in a request before any view, form or query sees them.

The belt to the fields' braces: a NUL byte in a path (/api/v1/tariffs/%00/), a query string (?name=%00)
or a form field would otherwise reach PostgreSQL, which refuses it with an error the view does not
expect (a 500). JSON bodies are checked by the API's parser (cases/api/parsers.py), which sees the
decoded strings. A refused request changes nothing: it never reaches a view.
"""

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from .validators import CONTROL_CHARACTERS, has_control_characters

TOO_LARGE = "Forespørgslen er for stor."
UNREADABLE = "Forespørgslens formulardata kunne ikke læses."


def _bad_request(request, message: str):
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400, json_dumps_params={"ensure_ascii": False})
    return render(request, "400.html", {"message": message}, status=400)


def _form_has_control_characters(request) -> bool:
    # request.POST only parses form-encoded and multipart bodies; a JSON body is left to the API parser.
    for key, values in request.POST.lists():
        if has_control_characters(key, allow_line_breaks=False):
            return True
        if any(has_control_characters(value, allow_line_breaks=True) for value in values):
            return True
    return False


class ControlCharacterGuard:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request.path_info, allow_line_breaks=False) or any(
            has_control_characters(text, allow_line_breaks=False)
            for key, values in request.GET.lists()
            for text in (key, *values)
        ):
            return _bad_request(request, CONTROL_CHARACTERS)
        if request.method == "POST":
            try:
                refused = _form_has_control_characters(request)
            except RequestDataTooBig:
                return _bad_request(request, TOO_LARGE)
            except (SuspiciousOperation, MultiPartParserError):
                # Too many fields or files, or a broken multipart body: Django would answer 400 in English.
                return _bad_request(request, UNREADABLE)
            if refused:
                return _bad_request(request, CONTROL_CHARACTERS)
        return self.get_response(request)
