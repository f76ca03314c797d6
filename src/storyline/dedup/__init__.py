"""Dedup: find every copy of an article, exact, near-duplicate or contained, with evidence.

from storyline.dedup import DedupConfig, find_duplicates
result = find_duplicates(texts)          # result.labels[i]: cluster of text i
"""

from storyline.dedup.engine import (
    DedupConfig,
    Deduplicator,
    DedupResult,
    DedupStats,
    find_duplicates,
)

__all__ = ["DedupConfig", "DedupResult", "DedupStats", "Deduplicator", "find_duplicates"]
