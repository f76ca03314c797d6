"""Everything the story page shows beyond the story JSON: graph layout, outlets, comparison."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from storyline.dates import sort_key
from storyline.dedup.explain import shared_passages
from storyline.outlets import outlet_name
from storyline.serve import compare, graph
from storyline.store import Store

UNKNOWN_OUTLET = "unknown outlet"
ROLE_ORDER = {"original": 0, "update": 1, "rewrite": 2, "copy": 3}
PASSAGE_WORDS = 5  # a shared passage is at least this many words in a row (3 marks stock phrases)
MAX_PASSAGES = 5_000
MAX_COMPARE_CHARS = 200_000  # bounds the work of comparing two huge texts


def story_page_context(
    store: Store, story: Mapping[str, Any], *, left: str | None, right: str | None, limit: int
) -> dict[str, Any]:
    """Build the page context: the story plus what its sections need to draw."""
    by_id = {a["id"]: a for a in story.get("articles") or []}
    additions = {str(k): sentences(v) for k, v in (story.get("additions") or {}).items()}
    timeline = timeline_rows(story, by_id, additions)
    articles = [by_id.get(row["id"], row) for row in timeline]
    edges = list(story.get("copy_edges") or [])
    pair = pick_pair(articles, edges, left=left, right=right)
    return {
        "story": story,
        "articles": articles,
        "by_id": by_id,
        "refs": {row["id"]: n for n, row in enumerate(timeline, 1)},
        "hrefs": {row["id"]: "/articles/" + quote(row["id"], safe="") for row in timeline},
        "label": labeller(by_id),
        "outlets": sorted({outlet_of(a) for a in articles}),
        "additions": additions,
        "appended": {str(k): sentences(v) for k, v in (story.get("appended") or {}).items()},
        "timeline": timeline,
        "sources": sorted(
            articles,
            key=lambda a: (
                ROLE_ORDER.get(a.get("role") or "", 9),
                sort_key(a.get("published")),
                a["id"],
            ),
        ),
        "graph": graph.layout(articles, edges),
        "node_w": graph.NODE_W,
        "node_h": graph.NODE_H,
        "quotes": [quote_row(q, by_id) for q in story.get("quotes") or []],
        "entities": group_entities(story.get("entities") or []),
        "comparison": comparison(store, pair, by_id, limit=limit) if pair else None,
    }


def timeline_rows(
    story: Mapping[str, Any],
    by_id: Mapping[str, Mapping[str, Any]],
    additions: Mapping[str, list[str]],
) -> list[dict[str, Any]]:
    """List the articles in publication order, each with what it brought that none before had.

    The analysis' timeline gives the order and the new sentences; articles it left out (very
    long stories) follow in the story's own order, with their additions.
    """
    rows = []
    for entry in story.get("timeline") or []:
        article_id = entry.get("article_id")
        if article_id in by_id:
            added = sentences(entry.get("added"))
            rows.append(
                {
                    **by_id[article_id],
                    "added": added,
                    "added_count": int(entry.get("added_count") or len(added)),
                }
            )
    seen = {row["id"] for row in rows}
    for article_id, article in by_id.items():
        if article_id not in seen:
            added = additions.get(article_id, [])
            rows.append({**article, "added": added, "added_count": len(added)})
    return rows


def labeller(by_id: Mapping[str, Mapping[str, Any]]) -> Callable[[str], str]:
    """Return a function naming an article by its outlet (never by its id)."""

    def label(article_id: str) -> str:
        return outlet_of(by_id.get(article_id) or {})

    return label


def outlet_of(article: Mapping[str, Any]) -> str:
    """Name an article's outlet: site name, else registered domain, else 'unknown outlet'."""
    return outlet_name(article.get("source"), article.get("url")) or UNKNOWN_OUTLET


def sentences(items: Any) -> list[str]:
    """Read a list of sentences given as strings or as {sentence|text: ...} records."""
    out = []
    for item in items or []:
        if isinstance(item, Mapping):
            out.append(str(item.get("sentence") or item.get("text") or ""))
        else:
            out.append(str(item))
    return [s for s in out if s]


def quote_row(quote: Mapping[str, Any], by_id: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Add the outlets that carry a quote."""
    label = labeller(by_id)
    return {**quote, "outlets": [(i, label(i)) for i in quote.get("article_ids") or []]}


def group_entities(
    entities: Sequence[Mapping[str, Any]],
) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """Group entities by type (people, organisations, places), most mentioned first."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for entity in sorted(entities, key=lambda e: (-int(e.get("count") or 0), str(e.get("name")))):
        groups.setdefault(str(entity.get("type") or "other"), []).append(entity)
    return sorted(groups.items(), key=lambda kv: -len(kv[1]))


def pick_pair(
    articles: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    *,
    left: str | None,
    right: str | None,
) -> tuple[str, str] | None:
    """Choose the two versions to compare: the asked ones, else the first copy and its source."""
    ids = [a["id"] for a in articles]
    if left in ids and right in ids and left != right:
        return str(left), str(right)
    if edges:  # a verbatim copy shows the most; else the first rewrite or update
        edge = next((e for e in edges if e.get("kind", "copy") == "copy"), edges[0])
        return str(edge["source"]), str(edge["copy"])
    return (ids[0], ids[1]) if len(ids) >= 2 else None


def comparison(
    store: Store, pair: tuple[str, str], by_id: Mapping[str, Mapping[str, Any]], *, limit: int
) -> dict[str, Any]:
    """Put two versions side by side: shared passages and what each side adds."""
    left, right = (_text(store, article_id)[:MAX_COMPARE_CHARS] for article_id in pair)
    passages = shared_passages(left, right, ngram=PASSAGE_WORDS, limit=MAX_PASSAGES)
    spans = ([(p.start, p.end) for p in passages], [(p.other_start, p.other_end) for p in passages])
    sides = [
        {
            "id": article_id,
            "article": by_id.get(article_id, {}),
            "segments": compare.shared_and_added(text, side_spans, limit=limit),
            "shared": compare.coverage(text, side_spans),
        }
        for article_id, text, side_spans in zip(pair, (left, right), spans, strict=True)
    ]
    return {"left": sides[0], "right": sides[1]}


def _text(store: Store, article_id: str) -> str:
    cleaned = store.get_cleaned(article_id)
    if cleaned is not None:
        return cleaned.text
    article = store.get_article(article_id)
    return article.text if article is not None else ""
