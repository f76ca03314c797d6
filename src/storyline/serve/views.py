"""JSON views behind the web server: each page and its .json twin come from one of these."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from storyline import api, match, pipeline, stories
from storyline.config import IngestConfig
from storyline.errors import InputError
from storyline.ingest.fields import record_to_article
from storyline.models import Article, Rejection
from storyline.serve.compare import removed_segments
from storyline.serve.deps import Page, StoryQuery
from storyline.serve.placer import Placer
from storyline.serve.validate import valid_json
from storyline.store import Store

API_PATH = "<api>"  # the path recorded for articles that arrive over HTTP


def article_list(store: Store, page: Page) -> dict[str, Any]:
    """Return one page of articles (listing fields, no text) with the total."""
    rows = [
        api.article_summary(a) for a in store.iter_articles(limit=page.limit, offset=page.offset)
    ]
    return page.envelope(list(rows), store.count_articles())


def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """Return one article: raw and cleaned text, removed spans, duplicates, versions."""
    return api.article_detail(store, article_id)


def article_page_context(store: Store, article: Mapping[str, Any], *, limit: int) -> dict[str, Any]:
    """Add what the article page draws: marked raw text, duplicates, the story it is in."""
    removed = article.get("removed") or []
    return {
        "article": article,
        "segments": removed_segments(article["raw_text"], removed, limit=limit),
        "truncated": len(article["raw_text"]) > limit,
        "removed_count": len(removed),
        "removed_chars": sum(int(s["end"]) - int(s["start"]) for s in removed),
        "duplicates": article.get("duplicates"),  # None: duplicate detection has not run
        "story": _story_link(store, article["id"]),
    }


def _story_link(store: Store, article_id: str) -> dict[str, Any] | None:
    """Name the story an article belongs to, with its role there and what it is based on."""
    story_id = stories.story_of(store, article_id)
    if story_id is None:
        return None
    summary = store.get_story(story_id) or {}
    stored = store.get_analysis(story_id)
    analysed = stored[1].get("articles", []) if stored is not None else []
    place: dict[str, Any] = next((a for a in analysed if a.get("id") == article_id), {})
    return {
        "id": story_id,
        "title": (stored[1].get("title") if stored else None) or summary.get("title"),
        "role": place.get("role"),
        "based_on": place.get("based_on"),
    }


def source_list(store: Store, page: Page) -> dict[str, Any]:
    """Return one page of sources with their article counts and counts by role."""
    rows, total = store.source_stats(limit=page.limit, offset=page.offset)
    return page.envelope(list(rows), total)


def story_list(store: Store, query: StoryQuery, page: Page) -> dict[str, Any]:
    """Return one page of stories matching the query, best match (else most recent) first."""
    search = api.StorySearch(
        text=query.q, since=query.since, until=query.until, source=query.source, order=query.sort
    )
    rows, total = api.search_stories(store, search, limit=page.limit, offset=page.offset)
    return page.envelope(list(rows), total)


def story_detail(store: Store, story_id: str) -> dict[str, Any]:
    """Return one story's whole analysis (the object `storyline story ID --json` prints)."""
    return stories.story_detail(store, story_id)


def ingest_records(
    store: Store, records: Sequence[Mapping[str, Any]], placer: Placer, *, wait: float
) -> dict[str, Any]:
    """Store posted articles, then have them placed into stories; report where each one went.

    The articles are stored first, in short transactions. Placing them (clean, dedup, cluster,
    analyze) runs in the placer's background pass, shared with other posts; this waits up to
    `wait` seconds for it. An article not placed by then (or whose pass failed, on a busy
    store) is listed with story_id None and placed false: it is stored, and a later pass
    places it.
    """
    config = IngestConfig()
    items = [_to_article(record, number, config) for number, record in enumerate(records, 1)]
    usable = [item for item, _ in items if isinstance(item, Article)]
    if not usable:
        reasons = "; ".join(
            f"record {r.record}: {r.reason}" for r, _ in items if isinstance(r, Rejection)
        )
        raise InputError(f"no article could be used ({reasons})")
    report = pipeline.store_records(store, [item for item, _ in items], config)
    placed = placer.wait(placer.request(a.id for a in usable), wait)
    story_of = {a.id: stories.story_of(store, a.id) if placed else None for a in usable}
    return {
        "ingested": report.ingested,
        "unchanged": report.unchanged,
        "new_versions": report.new_versions,
        "rejected": report.rejected,
        "rejections": [{"record": r.record, "reason": r.reason} for r in report.rejections],
        "repaired": [
            {"record": n, "reason": f"{fixes} invalid character(s) replaced by U+FFFD"}
            for n, (_, fixes) in enumerate(items, 1)
            if fixes
        ],
        "articles": [
            {"id": a.id, "story_id": story_of[a.id], "placed": story_of[a.id] is not None}
            for a in usable
        ],
    }


def _to_article(
    record: Mapping[str, Any], number: int, config: IngestConfig
) -> tuple[Article | Rejection, int]:
    """Map one posted record like `storyline ingest` maps a JSON line; count text repairs."""
    try:
        fields, fixes = valid_json(dict(record))
        raw = json.dumps(fields, ensure_ascii=False)
        article = record_to_article(
            fields,
            where=(API_PATH, number),
            default_id=None,
            raw=raw,
            raw_format="json",
            config=config,
        )
        return article, fixes
    except InputError as exc:
        return Rejection(API_PATH, number, exc.reason), 0
    except (ValueError, OverflowError, TypeError, RecursionError) as exc:
        # what the mapping raises for one odd value must not cost the others (nor be a 500)
        return Rejection(API_PATH, number, f"unusable record: {exc}"), 0


def match_text(
    store: Store, text: str, *, title: str | None, published: str | None
) -> dict[str, Any]:
    """Find the stored duplicates of a text and the story it belongs to, storing nothing."""
    return match.match_text(store, text, title=title, published=published)
