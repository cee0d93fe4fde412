from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from cases.api.calculator import DeadlineCalculatorView
from cases.api.privacy import AccessExtractView, AccessLogView
from cases.api.targets import TargetsView
from cases.api.views import CaseViewSet, CitizenViewSet, MunicipalityViewSet
from cases.api.worklists import DeadlineListView, NotificationListView, NotificationReadView
from followups.api import DischargeView, FollowUpListView, FollowUpView
from tariffs.api import TariffViewSet
from visitation.api import (
    AssessmentView,
    DecisionLetterView,
    DecisionView,
    RecommendationView,
    TreatmentStartView,
)

router = DefaultRouter()
router.register("municipalities", MunicipalityViewSet, basename="municipality")
router.register("tariffs", TariffViewSet, basename="tariff")
router.register("citizens", CitizenViewSet, basename="citizen")
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view loads its setup script from a URL instead of inline (CSP without 'unsafe-inline');
    # the docs are a page for logged-in users, so anonymous visitors go to the login page.
    path(
        "docs/",
        login_required(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html")
        ),
        name="api-docs",
    ),
    path("cases/<int:pk>/assessment/", AssessmentView.as_view(), name="api-case-assessment"),
    path("cases/<int:pk>/recommendation/", RecommendationView.as_view(), name="api-case-recommendation"),
    path("cases/<int:pk>/decision/", DecisionView.as_view(), name="api-case-decision"),
    path("cases/<int:pk>/treatment-start/", TreatmentStartView.as_view(), name="api-case-treatment-start"),
    path("cases/<int:pk>/discharge/", DischargeView.as_view(), name="api-case-discharge"),
    path("followups/", FollowUpListView.as_view(), name="api-followups"),
    path("followups/<int:pk>/", FollowUpView.as_view(), name="api-followup"),
    path("citizens/<int:pk>/access-log/", AccessLogView.as_view(), name="api-citizen-access-log"),
    path("citizens/<int:pk>/access-extract/", AccessExtractView.as_view(), name="api-citizen-access-extract"),
    path("decisions/<int:pk>/letter/", DecisionLetterView.as_view(), name="api-decision-letter"),
    path("deadline-calculator/", DeadlineCalculatorView.as_view(), name="api-deadline-calculator"),
    path("deadlines/", DeadlineListView.as_view(), name="api-deadlines"),
    path("targets/", TargetsView.as_view(), name="api-targets"),
    path("notifications/", NotificationListView.as_view(), name="api-notifications"),
    path("notifications/<int:pk>/read/", NotificationReadView.as_view(), name="api-notification-read"),
    *router.urls,
]
