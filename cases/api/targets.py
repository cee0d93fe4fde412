"""GET /api/v1/targets/?municipality=161&year=2026: the management view's figures (måltal), as JSON, or
as CSV with `Accept: text/csv` or `?format=csv` — the same stored snapshot the page shows (cases/targets.py).

Approvers and administrators of the municipality may read it; another municipality's code is a 404.
"""

import csv
import io

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, renderers, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import targets
from cases.models import TargetSnapshot


class TargetsCSVRenderer(renderers.BaseRenderer):
    """Every table in one CSV, one value per line (tabel;række;kolonne;værdi), Danish decimal comma."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        if not isinstance(data, dict) or "figures" not in data:
            # An error (400/403/404): its message, still as CSV, since that is what the client asked for.
            writer.writerow(["fejl"])
            writer.writerow([data.get("detail", data) if isinstance(data, dict) else data])
            return out.getvalue().encode("utf-8")
        writer.writerow(["tabel", "række", "kolonne", "værdi"])
        for table in targets.tables(data["figures"]).values():
            for row in table.cells():
                label = row[0][0]
                for header, (value, kind) in zip(table.headers[1:], row[1:], strict=True):
                    writer.writerow([table.title, label, header, targets.csv_value(value, kind)])
        return out.getvalue().encode("utf-8")


class TargetsQuerySerializer(serializers.Serializer):
    municipality = serializers.RegexField(
        r"^\d{3}$", max_length=3, required=False,
        help_text="Kommunekoden, fx 161. Standard: brugerens egen kommune.",
        error_messages={"invalid": "Kommunekoden består af tre cifre, fx 161."},
    )
    year = serializers.IntegerField(required=False, help_text="Året. Standard: indeværende år.")

    def validate_year(self, value: int) -> int:
        last = timezone.localdate().year + 1
        if not 2000 <= value <= last:
            raise serializers.ValidationError(f"Vælg et år fra 2000 til og med {last}.")
        return value


class MayViewTargets(permissions.BasePermission):
    message = "Måltal og udgifter er for godkendere og administratorer i kommunen."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.has_perm("cases.view_targets"))


class TargetsView(APIView):
    permission_classes = [permissions.IsAuthenticated, MayViewTargets]
    renderer_classes = [renderers.JSONRenderer, TargetsCSVRenderer]

    @extend_schema(
        parameters=[
            TargetsQuerySerializer,
            OpenApiParameter("format", str, enum=["json", "csv"], required=False,
                             description="csv: alle tabeller som CSV (eller Accept: text/csv)."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        query = TargetsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        municipality = targets.municipality_for(request.user, query.validated_data.get("municipality"))
        if municipality is None:
            raise Http404("Kommunen findes ikke.")
        year = query.validated_data.get("year") or timezone.localdate().year
        snapshot = TargetSnapshot.objects.current(municipality, year)
        response = Response(
            {
                "municipality": municipality.code,
                "year": year,
                "computed_at": snapshot.computed_at,
                "figures": snapshot.data,
            }
        )
        if request.accepted_renderer.format == "csv":
            response["Content-Disposition"] = f'attachment; filename="maaltal-{municipality.code}-{year}.csv"'
        return response
