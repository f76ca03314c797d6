"""Story analysis: quotes and speakers, entities (and provenance, additions, summary)."""

from __future__ import annotations

from storyline.analyze.entities import Entity, Mention, extract_entities, find_mentions
from storyline.analyze.quotes import Quote, StoryQuote, extract_quotes, merge_quotes

__all__ = [
    "Entity",
    "Mention",
    "Quote",
    "StoryQuote",
    "extract_entities",
    "extract_quotes",
    "find_mentions",
    "merge_quotes",
]
