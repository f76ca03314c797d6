"""Build and score a hard-negative check set: different events of the same kind, close in time.

Two parts, reported separately:
  * real: groups of giveme5w1h events of one kind (North Korea, attacks, airline incidents,
    space launches, crypto, NFL, Apple, sky watching, German New Year's Eve) taken from the
    shared data; each group's events are different events that share a topic vocabulary;
  * synthetic: for each kind of cluster_synth (earthquake, shooting, election, plane crash,
    wildfire, acquisition, storm, verdict) three distinct events within three days, in different
    countries and places with different people, each reported by 3-8 outlets in their own words.

A third part: recurring events, three of each kind in one place (same town and country,
other people and numbers) some weeks or months apart. A follow-up after a silence names its
story's people again; the town's next earthquake shares only the town and the country.

The score of a part: how many same-group event pairs end up sharing a story (must be 0), the
share of cross-event article pairs put together, and B-cubed P/R/F1 over the part.

    python benchmarks/cluster_hardneg.py [--data ../shared/data/giveme5w1h-news-cluster]
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

from cluster_synth import KINDS, EventStream

# Same-kind giveme5w1h events: (group name, EventIds). Different events, shared vocabulary.
REAL_GROUPS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("north korea", (70, 71, 19, 34)),
    ("attacks and shootings", (64, 68, 73)),
    ("germany new year's eve", (69, 21)),
    ("airline incidents", (10, 14, 38, 39)),
    ("space", (49, 18, 47, 32, 46, 48)),
    ("crypto", (63, 23)),
    ("nfl", (13, 43, 44)),
    ("apple", (57, 25, 59)),
    ("night sky", (33, 16)),
)

Record = dict[str, str]


def real_set(data_dir: Path) -> list[Record]:
    """Load the giveme5w1h articles of the same-kind event groups."""
    wanted = {event: name for name, events in REAL_GROUPS for event in events}
    out = []
    for path in sorted((data_dir / "news_cluster" / "data").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        event = int(doc["newsCluster"]["EventId"])
        if event in wanted:
            out.append(
                {
                    "id": doc["dId"],
                    "title": doc.get("title") or "",
                    "text": doc.get("text") or "",
                    "published": doc.get("date_publish") or "",
                    "source": doc.get("source_domain") or "",
                    "event": str(event),
                    "group": wanted[event],
                }
            )
    return out


def synthetic_set(seed: int = 11, *, per_kind: int = 3, spread_days: int = 3) -> list[Record]:
    """Draw per_kind distinct events of every kind within spread_days, with their reports."""
    stream = EventStream(seed)
    start = datetime(2024, 3, 4)
    out = []
    for kind in sorted(KINDS):
        used: dict[str, set[str]] = {}
        for _ in range(per_kind):
            day = start + timedelta(days=stream.rng.randint(0, spread_days))
            event = stream.event(kind, day, avoid=used)
            event.reports = stream.rng.randint(3, 8)
            for index in range(event.reports):
                out.append({**stream.report(event, index), "group": kind})
    return out


def recurring_set(gaps: tuple[int, ...], seed: int = 7) -> list[Record]:
    """Draw, for every kind, events in one place gaps days apart, with their reports."""
    stream = EventStream(seed)
    start = datetime(2024, 3, 4)
    out = []
    for kind in sorted(KINDS):
        used: dict[str, set[str]] = {}
        first = None
        for gap in gaps:
            event = stream.event(kind, start + timedelta(days=gap), avoid=used)
            first = first or event
            event.slots["place"], event.slots["country"] = (
                first.slots["place"],
                first.slots["country"],
            )
            event.reports = stream.rng.randint(3, 8)
            for index in range(event.reports):
                out.append({**stream.report(event, index), "group": kind})
    return out


def score(records: list[Record], story_of: Mapping[str, str]) -> dict[str, object]:
    """Count merged same-group event pairs, cross-event article pairs put together, B-cubed."""
    events_of: dict[str, set[str]] = {}
    for rec in records:
        events_of.setdefault(story_of.get(rec["id"], "single:" + rec["id"]), set()).add(
            rec["event"]
        )
    merged = {
        tuple(sorted(pair))
        for events in events_of.values()
        for pair in itertools.combinations(events, 2)
    }
    group_of = {rec["event"]: rec["group"] for rec in records}
    events_in: dict[str, set[str]] = {}
    for event, group in group_of.items():
        events_in.setdefault(group, set()).add(event)
    pairs = [tuple(sorted(p)) for g in events_in.values() for p in itertools.combinations(g, 2)]
    bad = sorted(p for p in pairs if p in merged)
    cross = together = 0
    for a, b in itertools.combinations(records, 2):
        if a["event"] != b["event"] and a["group"] == b["group"]:
            cross += 1
            together += story_of.get(a["id"], a["id"]) == story_of.get(b["id"], b["id"])
    p, r, f = bcubed({x["id"]: x["event"] for x in records}, story_of)
    return {
        "event_pairs": len(pairs),
        "merged_pairs": len(bad),
        "merged": [list(x) for x in bad],
        "cross_pairs_together": round(together / cross, 4) if cross else 0.0,
        "bcubed_p": round(p, 4),
        "bcubed_r": round(r, 4),
        "bcubed_f1": round(f, 4),
    }


def bcubed(gold: Mapping[str, str], story_of: Mapping[str, str]) -> tuple[float, float, float]:
    """Return B-cubed precision, recall and F1 (articles without a story are singletons)."""
    pred = {a: story_of.get(a, "single:" + a) for a in gold}
    gsize, psize = Counter(gold.values()), Counter(pred.values())
    both = Counter((gold[a], pred[a]) for a in gold)
    p = sum(both[(gold[a], pred[a])] / psize[pred[a]] for a in gold) / len(gold)
    r = sum(both[(gold[a], pred[a])] / gsize[gold[a]] for a in gold) / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    """Write the check set as JSON lines (for inspection or other tools)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/giveme5w1h-news-cluster"))
    parser.add_argument("--part", choices=("real", "synthetic"), default="synthetic")
    args = parser.parse_args()
    records = real_set(args.data) if args.part == "real" else synthetic_set()
    for rec in records:
        print(json.dumps(rec, ensure_ascii=False))


if __name__ == "__main__":
    main()
