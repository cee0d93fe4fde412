import re

from django.utils import timezone
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


# Four ASCII digits: str.isdigit() also accepts '²' (which int() refuses: a 500) and other scripts' digits.
YEAR_PATTERN = re.compile(r"[0-9]{4}")
YEAR_INVALID = "Året skal angives med fire cifre, fx 2024."


def year_parameter(description: str) -> OpenApiParameter:
    return OpenApiParameter(
        "year", {"type": "integer", "minimum": 1000, "maximum": 9999}, description=description
    )


@extend_schema_view(
    list=extend_schema(parameters=[year_parameter("Katalogets år. Uden: alle år.")]),
    retrieve=extend_schema(
        parameters=[
            year_parameter(
                "Katalogets år (en kode findes i hvert års katalog). "
                "Uden: kataloget, der gælder i dag (det nyeste, der ikke er efter i år)."
            )
        ]
    ),
)
# A code is stable from year to year, so each year's catalogue has a tariff by that code: a look-up by
# code is for one year, by default the catalogue in force today (once 2025 is loaded, `get(code=…)` alone
# would find two).
class TariffViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TariffSerializer
    pagination_class = None
    lookup_field = "code"
    # The characters of a SlugField: anything else cannot be a code, and is a 404 before any query.
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def year(self) -> int | None:
        text = self.request.query_params.get("year")
        if text is None:
            return None
        if not YEAR_PATTERN.fullmatch(text):
            raise serializers.ValidationError({"year": [YEAR_INVALID]})
        return int(text)

    def get_queryset(self):
        tariffs = Tariff.objects.select_related("catalogue").order_by("catalogue__year", "position")
        year = self.year()
        if year is not None:
            return tariffs.for_year(year)
        if self.action == "retrieve":
            return tariffs.in_force_on(timezone.localdate())
        return tariffs
