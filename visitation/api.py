"""API endpoints for the visitation steps (API.md, "The process"). Each calls one service in services.py."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_case_for_user
from cases.api.fields import DateField
from cases.api.serializers import CaseSerializer
from cases.formats import short_date
from cases.models import Case, Unit
from plans.models import PlanVersion, SignatureMethod
from tariffs.choices import Substance
from tariffs.models import Tariff

from . import services
from .models import DECISION_SENT_VIA, Area, Decision, Level, Outcome, PrimarySubstance
from .views import letter_response

# Input lengths follow the model fields they are stored in (a longer value would be a DataError, a 500);
# free text stored in a TextField is bounded by the request size (DATA_UPLOAD_MAX_MEMORY_SIZE), or by the
# model where a letter prints it (a decision's reasons: Decision.clean()).
TARIFF_CODE_LENGTH = Tariff._meta.get_field("code").max_length
# A plan's goals and services are lists stored as JSON: bounded so a plan stays a readable document.
MAX_PLAN_ITEMS = 30
MAX_PLAN_ITEM_LENGTH = 500


class AssessmentInput(serializers.Serializer):
    start_date = DateField()
    unit = serializers.SlugRelatedField(slug_field="code", queryset=Unit.objects.all())
    ratings = serializers.DictField(child=serializers.ChoiceField(choices=Level.choices))
    primary_substance = serializers.ChoiceField(choices=PrimarySubstance.choices, required=False)
    psychiatric = serializers.BooleanField(default=False)
    dual_diagnosis = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_ratings(self, ratings):
        unknown = sorted(set(ratings) - set(Area.values))
        if unknown:
            raise serializers.ValidationError(f"Ukendte livsområder: {', '.join(unknown)}.")
        return ratings


def _plan_items(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=MAX_PLAN_ITEM_LENGTH), max_length=MAX_PLAN_ITEMS, **kwargs
    )


class PlanInput(serializers.Serializer):
    goals = _plan_items(allow_empty=False)
    goals_long = _plan_items(required=False, default=list)
    services = _plan_items(required=False, default=list)
    # Ten years, as in the UI's form; the column is a small integer.
    expected_weeks = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=520)
    intensity = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=PlanVersion._meta.get_field("intensity").max_length
    )
    collaborators = serializers.CharField(required=False, allow_blank=True, default="")
    signed_on = DateField(required=False, allow_null=True)
    signed_how = serializers.ChoiceField(
        choices=SignatureMethod.choices, required=False, allow_blank=True, default=""
    )


def tariff_in_force(code: str, on) -> Tariff:
    tariff = Tariff.objects.in_force_on(on).filter(code=code).first()
    if tariff is None:
        raise serializers.ValidationError(
            {"tariff": [f"Taksten '{code}' findes ikke i takstkataloget, der gælder {short_date(on)}."]}
        )
    return tariff


class RecommendationInput(serializers.Serializer):
    tariff = serializers.CharField(max_length=TARIFF_CODE_LENGTH)
    start_date = DateField()
    end_date = DateField()
    justification = serializers.CharField()
    deviation_reason = serializers.CharField(required=False, allow_blank=True, default="")
    plan = PlanInput()

    def validate(self, attrs):
        attrs["tariff"] = tariff_in_force(attrs["tariff"], attrs["start_date"])
        return attrs


class DecisionInput(serializers.Serializer):
    """The approver's input; whether it makes a valid decision is Decision.clean()'s rule, not this class's."""

    outcome = serializers.ChoiceField(choices=Outcome.choices)
    # forvaltningsloven § 24: the rules applied, the facts relied on, the main considerations.
    reasons = serializers.CharField(required=False, allow_blank=True, default="")
    facts = serializers.CharField(required=False, allow_blank=True, default="")
    considerations = serializers.CharField(required=False, allow_blank=True, default="")
    sent_via = serializers.ChoiceField(choices=DECISION_SENT_VIA)
    sent_date = DateField()
    tariff = serializers.CharField(required=False, allow_blank=True, max_length=TARIFF_CODE_LENGTH)
    end_date = DateField(required=False, allow_null=True)


