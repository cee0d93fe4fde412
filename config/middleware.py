from django.utils.cache import add_never_cache_headers


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
