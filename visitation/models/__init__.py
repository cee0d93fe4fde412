from .assessment import Area, Assessment, Level, PrimarySubstance, Rating
from .decision import DECISION_SENT_VIA, Decision, Letter, LetterText, LetterTextKey, Outcome
from .recommendation import Recommendation, RecommendationStatus

__all__ = [
    "DECISION_SENT_VIA",
    "Area",
    "Assessment",
    "Decision",
    "Letter",
    "LetterText",
    "LetterTextKey",
    "Level",
    "Outcome",
    "PrimarySubstance",
    "Rating",
    "Recommendation",
    "RecommendationStatus",
]
