"""Summary rows: does a story's cited summary say what the outlets themselves say it is about?

Reference: each giveme5w1h article's `description` (the outlet's own one- or two-sentence
summary, from the page's metadata; never shown to storyline, which reads title and text). Each
gold event with two or more articles is analysed as one story (clean_text + analyze_story), so
the summary is judged without clustering's errors; its lines are scored against the
descriptions of the event's articles:

- rouge1_recall / rouge2_recall: the share of a description's content words (word pairs)
  that the summary also uses, averaged over the event's descriptions, then over events;
- unended_lines: the share of summary lines that do not end a sentence (no . ! ? before
  closing quotes or brackets): photo captions, embedded posts, bullet points, headlines.

Baseline: the lead of the event's earliest article (its first sentences, as many words as
storyline's summary has), the classic news-summary baseline.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Sequence

import justext

from storyline.analyze.align import split_sentences
from storyline.analyze.provenance import StoryArticle
from storyline.analyze.story import analyze_story
from storyline.clean import clean_text
from storyline.dates import sort_key

from .cluster import limit_events
from .core import Row, bootstrap, skipped
from .data import DATA, Record, giveme_records

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_ENDED = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
_STOP = frozenset(justext.get_stoplist("English"))


def content_words(text: str) -> list[str]:
    """Return a text's lowercased words, stop words left out."""
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP]


def recall(summary: str, reference: str, n: int) -> float | None:
    """Return the share of the reference's content n-grams the summary has (None: empty ref)."""
    ref, ours = _grams(content_words(reference), n), _grams(content_words(summary), n)
    total = sum(ref.values())
    return sum((ref & ours).values()) / total if total else None


def _grams(words: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def ended(line: str) -> bool:
    """Tell whether a summary line ends a sentence."""
    return bool(_ENDED.search(line))


def lead(records: Sequence[Record], texts: dict[str, str], words: int) -> str:
    """Return the first sentences of the earliest article, up to about `words` words."""
    first = min(records, key=lambda r: (sort_key(r.published), r.id))
    text = texts[first.id]
    out: list[str] = []
    for start, end in split_sentences(text):
        out.append(text[start:end])
        if len(" ".join(out).split()) >= words:
            break
    return " ".join(out)


def event_scores(members: Sequence[Record], descriptions: dict[str, str]) -> dict[str, float]:
    """Analyse one event as a story; return its summary's and the lead baseline's scores."""
    texts = {r.id: clean_text(r.text).text for r in members}
    articles = [
        StoryArticle(r.id, texts[r.id], source=r.source, published=r.published, title=r.title,
                     url=r.url, raw_text=r.text)
        for r in members
    ]  # fmt: skip
    lines = [line.sentence for line in analyze_story(members[0].label, articles).summary]
    ours = " ".join(lines)
    base = lead(members, texts, len(ours.split()))
    refs = [descriptions[r.id] for r in members if descriptions.get(r.id)]
    out = {"unended": sum(not ended(x) for x in lines) / len(lines) if lines else 0.0}
    for n in (1, 2):
        for name, text in (("ours", ours), ("base", base)):
            got = [s for s in (recall(text, ref, n) for ref in refs) if s is not None]
            out[f"{name}{n}"] = sum(got) / len(got) if got else 0.0
    return out


def run(part: str, limit: int | None) -> list[Row]:
    """Score the summaries of giveme5w1h's gold events of a part against the descriptions."""
    records = giveme_records(part)
    if not records:
        return [skipped("summary", "giveme5w1h", part, "missing")]
    records = limit_events(records, limit)
    descriptions = giveme_descriptions()
    events = sorted({r.label for r in records})
    started = time.perf_counter()
    scores = []
    for event in events:
        members = [r for r in records if r.label == event]
        if len(members) >= 2:
            scores.append(event_scores(members, descriptions))
    seconds = time.perf_counter() - started
    rows = []
    for metric, key in (("rouge1_recall", "1"), ("rouge2_recall", "2"), ("unended_lines", "")):
        mine = [s[f"ours{key}"] if key else s["unended"] for s in scores]
        theirs = [s[f"base{key}"] for s in scores] if key else None
        ci, delta = bootstrap(
            len(mine),
            lambda idx, v=mine: sum(v[i] for i in idx) / len(idx),
            None if theirs is None else (lambda idx, v=theirs: sum(v[i] for i in idx) / len(idx)),
        )
        rows.append(Row(
            "summary", "giveme5w1h", part, metric, len(mine), sum(mine) / len(mine), ci,
            None if theirs is None else sum(theirs) / len(theirs), delta, seconds, 0.0,
            "gold events of 2+ articles; reference: each article's own description; "
            "baseline: lead of the earliest article",
        ))  # fmt: skip
    return rows


def giveme_descriptions() -> dict[str, str]:
    """Return each giveme5w1h article's description (its page's own summary), by id."""
    folder = DATA / "giveme5w1h-news-cluster" / "news_cluster" / "data"
    out = {}
    for path in sorted(folder.glob("*.json")):
        text = json.loads(path.read_text(encoding="utf-8")).get("description") or ""
        if text.strip() and text.strip() != "None":
            out[path.stem] = " ".join(text.split())
    return out
