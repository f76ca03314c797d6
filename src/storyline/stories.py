"""JSON-ready views of stories: what `storyline stories`, `storyline story` and the web show.

A story view joins the cluster stage's members with the analysis stage's fields, so it lives
above the stages (beside pipeline.py), not inside either; keep the dict's keys stable.
"""

from __future__ import annotations

from typing import Any

from storyline.analyze.run import with_analysis
from storyline.cluster.model import Link
from storyline.dates import overlaps_of
from storyline.errors import NotFoundError, UsageError
from storyline.models import MemberRow
from storyline.store import Store

MAX_LIMIT = 10_000  # one listing page at most; page with offset for more


def list_stories(
    store: Store, *, limit: int | None = None, offset: int = 0, min_size: int = 1
) -> list[dict[str, Any]]:
    """List stories, most recent first.

    Each is {id, title, article_ids, first_published, last_published, sources, size}.
    """
    if limit is not None and not 0 < limit <= MAX_LIMIT:
        raise UsageError(f"--limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0 or min_size < 1:
        raise UsageError("--offset must be >= 0 and --min-size >= 1")
    return store.list_stories(limit=limit, offset=offset, min_size=min_size)


def story_detail(store: Store, story_id: str) -> dict[str, Any]:
    """Return one story (its id or a unique prefix) with its articles, links and events.

    An id that was merged away or renamed leads to the story that holds its articles now
    (with "redirected_from" set).
    """
    story = store.get_story(story_id)
    redirected = None
    if story is None:
        successor = _follow(store, story_id)
        story = store.get_story(successor) if successor else None
        redirected = story_id if story is not None else None
    if story is None:  # a unique prefix of a story id (NotFoundError or UsageError otherwise)
        story = store.get_story(store.resolve_id("stories", story_id))
        if story is None:
            raise NotFoundError(f"no story with id {story_id!r}: list ids with `storyline stories`")
    members = store.story_members(story["id"])
    articles = {a["id"]: a for a in store.story_articles(story["id"])}
    story["redirected_from"] = redirected
    story["articles"] = [_article_view(articles.get(m.article_id, {}), m) for m in members]
    story["events"] = store.story_events(story["id"])
    return _with_ties(with_analysis(store, story))


def _with_ties(view: dict[str, Any]) -> dict[str, Any]:
    """Name, on each article, the others its date is tied with (they overlap at their precision).

    The list is in publication order (storyline.dates.sort_key; the analysis orders a tie by its
    documented convention), and a tie is shown as one rather than as an order.
    """
    articles = view.get("articles") or []
    ties = overlaps_of([a.get("published") for a in articles])
    view["articles"] = [
        {**a, "tied_with": [articles[j]["id"] for j in tied]}
        for a, tied in zip(articles, ties, strict=True)
    ]
    return view


def story_of(store: Store, article_id: str) -> str | None:
    """Return the id of the story an article belongs to, or None when not clustered yet."""
    return store.story_of_article(article_id)


def _follow(store: Store, story_id: str) -> str | None:
    """Follow merge/rename events to the story living on (bounded, in case of cycles)."""
    current, seen = story_id, set()
    while (nxt := store.story_successor(current)) is not None and nxt not in seen:
        seen.add(nxt)
        current = nxt
        if store.get_story(current) is not None:
            return current
    return None


def _article_view(article: dict[str, Any], member: MemberRow) -> dict[str, Any]:
    link = {
        "to": member.link_to,
        "kind": member.link_kind,
        "score": member.score,
        "shared_entities": list(member.shared_entities),
        "shared_terms": list(member.shared_terms),
        "days_apart": member.days_apart,
    }
    return {
        "id": member.article_id,
        "title": article.get("title"),
        "source": article.get("source"),
        "published": article.get("published"),
        "url": article.get("url"),
        "link": link,
        "reason": _reason(link),
    }


def _reason(link: dict[str, Any]) -> str:
    """Say in one line why an article is in its story."""
    return Link(
        "",
        link["to"],
        link["kind"],
        link["score"],
        tuple(link["shared_entities"]),
        tuple(link["shared_terms"]),
        link["days_apart"],
    ).reason()
