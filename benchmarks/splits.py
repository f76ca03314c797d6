"""The fixed fit/check split of every labelled dataset in ../shared/data.

Settings (thresholds, weights, word lists, rules) are chosen on the *fit* part only; every
figure storyline reports comes from the *check* part. The split is a pure function of an
item's stable id (a page id, an event id, a topic), so it never changes with the order files
are listed in, needs no stored list, and a new item falls on a side of its own.

| dataset | unit that is split | fit | check |
|---|---|---|---|
| scrapinghub | page id (sha256) | hash parity 0 | hash parity 1 |
| html-extraction-dev/readability | page name | hash parity 0 | hash parity 1 |
| html-extraction-dev/cleaneval-dev | page number | hash parity 0 | hash parity 1 |
| giveme5w1h | event id (a whole event on one side) | hash parity 0 | hash parity 1 |
| ecbplus-train-dev | upstream split (a whole topic on one side) | ECB_Train | ECB_Dev |
| scrapinghub-events (our labels) | event (a page alone: its id) | hash parity 0 | hash parity 1 |
| polnear | upstream split | train | dev |

    python benchmarks/splits.py          # print the sizes of every part
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Literal

Part = Literal["fit", "check"]
SALT = "storyline-split-v1"


def part_of(dataset: str, key: str) -> Part:
    """Return the part ('fit' or 'check') that the item `key` of `dataset` belongs to."""
    if dataset == "ecbplus":
        return "check" if key.lower() == "dev" else "fit"
    if dataset == "polnear":
        return "check" if key.lower() == "dev" else "fit"
    digest = hashlib.sha256(f"{SALT}|{dataset}|{key}".encode()).digest()
    return "check" if digest[0] & 1 else "fit"


def select(dataset: str, keys: Iterable[str], part: Part | None) -> list[str]:
    """Return the keys of `part` (all of them when part is None), in the order given."""
    return [k for k in keys if part is None or part_of(dataset, k) == part]


def _main() -> None:
    import csv
    import json
    import tarfile
    from pathlib import Path

    data = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    sh = data / "scrapinghub-article-extraction-benchmark" / "ground-truth.json"
    if sh.exists():
        ids = list(json.loads(sh.read_text()))
        print("scrapinghub", {p: len(select("scrapinghub", ids, p)) for p in ("fit", "check")})
    for name in ("readability", "cleaneval-dev"):
        tar = data / "html-extraction-dev" / f"{name}.tar.xz"
        if tar.exists():
            with tarfile.open(tar) as tf:
                pages = [Path(m.name).stem for m in tf if "/input/" in m.name and m.isfile()]
            print(name, {p: len(select(name, pages, p)) for p in ("fit", "check")})
    idx = data / "giveme5w1h-news-cluster" / "news_cluster_index.tsv"
    if idx.exists():
        with idx.open() as fh:
            events = [row["EventId"] for row in csv.DictReader(fh, delimiter="\t")]
        sizes = {p: len(select("giveme5w1h", events, p)) for p in ("fit", "check")}
        print("giveme5w1h articles", sizes)


if __name__ == "__main__":
    _main()
