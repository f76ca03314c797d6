"""The full analysis of one story: a frozen record and its JSON form."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.analyze.align import AlignConfig, Alignment, Sentence, additions, align, dropped
from storyline.analyze.appended import AppendedConfig, unrelated_tails
from storyline.analyze.entities import PERSON, Entity, TextNames, extract_entities, scan_names
from storyline.analyze.provenance import (
    CopyEdge,
    FirstPublished,
    Provenance,
    ProvenanceConfig,
    StoryArticle,
    build_provenance,
    publication_order,
)
from storyline.analyze.quotes import StoryQuote, extract_quotes, full_names, merge_quotes
from storyline.analyze.stems import Stemmer
from storyline.analyze.summary import SummaryConfig, SummaryLine, summarise
from storyline.analyze.texts import StoryTexts
from storyline.errors import UsageError
from storyline.headline import Member, story_name


@dataclass(frozen=True)
class AnalysisConfig:
    """The settings of every analysis step and the bounds of what a story's record keeps."""

    align: AlignConfig = field(default_factory=AlignConfig)
    provenance: ProvenanceConfig = field(default_factory=ProvenanceConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    appended: AppendedConfig = field(default_factory=AppendedConfig)
    max_articles: int = 200  # the earliest ones are analysed: the copy graph is quadratic
    max_additions: int = 40  # sentences kept per article
    max_dropped: int = 30  # sentences kept per copy or rewrite
    max_timeline: int = 12  # sentences kept per timeline entry
    max_quotes: int = 100
    max_entities: int = 60


@dataclass(frozen=True)
class ArticleRole:
    """One article of a story with its place in the copy graph."""

    id: str
    source: str | None
    published: str | None
    title: str | None
    role: str  # original | copy | rewrite | update
    copy_of: str | None  # the source of a copy
    based_on: str | None  # the source of a copy, update or rewrite


@dataclass(frozen=True)
class Dropped:
    """What a copy or rewrite left out of its source."""

    article_id: str
    source: str
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class TimelineEntry:
    """One article in publication order with what it brought that no earlier article had."""

    article_id: str
    published: str | None
    source: str | None
    role: str
    added: tuple[str, ...]
    added_count: int


@dataclass(frozen=True)
class StoryAnalysis:
    """Everything storyline says about one story."""

    id: str
    title: str
    summary: tuple[SummaryLine, ...]
    first_published: FirstPublished
    articles: tuple[ArticleRole, ...]
    copy_edges: tuple[CopyEdge, ...]
    additions: tuple[tuple[str, tuple[str, ...]], ...]  # (article id, its own sentences)
    # (article id, the sentences glued onto its end that the rest of the story never speaks of)
    appended: tuple[tuple[str, tuple[str, ...]], ...]
    dropped: tuple[Dropped, ...]
    quotes: tuple[StoryQuote, ...]
    entities: tuple[Entity, ...]
    timeline: tuple[TimelineEntry, ...]
    omitted_articles: int = 0  # members beyond max_articles, left out of the analysis

    def to_json(self) -> dict[str, Any]:
        """Return the analysis as a JSON-ready dict (the `storyline story --json` fields)."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": [
                {"sentence": s.sentence, "article_ids": list(s.article_ids)} for s in self.summary
            ],
            "first_published": _first_json(self.first_published),
            "articles": [_role_json(a) for a in self.articles],
            "copy_edges": [_edge_json(e) for e in self.copy_edges],
            "additions": {a: list(s) for a, s in self.additions},
            "appended": {a: list(s) for a, s in self.appended},
            "dropped": {
                d.article_id: {"source": d.source, "sentences": list(d.sentences)}
                for d in self.dropped
            },
            "quotes": [
                {"speaker": q.speaker, "text": q.text, "article_ids": list(q.article_ids)}
                for q in self.quotes
            ],
            "entities": [
                {"name": e.name, "type": e.type, "count": e.count, "aliases": list(e.aliases)}
                for e in self.entities
            ],
            "timeline": [_timeline_json(t) for t in self.timeline],
            "omitted_articles": self.omitted_articles,
        }


def _first_json(first: FirstPublished) -> dict[str, Any]:
    return {
        "article_id": first.article_id,
        "date": first.date,
        "precision": first.precision,
        "tied_with": list(first.tied_with),
        "basis": first.basis,
    }


def _role_json(a: ArticleRole) -> dict[str, Any]:
    return {
        "id": a.id,
        "source": a.source,
        "published": a.published,
        "title": a.title,
        "role": a.role,
        "copy_of": a.copy_of,
        "based_on": a.based_on,
    }


def _edge_json(e: CopyEdge) -> dict[str, Any]:
    return {
        "copy": e.copy,
        "source": e.source,
        "kind": e.kind,
        "similarity": e.similarity,
        "containment": e.containment,
        "reproduced": e.reproduced,
        "shared_passages": list(e.shared_passages),
    }


def _timeline_json(t: TimelineEntry) -> dict[str, Any]:
    return {
        "article_id": t.article_id,
        "published": t.published,
        "source": t.source,
        "role": t.role,
        "added": list(t.added),
        "added_count": t.added_count,
    }


def analyze_story(
    story_id: str,
    articles: Sequence[StoryArticle],
    config: AnalysisConfig | None = None,
    *,
    stemmer: Stemmer | None = None,
) -> StoryAnalysis:
    """Analyse one story: provenance, alignment, additions, quotes, entities, timeline, summary.

    stemmer: the run's, whose cache of word stems serves every story (None: a new one).
    """
    config = config or AnalysisConfig()
    if not articles:
        raise UsageError(f"story {story_id!r} has no articles to analyse")
    if len({a.id for a in articles}) != len(articles):
        raise UsageError(f"story {story_id!r} lists an article twice")
    memo = StoryTexts()  # words and shingles of each text, shared by order and copy graph
    blocks = publication_order(articles, config.provenance, texts=memo)
    ordered = [a for block in blocks for a in block]
    kept = ordered[: config.max_articles]
    texts = {a.id: a.text for a in kept}
    alignment = align(texts, config.align, stemmer)
    # The order of all members is the order of the kept ones when none was left out.
    same = blocks if len(kept) == len(ordered) else None
    provenance = build_provenance(kept, alignment, config.provenance, blocks=same, texts=memo)
    summary = summarise(alignment, provenance, {a.id: a.title for a in kept}, config.summary)
    own = additions(alignment)
    glued = unrelated_tails(texts, own, config.appended, memo=memo)
    # Who said what and who is named is read from what the story's articles say of it: a press
    # release glued onto a copy brings neither its quotes nor its names.
    said = {a: text[: glued[a][0].start] if a in glued else text for a, text in texts.items()}
    scans, quotes = _names_and_quotes(said)
    entities = extract_entities(said.values(), scans)[: config.max_entities]
    quotes = full_names(quotes, [e.name for e in entities if e.type == PERSON], said)
    return StoryAnalysis(
        id=story_id,
        title=story_name(  # the name the store and every view give the story, not a pick of ours
            (Member(a.id, a.title, a.url, a.source, a.published) for a in articles),
            lambda article_id: next(a.text for a in articles if a.id == article_id),
        ),
        summary=summary.lines,
        first_published=provenance.first,
        articles=_roles(kept, provenance),
        copy_edges=provenance.edges,
        additions=_additions(own, glued, provenance, config),
        appended=tuple(
            (a, tuple(x.text for x in glued[a][: config.max_additions]))
            for a in provenance.order
            if a in glued
        ),
        dropped=_dropped(alignment, provenance, config),
        quotes=tuple(quotes[: config.max_quotes]),
        entities=tuple(entities),
        timeline=_timeline(kept, alignment, provenance, config, glued),
        omitted_articles=len(ordered) - len(kept),
    )


def _names_and_quotes(texts: Mapping[str, str]) -> tuple[list[TextNames], list[StoryQuote]]:
    """Scan each text for names and quotes; merge the quotes; return the scans and the quotes."""
    # Name candidates are the costliest per-text step: each text is scanned once, for quotes and
    # entities, and a text two members carry word for word is scanned and quoted once for both.
    scanned = {text: scan_names(text) for text in dict.fromkeys(texts.values())}
    quoted = {text: extract_quotes(text, names=scan) for text, scan in scanned.items()}
    merged = merge_quotes({a: quoted[text] for a, text in texts.items()}, texts)
    return [scanned[text] for text in texts.values()], merged


def _roles(articles: Sequence[StoryArticle], provenance: Provenance) -> tuple[ArticleRole, ...]:
    by_id = {a.id: a for a in articles}
    out = []
    for article_id in provenance.order:
        a = by_id[article_id]
        edge = provenance.edge_of(article_id)
        role = provenance.role(article_id)
        out.append(
            ArticleRole(
                a.id,
                a.source,
                a.published,
                a.title,
                role,
                edge.source if edge is not None and role == "copy" else None,
                edge.source if edge is not None else None,
            )
        )
    return tuple(out)


def _additions(
    own: Mapping[str, list[Sentence]],
    glued: Mapping[str, tuple[Sentence, ...]],
    provenance: Provenance,
    config: AnalysisConfig,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """List each article's own sentences, less the text glued onto its end."""
    out = []
    for a in provenance.order:
        mine = [s for s in own[a] if s not in glued.get(a, ())]
        out.append((a, tuple(s.text for s in mine[: config.max_additions])))
    return tuple(out)


def _dropped(
    alignment: Alignment, provenance: Provenance, config: AnalysisConfig
) -> tuple[Dropped, ...]:
    return tuple(
        Dropped(
            e.copy,
            e.source,
            tuple(s.text for s in dropped(alignment, e.copy, e.source)[: config.max_dropped]),
        )
        for e in provenance.edges
    )


def _timeline(
    articles: Sequence[StoryArticle],
    alignment: Alignment,
    provenance: Provenance,
    config: AnalysisConfig,
    glued: Mapping[str, tuple[Sentence, ...]],
) -> tuple[TimelineEntry, ...]:
    """List articles in publication order, each with the sentences no earlier article carried.

    Text glued onto an article's end that the story never speaks of is no development of it.
    """
    by_id = {a.id: a for a in articles}
    seen: set[str] = set()
    out = []
    for article_id in provenance.order:
        off = glued.get(article_id, ())
        new = [
            alignment.sentences[i].text
            for i in alignment.of(article_id)
            if alignment.sentences[i].words >= alignment.config.min_words
            and not seen.intersection(alignment.carriers(i)[1:])
            and alignment.sentences[i] not in off
        ]
        seen.add(article_id)
        a = by_id[article_id]
        out.append(
            TimelineEntry(
                article_id,
                a.published,
                a.source,
                provenance.role(article_id),
                tuple(new[: config.max_timeline]),
                len(new),
            )
        )
    return tuple(out)
