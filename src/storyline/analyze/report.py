"""A static HTML report: one self-contained page per story, plus an index.

Pages are rendered from the stored JSON of each analysis with Jinja2 and autoescape on, so any
text that came from scraped articles (titles, sentences, quotes, names) is shown as text, never as
markup.
Nothing is loaded from elsewhere: styles are inline, there are no scripts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import xxhash
from jinja2 import Environment, PackageLoader, StrictUndefined

from storyline.analyze.ports import AnalysisStore
from storyline.dates import overlaps_of
from storyline.dates import show as show_date
from storyline.errors import UsageError
from storyline.outlets import outlet_name

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def environment() -> Environment:
    """Return the Jinja2 environment of the report templates (autoescape on)."""
    env = Environment(
        loader=PackageLoader("storyline.analyze", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = show_date  # local time with its zone; a day as a day
    env.filters["outlet"] = lambda a: outlet_name(a.get("source"), a.get("url")) or ""
    return env


def page_name(story_id: str) -> str:
    """Return a safe, unique file name for a story's page."""
    safe = _UNSAFE.sub("_", story_id)[:80].lstrip(".") or "story"
    if safe != story_id:
        safe += "-" + xxhash.xxh64_hexdigest(story_id.encode("utf-8"))[:8]
    return safe + ".html"


def render_story(analysis: Mapping[str, Any], env: Environment | None = None) -> str:
    """Render one story's analysis (its JSON dict) as a self-contained HTML page."""
    env = env or environment()
    return env.get_template("story.html").render(s=_with_defaults(analysis))


def render_index(analyses: Iterable[Mapping[str, Any]], env: Environment | None = None) -> str:
    """Render the index page listing every story."""
    env = env or environment()
    rows = [
        {
            "page": page_name(a["id"]),
            "title": a.get("title") or a["id"],
            "id": a["id"],
            "articles": len(a.get("articles", [])),
            "first": (a.get("first_published") or {}).get("date"),
        }
        for a in analyses
    ]
    return env.get_template("index.html").render(stories=rows)


def write_report(analyses: Iterable[Mapping[str, Any]], out_dir: str | Path) -> list[Path]:
    """Write index.html and one page per story into out_dir; return the paths written."""
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--out {folder}: not a folder; pick a folder path")
    folder.mkdir(parents=True, exist_ok=True)
    env = environment()
    written, listed = [], []
    for analysis in analyses:
        path = folder / page_name(analysis["id"])
        path.write_text(render_story(analysis, env), encoding="utf-8")
        written.append(path)
        listed.append(analysis)
    index = folder / "index.html"
    index.write_text(render_index(listed, env), encoding="utf-8")
    return [index, *written]


def write_store_report(
    store: AnalysisStore, out_dir: str | Path, *, min_size: int = 1
) -> list[Path]:
    """Bring the store's analyses up to date and write the report of its stories."""
    from storyline.analyze.run import current_analyses

    return write_report(current_analyses(store, min_size=min_size), out_dir)


def _with_defaults(analysis: Mapping[str, Any]) -> dict[str, Any]:
    """Fill the fields a page shows, so an older or partial record still renders."""
    out = dict(analysis)
    for key in ("summary", "articles", "copy_edges", "quotes", "entities", "timeline"):
        out.setdefault(key, [])
    for key in ("additions", "appended", "dropped"):
        out.setdefault(key, {})
    out.setdefault("title", analysis.get("id", ""))
    out.setdefault("first_published", {})
    out["page_of"] = {a["id"]: a for a in out["articles"]}
    timeline = out["timeline"]
    ties = overlaps_of([t.get("published") for t in timeline])  # dates no order can tell apart
    out["ties"] = {
        t["article_id"]: [timeline[j]["article_id"] for j in tied]
        for t, tied in zip(timeline, ties, strict=True)
        if tied
    }
    return out
