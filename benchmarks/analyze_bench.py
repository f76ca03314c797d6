"""Measure story analysis speed (articles/s) on the giveme5w1h news clusters, step by step.

Each labelled event of ../shared/data/giveme5w1h-news-cluster is one story (383 articles, 69 events,
sizes 1-19). Texts are cleaned first (not timed). Every story is analysed whole with
`analyze_story`; the per-step split (align, provenance, summary, quotes, entities) is timed
separately on the same stories. `--big N` also times one synthetic story of N articles (the events'
articles plus lightly edited copies of them) to show how the quadratic steps scale.

    python benchmarks/analyze_bench.py                 # all events
    python benchmarks/analyze_bench.py --limit 10      # the first 10 events, quick
    python benchmarks/analyze_bench.py --big 200
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storyline.analyze.align import align
from storyline.analyze.entities import extract_entities
from storyline.analyze.provenance import StoryArticle, build_provenance
from storyline.analyze.quotes import extract_quotes, merge_quotes
from storyline.analyze.story import analyze_story
from storyline.analyze.summary import summarise
from storyline.clean import clean_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "giveme5w1h-news-cluster"


def load_stories(limit: int | None) -> dict[str, list[StoryArticle]]:
    """Read the news-cluster articles grouped by event, cleaned."""
    stories: dict[str, list[StoryArticle]] = defaultdict(list)
    for path in sorted((DATA / "news_cluster" / "data").glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        raw = d.get("text") or ""
        stories[str(d["newsCluster"]["EventId"])].append(
            StoryArticle(
                id=d["dId"][:16],
                text=clean_text(raw).text,
                source=d.get("source_domain"),
                published=d.get("date_publish"),
                title=d.get("title"),
                url=d.get("url"),
                raw_text=raw,
            )
        )
    keys = sorted(stories, key=int)[:limit]
    return {k: stories[k] for k in keys}


def big_story(
    stories: dict[str, list[StoryArticle]], size: int, seed: int = 7
) -> list[StoryArticle]:
    """Build one story of `size` articles: real ones plus copies with a sentence dropped."""
    rng = random.Random(seed)
    pool = [a for arts in stories.values() for a in arts]
    out = []
    for n in range(size):
        base = rng.choice(pool)
        lines = base.text.split("\n")
        if len(lines) > 2:
            lines.pop(rng.randrange(len(lines)))
        out.append(
            StoryArticle(
                f"big-{n}",
                "\n".join(lines),
                source=f"site{n % 13}.example",
                published=base.published,
                title=base.title,
                raw_text=base.text,
            )
        )
    return out


def timed(label: str, totals: dict[str, float], func: Callable[[], Any]) -> Any:
    """Run func, adding its wall time to totals[label]."""
    start = time.perf_counter()
    result = func()
    totals[label] += time.perf_counter() - start
    return result


def steps(articles: list[StoryArticle], totals: dict[str, float]) -> None:
    """Run each analysis step of one story, timing each."""
    texts = {a.id: a.text for a in articles}
    al = timed("align", totals, lambda: align(texts))
    prov = timed("provenance", totals, lambda: build_provenance(articles, al))
    timed("summary", totals, lambda: summarise(al, prov, {a.id: a.title for a in articles}))
    timed(
        "quotes",
        totals,
        lambda: merge_quotes({a.id: extract_quotes(a.text) for a in articles}, texts),
    )
    timed("entities", totals, lambda: extract_entities(texts.values()))


def main() -> None:
    """Time the analysis and print articles/s, the step split and what it found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="analyse only the first N events")
    parser.add_argument("--big", type=int, default=0, help="also time one story of N articles")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"{DATA} is missing: the benchmark needs ../shared/data")
    stories = load_stories(args.limit)
    docs = sum(len(a) for a in stories.values())
    roles: Counter[str] = Counter()
    cited = lines = 0
    start = time.perf_counter()
    for story_id, articles in stories.items():
        result = analyze_story(story_id, articles)
        roles.update(a.role for a in result.articles)
        lines += len(result.summary)
        cited += sum(len(s.article_ids) > 1 for s in result.summary)
    elapsed = time.perf_counter() - start
    print(
        f"stories {len(stories)}, articles {docs}: {elapsed:.2f}s, {docs / elapsed:.1f} articles/s"
    )
    print("roles:", dict(roles.most_common()))
    print(f"summary lines {lines}, cited by more than one article {cited}")
    totals: dict[str, float] = defaultdict(float)
    for articles in stories.values():
        steps(articles, totals)
    print("steps (s):", {k: round(v, 2) for k, v in totals.items()})
    if args.big:
        story = big_story(stories, args.big)
        start = time.perf_counter()
        result = analyze_story("big", story)
        elapsed = time.perf_counter() - start
        print(
            f"one story of {args.big} articles: {elapsed:.2f}s "
            f"({args.big / elapsed:.1f} articles/s), roles "
            f"{dict(Counter(a.role for a in result.articles))}"
        )


if __name__ == "__main__":
    main()
