"""Dedup and scoring settings (see docs/dedup-scoring.md)."""

from .environment import env

# Qualification threshold of the default scoring profile (0–100); organisations can set their own.
SCORING_DEFAULT_THRESHOLD = env.float("SCORING_DEFAULT_THRESHOLD", default=40.0)
# Pairs at or above this match probability are linked into one dedup cluster.
DEDUP_LINK_THRESHOLD = env.float("DEDUP_LINK_THRESHOLD", default=0.5)
# Compare new uploads with the organisation's earlier leads unless a batch says otherwise.
DEDUP_HISTORY_DEFAULT = env.bool("DEDUP_HISTORY_DEFAULT", default=True)
