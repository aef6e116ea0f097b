"""Fuzzy deduplication of contacts and accounts on plain records (no database): see docs/dedup-scoring.md."""

from .blocking import BlockIndex, block_keys, sort_code
from .compare import PairScore, pair_score
from .linker import Linker, LinkResult, link_records
from .records import DedupRecord, Features
from .roles import extra_identifier_keys

__all__ = [
    "BlockIndex", "DedupRecord", "Features", "LinkResult", "Linker", "PairScore", "block_keys",
    "extra_identifier_keys", "link_records", "pair_score", "sort_code",
]
