"""GET /api/v1/deadline-calculator/: the fristberegner over the API (contract in API.md).

The view parses the query and calls `cases.calculator.calculate`, the same service as the page; the rules
are the rows the cases use. No personal data is involved, so a GET with the question in the URL is fine.
"""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.calculator import (
    POSTAL,
    UNKNOWN_KIND,
    UNKNOWN_SENT_VIA,
    UNKNOWN_SUBSTANCE,
    calculate,
    needs_channel,
)
from cases.models import DeadlineKind
from tariffs.choices import Substance

from .fields import DateField

BAD_DATE = "Ugyldig dato. Skriv datoen som ÅÅÅÅ-MM-DD, fx 2025-04-11."


def _date(description: str) -> DateField:
    return DateField(required=False, help_text=description, error_messages={"invalid": BAD_DATE})


class HasRole(permissions.BasePermission):
    """Every member of staff (any role) may use the calculator; a login without a role may not."""

    message = "Fristberegneren er for medarbejdere med en rolle."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and (user.is_superuser or user.roles))


class CalculatorQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=DeadlineKind.values,
        help_text="Fristtypen.",
        error_messages={
            "required": "Angiv fristtypen (kind).",
            "invalid_choice": UNKNOWN_KIND.format(kinds=", ".join(DeadlineKind.values)),
        },
    )
    sent_via = serializers.ChoiceField(
        choices=POSTAL,
        required=False,
        help_text="Kun for kind=complaint (påkrævet dér): hvordan afgørelsen blev sendt.",
        error_messages={"invalid_choice": UNKNOWN_SENT_VIA},
    )
    sent_date = _date("Kun for kind=complaint (påkrævet dér): den dag, afgørelsen blev sendt.")
    substance = serializers.ChoiceField(
        choices=Substance.values,
        required=False,
        help_text="Kun for kind=treatment_guarantee: drugs (Serviceloven § 101, standard) eller alcohol "
        "(Sundhedsloven § 141, stk. 2).",
        error_messages={"invalid_choice": UNKNOWN_SUBSTANCE},
    )

    def get_fields(self):
        # `from` is a Python keyword, so it cannot be declared as a class attribute.
        fields = super().get_fields()
        fields["from"] = _date(
            "For alle andre fristtyper (påkrævet dér): datoen fristen regnes fra, fx henvendelses- eller "
            "udskrivningsdatoen."
        )
        return fields

    def validate(self, data):
        name = "sent_date" if needs_channel(data["kind"]) else "from"
        if data.get(name) is None:
            raise serializers.ValidationError({name: [f"Angiv datoen ({name}) som ÅÅÅÅ-MM-DD."]})
        data["start"] = data[name]
        return data


class CalculationSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DeadlineKind.values)
    received_date = serializers.DateField(required=False, help_text="Kun for klagefristen.")
    due_date = serializers.DateField(help_text="Fristens sidste dag (til kl. 23.59).")
    legal_reference = serializers.CharField(help_text="Fristreglens hjemmel.")
    received_legal_reference = serializers.CharField(
        required=False, help_text="Kun for klagefristen: hjemlen for modtagelsesdagen."
    )
    explanation = serializers.CharField(help_text="Hvorfor, på dansk.")


class DeadlineCalculatorView(APIView):
    permission_classes = [HasRole]

    @extend_schema(
        operation_id="deadline_calculator",
        summary="Fristberegner",
        description="Beregn en frist efter de regler, sagerne bruger, for enhver dato mellem 1900 og 2100: "
        "klagefristen ud fra afsendelsesdag og forsendelse, alle andre ud fra `from`.",
        parameters=[CalculatorQuerySerializer],
        responses={
            200: CalculationSerializer,
            400: OpenApiResponse(description="Ukendt fristtype, ugyldig eller manglende dato, manglende forsendelse."),
        },
        examples=[
            OpenApiExample(
                "Klagefrist, fysisk post over påsken",
                response_only=True,
                value={
                    "kind": "complaint",
                    "received_date": "2025-04-24",
                    "due_date": "2025-05-22",
                    "legal_reference": "Retssikkerhedsloven § 67, stk. 1: klage inden 4 uger efter modtagelsen",
                    "received_legal_reference": "Vejledning nr. 9533 af 26. juni 2018 om beregning af "
                    "klagefrister: almindelig post anses for modtaget 6 hverdage efter afsendelsen",
                    "explanation": "Sendt med fysisk post fredag 11. april 2025, anses for modtaget torsdag 24. "
                    "april 2025 efter 6 hverdage (skærtorsdag, langfredag og anden påskedag springes over); "
                    "fristen på 4 uger udløber torsdag 22. maj 2025.",
                },
            )
        ],
    )
    def get(self, request):
        query = CalculatorQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        result = calculate(
            kind=data["kind"],
            start=data["start"],
            sent_via=data.get("sent_via", "") if needs_channel(data["kind"]) else "",
            substance=data.get("substance", ""),
        )
        body = {
            "kind": result.kind,
            "due_date": result.due_date,
            "legal_reference": result.legal_reference,
            "explanation": result.explanation,
        }
        if result.received_date is not None:
            body |= {"received_date": result.received_date, "received_legal_reference": result.received_legal_reference}
        return Response(CalculationSerializer(body).data)
