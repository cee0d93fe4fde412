"""API for discharge and follow-ups (API.md, "The process"). Each endpoint calls one service in services.py.

Errors follow the contract: 404 outside the user's municipality or unit, 409 in the wrong state (or a
follow-up already recorded), 403 for the wrong role, 400 for bad input — in Danish, and nothing changed.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_case_for_user, log_reads
from cases.api.fields import DateField
from cases.api.pagination import KeysetPagination
from cases.api.serializers import CaseSerializer
from cases.models import AccessAction, AccessPurpose, DischargeReason

from . import services
from .models import FollowUp, FollowUpStatus, Situation


class DischargeInput(serializers.Serializer):
    date = DateField()
    reason = serializers.ChoiceField(choices=DischargeReason.choices)


class FollowUpSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="case_id", read_only=True)
    attempts = serializers.SerializerMethodField(help_text="Forsøg uden at træffe borgeren.")

    class Meta:
        model = FollowUp
        fields = [
            "id", "case", "slot", "due_date", "status", "held_on", "situation", "goal_holds", "conclusion",
            "attempts",
        ]  # fmt: skip
        read_only_fields = fields

    def get_attempts(self, followup) -> int:
        return followup.failed_attempts


class DischargeOutput(CaseSerializer):
    followups = FollowUpSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "followups"]


class FollowUpInput(serializers.Serializer):
    date = DateField()
    reached = serializers.BooleanField()
    situation = serializers.ChoiceField(choices=Situation.choices, required=False, allow_blank=True, default="")
    goal_holds = serializers.BooleanField(required=False, allow_null=True, default=None)
    # Required and bounded by the service (conclusion or attempt note): one rule, one place.
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FollowUpFilter(serializers.Serializer):
    due_before = DateField(required=False, help_text="Kun opfølgninger med frist før denne dato (ikke på den).")
    status = serializers.ChoiceField(
        choices=FollowUpStatus.choices, required=False,
        help_text="pending: de opfølgninger, der stadig skal holdes (sagen er ikke afsluttet).",
    )


def _visible(user):
    return FollowUp.objects.for_user(user).select_related("case").prefetch_related("attempts")


class DischargeView(APIView):
    @extend_schema(request=DischargeInput, responses={200: DischargeOutput})
    def post(self, request, pk):
        """Afslut behandling (udskrivning): the grant ends that day; the follow-ups at 1 and 6 months open."""
        case = get_case_for_user(request.user, pk)
        case.ensure_can("discharge", user=request.user)
        data = DischargeInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.discharge(case=case, user=request.user, on=data.validated_data["date"],
                           reason=data.validated_data["reason"])
        case = get_case_for_user(request.user, pk)
        return Response(DischargeOutput(case, context={"request": request}).data)


@extend_schema_view(get=extend_schema(parameters=[FollowUpFilter]))
class FollowUpListView(generics.ListAPIView):
    """Follow-ups on the cases you may see (your municipality's, or your KABS unit's), soonest first."""

    serializer_class = FollowUpSerializer
    # Every discharge opens two follow-ups: a municipality's list grows without end. A cursor, soonest first.
    pagination_class = KeysetPagination
    cursor_ordering = ("due_date", "pk")

    def get_queryset(self):
        query = FollowUpFilter(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        followups = _visible(self.request.user)
        if "due_before" in query.validated_data:
            followups = followups.due_before(query.validated_data["due_before"])
        wanted = query.validated_data.get("status")
        if wanted == FollowUpStatus.PENDING:
            followups = followups.pending()
        elif wanted:
            followups = followups.filter(status=wanted)
        return followups

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        log_reads(request, [(f.case.citizen_id, f.case_id) for f in page], action=AccessAction.LIST,
                  purpose=AccessPurpose.FOLLOWUP, detail="Opfølgninger")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class FollowUpView(APIView):
    def followup(self, request, pk) -> FollowUp:
        followup = _visible(request.user).filter(pk=pk).first()
        if followup is None:
            raise Http404
        return followup

    @extend_schema(responses={200: FollowUpSerializer})
    def get(self, request, pk):
        followup = self.followup(request, pk)
        log_reads(request, [(followup.case.citizen_id, followup.case_id)], action=AccessAction.RECORD,
                  purpose=AccessPurpose.FOLLOWUP, detail="Opfølgning")
        return Response(FollowUpSerializer(followup).data)

    @extend_schema(request=FollowUpInput, responses={200: FollowUpSerializer})
    def post(self, request, pk):
        """Record the follow-up talk, or an attempt that did not reach the citizen."""
        followup = self.followup(request, pk)
        followup.case.ensure_can("record_followup", user=request.user)
        data = FollowUpInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.followup_record(
            followup=followup, user=request.user, on=values["date"], reached=values["reached"],
            situation=values["situation"], goal_holds=values["goal_holds"], note=values["note"],
        )
        return Response(FollowUpSerializer(self.followup(request, pk)).data, status=status.HTTP_200_OK)
