"""Seed criteria of text cleaning: 001 cleans to 000, the press release goes, reports stay whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storyline.clean import clean_text
from storyline.ingest.text import split_header
from storyline.models import CleanedText

FIXTURES = Path(__file__).parent / "fixtures_text"
ORIGINAL, REPOST, OTHER_A, OTHER_B = (
    "000_2bd1fb441ff5d0f9",
    "001_461bafe483ac535b",
    "002_994e28567f749a12",
    "004_8a40a684c3147605",
)
# Lines a report may lose: the wire credit and the publication date.
MAY_GO = re.compile(r"^\((?:with )?contributions from \w+\)$|^Published:", re.IGNORECASE)


def body(name: str) -> str:
    """Return a seed's text as ingest stores it (the ` date YYYY-MM-DD ` header split off)."""
    raw = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return split_header(raw)[1].strip()


@pytest.fixture(scope="module")
def cleaned() -> dict[str, tuple[str, CleanedText]]:
    """Clean the four seeds once."""
    return {n: (body(n), clean_text(body(n))) for n in (ORIGINAL, REPOST, OTHER_A, OTHER_B)}


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    """Return the word n-grams of a text (lowercase, \\w+ words)."""
    toks = re.findall(r"\w+", text.lower())
    return set(zip(*[toks[k:] for k in range(n)], strict=False))


def test_repost_cleans_to_the_original(cleaned: dict[str, tuple[str, CleanedText]]) -> None:
    a, b = shingles(cleaned[ORIGINAL][1].text), shingles(cleaned[REPOST][1].text)
    assert len(a & b) / len(a | b) >= 0.95


def test_press_release_is_removed_whole_as_off_topic(
    cleaned: dict[str, tuple[str, CleanedText]],
) -> None:
    raw, result = cleaned[REPOST]
    start = raw.index("What Are The Main Benefits Of Comparing Car Insurance")
    end = raw.index("View photos", raw.index("View source version")) + len("View photos")
    covering = [s for s in result.removed if s.start <= start and end <= s.end]
    assert [s.reason for s in covering] == ["off-topic"]
    release_words = set(re.findall(r"[a-z]{4,}", raw[start:end].lower()))
    report_words = set(re.findall(r"[a-z]{4,}", cleaned[ORIGINAL][1].text.lower()))
    assert not (release_words - report_words) & set(re.findall(r"[a-z]{4,}", result.text.lower()))
    assert "insurance" not in result.text.lower()


@pytest.mark.parametrize("name", [ORIGINAL, OTHER_A, OTHER_B])
def test_reports_lose_no_sentence(cleaned: dict[str, tuple[str, CleanedText]], name: str) -> None:
    raw, result = cleaned[name]
    for line in (ln.strip() for ln in raw.split("\n")):
        if line and not MAY_GO.search(line):
            assert line in result.text


def test_repost_junk_is_removed_with_reasons(cleaned: dict[str, tuple[str, CleanedText]]) -> None:
    text = cleaned[REPOST][1].text
    result = cleaned[REPOST][1]
    for junk in ("Connect with us", "Also read", "Also Read", "Unlock a world of perks",
                 "Get all the latest business news", "More less", "https://", "Related Topics",
                 "contact us to remove"):  # fmt: skip
        assert junk not in text, junk
    reasons = {s.reason for s in result.removed}
    assert {"navigation", "promo", "source-list", "duplicate", "off-topic"} <= reasons
    assert text.count("China seeks to influence and interfere") == 1


@pytest.mark.parametrize("name", [ORIGINAL, REPOST, OTHER_A, OTHER_B])
def test_cleaning_seeds_is_idempotent(
    cleaned: dict[str, tuple[str, CleanedText]], name: str
) -> None:
    once = cleaned[name][1]
    twice = clean_text(once.text)
    assert twice.removed == ()
    assert twice.text == once.text
