from django.contrib import admin
from django.urls import include, path

from cases.urls import auth_urlpatterns

admin.site.site_header = "Rusmiddelsag – administration"
admin.site.site_title = "Rusmiddelsag"

urlpatterns = [
    *auth_urlpatterns,
    path("", include("cases.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_urls")),
    path("", include("visitation.urls")),
    path("", include("plans.urls")),
    path("", include("complaints.urls")),
    path("", include("cases.urls")),
]
