from .case import Case, CaseQuerySet, CaseState, Channel, DischargeReason, TransitionRefused
from .citizen import Citizen
from .deadline import Deadline, DeadlineKind, DeadlineRule, DeadlineStatus, DeliveryRule, SentVia
from .organisation import Municipality, Provider, Unit
from .user import Role, User

__all__ = [
    "Case",
    "CaseQuerySet",
    "CaseState",
    "Channel",
    "Citizen",
    "Deadline",
    "DischargeReason",
    "TransitionRefused",
    "DeadlineKind",
    "DeadlineRule",
    "DeadlineStatus",
    "DeliveryRule",
    "Municipality",
    "Provider",
    "Role",
    "SentVia",
    "Unit",
    "User",
]
