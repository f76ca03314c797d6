"""A quote attributed through a pronoun ('..., he said') names the person the text means."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.analyze.quotes import extract_quotes
from storyline.clean import clean_text

GOLD = Path(__file__).parent / "fixtures_quotes" / "pronoun_speakers.jsonl"
NEWS = Path("giveme5w1h-news-cluster") / "news_cluster" / "data"
PRONOUNS = {"he", "she", "they", "it"}


def gold_rows() -> list[dict[str, object]]:
    """Return the labelled rows of the pronoun speaker set (its header line aside)."""
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, lines) if "header" not in row]


def test_pronoun_set_loads() -> None:
    """Every row names its article, event, part, quote and a gold speaker."""
    rows = gold_rows()
    assert len(rows) >= 150
    assert {row["part"] for row in rows} == {"fit", "check"}
    for row in rows:
        assert set(row) == {"doc", "event", "part", "start", "prefix", "gold"}
        gold = str(row["gold"])
        assert gold == "unclear" or gold.startswith("unnamed: ") or gold[0].isupper()


def test_pronoun_set_quotes_are_found(shared_data: Path) -> None:
    """Every row's quote is still extracted where the set says, framed by a pronoun."""
    rows = gold_rows()
    for doc in sorted({str(row["doc"]) for row in rows}):
        raw = json.loads((shared_data / NEWS / f"{doc}.json").read_text(encoding="utf-8"))
        text = clean_text(raw["text"]).text
        quotes = {q.quote_span[0]: q for q in extract_quotes(text)}
        for row in (r for r in rows if r["doc"] == doc):
            start = int(str(row["start"]))
            assert text.startswith(str(row["prefix"]), start), row
            quote = quotes.get(start)
            assert quote is not None and quote.speaker_span is not None, row
            assert text[slice(*quote.speaker_span)].lower() in PRONOUNS, row
