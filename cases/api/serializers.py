from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from cases import cpr as cprlib
from cases.models import AccessPurpose, Case, Citizen, Deadline, Municipality, Unit
from cases.models.access_log import LOOKUP_PURPOSES

from .fields import DateField


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["code", "name"]


class CitizenSerializer(serializers.ModelSerializer):
    cpr = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=11)
    municipality = serializers.SlugRelatedField(slug_field="code", queryset=Municipality.objects.all())
    cpr_masked = serializers.CharField(read_only=True)

    class Meta:
        model = Citizen
        fields = ["id", "cpr", "name", "municipality", "cpr_masked", "birth_date", "address", "anonymous"]
        read_only_fields = ["birth_date"]
        # No generated UniqueTogetherValidator: it would report a duplicate CPR on non_field_errors.
        # Citizen.clean (run in create) reports it on "cpr", as the contract says.
        validators = []

    def validate_cpr(self, value):
        if not value:
            return None
        try:
            return cprlib.normalise(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def validate_municipality(self, municipality):
        user = self.context["request"].user
        if not user.is_superuser and municipality.pk != user.municipality_id:
            raise serializers.ValidationError("Du kan kun oprette borgere i din egen kommune.")
        return municipality

    def create(self, validated_data):
        citizen = Citizen(**validated_data)
        try:
            citizen.full_clean()
            citizen.save_checked(user=self.context["request"].user)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return citizen


class CitizenSearchSerializer(serializers.Serializer):
    """One of `cpr` or `name`, and why you look (logged; the citizen can be told the purpose)."""

    cpr = serializers.CharField(required=False, max_length=11)
    name = serializers.CharField(required=False, max_length=100)
    purpose = serializers.ChoiceField(
        choices=[(p.value, p.label) for p in [*LOOKUP_PURPOSES, AccessPurpose.INTEGRATION]],
        default=AccessPurpose.INTEGRATION,
    )

    def validate_cpr(self, value):
        try:
            return cprlib.normalise(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def validate(self, attrs):
        attrs["name"] = attrs.get("name", "").strip()
        if bool(attrs.get("cpr")) == bool(attrs["name"]):
            raise serializers.ValidationError({"detail": "Angiv enten cpr eller name."})
        return attrs


# Where the API performs each of the Case's transitions (API.md, "The process"). `transitions` never lists
# one the API lacks: tests/test_transition_endpoints.py walks the Case's transitions against these routes.
TRANSITION_ENDPOINTS: dict[str, str] = {
    "start_assessment": "cases/{id}/assessment/",
    "reassess": "cases/{id}/assessment/",
    "recommend": "cases/{id}/recommendation/",
    "recommend_change": "cases/{id}/recommendation/",
    "grant": "cases/{id}/decision/",
    "refuse": "cases/{id}/decision/",
    "decide_change": "cases/{id}/decision/",
    "start_treatment": "cases/{id}/treatment-start/",
    "discharge": "cases/{id}/discharge/",
    "record_followup": "followups/{followup_id}/",
    "withdraw": "cases/{id}/withdraw/",
    "close": "cases/{id}/close/",
}


class ReasonInput(serializers.Serializer):
    """Withdraw or close: the reason is required and bounded by the Case's transition (one rule, one place)."""

    reason = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=True)


class DeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deadline
        fields = ["kind", "due_date", "status"]


class CaseSerializer(serializers.ModelSerializer):
    citizen = serializers.PrimaryKeyRelatedField(queryset=Citizen.objects.none())
    unit = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.all(), required=False, allow_null=True
    )
    inquiry_date = DateField()
    deadlines = DeadlineSerializer(many=True, read_only=True)
    transitions = serializers.SerializerMethodField(
        help_text="Hvad denne bruger må gøre nu, hver med sit endpoint: "
        + "; ".join(f"{name}: POST /api/v1/{path}" for name, path in TRANSITION_ENDPOINTS.items())
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "citizen",
            "state",
            "substance",
            "inquiry_date",
            "channel",
            "unit",
            "summary",
            "treatment_start",
            "discharge_date",
            "discharge_reason",
            "withdrawal_reason",
            "closure_reason",
            "readmission",
            "deadlines",
            "transitions",
        ]
        read_only_fields = [
            "state",
            "treatment_start",
            "discharge_date",
            "discharge_reason",
            "withdrawal_reason",
            "closure_reason",
            "readmission",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only citizens this user may see can be named; others read as "does not exist".
            self.fields["citizen"].queryset = Citizen.objects.for_user(request.user)

    def get_transitions(self, case) -> list[str]:
        return case.transitions_for(self.context["request"].user)

    def validate(self, attrs):
        draft = Case(municipality_id=attrs["citizen"].municipality_id, **attrs)
        try:
            draft.full_clean(exclude=["created_by", "state"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs

    def create(self, validated_data):
        return Case.register_inquiry(user=self.context["request"].user, **validated_data)
