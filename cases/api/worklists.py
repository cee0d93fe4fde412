"""The worklists in the API: the deadlines a user answers for (or may see), and the user's notifications.

`GET /api/v1/deadlines/` lists by default the deadlines this user is responsible for (RESPONSIBLE in
cases/models/deadline.py: the same rule as the sweep and the "Frister" page); `?scope=visible` lists every
deadline on the cases the user may see (the team's list). Filters are validated: a bad status, kind, scope
or date is a 400 in Danish, never an empty list that looks like "nothing due".
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.response import Response

from cases.access import log_reads
from cases.models import AccessAction, Deadline, DeadlineKind, DeadlineStatus, Notification, NotificationKind

from .fields import DateField
from .pagination import KeysetPagination


class DeadlineItemSerializer(serializers.ModelSerializer):
    days_left = serializers.SerializerMethodField(help_text="Dage til fristen (negativ: overskredet).")

    class Meta:
        model = Deadline
        fields = ["id", "case", "kind", "due_date", "status", "days_left"]

    def get_days_left(self, deadline) -> int:
        return deadline.days_left(self.context["today"])


class DeadlineFilterSerializer(serializers.Serializer):
    RESPONSIBLE, VISIBLE = "responsible", "visible"

    scope = serializers.ChoiceField(
        choices=[(RESPONSIBLE, "De frister, du svarer for"), (VISIBLE, "Alle frister på de sager, du kan se")],
        default=RESPONSIBLE,
        help_text="responsible (standard): de frister, brugeren svarer for; visible: alle, brugeren kan se.",
    )
    status = serializers.ChoiceField(choices=DeadlineStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=DeadlineKind.choices, required=False)
    due_before = DateField(required=False, help_text="Kun frister, der udløber før denne dato (ikke på den).")


class NotificationSerializer(serializers.ModelSerializer):
    case = serializers.IntegerField(source="deadline.case_id", read_only=True)
    kind = serializers.ChoiceField(choices=NotificationKind.choices, read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "deadline", "case", "created_at", "read_at"]
        read_only_fields = fields


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None,
                                      help_text="true: kun ulæste; false: kun læste.")


@extend_schema_view(get=extend_schema(parameters=[DeadlineFilterSerializer]))
class DeadlineListView(generics.ListAPIView):
    """The deadlines you answer for (default), or with scope=visible all you may see; soonest first."""

    serializer_class = DeadlineItemSerializer
    # A municipality holds hundreds of thousands of deadlines: a cursor, not page numbers (issue 11).
    # Soonest first, through the indexes on (municipality, due_date) and (status, due_date).
    pagination_class = KeysetPagination
    cursor_ordering = ("due_date", "pk")
    # Count through the (municipality, due_date) index too (cases/api/pagination.py says why).
    count_in_order = True

    def get_queryset(self):
        query = DeadlineFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data, user = query.validated_data, self.request.user
        if data["scope"] == DeadlineFilterSerializer.VISIBLE:
            deadlines = Deadline.objects.team(user)
        else:
            deadlines = Deadline.objects.responsible(user)
        if "status" in data:
            deadlines = deadlines.filter(status=data["status"])
        if "kind" in data:
            deadlines = deadlines.filter(kind=data["kind"])
        if "due_before" in data:
            deadlines = deadlines.filter(due_date__lt=data["due_before"])
        return deadlines.select_related("case")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        log_reads(request, [(d.case.citizen_id, d.case_id) for d in page], action=AccessAction.LIST,
                  detail="Frister")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(get=extend_schema(parameters=[NotificationFilterSerializer]))
class NotificationListView(generics.ListAPIView):
    """Your notifications (created by the deadline sweep), newest first."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        query = NotificationFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        notifications = Notification.objects.for_user(self.request.user).select_related("deadline")
        unread = query.validated_data["unread"]
        if unread is True:
            notifications = notifications.unread()
        elif unread is False:
            notifications = notifications.filter(read_at__isnull=False)
        return notifications.order_by("-created_at", "-pk")


class NotificationReadView(generics.GenericAPIView):
    """Mark one of your notifications as read (again: no change). Another person's answers 404."""

    serializer_class = NotificationSerializer

    def get_queryset(self):
        return Notification.objects.for_user(self.request.user).select_related("deadline")

    @extend_schema(request=None, responses={200: NotificationSerializer})
    def post(self, request, pk):
        notification = self.get_object()
        notification.mark_read()
        return Response(self.get_serializer(notification).data)
