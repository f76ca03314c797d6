"""Measure entity extraction on the hand-labelled paragraphs (tests/analyze/fixtures_entities).

Each paragraph is run through extract_entities alone; a predicted entity matches a gold one when
its name or one of its aliases equals the gold name or one of its accepted names (case-folded),
one to one. Reported: precision and recall per type (a match of the wrong type counts as a miss
for both types) and for detection regardless of type. The seeds' entities are listed too.

--typing scores the types of the most-mentioned names of the giveme5w1h *check* events
(tests/analyze/fixtures_entities/typing_check.jsonl: the union of the top six names of the
previous and the current extractor per event, each labelled by hand PERSON, ORG, PLACE or NONE
for events, products, works and junk; some names accept two types, e.g. a city that stands for
its team). A name the extractor does not return (or only as an alias) counts as NONE / the
alias's entity type.

    python benchmarks/entities_eval.py
    python benchmarks/entities_eval.py --show-errors
    python benchmarks/entities_eval.py --typing
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from storyline.analyze.entities import Entity, extract_entities

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "analyze" / "fixtures_entities" / "paragraphs.jsonl"
SEEDS = ROOT.parent / "shared" / "data" / "seeds"
TYPING = ROOT / "tests" / "analyze" / "fixtures_entities" / "typing_check.jsonl"
GIVEME = ROOT.parent / "shared" / "data" / "giveme5w1h-news-cluster" / "news_cluster" / "data"
TYPES = ("PERSON", "ORG", "PLACE")


@dataclass
class Tally:
    """Matches, predictions and gold entries per type ('ANY' ignores the type)."""

    tp: Counter[str] = field(default_factory=Counter)
    pred: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)

    def prf(self, kind: str) -> tuple[float, float, float]:
        """Return precision, recall and F1 for one type (or ANY)."""
        p = self.tp[kind] / self.pred[kind] if self.pred[kind] else 0.0
        r = self.tp[kind] / self.gold[kind] if self.gold[kind] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_paragraphs(path: Path = FIXTURE) -> list[dict[str, object]]:
    """Read the labelled paragraphs."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _names(entity: Entity) -> set[str]:
    """Return the case-folded names a predicted entity goes by."""
    return {n.casefold() for n in (entity.name, *entity.aliases)}


def score_paragraph(
    predicted: list[Entity], gold: list[dict[str, object]], tally: Tally, errors: list[str]
) -> None:
    """Match one paragraph's predictions to its gold entities and add to the tally."""
    unmatched = list(predicted)
    for g in gold:
        accepted = {str(n).casefold() for n in [g["name"], *g.get("also", [])]}  # type: ignore[list-item]
        tally.gold[str(g["type"])] += 1
        tally.gold["ANY"] += 1
        hit = next((p for p in unmatched if _names(p) & accepted), None)
        if hit is None:
            errors.append(f"  missed {g['name']} ({g['type']})")
            continue
        unmatched.remove(hit)
        tally.tp["ANY"] += 1
        if hit.type == g["type"]:
            tally.tp[str(g["type"])] += 1
        else:
            errors.append(f"  wrong type {hit.name}: {hit.type}, gold {g['type']}")
    for p in unmatched:
        errors.append(f"  spurious {p.name} ({p.type})")
    for p in predicted:
        tally.pred[p.type] += 1
        tally.pred["ANY"] += 1


def evaluate(paragraphs: list[dict[str, object]], show: bool = False) -> Tally:
    """Run extract_entities on each paragraph and tally the matches."""
    tally = Tally()
    for para in paragraphs:
        errors: list[str] = []
        predicted = extract_entities([str(para["text"])])
        score_paragraph(predicted, para["entities"], tally, errors)  # type: ignore[arg-type]
        if show and errors:
            print(f"# {para['id']} {para['event']}")
            print("\n".join(errors))
    return tally


def _part(event: str) -> str:
    """Return the split part (fit | check) of a giveme5w1h event named by its label."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from splits import part_of  # benchmarks/ is a folder of scripts, not a package

    index = GIVEME.parent.parent / "news_cluster_index.tsv"
    for line in index.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if cols[2] == event:
            return part_of("giveme5w1h", cols[1])
    return "unknown"


def _event_texts() -> dict[int, list[str]]:
    """Return the giveme5w1h article texts by event id."""
    events: dict[int, list[str]] = {}
    for path in sorted(GIVEME.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        events.setdefault(int(doc["newsCluster"]["EventId"]), []).append(doc.get("text") or "")
    return events


def _predicted_type(entities: list[Entity], name: str) -> str:
    """Return the type the extractor gives a name (by name, then alias), NONE if absent."""
    for e in entities:
        if e.name == name:
            return e.type
    return next((e.type for e in entities if name in e.aliases), "NONE")


def typing(show: bool) -> int:
    """Score entity types on the hand-labelled names of the giveme5w1h check events."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from splits import part_of  # benchmarks/ is a folder of scripts, not a package

    labels = [json.loads(line) for line in TYPING.read_text(encoding="utf-8").splitlines()]
    events = _event_texts()
    right, confusion = 0, Counter[tuple[str, str]]()
    for eid in dict.fromkeys(x["event_id"] for x in labels):
        assert part_of("giveme5w1h", str(eid)) == "check", eid
        entities = extract_entities(events[eid])
        for item in (x for x in labels if x["event_id"] == eid):
            got = _predicted_type(entities, item["name"])
            right += got in item["types"]
            confusion[(item["types"][0], got)] += 1
            if show and got not in item["types"]:
                print(f"  {eid} {item['name']}: {got}, gold {'|'.join(item['types'])}")
    print(f"typing on giveme5w1h check events: {right}/{len(labels)} = {right / len(labels):.3f}")
    for gold in (*TYPES, "NONE"):
        row = {got: n for (g, got), n in confusion.items() if g == gold}
        print(f"  gold {gold:6} -> {row}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Print P/R per type on the labelled paragraphs and the seeds' entities."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--typing", action="store_true", help="types on the check events")
    args = parser.parse_args(argv)
    if args.typing:
        return typing(args.show_errors)
    paragraphs = load_paragraphs()
    started = time.perf_counter()
    tally = evaluate(paragraphs, show=args.show_errors)
    elapsed = time.perf_counter() - started
    print(
        f"{len(paragraphs)} labelled paragraphs, {tally.gold['ANY']} gold entities, "
        f"{elapsed * 1000:.0f} ms"
    )
    for kind in (*TYPES, "ANY"):
        p, r, f = tally.prf(kind)
        print(
            f"{kind:7} P={p:.3f} R={r:.3f} F1={f:.3f}  "
            f"(gold {tally.gold[kind]}, predicted {tally.pred[kind]}, correct {tally.tp[kind]})"
        )
    for part in ("fit", "check"):
        chosen = [p for p in paragraphs if _part(str(p["event"])) == part]
        if chosen:
            p, r, f = evaluate(chosen).prf("ANY")
            print(f"{part} events ({len(chosen)} paragraphs): ANY P={p:.3f} R={r:.3f} F1={f:.3f}")
    if SEEDS.is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        top = extract_entities(texts)[:12]
        print("seeds:", ", ".join(f"{e.name} ({e.type} {e.count})" for e in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
