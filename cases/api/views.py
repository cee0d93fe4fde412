from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets

from cases import cpr as cprlib
from cases.models import Case, Citizen, Deadline, Municipality

from .serializers import CaseSerializer, CitizenSerializer, MunicipalitySerializer

# An id is ASCII digits, as in the UI's <int:pk> URLs: int() would also read '１' (full width) as 1, so
# the same case would answer under several addresses.
ASCII_ID = "[0-9]+"


class ModelPermissions(permissions.DjangoModelPermissions):
    """Reading needs the view permission too, not just a login."""

    perms_map = {**permissions.DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


class CasePermissions(ModelPermissions):
    """Opening a case is registering an inquiry (the caseworker's right), not the generic add_case."""

    perms_map = {**ModelPermissions.perms_map, "POST": ["cases.register_inquiry"]}


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Municipality.objects.all()
    serializer_class = MunicipalitySerializer
    pagination_class = None
    lookup_field = "code"


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "cpr", str, description="Find en borger ud fra CPR-nummer (inden for din adgang)."
            ),
            OpenApiParameter("name", str, description="Søg i navn."),
        ]
    )
)
class CitizenViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CitizenSerializer
    lookup_value_regex = ASCII_ID
    permission_classes = [ModelPermissions]
    queryset = Citizen.objects.none()  # for the permission class's model lookup

    def get_queryset(self):
        citizens = (
            Citizen.objects.for_user(self.request.user).select_related("municipality").order_by("name", "pk")
        )
        cpr = self.request.query_params.get("cpr")
        if cpr is not None:
            # An invalid CPR simply finds nobody: there is nothing to validate against.
            return (
                citizens.filter(cpr=cpr.replace("-", "").strip())
                if cprlib.looks_like_cpr(cpr)
                else citizens.none()
            )
        name = self.request.query_params.get("name")
        return citizens.filter(name__icontains=name) if name else citizens


class CaseViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseSerializer
    lookup_value_regex = ASCII_ID
    permission_classes = [CasePermissions]
    queryset = Case.objects.none()

    def get_queryset(self):
        return (
            Case.objects.for_user(self.request.user)
            .select_related("unit", "municipality")
            .prefetch_related(Prefetch("deadlines", queryset=Deadline.objects.order_by("due_date")))
            .order_by("-inquiry_date", "-pk")
        )
