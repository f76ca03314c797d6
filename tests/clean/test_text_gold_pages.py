"""Real pages whose article body the text cleaner once removed (html-extraction-dev golds)."""

from __future__ import annotations

import tarfile
from pathlib import Path

from storyline.clean import clean_text, extract_html


def page_text(shared_data: Path, name: str, page: str) -> str:
    """Extract the text of one page of an html-extraction-dev set, as ingest does."""
    with tarfile.open(shared_data / "html-extraction-dev" / f"{name}.tar.xz") as tf:
        fh = tf.extractfile(f"{name}/input/{page}.html")
        assert fh is not None
        return extract_html(fh.read()).text


def test_an_opinion_column_with_a_short_head_keeps_its_body(shared_data: Path) -> None:
    # Herald Sun: a two-line lead, the column's body (long, sharing little with the lead), the
    # end of the column, then links to other columns; the body is the article, not an insertion
    text = page_text(shared_data, "readability", "herald-sun-1")
    body = "The initiative, from Tony Abbott’s office, is evidence that the Government"
    assert body in text
    assert body in clean_text(text).text
