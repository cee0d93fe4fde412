from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from .models import Tariff


class TariffSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="catalogue.year", read_only=True)
    legal_basis = serializers.CharField(source="legal_basis_id", read_only=True)
    unit = serializers.SerializerMethodField(
        help_text="Leverende KABS-enheder, kommasepareret (fx 'hvidovre,gentofte')."
    )

    class Meta:
        model = Tariff
        fields = [
            "code",
            "name",
            "year",
            "legal_basis",
            "price_per_day",
            "duration_days",
            "services_per_month_min",
            "services_per_month_max",
            "unit",
            "units",
            "substance",
            "level",
            "services_note",
        ]

    def get_unit(self, tariff) -> str:
        return ",".join(tariff.units)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("year", int, description="Katalogets år.")])
)
class TariffViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TariffSerializer
    pagination_class = None
    lookup_field = "code"

    def get_queryset(self):
        tariffs = Tariff.objects.select_related("catalogue").order_by("catalogue__year", "position")
        year = self.request.query_params.get("year")
        if year is not None:
            tariffs = tariffs.filter(catalogue__year=int(year)) if year.isdigit() else tariffs.none()
        return tariffs
