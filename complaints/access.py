"""The one way views and the API reach a complaint: only within the cases the user may see (else 404),
and every read logged through cases/access.py like the case it belongs to."""

from django.shortcuts import get_object_or_404

from cases.access import log_reads
from cases.models import AccessAction

from .models import Complaint


def get_complaint_for_user(user, pk) -> Complaint:
    return get_object_or_404(
        Complaint.objects.for_user(user).select_related(
            "case__citizen", "case__municipality", "case__unit", "decision", "reconsideration_deadline",
            "forward_deadline",
        ),
        pk=pk,
    )


def read_complaint(request, pk, *, action: str = AccessAction.CASE_PAGE, detail: str = "") -> Complaint:
    complaint = get_complaint_for_user(request.user, pk)
    log_reads(request, [(complaint.case.citizen_id, complaint.case_id)], action=action,
              detail=detail or f"Klage {complaint.pk}")
    return complaint
