"""JSON-ready views of stored objects: the one query behind CLI output, API routes and pages."""

from __future__ import annotations

from typing import Any

from storyline.dedup.stage import article_duplicates
from storyline.errors import NotFoundError
from storyline.models import Article
from storyline.store import Store


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
