"""Records of story clustering: configuration, input items, links, assignments and events."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from types import MappingProxyType
from typing import Any

from storyline.cluster.features import parse_timestamp
from storyline.errors import UsageError
from storyline.headline import headline
from storyline.models import Article


def _fitted() -> MappingProxyType[str, Any]:
    """Read the settings benchmarks/cluster_fit.py chose on the fit parts of every labelled set."""
    text = resources.files("storyline.cluster").joinpath("data/fitted.json").read_text("utf-8")
    return MappingProxyType(json.loads(text)["settings"])


# Read-only: chosen across giveme5w1h (full, titles only, no dates) and ECB+ train, fit parts.
FITTED = _fitted()
UNDATED = "~"  # sorts after every ISO date, so undated articles come last in canonical order


@dataclass(frozen=True)
class ClusterConfig:
    """How similar an article must be to a story to join it, and how long stories stay open."""

    term_weight: float = 0.7  # share of the score from TF-IDF body+title terms
    entity_weight: float = 0.15  # share from named entities
    title_weight: float = 0.15  # share from title terms
    semantic_weight: float = 0.0  # share from sentence embeddings (storyline[semantic]; 0: off)
    # A story scores at least this times its title similarity (0: off). Only a boost above the
    # threshold can join anything: re-fit it with the threshold (0.1 under 0.12 was inert).
    title_boost: float = float(FITTED["title_boost"])
    # Name-profile similarity below which the score shrinks (0: off)
    entity_gate: float = float(FITTED["entity_gate"])
    # No gate for a headline naming the story's subject
    subject_lifts_gate: bool = bool(FITTED["subject_lifts_gate"])
    # Mean similarity to a story's articles needed to join it
    threshold: float = float(FITTED["threshold"])
    # A brief (fewer body words than this, saying no more than its headline: a feed item) ...
    short_words: int = int(FITTED["short_words"])
    # ... and needs this score to join a story instead
    short_threshold: float = float(FITTED["short_threshold"])
    # The entity gate for a brief: a headline capitalises every word, names cannot be told
    short_gate: float = float(FITTED["short_gate"])
    # Only an article that says no more than its headline is a brief (else: any short text)
    brief_is_headline: bool = bool(FITTED["brief_is_headline"])
    short_silence: bool = True  # a brief may wake a story without naming three of its names
    # A brief also scores the mean of its this many best-matching members of a larger story
    # (its kept members, else its latest ones), when that beats the average over all (0: off)
    brief_link: int = 3
    # Subtracted times the share of leading names each side lacks
    conflict_weight: float = float(FITTED["conflict_weight"])
    # Subtracted when both sides write figures and share none
    number_weight: float = float(FITTED["number_weight"])
    time_penalty: float = 0.10  # subtracted for articles far apart in time (Miranda et al.)
    time_scale_days: float = 3.0  # how fast that penalty grows with the gap
    dormant_margin: float = 0.0  # extra score to wake a story that left the window (see silence_*)
    archive_stories: int = 20_000  # dormant stories kept findable (0: forget them)
    headline_only: float = 0.5  # weight of a match made on headlines alone (body failed)
    window_days: float = 60.0  # stories silent for longer leave the active window (go dormant)
    active_stories: int = 20_000  # open stories at most: past it the stalest go dormant first
    silence_days: float = 7.0  # a story silent this long is continued only by ...
    # ... an article naming this many of its names (0: no such rule)
    silence_names: int = int(FITTED["silence_names"])
    merge_margin: float = 0.0  # two stories merge above threshold + margin
    top_terms: int = 150  # terms kept per article vector
    top_entities: int = 40  # entities kept per article vector
    title_repeat: int = int(FITTED["title_repeat"])  # extra counts of title words among the terms
    # Weight among the terms of words that are part of a name
    name_share: float = float(FITTED["name_share"])
    candidates: int = 10  # stories scored per article (retrieved from the index)
    common_share: float = 0.2  # keys in more than this share of articles do not retrieve
    link_members: int = 4  # recent members compared to explain a link
    # Cut a story in two when, at a size of split_sizes, the lowest normalised cut of its
    # members' own TF-IDF cosines is under split_bar and both parts have split_min_part
    # articles (cluster/split.py; 0: never)
    split_bar: float = 0.8
    split_min_part: int = 5
    split_sizes: tuple[int, ...] = (10, 12, 16, 24, 32)
    split_cap: int = 32  # members kept per story for the check; a larger story is not cut
    # The idf comes from the articles seen: no check while a story is more than this share of
    # them (its own words would be the corpus's common words)
    split_share: float = 0.25
    # Start document frequencies from a background news corpus. The threshold and the gate
    # are fit with it on.
    background: bool = True

    def __post_init__(self) -> None:
        if self.active_stories < 1:
            raise UsageError(
                f"active_stories must be at least 1, not {self.active_stories}: it is how "
                "many stories stay open (20,000 by default)"
            )

    @property
    def kept_cap(self) -> int:
        """Return the members a story keeps for split checks (none when it is never cut)."""
        return self.split_cap if self.split_bar > 0 else 0

    @classmethod
    def semantic(cls) -> ClusterConfig:
        """Return the settings for MiniLM similarity on top of words and names.

        Fitted on the fit parts of every labelled set, from the default settings, taking no
        move that merges a synthetic hard-negative or recurring pair or costs the crowded
        synthetic feed its precision (benchmarks/cluster_semantic_fit.py). MiniLM scores two
        incidents of one kind close (ECB+ train: 0.46, against 0.68 within one incident), so
        every weight from 0.1 up merged a hard-negative pair; 0.05, the largest that merged
        none, is within 0.001 of the default's mean fit F1 and lifts the feed's precision;
        on the check parts no set moves beyond noise (benchmarks.eval --semantic).
        The earlier settings (weight 0.6, threshold 0.2, briefs held to the body threshold)
        took the titles-only check F1 from 0.918 to 0.772.
        """
        return cls(semantic_weight=0.05)


@dataclass(frozen=True)
class ClusterItem:
    """What clustering needs of one article: id, words, date, outlet, address."""

    id: str
    text: str
    title: str = ""
    published: str | None = None
    source: str | None = None
    url: str | None = None  # names the article when its title names only the site

    @property
    def headline(self) -> str:
        """Return the headline clustering reads: the title, or the URL slug (storyline.headline)."""
        return headline(self.title, self.url, self.source)

    @classmethod
    def from_article(cls, article: Article, cleaned_text: str | None = None) -> ClusterItem:
        """Build an item from a stored article, preferring its cleaned text."""
        return cls(
            id=article.id,
            text=article.text if cleaned_text is None else cleaned_text,
            title=article.title or "",
            published=article.published,
            source=article.source,
            url=article.url,
        )

    @property
    def order_key(self) -> str:
        """Return the canonical processing position: publication time, then id."""
        return order_key(self.published, self.id)


def order_key(published: str | None, article_id: str) -> str:
    """Sort key of canonical order: UTC publication time (undated last), ties by id."""
    stamp = parse_timestamp(published)
    when = (
        UNDATED
        if stamp is None
        else datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    )
    return f"{when}|{article_id}"


def story_id_for(founder_id: str) -> str:
    """Derive a story's stable id from the id of its first article."""
    return "s" + hashlib.blake2b(founder_id.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Link:
    """Why an article belongs to its story: the member it is closest to, and what they share."""

    article_id: str
    to_article_id: str | None  # None for the article that opened the story
    kind: str  # first | similar | duplicate
    score: float = 0.0
    shared_entities: tuple[str, ...] = ()
    shared_terms: tuple[str, ...] = ()
    days_apart: float | None = None

    def reason(self) -> str:
        """Render the link as one human-readable line."""
        if self.kind == "first":
            return "opened the story"
        parts = [f"{self.kind} of {self.to_article_id} (score {self.score:.2f})"]
        if self.shared_entities:
            parts.append("shared entities: " + ", ".join(self.shared_entities))
        if self.shared_terms:
            parts.append("shared terms: " + ", ".join(self.shared_terms))
        if self.days_apart is not None:
            parts.append(f"{self.days_apart:.1f} days apart")
        return "; ".join(parts)


@dataclass(frozen=True)
class Assignment:
    """The story an article joined (or opened) when it was processed."""

    article_id: str
    story_id: str
    order_key: str
    link: Link


@dataclass(frozen=True)
class StoryEvent:
    """A change to stories seen between two runs: merge, split or renamed."""

    kind: str  # merge | split | renamed
    story_id: str  # the story that survives (merge), is divided (split) or the new id (renamed)
    others: tuple[str, ...]  # absorbed stories, resulting parts, or the old id
    article_ids: tuple[str, ...] = ()  # the articles whose arrival caused it


@dataclass(frozen=True)
class Story:
    """A group of articles that report the same event."""

    id: str
    article_ids: tuple[str, ...]  # in canonical order: the first opened the story
    links: tuple[Link, ...]
