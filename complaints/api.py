"""API endpoints for complaints (API.md, "The process"). Each calls one service in services.py; refusals map
to 404 (not the user's), 403 (wrong role), 409 (wrong state), 400 (bad input, in Danish)."""

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_case_for_user, log_reads
from cases.api.fields import DateField
from cases.models import AccessAction
from visitation.models import Decision

from . import services
from .access import get_complaint_for_user, read_complaint
from .documents import NotAvailable
from .models import (
    About,
    AppealOutcome,
    Complaint,
    ComplaintChannel,
    DocumentKind,
    ReconsiderationOutcome,
)
from .models.states import NOTE_MAX, TEXT_MAX
from .views import document_response


class ComplaintInput(serializers.Serializer):
    received_date = DateField()
    channel = serializers.ChoiceField(choices=ComplaintChannel.choices)
    about = serializers.ChoiceField(choices=About.choices)
    decision = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    text = serializers.CharField(max_length=TEXT_MAX)
    oral_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=NOTE_MAX)
    acknowledge = serializers.BooleanField(
        default=False, help_text="Send borgeren en kvittering for klagen (PDF, gemmes som sendt)."
    )

    def validate_decision(self, pk):
        if pk is None:
            return None
        # Only the case's own decisions: another case's (or municipality's) id is not revealed to exist.
        decision = Decision.objects.filter(case=self.context["case"], pk=pk).select_related("tariff__legal_basis").first()
        if decision is None:
            raise serializers.ValidationError("Afgørelsen hører ikke til denne sag.")
        return decision


class ReconsiderationInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ReconsiderationOutcome.choices)
    date = DateField()
    note = serializers.CharField(max_length=NOTE_MAX)


class LateDecisionInput(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000)


class AppealOutcomeInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=AppealOutcome.choices)
    date = DateField()


class ComplaintOutput(serializers.ModelSerializer):
    reconsideration_due = serializers.DateField(source="reconsideration_deadline.due_date", default=None)
    forward_due = serializers.DateField(source="forward_deadline.due_date", default=None)
    bundle_url = serializers.SerializerMethodField()
    transitions = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "case",
            "decision",
            "received_date",
            "channel",
            "about",
            "text",
            "oral_note",
            "route",
            "in_time",
            "complaint_deadline",
            "reconsideration_due",
            "forward_due",
            "state",
            "late_accepted",
            "late_reason",
            "reconsideration_outcome",
            "reconsidered_on",
            "reconsideration_note",
            "appeal_outcome",
            "appeal_decided_on",
            "bundle_url",
            "transitions",
        ]

    def get_bundle_url(self, complaint) -> str | None:
        if not complaint.was_forwarded:
            return None
        return self.context["request"].build_absolute_uri(reverse("api-complaint-bundle", args=[complaint.pk]))

    def get_transitions(self, complaint) -> list[str]:
        return complaint.transitions_for(self.context["request"].user)


def _output(request, complaint, code=status.HTTP_200_OK) -> Response:
    complaint = get_complaint_for_user(request.user, complaint.pk)
    return Response(ComplaintOutput(complaint, context={"request": request}).data, status=code)


def _parse(input_class, request, **context):
    data = input_class(data=request.data, context={"request": request, **context})
    data.is_valid(raise_exception=True)
    return data.validated_data


class CaseComplaintsView(ListAPIView):
    """GET a case's complaints (paginated); POST registers one."""

    serializer_class = ComplaintOutput

    def get_queryset(self):
        self.case = get_case_for_user(self.request.user, self.kwargs["pk"])
        return self.case.complaints.for_panel()

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        log_reads(request, [(self.case.citizen_id, self.case.pk)], action=AccessAction.LIST, detail="Klager")
        return response

    @extend_schema(request=ComplaintInput, responses={201: ComplaintOutput})
    def post(self, request, pk):
        case = get_case_for_user(request.user, pk)
        services.ensure_may_register(case, request.user)
        data = _parse(ComplaintInput, request, case=case)
        complaint = services.complaint_register(case=case, user=request.user, **data)
        return _output(request, complaint, status.HTTP_201_CREATED)


class ComplaintDetailView(APIView):
    @extend_schema(responses={200: ComplaintOutput})
    def get(self, request, pk):
        complaint = read_complaint(request, pk, action=AccessAction.RECORD)
        return Response(ComplaintOutput(complaint, context={"request": request}).data)


class LateDecisionView(APIView):
    @extend_schema(request=LateDecisionInput, responses={200: ComplaintOutput})
    def post(self, request, pk):
        complaint = get_complaint_for_user(request.user, pk)
        complaint.ensure_can("decide_late", user=request.user)
        data = _parse(LateDecisionInput, request)
        complaint = services.complaint_decide_late(complaint=complaint, user=request.user, **data)
        return _output(request, complaint)


class ReconsiderationView(APIView):
    @extend_schema(request=ReconsiderationInput, responses={200: ComplaintOutput})
    def post(self, request, pk):
        complaint = get_complaint_for_user(request.user, pk)
        complaint.ensure_can("reconsider", user=request.user)
        data = _parse(ReconsiderationInput, request)
        complaint = services.complaint_reconsider(complaint=complaint, user=request.user, **data)
        return _output(request, complaint)


class AppealOutcomeView(APIView):
    @extend_schema(request=AppealOutcomeInput, responses={200: ComplaintOutput})
    def post(self, request, pk):
        complaint = get_complaint_for_user(request.user, pk)
        complaint.ensure_can("record_appeal_outcome", user=request.user)
        data = _parse(AppealOutcomeInput, request)
        complaint = services.complaint_appeal_outcome(complaint=complaint, user=request.user, **data)
        return _output(request, complaint)


class BundleView(APIView):
    """The case file as sent to Ankestyrelsen: one PDF, the same bytes every time; 409 before forwarding."""

    @extend_schema(responses={(200, "application/pdf"): inline_serializer("Bundle", {}),
                              409: inline_serializer("NotForwarded", {"detail": serializers.CharField()})})
    def get(self, request, pk) -> HttpResponse:
        complaint = get_complaint_for_user(request.user, pk)
        try:
            return document_response(request, complaint, DocumentKind.BUNDLE)
        except NotAvailable:
            return Response(
                {
                    "detail": "Klagen er ikke sendt til Ankestyrelsen, så der er ingen sagsakter at hente.",
                    "state": complaint.state,
                    "allowed": complaint.transition_names(),
                },
                status=status.HTTP_409_CONFLICT,
            )

