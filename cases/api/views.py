from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from cases.access import log_reads
from cases.models import AccessAction, Case, Citizen, Deadline, Municipality

from .pagination import KeysetPagination
from .serializers import (
    CaseSerializer,
    CitizenSearchSerializer,
    CitizenSerializer,
    MunicipalitySerializer,
    ReasonInput,
)

CPR_IN_URL = (
    "Et CPR-nummer må ikke stå i en URL (proxyer og adgangslogs gemmer URL'er). "
    "Søg med POST /api/v1/citizens/search/ og {\"cpr\": \"…\"}."
)

# An id is ASCII digits, as in the UI's <int:pk> URLs: int() would also read '１' (full width) as 1, so
# the same case would answer under several addresses.
ASCII_ID = "[0-9]+"


class ModelPermissions(permissions.DjangoModelPermissions):
    """Reading needs the view permission too, not just a login."""

    perms_map = {**permissions.DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


class SearchPermissions(ModelPermissions):
    """Searching is reading, even though it is a POST (so the CPR number travels in the body)."""

    perms_map = {**ModelPermissions.perms_map, "POST": ["%(app_label)s.view_%(model_name)s"]}


class LoggedReadsMixin:
    """List and detail responses log what they show: one bulk INSERT per page, one row per object."""

    access_action_list = AccessAction.LIST
    access_action_detail = AccessAction.RECORD

    def access_rows(self, objects) -> list[tuple[int, int | None]]:
        raise NotImplementedError

    def log_page(self, objects, *, action, **kwargs) -> None:
        log_reads(self.request, self.access_rows(objects), action=action, **kwargs)

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        self.log_page(self._shown, action=self.access_action_list)
        return response

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._shown = page if page is not None else list(queryset)
        return page

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        self.log_page([self._retrieved], action=self.access_action_detail)
        return response

    def get_object(self):
        self._retrieved = super().get_object()
        return self._retrieved


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
            OpenApiParameter("name", str, description="Søg i navn."),
            OpenApiParameter(
                "cpr", str, description="Afvises med 400: søg på CPR-nummer med POST citizens/search/.",
                deprecated=True,
            ),
        ]
    )
)
class CitizenViewSet(LoggedReadsMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CitizenSerializer
    lookup_value_regex = ASCII_ID
    permission_classes = [ModelPermissions]
    queryset = Citizen.objects.none()  # for the permission class's model lookup
    pagination_class = KeysetPagination
    cursor_ordering = ("name", "pk")

    def get_permissions(self):
        if self.action == "search":
            return [SearchPermissions()]
        return super().get_permissions()

    def access_rows(self, citizens):
        return [(citizen.pk, None) for citizen in citizens]

    def visible(self):
        return Citizen.objects.for_user(self.request.user).select_related("municipality").order_by("name", "pk")

    def get_queryset(self):
        if "cpr" in self.request.query_params:
            raise ValidationError({"cpr": [CPR_IN_URL]})
        citizens = self.visible()
        name = self.request.query_params.get("name")
        return citizens.filter(name__icontains=name) if name else citizens

    @extend_schema(request=CitizenSearchSerializer, responses={200: CitizenSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def search(self, request):
        """Find citizens within your access by CPR number or name; the look-up is logged with its purpose."""
        query = CitizenSearchSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        citizens = self.visible()
        found = citizens.filter(cpr=data["cpr"]) if data.get("cpr") else citizens.filter(name__icontains=data["name"])
        page = self.paginate_queryset(found)
        self.log_page(page, action=AccessAction.SEARCH, purpose=query.validated_data["purpose"])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CaseViewSet(LoggedReadsMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseSerializer
    lookup_value_regex = ASCII_ID
    permission_classes = [CasePermissions]
    queryset = Case.objects.none()
    pagination_class = KeysetPagination
    cursor_ordering = ("-inquiry_date", "-pk")
    access_action_detail = AccessAction.CASE_PAGE

    def access_rows(self, cases):
        return [(case.citizen_id, case.pk) for case in cases]

    def get_queryset(self):
        return (
            Case.objects.for_user(self.request.user)
            .select_related("unit", "municipality", "young_person_consent")
            .prefetch_related(Prefetch("deadlines", queryset=Deadline.objects.order_by("due_date")))
            .order_by("-inquiry_date", "-pk")
        )

    def get_permissions(self):
        # Ending a case is a transition: Case.perform checks the role (403 in Danish), not the model perms.
        if self.action in ("withdraw", "close"):
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def _end(self, request, name: str) -> Response:
        """404 outside the user's scope, 409 in the wrong state, 403 for the wrong role, 400 without a reason."""
        case = self.get_object()
        case.ensure_can(name, user=request.user)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        case.perform(name, user=request.user, reason=data.validated_data["reason"])
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=ReasonInput, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Træk henvendelsen tilbage, med begrundelse."""
        return self._end(request, "withdraw")

    @extend_schema(request=ReasonInput, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Afslut sagen, med begrundelse."""
        return self._end(request, "close")
