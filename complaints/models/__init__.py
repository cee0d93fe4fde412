from .complaint import Complaint, ComplaintQuerySet
from .document import ComplaintDocument, ComplaintText
from .states import (
    About,
    AppealOutcome,
    ComplaintChannel,
    ComplaintState,
    DocumentKind,
    ReconsiderationOutcome,
    TextKey,
)

__all__ = [
    "About",
    "AppealOutcome",
    "Complaint",
    "ComplaintChannel",
    "ComplaintDocument",
    "ComplaintQuerySet",
    "ComplaintState",
    "ComplaintText",
    "DocumentKind",
    "ReconsiderationOutcome",
    "TextKey",
]
