"""Time `analyze_story` in this process over the stories of a store, and hash what it returns.

For an A/B of two versions of the code on the same inputs (run both, alternate, compare CPU s
and check that the digests are equal):

    PYTHONPATH=old/src python benchmarks/analyze_store_ab.py RUN/store/storyline.db
    PYTHONPATH=new/src python benchmarks/analyze_store_ab.py RUN/store/storyline.db

The store is e.g. the one `benchmarks/e2e_bench.py --keep` leaves. Reading the stories is not
timed; --limit N takes a seeded sample of N stories; --single only the one-article stories.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import time

from storyline.analyze.run import load_story_articles
from storyline.analyze.story import analyze_story
from storyline.store import Store


def main() -> None:
    """Load the stories, analyse each once, print CPU s, stories and the output digest."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--limit", type=int, default=0, help="seeded sample of N stories")
    parser.add_argument("--single", action="store_true", help="one-article stories only")
    args = parser.parse_args()
    with Store.open(args.db) as store:
        jobs = [
            (s["id"], load_story_articles(store, s["article_ids"])) for s in store.list_stories()
        ]
    if args.single:
        jobs = [j for j in jobs if len(j[1]) == 1]
    if args.limit:
        jobs = random.Random(1).sample(jobs, min(args.limit, len(jobs)))
    digest = hashlib.md5()
    started = time.process_time()
    for story_id, articles in jobs:
        data = analyze_story(story_id, articles).to_json()
        digest.update(json.dumps(data, sort_keys=True).encode())
    seconds = time.process_time() - started
    print(f"cpu {seconds:.2f} s, {len(jobs)} stories, digest {digest.hexdigest()}")


if __name__ == "__main__":
    main()
