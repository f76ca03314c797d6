"""Name candidates read through the line and run memos equal a fresh scan of every line."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyze import mentions
from storyline.analyze.mention_cues import context_cue
from storyline.analyze.mentions import MAX_RUN_WORDS, Candidate, candidates
from storyline.analyze.names import cap_runs, tokenize
from support import corpus_gen

PARAGRAPHS = Path(__file__).parent / "fixtures_entities" / "paragraphs.jsonl"


def fresh(text: str) -> list[Candidate]:
    """Scan every line's runs in the text itself, as candidates() did before its memos.

    An untyped candidate (no headline word) has the context cue read next to it in the text.
    """
    found: list[Candidate] = []
    for start, end in mentions._lines(text):
        tokens = tokenize(text, start, end)
        words = [t for t in tokens if t.text[0].isalpha()]  # title case: a headline
        headline = len(words) >= 4 and sum(t.is_cap for t in words) >= 0.7 * len(words)
        for run in cap_runs(text, tokens):
            for at in range(0, len(run), MAX_RUN_WORDS):
                piece = run[at : at + MAX_RUN_WORDS]
                found.extend(mentions._scan_run(text, piece, headline=headline))
    return [replace(c, cue=_cue(text, c)) for c in found]


def _cue(text: str, c: Candidate) -> str:
    """Return the context cue of a candidate: read next to it when it is untyped."""
    untyped = c.type is None and c.how != "headline"
    return context_cue(text, c.start, c.end) if untyped else ""


def test_news_paragraphs_give_the_fresh_candidates() -> None:
    for line in PARAGRAPHS.read_text("utf-8").splitlines():
        text = json.loads(line)["text"]
        assert candidates(text) == fresh(text)


def test_generated_articles_give_the_fresh_candidates() -> None:
    # Copies repeat lines and names recur across articles: the memos are hit, in new contexts.
    rows = corpus_gen().generate(300, seed=11)
    for row in rows:
        text = str(row["text"])
        assert candidates(text) == fresh(text)


# Words that make names, titles, aliases, connectors, cues and the marks around them.
_WORDS = [
    "President",
    "Xi",
    "Jinping",
    "said",
    "Mr.",
    "Mrs",
    "Gen.",
    "U.S.",
    "US",
    "New",
    "York",
    "Stock",
    "Exchange",
    "University",
    "of",
    "Liverpool",
    "Lynn",
    "Fox",
    "Biden's",
    "Jones’s",
    "Korean",
    "People's",
    "Army",
    "the",
    "and",
    "de",
    "la",
    "Ministry",
    "Police",
    "NATO",
    "eBay",
    "SpaceX",
    "who",
    "told",
    "in",
    "at",
    "-based",
    "Secretary",
    "State",
    "Antony",
    "Blinken",
    "LAS",
    "VEGAS",
    "Monday",
    "The",
    "Director",
    "Company",
    "Inc.",
    "Jr.",
    "X",
    "Kim",
    "Jong-un",
    "Erdoğan",
    "Bastille",
    "Day",
    "shares",
    "magazine",
    "added",
    "‘",
    "“",
    "Biden's's",
    "X's",
    "U.S.A",
    "A.B.C",
    "G7",
    "2024",
    "St",
    "ÉMIGRÉS",
    "Kelzegal-Peabxabel",
    "there",
    "rest",
    "y",
    "yes",
    "ex-President",
    "well-known",
    "don't",
    "etc",
    "vs",
    "café",
    "abcDef",
    "x2",
    "_x",
]
_GAPS = [
    " ",
    " ",
    " ",
    "  ",
    "\xa0",
    ", ",
    ". ",
    "\n",
    "\n\n",
    ": ",
    " (",
    ") ",
    "'s ",
    "\r\n",
    "-",
    "'",
    "’",
    "&",
    ".",
    "",
]


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Draw a text of name-like words: lines and runs that repeat, in varied contexts."""
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40))
    gaps = draw(st.lists(st.sampled_from(_GAPS), min_size=len(words), max_size=len(words)))
    text = "".join(w + g for w, g in zip(words, gaps, strict=True))
    return text + "\n" + text[: draw(st.integers(0, len(text)))]  # a (partly) repeated copy


@settings(max_examples=300, deadline=None)
@given(texts())
def test_memoised_candidates_equal_a_fresh_scan(text: str) -> None:
    assert candidates(text) == fresh(text)


def test_long_lines_and_runs_are_scanned_without_the_memos() -> None:
    # Lines and runs longer than MEMO_CHARS bypass the memos (bounded memory): same candidates.
    line = "President Xi Jinping told Reuters in New York. " * (mentions.MEMO_CHARS // 40)
    run = " ".join(["Kelzegal", "P" + "eab" * mentions.MEMO_CHARS])  # one long word
    for text in (line, f"{run} said.\n{line}\nThe {run}'s"):
        assert candidates(text) == fresh(text)
