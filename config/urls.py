from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from cases.urls import auth_urlpatterns

admin.site.site_header = "Rusmiddelsag – administration"
admin.site.site_title = "Rusmiddelsag"




class FaviconView(RedirectView):
    """Browsers and bookmarks still ask for /favicon.ico; the icon itself is a static SVG."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


urlpatterns = [
    path("favicon.ico", FaviconView.as_view()),
    *auth_urlpatterns,
    path("", include("cases.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("", include("visitation.urls")),
    path("", include("plans.urls")),
    path("", include("followups.urls")),
    path("", include("cases.urls")),
]
