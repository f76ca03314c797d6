"""Off-topic tails: a glued article after the report goes whole; the story's names still veto."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.clean import clean_articles, clean_text
from storyline.clean.text import split_lines
from storyline.config import IngestConfig
from storyline.ingest import read_paths
from storyline.models import Article, CleanedText

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


def gold_body(shared_data: Path, key: str) -> str:
    """Return one scrapinghub page's gold article body."""
    truth = shared_data / "scrapinghub-article-extraction-benchmark" / "ground-truth.json"
    body: str = json.loads(truth.read_text("utf-8"))[key]["articleBody"]
    return body.strip()


def test_a_roundups_last_item_stays_when_an_article_is_glued_after_it(shared_data: Path) -> None:
    # an NHL results roundup whose last item ("Note: Garnet Hathaway was ejected ...") shares
    # nothing with the items above it, then a glued report on water vapour above Europa
    roundup = gold_body(
        shared_data, "ecb46e3e489d2aac92b2563112e1801077b4219a6db9751f18e228bcaf457802"
    )
    glued = gold_body(
        shared_data, "14cc2a0ca59c62a8c9f205a171e9ccf4ef4cf69b0c642f51c8c65c051b39024f"
    )
    text = f"{roundup}\n\n{glued}"
    result = clean_text(text)
    assert all(s.start >= len(roundup) for s in result.removed)
    assert roundup.split("\n")[-1] in result.text
    removed = sum(s.end - s.start for s in result.removed if s.reason == "off-topic")
    assert removed >= 0.95 * len(glued)


def test_the_titles_names_keep_the_report_when_a_foreign_text_comes_first(
    shared_data: Path,
) -> None:
    # a report on the Croydon tram crash with an unrelated AP story (a fireball over New
    # England) glued above it: the foreign text takes the head, and without the title the
    # report looks like the glued tail
    (path,) = (shared_data / NEWS).glob("189af426dc*.json")
    (report,) = read_paths([str(path)], IngestConfig())
    assert isinstance(report, Article) and report.title
    other = text_of(shared_data, "49f8d56e87")
    glued = replace(report, text=f"{other}\n\n{report.text.strip()}")
    for result in (clean_text(glued.text, title=report.title), clean(glued)):
        assert all(s.end <= len(other) for s in result.removed), result.removed


def clean(article: Article) -> CleanedText:
    """Clean one article as the pipeline does (its title passed along)."""
    ((_, result),) = clean_articles([article], profiles={})
    return result
