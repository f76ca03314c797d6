"""Measure entity extraction on the hand-labelled paragraphs (tests/analyze/fixtures_entities).

Each paragraph is run through extract_entities alone; a predicted entity matches a gold one when
its name or one of its aliases equals the gold name or one of its accepted names (case-folded),
one to one. Reported: precision and recall per type (a match of the wrong type counts as a miss
for both types) and for detection regardless of type. The seeds' entities are listed too.

    python benchmarks/entities_eval.py
    python benchmarks/entities_eval.py --show-errors
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


def main(argv: list[str] | None = None) -> int:
    """Print P/R per type on the labelled paragraphs and the seeds' entities."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args(argv)
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
    if SEEDS.is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        top = extract_entities(texts)[:12]
        print("seeds:", ", ".join(f"{e.name} ({e.type} {e.count})" for e in top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
