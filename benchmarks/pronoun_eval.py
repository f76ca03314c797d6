"""Measure whether a quote attributed through a pronoun ('..., he said') names the right person.

Gold: tests/analyze/fixtures_quotes/pronoun_speakers.jsonl, quotes of the giveme5w1h news-cluster
articles whose frame speaker is he/she/they/it, with the true speaker written by hand (data we
generated ourselves; see the file's header line). A row is right when storyline's speaker is the
same person: the family names (last words) match after accent folding (a one-word answer may
match any word of the gold name: 'Zhu' for Zhu Congpeng, 'Kim' for Kim Jong-un, 'Tony' for Tony
Molina, as the article calls them), or both are unnamed (a gold 'unnamed: ...' and a description
or no speaker). 'unclear' rows are left out. PolNeAR's
quote benchmark cannot see this: a pronoun's own span overlaps the gold source whoever it is
resolved to.

    python benchmarks/pronoun_eval.py --part fit --errors
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from storyline.analyze.quotes import Quote, extract_quotes
from storyline.clean import clean_text

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "analyze" / "fixtures_quotes" / "pronoun_speakers.jsonl"
NEWS = ROOT.parent / "shared" / "data" / "giveme5w1h-news-cluster" / "news_cluster" / "data"
_DESCRIPTION_OPENERS = frozenset(
    {"a", "an", "one", "another", "some", "two", "three", "several", "both", "his", "her"}
)


@dataclass(frozen=True)
class Row:
    """One labelled quote: where it is and who truly said it."""

    doc: str
    event: int
    part: str
    start: int
    prefix: str
    gold: str


def load(path: Path = GOLD) -> list[Row]:
    """Return the labelled rows (the header line aside)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if "header" not in item:
            rows.append(Row(**item))
    return rows


@cache
def article_text(doc: str, news: Path = NEWS) -> str:
    """Return the cleaned text of one giveme5w1h article."""
    raw = json.loads((news / f"{doc}.json").read_text(encoding="utf-8"))["text"]
    return clean_text(raw).text


def find_quote(row: Row, news: Path = NEWS) -> Quote | None:
    """Return the quote of the row in today's extraction, or None when it is gone."""
    text = article_text(row.doc, news)
    if not text.startswith(row.prefix, row.start):
        return None
    return next((q for q in extract_quotes(text) if q.quote_span[0] == row.start), None)


def _fold(word: str) -> str:
    """Return a word lowercased, without accents and with one kind of apostrophe."""
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def unnamed(speaker: str | None) -> bool:
    """Tell whether a speaker names no one: none at all, or a description ('A spokesman')."""
    if speaker is None or speaker.startswith("unnamed:"):
        return True
    words = speaker.split()
    if words[0].lower() in _DESCRIPTION_OPENERS or words[0].islower():
        return True
    lower = [w for w in words[1:] if w.islower() and w not in ("of", "for", "and", "de", "al")]
    return words[0] == "The" and bool(lower)


def family(name: str) -> str:
    """Return the folded last word of a name ("Kevin O’Brien" -> "o'brien")."""
    return _fold(name.split()[-1].removesuffix("'s").removesuffix("’s"))


def same(gold: str, answer: str | None) -> bool:
    """Tell whether storyline's answer names the gold speaker."""
    if unnamed(gold) or unnamed(answer):
        return unnamed(gold) and unnamed(answer)
    assert answer is not None
    if len(answer.split()) == 1:
        return family(answer) in {family(word) for word in gold.split()}
    return family(gold) == family(answer)


def evaluate(rows: list[Row], news: Path = NEWS) -> list[tuple[Row, str | None, bool]]:
    """Return (row, storyline's speaker, right?) for each row that is not 'unclear'."""
    out = []
    for row in rows:
        if row.gold == "unclear":
            continue
        quote = find_quote(row, news)
        answer = quote.speaker if quote is not None else None
        out.append((row, answer, quote is not None and same(row.gold, answer)))
    return out


def main(argv: list[str] | None = None) -> int:
    """Print accuracy per part and, if asked, the errors."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=["fit", "check"], action="append")
    ap.add_argument("--errors", action="store_true", help="list the wrong rows")
    ap.add_argument("--news", type=Path, default=NEWS, help="giveme5w1h news_cluster/data")
    args = ap.parse_args(argv)
    rows = load()
    for part in args.part or ["fit", "check"]:
        results = evaluate([r for r in rows if r.part == part], args.news)
        right = sum(ok for _, _, ok in results)
        print(f"{part}: {right}/{len(results)} right = {right / max(1, len(results)):.3f}")
        for row, answer, ok in results if args.errors else []:
            if not ok:
                print(f"  {row.doc[:10]} @{row.start} {row.prefix[:30]!r}: {row.gold} <- {answer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
