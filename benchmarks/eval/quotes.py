"""Quote rows on PolNeAR (train = fit, dev = check), scored as benchmarks/quotes_bench.py does.

storyline is analyze.quotes.extract_quotes; the baseline is a regex floor: every passage of
3+ words between double quotation marks is a quote, its speaker the capitalised name (or
pronoun) next to a said/says/told/added cue right after or before it, in the same sentence.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.quotes_bench import POLNEAR, Doc, load_polnear, speaker_matches
from storyline.analyze.quotes import extract_quotes

from .core import Row, bootstrap, skipped

_QUOTED = re.compile(r"[\"“]([^\"“”\n]{1,1500})[\"”]")
_NAME = r"((?:[A-Z][\w.'-]*\s){0,3}[A-Z][\w'-]+|he|she|they|He|She|They)"
_AFTER = re.compile(r"^[,\s]{0,3}" + _NAME + r"\s(?:said|says|told|added|wrote)\b")
_AFTER_CUE = re.compile(r"^[,\s]{0,3}(?:said|says|told|added|wrote)\s" + _NAME)
_BEFORE = re.compile(_NAME + r"\s(?:said|says|told|added|wrote)[,:]?\s{0,3}$")
WINDOW = 60  # characters looked at on each side of a quote for its speaker


@dataclass(frozen=True)
class FloorQuote:
    """A quote found by the regex floor (the attributes quotes_bench's scoring reads)."""

    text: str
    speaker: str | None
    speaker_span: tuple[int, int] | None
    quote_span: tuple[int, int]
    cue: str | None = None
    parts: tuple[tuple[int, int], ...] = ()


def regex_quotes(text: str) -> list[FloorQuote]:
    """Find quoted passages of 3+ words and a nearby named speaker."""
    out = []
    for m in _QUOTED.finditer(text):
        if len(m.group(1).split()) < 3:
            continue
        span = _speaker(text, m.start(), m.end())
        speaker = text[span[0] : span[1]] if span else None
        out.append(FloorQuote(m.group(1), speaker, span, (m.start(), m.end()), None, (m.span(1),)))
    return out


def _speaker(text: str, start: int, end: int) -> tuple[int, int] | None:
    after = text[end : end + WINDOW]
    for pattern in (_AFTER, _AFTER_CUE):
        if m := pattern.search(after):
            return end + m.start(1), end + m.end(1)
    before_start = max(0, start - WINDOW)
    if m := _BEFORE.search(text[before_start:start]):
        return before_start + m.start(1), before_start + m.end(1)
    return None


def tallies(doc: Doc, quotes: Sequence[object]) -> tuple[int, ...]:
    """Return (predicted, pred_ok, pred_content_ok, gold_direct, found, content_found)."""
    predicted = pred_ok = pred_content = gold_direct = found = content_found = 0
    for q in quotes:
        hits = [g for g in doc.gold if _overlap(_parts(q), g.content)]
        predicted += 1
        pred_content += bool(hits)
        pred_ok += any(speaker_matches(doc.text, q, g) for g in hits)  # type: ignore[arg-type]
    for g in doc.gold:
        if g.direct:
            gold_direct += 1
            hits = [q for q in quotes if _overlap(_parts(q), g.content)]
            content_found += bool(hits)
            found += any(speaker_matches(doc.text, q, g) for q in hits)  # type: ignore[arg-type]
    return predicted, pred_ok, pred_content, gold_direct, found, content_found


def _parts(q: object) -> tuple[tuple[int, int], ...]:
    return getattr(q, "parts", ()) or (getattr(q, "quote_span"),)  # noqa: B009


def _overlap(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> bool:
    return any(x < d and c < y for x, y in a for c, d in b)


def f1(counts: Sequence[tuple[int, ...]], idx: Sequence[int], speaker: bool) -> float:
    """Return quote F1 (with the speaker or content only) over the docs idx."""
    sums = [sum(counts[i][k] for i in idx) for k in range(6)]
    predicted, gold = sums[0], sums[3]
    p = (sums[1] if speaker else sums[2]) / predicted if predicted else 0.0
    r = (sums[4] if speaker else sums[5]) / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def run(part: str, limit: int | None) -> list[Row]:
    """Score storyline's quotes and the regex floor on PolNeAR's part."""
    split = {"fit": "train", "check": "dev"}[part]
    if not (POLNEAR / split).is_dir():
        return [skipped("quotes", "polnear", part, "missing")]
    docs = load_polnear(split)[:limit]
    ours, s_sec = _timed(docs, extract_quotes)
    base, b_sec = _timed(docs, regex_quotes)
    rows = []
    for metric, speaker in (("content_f1", False), ("speaker_content_f1", True)):
        ci, dci = bootstrap(
            len(docs), lambda i, s=speaker: f1(ours, i, s), lambda i, s=speaker: f1(base, i, s)
        )
        every = range(len(docs))
        rows.append(
            Row(
                "quotes",
                "polnear",
                part,
                metric,
                units=len(docs),
                storyline=f1(ours, every, speaker),
                baseline=f1(base, every, speaker),
                ci=ci,
                delta_ci=dci,
                seconds=s_sec,
                baseline_seconds=b_sec,
            )
        )
    return rows


def _timed(
    docs: list[Doc], finder: Callable[[str], Sequence[object]]
) -> tuple[list[tuple[int, ...]], float]:
    started = time.perf_counter()
    found = [finder(d.text) for d in docs]
    seconds = time.perf_counter() - started
    return [tallies(d, q) for d, q in zip(docs, found, strict=True)], seconds
