"""JSON-ready views of stored objects: the one query behind CLI output, API routes and pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storyline.dedup.stage import article_duplicates
from storyline.errors import InputError, NotFoundError
from storyline.models import Article
from storyline.store import Store
from storyline.store.search import ORDERS, StoryFilter, fts_query


@dataclass(frozen=True)
class StorySearch:
    """A story search as a person types it: words, dates, an outlet and an order."""

    text: str | None = None  # words, "phrases", a OR b, prefix*, -excluded
    since: str | None = None  # ISO day: stories with an article published on or after it
    until: str | None = None  # ISO day: stories with an article published on or before it
    source: str | None = None  # outlet that must carry the story
    order: str = "relevance"  # "relevance" (bm25, titles weighted; recency breaks ties) or "recent"


def search_stories(
    store: Store, search: StorySearch, *, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Return one page of the stories a search finds, best first, and how many it finds."""
    if search.order not in ORDERS:
        raise InputError(f"unknown order {search.order!r}: use one of {', '.join(ORDERS)}")
    match = fts_query(search.text) if search.text and search.text.strip() else None
    if search.text and search.text.strip() and match is None:
        return [], 0  # only punctuation or exclusions: nothing can match
    where = StoryFilter(
        match=match,
        since=search.since,
        until=search.until,
        source=search.source,
        order=search.order,
    )
    return store.search_stories(where, limit=limit, offset=offset)


def article_summary(article: Article) -> dict[str, Any]:
    """Return the listing fields of an article."""
    return {
        "id": article.id,
        "path": article.path,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "published": article.published,
        "version": article.version,
    }


def list_articles(
    store: Store, *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """List current articles with their (cleaned) text."""
    out = []
    for article in store.iter_articles(limit=limit, offset=offset):
        view = article_summary(article)
        cleaned = store.get_cleaned(article.id)
        view["text"] = cleaned.text if cleaned is not None else article.text
        out.append(view)
    return out


def article_detail(store: Store, article_id: str) -> dict[str, Any]:
    """Return one article (its id or a unique prefix) with raw input, cleaned text and spans."""
    article_id = store.resolve_id("articles", article_id)
    article = store.get_article(article_id)
    if article is None:
        raise NotFoundError(
            f"no article with id {article_id!r}: list ids with `storyline articles`"
        )
    cleaned = store.get_cleaned(article_id)
    view = article_summary(article)
    view.update(
        {
            "authors": list(article.authors),
            "warnings": [str(w["message"]) for w in store.warnings(article_id)],
            "language": article.language,
            "text": cleaned.text if cleaned is not None else article.text,
            "raw_text": article.text,
            "removed": [
                {
                    "start": s.start,
                    "end": s.end,
                    "reason": s.reason,
                    "text": article.text[s.start : s.end],
                }
                for s in (cleaned.removed if cleaned else ())
            ],
            "raw": article.raw,
            "raw_format": article.raw_format,
            "content_hash": article.content_hash,
            "ingested_at": article.ingested_at,
            "versions": store.versions(article_id),
            "duplicates": article_duplicates(store, article_id),
        }
    )
    return view


def list_rejections(store: Store) -> list[dict[str, Any]]:
    """List stored rejections as {path, record, reason}."""
    return [
        {"path": r.path, "record": r.record, "reason": r.reason} for r in store.iter_rejections()
    ]
