"""Off-topic tails: a glued article after the report goes whole; the story's names still veto."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean import clean_text
from storyline.clean.text import split_lines
from storyline.config import IngestConfig
from storyline.ingest import read_paths
from storyline.models import Article

NEWS = Path("giveme5w1h-news-cluster") / "news_cluster" / "data"


def text_of(shared_data: Path, prefix: str) -> str:
    """Return one giveme5w1h article's text (by the start of its file name) as ingest stores it."""
    (path,) = (shared_data / NEWS).glob(f"{prefix}*.json")
    (found,) = read_paths([str(path)], IngestConfig())
    assert isinstance(found, Article)
    return found.text.strip()


@pytest.mark.parametrize(
    ("report", "glued"),
    [
        # the second article's paragraphs split between the two sides one by one (2-means), so
        # no block of them passed; as one segment after the vocabulary shift they go together
        ("0e7ab2ce71", "2ee6b68d95"),
        # a name the head writes once in passing ("Asia", in a report on the supermoon) no
        # longer keeps a glued business article (Broadcom's bid for Qualcomm) that names it too
        ("d2cf1395da", "60fdb760fa"),
    ],
)
def test_an_article_glued_after_the_report_goes_and_the_report_stays(
    shared_data: Path, report: str, glued: str
) -> None:
    host, other = text_of(shared_data, report), text_of(shared_data, glued)
    text = f"{host}\n\n{other}"
    result = clean_text(text)
    start = len(host) + 2
    removed = [s for s in result.removed if s.end > start]
    assert {s.reason for s in removed} == {"off-topic"}
    removed_chars = sum(s.end - max(s.start, start) for s in removed)
    assert removed_chars >= 0.95 * len(other)
    kept = clean_text(host).text
    for line in split_lines(kept):
        assert line.text in result.text
    assert clean_text(result.text).removed == ()
