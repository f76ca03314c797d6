"""Measure quote and speaker extraction on PolNeAR (brat standoff Source/Cue/Content spans).

Gold: the first annotator's .ann file of each text (sorted by name). A gold attribution is a
*direct quote* when at least half of its content's characters lie inside quotation marks.

- recall: share of gold direct quotes with a predicted quote whose parts overlap the content and
  whose speaker matches the gold source;
- precision: share of predicted quotes whose parts overlap the content of some gold attribution
  (direct or not) with a matching speaker;
- a speaker matches when the predicted speaker span overlaps the gold Source span, or the last
  word of the predicted canonical speaker occurs in the gold Source text; a null speaker or a
  fragment (see --fragments) never matches a gold source.

"content" figures ignore the speaker (quote detection only). Tune on train, report dev.

--fragments PART runs extract_quotes on the giveme5w1h articles of one part (fit | check, by
event, benchmarks/splits.py) and reports the *speaker-fragment rate*: the share of non-null
speakers that are neither a name (capitalised words, not a function word, found in the text) nor
a role or institution phrase (a description whose words include a person, role or institution
noun, e.g. "a White House spokesman", "the report"); the fragments are listed for reading.

    python benchmarks/quotes_bench.py --split dev
    python benchmarks/quotes_bench.py --split train --limit 200 --errors 20
    python benchmarks/quotes_bench.py --fragments check
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from storyline.analyze.entities import find_mentions
from storyline.analyze.names import gazetteer
from storyline.analyze.quotes import Quote, extract_quotes

POLNEAR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear" / "data"
GIVEME = POLNEAR.parents[1] / "giveme5w1h-news-cluster" / "news_cluster" / "data"
# fmt: off
CONNECTING = frozenset((
    "of", "de", "du", "da", "del", "der", "von", "van", "al", "bin", "ibn", "la", "le", "the",
    "and", "for",
))
# Capitalised words that start a sentence but never a name: a speaker made of one is a fragment.
FUNCTION_CAPS = frozenset((
    "The", "A", "An", "In", "On", "At", "By", "For", "From", "With", "To", "Of", "One", "Another",
    "Some", "More", "Most", "Once", "Last", "Despite", "This", "That", "These", "Those", "It",
    "Its", "He", "She", "They", "We", "I", "You", "His", "Her", "Their", "Our", "Several", "Many",
    "Both", "Each", "Every", "If", "When", "While", "After", "Before", "But", "And", "Or", "So",
    "Yet", "Here", "There", "Where", "What", "Who", "Why", "How",
))
# fmt: on
QUOTE_CHARS = '"“”„«»‟'


@dataclass(frozen=True)
class Gold:
    """One gold attribution: content spans, source spans (may be empty) and cue text."""

    content: tuple[tuple[int, int], ...]
    source: tuple[tuple[int, int], ...]
    cue: str
    direct: bool


@dataclass
class Doc:
    """One PolNeAR text with its gold attributions."""

    name: str
    text: str
    gold: list[Gold] = field(default_factory=list)


def _spans(field_text: str) -> tuple[tuple[int, int], ...]:
    """Parse '12 20;25 30' into span pairs."""
    return tuple((int(a), int(b)) for a, b in (p.split() for p in field_text.split(";")))


def quoted_share(text: str, spans: tuple[tuple[int, int], ...]) -> float:
    """Return the share of non-space characters of spans that lie inside quotation marks."""
    inside = total = 0
    for a, b in spans:
        is_open = False
        for ch in text[a:b]:
            if ch in QUOTE_CHARS:
                is_open = not is_open
                continue
            if not ch.isspace():
                total += 1
                inside += is_open
    return inside / total if total else 0.0


def _parse_ann(text: str, ann: str) -> list[Gold]:
    """Read the attributions of one brat .ann file."""
    spans: dict[str, tuple[str, tuple[tuple[int, int], ...]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if len(cols) < 2 or not re.fullmatch(r"[TE]\d+", cols[0]):
            continue
        if cols[0][0] == "T":
            kind, _, rest = cols[1].partition(" ")
            spans[cols[0]] = (kind, _spans(rest))
        else:
            events.append(dict(role.split(":", 1) for role in cols[1].split()))
    gold = []
    for ev in events:
        content = spans.get(ev.get("Content", ""), ("", ()))[1]
        if not content:
            continue
        source = spans.get(ev.get("Source", ""), ("", ()))[1]
        cue = " ".join(text[a:b] for a, b in spans.get(ev.get("Cue", ""), ("", ()))[1])
        gold.append(Gold(content, source, cue, quoted_share(text, content) >= 0.5))
    return gold


def load_polnear(split: str, root: Path = POLNEAR) -> list[Doc]:
    """Load one split: each text with its first annotator's attributions."""
    docs: dict[str, Doc] = {}
    for ann_path in sorted((root / split / "attributions").glob("*.ann")):
        name = ann_path.stem.rsplit("_", 1)[0]
        if name in docs:
            continue
        text = (root / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        docs[name] = Doc(name, text, _parse_ann(text, ann_path.read_text(encoding="utf-8")))
    return list(docs.values())


def _overlap(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> bool:
    """Tell whether any span of a overlaps any span of b."""
    return any(x < d and c < y for x, y in a for c, d in b)


def speaker_matches(text: str, q: Quote, g: Gold) -> bool:
    """Tell whether a predicted speaker agrees with a gold source."""
    if not g.source:
        return q.speaker is None
    if q.speaker is None:  # no speaker given: a span alone does not say who spoke
        return False
    if speaker_kind(q.speaker, text) == "fragment":  # 'The' is no answer, whatever its span
        return False
    if q.speaker_span is not None and _overlap((q.speaker_span,), g.source):
        return True
    if not q.speaker:
        return False
    source_words = {w.lower() for a, b in g.source for w in re.findall(r"\w+", text[a:b])}
    last = re.findall(r"\w+", q.speaker)
    return bool(last) and last[-1].lower() in source_words


@dataclass
class Counts:
    """Tallies behind precision and recall."""

    predicted: int = 0
    pred_ok: int = 0
    pred_content_ok: int = 0
    gold_direct: int = 0
    gold_found: int = 0
    gold_content_found: int = 0

    def report(self) -> str:
        """Render P/R/F1 with and without the speaker."""

        def prf(tp_p: int, tp_r: int) -> str:
            p = tp_p / self.predicted if self.predicted else 0.0
            r = tp_r / self.gold_direct if self.gold_direct else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return f"P={p:.3f} R={r:.3f} F1={f:.3f}"

        return (
            f"predicted {self.predicted}, gold direct quotes {self.gold_direct}, "
            f"right with speaker {self.pred_ok} / found {self.gold_found}\n"
            f"(speaker, content): {prf(self.pred_ok, self.gold_found)}\n"
            f"content only:       {prf(self.pred_content_ok, self.gold_content_found)}"
        )


def score(docs: list[Doc], errors: list[str] | None = None) -> Counts:
    """Run extract_quotes on every doc and tally matches; collect error lines if asked."""
    counts = Counts()
    for doc in docs:
        quotes = extract_quotes(doc.text)
        for q in quotes:
            parts = q.parts or (q.quote_span,)
            hits = [g for g in doc.gold if _overlap(parts, g.content)]
            counts.predicted += 1
            counts.pred_content_ok += bool(hits)
            ok = any(speaker_matches(doc.text, q, g) for g in hits)
            counts.pred_ok += ok
            if errors is not None and not ok:
                errors.append(_describe("FP", doc, q, hits))
        for g in doc.gold:
            if not g.direct:
                continue
            counts.gold_direct += 1
            hits = [q for q in quotes if _overlap(q.parts or (q.quote_span,), g.content)]
            counts.gold_content_found += bool(hits)
            found = any(speaker_matches(doc.text, q, g) for q in hits)
            counts.gold_found += found
            if errors is not None and not found:
                errors.append(_describe("FN", doc, hits[0] if hits else None, [g]))
    return counts


def _describe(kind: str, doc: Doc, q: Quote | None, golds: list[Gold]) -> str:
    """Render one error for reading."""
    text = doc.text
    lines = [f"--- {kind} {doc.name}"]
    if q is not None:
        sp = text[q.speaker_span[0] : q.speaker_span[1]] if q.speaker_span else None
        lines.append(f"  pred speaker={q.speaker!r} span={sp!r} cue={q.cue!r} text={q.text[:90]!r}")
    for g in golds[:2]:
        src = " ".join(text[a:b] for a, b in g.source)
        a, b = g.content[0][0], g.content[-1][1]
        lines.append(f"  gold source={src!r} cue={g.cue!r} content={text[a:b][:90]!r}")
        lo = min([a, *(s for s, _ in g.source)]) - 60
        hi = max([b, *(e for _, e in g.source)]) + 60
        lines.append(f"  context={text[max(0, lo) : hi]!r}")
    return "\n".join(lines)


def _speaker_heads() -> frozenset[str]:
    """Read the person, role and institution nouns from this checkout's words.txt."""
    path = Path(__file__).resolve().parents[1] / "src/storyline/analyze/data/words.txt"
    section = path.read_text(encoding="utf-8").split("[speaker_heads]", 1)[1].split("[", 1)[0]
    return frozenset(section.split())


def speaker_kind(speaker: str, text: str) -> str:
    """Classify a predicted speaker: name, role (role or institution phrase) or fragment."""
    words = re.findall(r"[^\W_]+(?:[-'’.][^\W_]+)*\.?", speaker)
    if not words or len(words) > 14:
        return "fragment"
    if len(words) > 1 and words[0] == "The":  # 'The Telegraph'
        words = words[1:]
    capitalised = all(w[0].isupper() or w[0].isdigit() or w in CONNECTING for w in words)
    lowered = text.lower()
    # A lone capitalised word the text also writes in lowercase ("Word", "Doctors") is no name.
    common = len(words) == 1 and re.search(rf"\b{re.escape(words[0].lower())}\b", text)
    if (
        capitalised
        and words[0] not in FUNCTION_CAPS
        and all(w.lower() in lowered for w in words)
        and not common
    ):
        return "name"
    heads = _speaker_heads()
    if any(
        w.lower() in heads or w.lower().rstrip("s") in heads or w.endswith("-year-old")
        for w in words
    ):
        return "role"
    return "fragment"


def fragments(part: str) -> int:
    """Report the speaker-fragment rate of extract_quotes on one part of giveme5w1h."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from splits import part_of  # benchmarks/ is a folder of scripts, not a package

    kinds: dict[str, int] = {"name": 0, "role": 0, "fragment": 0, "none": 0}
    bad: list[str] = []
    files = sorted(GIVEME.glob("*.json"))
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if part_of("giveme5w1h", str(doc["newsCluster"]["EventId"])) != part:
            continue
        text = doc.get("text") or ""
        for q in extract_quotes(text):
            kind = "none" if q.speaker is None else speaker_kind(q.speaker, text)
            kinds[kind] += 1
            if kind == "fragment":
                bad.append(f"  {q.speaker!r} <- {q.text[:60]!r}")
    given = kinds["name"] + kinds["role"] + kinds["fragment"]
    total = given + kinds["none"]
    print(f"giveme5w1h {part}: {total} quotes, {given} with a speaker: {kinds}")
    print(
        f"speaker-fragment rate {kinds['fragment'] / max(given, 1):.3f}, "
        f"no speaker {kinds['none'] / max(total, 1):.3f}"
    )
    print("\n".join(bad))
    return 0


def pronoun_cases(doc: Doc) -> list[tuple[str, int, int, str]]:
    """Return (new text, content start, content end, family name) for de-named attributions.

    A direct quote whose source is a name already written earlier in the text ('Christie
    added') gets its source replaced by he/she (the person's gender from the given-name list);
    the resolver must find the person again.
    """
    persons = [m for m in find_mentions(doc.text) if m.type == "PERSON" and " " in m.name]
    cases = []
    for g in doc.gold:
        if not g.direct or len(g.source) != 1:
            continue
        a, b = g.source[0]
        words = doc.text[a:b].split()
        if not 1 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
            continue
        family = words[-1]
        earlier = [m for m in persons if m.end <= a and m.name.split()[-1] == family]
        gender = gazetteer().gender(earlier[-1].name.split()[0]) if earlier else "u"
        if gender == "u" or not (g.content[0][0] > b or g.content[-1][1] < a):
            continue
        pronoun = "he" if gender == "m" else "she"
        if a == 0 or doc.text[a - 1] in ".\n" or doc.text[max(0, a - 2) : a] in (". ", "\n\n"):
            pronoun = pronoun.title()
        shift = len(pronoun) - (b - a)
        text = doc.text[:a] + pronoun + doc.text[b:]
        c0, c1 = g.content[0][0], g.content[-1][1]
        if c0 > b:
            c0, c1 = c0 + shift, c1 + shift
        cases.append((text, c0, c1, family))
    return cases


def pronouns(split: str) -> int:
    """Report how often a de-named speaker pronoun resolves back to the right person."""
    right = wrong = missed = 0
    for doc in load_polnear(split):
        for text, c0, c1, family in pronoun_cases(doc):
            hits = [
                q for q in extract_quotes(text) if _overlap(q.parts or (q.quote_span,), ((c0, c1),))
            ]
            if not hits:
                missed += 1
            elif hits[0].speaker and hits[0].speaker.split()[-1] == family:
                right += 1
            else:
                wrong += 1
    total = right + wrong
    print(
        f"PolNeAR {split} de-named speakers: {total + missed} cases, quote found {total}; "
        f"pronoun resolved right {right / max(total, 1):.3f} ({right}/{total})"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark on one split and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["train", "dev"])
    parser.add_argument("--limit", type=int, default=0, help="use the first N texts only")
    parser.add_argument("--errors", type=int, default=0, help="print N random errors")
    parser.add_argument("--fragments", choices=["fit", "check"], help="giveme5w1h fragment rate")
    parser.add_argument("--pronouns", action="store_true", help="de-named speaker resolution")
    args = parser.parse_args(argv)
    if args.pronouns:
        return pronouns(args.split)
    if args.fragments:
        return fragments(args.fragments)
    if not POLNEAR.is_dir():
        print(f"PolNeAR not found at {POLNEAR}", file=sys.stderr)
        return 2
    docs = load_polnear(args.split)
    if args.limit:
        docs = docs[: args.limit]
    errors: list[str] | None = [] if args.errors else None
    started = time.perf_counter()
    counts = score(docs, errors)
    elapsed = time.perf_counter() - started
    chars = sum(len(d.text) for d in docs)
    print(
        f"PolNeAR {args.split}: {len(docs)} texts, {chars / 1e6:.2f} M chars, "
        f"{elapsed:.1f} s ({chars / 1e3 / max(elapsed, 1e-9):.0f} k chars/s)"
    )
    print(counts.report())
    if errors:
        for line in random.Random(0).sample(errors, min(args.errors, len(errors))):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
