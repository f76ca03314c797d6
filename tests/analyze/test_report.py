"""Static HTML report: one self-contained, escaped page per story."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from storyline.analyze.report import page_name, render_story, write_report
from storyline.errors import UsageError

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _analysis(story_id: str = "s1", text: str = "The bridge closed.") -> dict[str, Any]:
    return {
        "id": story_id,
        "title": f"Headline {text}",
        "summary": [{"sentence": text, "article_ids": ["a", "b"]}],
        "first_published": {
            "article_id": "a",
            "date": "2024-01-01",
            "precision": "day",
            "tied_with": [],
            "basis": "earliest publication date",
        },
        "articles": [
            {
                "id": "a",
                "source": "herald.example",
                "published": "2024-01-01",
                "title": text,
                "role": "original",
                "copy_of": None,
                "based_on": None,
            },
            {
                "id": "b",
                "source": None,
                "published": None,
                "title": None,
                "role": "copy",
                "copy_of": "a",
                "based_on": "a",
            },
        ],
        "copy_edges": [
            {
                "copy": "b",
                "source": "a",
                "kind": "copy",
                "similarity": 0.97,
                "containment": 0.95,
                "reproduced": 1.0,
                "shared_passages": [text],
            }
        ],
        "additions": {"a": [text], "b": []},
        "dropped": {"b": {"source": "a", "sentences": [text]}},
        "quotes": [{"speaker": text, "text": text, "article_ids": ["a", "b"]}],
        "entities": [{"name": text, "type": "PERSON", "count": 2, "aliases": []}],
        "timeline": [
            {
                "article_id": "a",
                "published": "2024-01-01",
                "source": "herald.example",
                "role": "original",
                "added": [text],
                "added_count": 3,
            }
        ],
    }


def test_page_shows_every_section() -> None:
    page = render_story(_analysis())
    for part in (
        "Headline The bridge closed.",
        "Summary",
        "Copy graph",
        "Timeline",
        "What each version adds",
        "Quotes",
        "herald.example",
        "and 2 more",
        'href="#a-a"',
        "0.97",
    ):
        assert part in page
    assert '<a href="#a-b">b</a> &rarr; <a href="#a-a">a</a>' in page


def test_untrusted_text_is_escaped_everywhere() -> None:
    page = render_story(_analysis(text=HOSTILE))
    assert "<script" not in page and "<img" not in page
    assert page.count("&lt;script&gt;") >= 8  # title, summary, passage, additions, quote, ...


def test_page_is_self_contained() -> None:
    page = render_story(_analysis())
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "<script" not in page


def test_partial_records_still_render() -> None:
    page = render_story({"id": "s2"})
    assert "s2" in page and "unknown" in page


def test_page_names_are_safe_and_distinct() -> None:
    names = {page_name(i) for i in ("s1", "../etc/passwd", "a/b", "a_b", "..", "x" * 500)}
    assert len(names) == 6
    for name in names:
        assert "/" not in name and not name.startswith(".") and len(name) < 120
    assert page_name("s1") == "s1.html"


def test_write_report_writes_an_index_and_one_page_per_story(tmp_path: Path) -> None:
    paths = write_report([_analysis("s1"), _analysis("s/2", HOSTILE)], tmp_path / "out")
    assert paths[0].name == "index.html"
    assert len(paths) == 3 and all(p.is_file() for p in paths)
    index = paths[0].read_text()
    assert page_name("s/2") in index and "<script" not in index


def test_write_report_refuses_a_file_as_folder(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(UsageError, match="not a folder"):
        write_report([_analysis()], target)
