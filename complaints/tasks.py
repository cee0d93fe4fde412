from celery import shared_task

from .documents import document_for
from .models import Complaint


@shared_task
def render_document(complaint_id: int, kind: str) -> str:
    """Render and store one of a complaint's documents. Idempotent: a stored document is left as it is."""
    complaint = Complaint.objects.select_related("case__municipality", "case__citizen").get(pk=complaint_id)
    return document_for(complaint, kind).sha256
