"""Does every view give a story the same name? Count the stories whose views disagree.

    PYTHONPATH=src python benchmarks/identity_check.py --db /tmp/g.db

Reads a store that `storyline run` filled (giveme5w1h, say). The views: the story list (`storyline
stories`, its --json, GET /api/stories and the web list), one story (`storyline story ID`, --json,
GET /api/stories/ID, the story page), the overview and the static report's index.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from storyline.analyze.report import render_index
from storyline.analyze.run import current_analyses, story_overviews
from storyline.store import Store
from storyline.store.search import StoryFilter
from storyline.stories import list_stories, story_detail


def view_titles(store: Store) -> dict[str, dict[str, str]]:
    """Return story id -> view -> the title that view shows."""
    out: dict[str, dict[str, str]] = {}
    for row in list_stories(store):
        out.setdefault(row["id"], {})["stories"] = row["title"]
    total = store.count_stories()
    rows, _ = store.search_stories(StoryFilter(), limit=total or 1, offset=0)
    for row in rows:
        out.setdefault(row["id"], {})["web list"] = row["title"]
    for row in story_overviews(store):
        out.setdefault(row["id"], {})["overview"] = row["title"]
    analyses = list(current_analyses(store))
    for analysis in analyses:
        out.setdefault(analysis["id"], {})["report"] = analysis["title"]
    index = render_index(analyses)
    for story_id, titles in out.items():
        titles["story"] = story_detail(store, story_id)["title"]
        if titles.get("report") and _escaped(titles["report"]) not in index:
            titles["report index"] = "(missing from the index)"
    return out


def _escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def main() -> None:
    """Print how many stories show more than one name across views."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    with Store.open(args.db, must_exist=True) as store:
        titles = view_titles(store)
    differ: dict[str, Any] = {s: t for s, t in titles.items() if len(set(t.values())) > 1}
    print(f"{len(differ)} of {len(titles)} stories differ between views")
    for story_id, shown in list(differ.items())[:10]:
        print(story_id, json.dumps(shown, ensure_ascii=False))


if __name__ == "__main__":
    main()
