from .assessment import Area, Assessment, Level, PrimarySubstance, Rating
from .decision import Decision, Letter, LetterText, LetterTextKey, Outcome
from .recommendation import Recommendation, RecommendationStatus

__all__ = [
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