class DecisionOutput(serializers.ModelSerializer):
    letter_url = serializers.SerializerMethodField()
    tariff = serializers.CharField(source="tariff.code", default=None)

    class Meta:
        model = Decision
        fields = [
            "id",
            "outcome",
            "tariff",
            "start_date",
            "end_date",
            "facts",
            "reasons",
            "considerations",
            "sent_via",
            "sent_date",
            "received_date",
            "complaint_deadline",
            "letter_url",
        ]

    def get_letter_url(self, decision) -> str:
        return self.context["request"].build_absolute_uri(reverse("api-decision-letter", args=[decision.pk]))


class TreatmentStartInput(serializers.Serializer):
    date = DateField()
    free_choice_provider = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=Case._meta.get_field("free_choice_provider").max_length,
    )
    exceed_reason = serializers.CharField(required=False, allow_blank=True, default="")


class _CaseStep(APIView):
    """POST a step on a case: 404 outside the user's scope, 409 wrong state, 403 wrong role, 400 bad input."""

    input_class: type[serializers.Serializer]

    def case(self, request, pk):
        return get_case_for_user(request.user, pk)

    def parse(self, request):
        data = self.input_class(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return data.validated_data

    def case_response(self, request, case, code=status.HTTP_200_OK):
        case = get_case_for_user(request.user, case.pk)
        return Response(CaseSerializer(case, context={"request": request}).data, status=code)


class AssessmentView(_CaseStep):
    input_class = AssessmentInput

    @extend_schema(request=AssessmentInput, responses={201: CaseSerializer})
    def post(self, request, pk):
        case = self.case(request, pk)
        case.ensure_can(case.assessment_transition(), user=request.user)
        data = self.parse(request)
        data.setdefault(
            "primary_substance",
            PrimarySubstance.ALCOHOL if case.substance == Substance.ALCOHOL else PrimarySubstance.MIXED,
        )
        services.assessment_start(case=case, user=request.user, **data)
        return self.case_response(request, case, status.HTTP_201_CREATED)


class RecommendationView(_CaseStep):
    input_class = RecommendationInput

    @extend_schema(request=RecommendationInput, responses={201: CaseSerializer})
    def post(self, request, pk):
        case = self.case(request, pk)
        case.ensure_can(case.recommendation_transition(), user=request.user)
        data = self.parse(request)
        plan = data.pop("plan")
        services.recommendation_submit(
            case=case,
            user=request.user,
            **data,
            goals_short=plan["goals"],
            goals_long=plan["goals_long"],
            services=plan["services"],
            expected_weeks=plan.get("expected_weeks"),
            intensity=plan["intensity"],
            collaborators=plan["collaborators"],
            signed_on=plan.get("signed_on"),
            signed_how=plan["signed_how"],
        )
        return self.case_response(request, case, status.HTTP_201_CREATED)


class DecisionView(_CaseStep):
    input_class = DecisionInput

    @extend_schema(request=DecisionInput, responses={201: DecisionOutput})
    def post(self, request, pk):
        case = self.case(request, pk)
        case.ensure_can(case.decision_transition(), user=request.user)
        data = self.parse(request)
        code = data.pop("tariff", "") or ""
        pending = case.recommendations.pending().first()
        # A partial grant's other tariff must be in force when the granted period starts.
        data["tariff"] = (
            tariff_in_force(code, pending.start_date if pending else data["sent_date"]) if code else None
        )
        decision = services.decision_make(case=case, user=request.user, **data)
        return Response(
            DecisionOutput(decision, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class TreatmentStartView(_CaseStep):
    input_class = TreatmentStartInput

    @extend_schema(request=TreatmentStartInput, responses={200: CaseSerializer})
    def post(self, request, pk):
        case = self.case(request, pk)
        case.ensure_can("start_treatment", user=request.user)
        data = self.parse(request)
        services.treatment_start(
            case=case,
            user=request.user,
            start=data["date"],
            free_choice_provider=data["free_choice_provider"],
            exceed_reason=data["exceed_reason"],
        )
        return self.case_response(request, case)


class DecisionLetterView(APIView):
    @extend_schema(responses={(200, "application/pdf"): inline_serializer("Letter", {})})
    def get(self, request, pk):
        decision = get_object_or_404(Decision.objects.for_user(request.user).select_related("case"), pk=pk)
        return letter_response(request, decision)
