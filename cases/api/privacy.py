"""Privacy endpoints (API.md, "Privacy"): who looked at a citizen, and the citizen's own extract."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from cases.access import read_citizen_access_log
from cases.models import AccessAction, AccessLog
from cases.views import extract_response


class AccessLogSerializer(serializers.ModelSerializer):
    user = serializers.SerializerMethodField()
    organisation = serializers.CharField()
    case = serializers.IntegerField(source="case_id", allow_null=True)

    class Meta:
        model = AccessLog
        fields = ["at", "user", "organisation", "action", "purpose", "via", "case", "detail"]

    def get_user(self, entry) -> str:
        return entry.user.get_full_name() or entry.user.username


class AccessLogView(generics.ListAPIView):
    """Who looked at the citizen, when and why. For administrators of the citizen's municipality."""

    serializer_class = AccessLogSerializer

    def get_queryset(self):
        citizen = read_citizen_access_log(self.request, self.kwargs["pk"])
        return AccessLog.objects.for_citizen(citizen).select_related(
            "user__municipality", "user__unit__provider"
        )


class AccessExtractView(APIView):
    """The citizen's own extract (GDPR art. 15): PDF, or CSV with ?format=csv; no employee names unless
    ?names=1."""

    def perform_content_negotiation(self, request, force=False):
        # The document is a plain HttpResponse; DRF renders only errors, always as JSON. (Left to DRF,
        # ?format=csv would be taken as a renderer's name and answer 404.)
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["pdf", "csv"], description="pdf (standard) eller csv."),
            OpenApiParameter("names", bool, description="Medtag medarbejdernes navne (standard: nej)."),
        ],
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "text/csv"): OpenApiTypes.STR,
        },
    )
    def get(self, request, pk):
        citizen = read_citizen_access_log(request, pk, action=AccessAction.EXTRACT)
        fmt = "csv" if request.query_params.get("format") == "csv" else "pdf"
        with_names = request.query_params.get("names") in {"1", "true"}
        return extract_response(citizen, fmt=fmt, with_names=with_names)
