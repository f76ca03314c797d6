"""What each precision guard of the topic test costs in junk recall (clean_eval's synthetic set).

Off-topic articles are over nine tenths of the inserted junk's characters, so synthetic recall
moves with the topic test (storyline.clean.topic). Each row relaxes one guard of TopicConfig and
reports, on the chosen part, recall and precision on the giveme5w1h hosts and precision on the
scrapinghub gold-body hosts (every removed host character there is reporting lost):

- thresholds: the block tests (size, article left, cohesion, shares) let every foreign block pass;
- roundup: more than max_units unrelated pieces no longer stops the test;
- inside: a foreign block inside the article goes as if it ended the text;
- all three at once: the ceiling of any block-level decision while the story-names veto holds
  (that veto cannot be relaxed through TopicConfig, and issue 21 requires it).

    python benchmarks/clean_ablate.py --part fit
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import replace

import clean_eval as ce
from storyline.clean import clean_text, learn_site_profile
from storyline.clean.topic import TopicConfig

OPEN_BLOCKS = {
    "min_block_terms": 0,
    "min_paragraph_terms": 0,
    "min_article_terms": 0,
    "min_cohesion": 0.0,
    "max_block_share": 1.0,
    "max_rest_share": 1.0,
}
ROUNDUP = {"max_units": 10**9}
INSIDE = {"min_inside_terms": 0, "max_inside_share": 1.0}
ROWS: dict[str, dict[str, float]] = {
    "today": {},
    "thresholds": OPEN_BLOCKS,
    "roundup": ROUNDUP,
    "inside": INSIDE,
    "all three": {**OPEN_BLOCKS, **ROUNDUP, **INSIDE},
}


def scores(docs: list[ce.Doc], cfg: TopicConfig) -> dict[str, object]:
    """Clean the docs with a topic config (profiles per source); return clean_eval's scores."""
    by_source = defaultdict(list)
    for d in docs:
        by_source[d.source].append(d.text)
    profiles = {s: learn_site_profile(t) for s, t in by_source.items() if len(t) >= 3}
    cleaned = {
        d.key: clean_text(d.text, profile=profiles.get(d.source), topic=cfg, title=d.title)
        for d in docs
    }
    return ce.score(docs, cleaned, 0)


def main() -> None:
    """Print one row per relaxed guard."""
    ap = argparse.ArgumentParser(description="Cost of the topic test's guards in junk recall.")
    ap.add_argument("--part", choices=["fit", "check"], default="fit")
    args = ap.parse_args()
    pages, urls, bodies = ce.harvest(args.part)
    hosts = {
        "giveme5w1h": ce.build(ce.load_articles(args.part), pages, urls, 0),
        "scrapinghub": ce.build(bodies, pages, urls, 0),
    }
    for name, relaxed in ROWS.items():
        cfg = replace(TopicConfig(), **relaxed)
        g, s = (scores(docs, cfg) for docs in hosts.values())
        row = {
            "relaxed": name,
            "recall": g["recall"],
            "off_topic_recall": g["recall_by_class"]["off-topic"],  # type: ignore[index]
            "precision": g["precision"],
            "scrapinghub_precision": s["precision"],
        }
        print(json.dumps(row))


if __name__ == "__main__":
    main()
