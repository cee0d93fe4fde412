from celery import shared_task

from .letters import letter_for
from .models import Decision


@shared_task
def render_letter(decision_id: int) -> str:
    """Render and store a decision's letter. Idempotent: a stored letter is left as it is."""
    return letter_for(
        Decision.objects.select_related("case__municipality", "case__citizen").get(pk=decision_id)
    ).sha256
