from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from django.urls import path
from rest_framework.routers import DefaultRouter

from cases.api.views import CaseViewSet, CitizenViewSet, MunicipalityViewSet
from tariffs.api import TariffViewSet

router = DefaultRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("tariffs", TariffViewSet, basename="tariff")
router.register("citizens", CitizenViewSet, basename="citizen")
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *router.urls,
]
