from django.conf import settings
from django.http import Http404
from django.utils.cache import add_never_cache_headers
from django.views.defaults import page_not_found


def no_store(get_response):
    """Every page, API answer and document Django serves may hold citizen data: no cache keeps a copy.

    Static files never reach this middleware (WhiteNoise above it answers them, runserver serves them
    before the middleware stack), so they keep their long caching.
    """

    def middleware(request):
        response = get_response(request)
        add_never_cache_headers(response)
        return response

    return middleware


def project_not_found_page(get_response):
    """Under DEBUG (`make run`) Django answers a 404 with its English technical page, which lists every URL
    pattern. A user who opens another municipality's case must see the project's own Danish page there too,
    as in production. (A 403 already uses the project's 403.html under DEBUG; only the 404 differs.)
    The API keeps its JSON answers, and static files are not pages.
    """

    def middleware(request):
        response = get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path_info.startswith(
                ("/api/", "/" + settings.STATIC_URL.lstrip("/"), "/" + settings.MEDIA_URL.lstrip("/"))
            )
        ):
            return page_not_found(request, Http404())
        return response

    return middleware
