from .access_log import AccessAction, AccessLog, AccessPurpose, AccessVia
from .case import Case, CaseQuerySet
from .citizen import Citizen
from .consent import ConsentMethod, YoungPersonConsent
from .deadline import Deadline, DeadlineKind, DeadlineRule, DeadlineStatus, DeliveryRule, SentVia
from .notification import Notification, NotificationKind
from .organisation import Municipality, Provider, Unit
from .reference import CaseReferenceCounter
from .states import CaseState, Channel, DischargeReason, TransitionRefused
from .targets import TargetSnapshot
from .user import Role, User

__all__ = [
    "AccessAction",
    "AccessLog",
    "AccessPurpose",
    "AccessVia",
    "Case",
    "CaseQuerySet",
    "CaseReferenceCounter",
    "ConsentMethod",
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
    "Notification",
    "NotificationKind",
    "Provider",
    "Role",
    "SentVia",
    "TargetSnapshot",
    "Unit",
    "User",
    "YoungPersonConsent",
]
