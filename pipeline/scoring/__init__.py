"""Explainable lead scoring against a per-organisation profile: see docs/dedup-scoring.md."""

from .engine import ScoreResult, lead_gates, lead_score
from .profile import DEFAULT_PROFILE, MANDATORY_EMAIL_GATES, ProfileError, default_profile, profile_resolve

__all__ = [
    "DEFAULT_PROFILE", "MANDATORY_EMAIL_GATES", "ProfileError", "ScoreResult", "default_profile", "lead_gates",
    "lead_score", "profile_resolve",
]
