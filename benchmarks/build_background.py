"""Build the background document-frequency table that clustering starts from.

    python benchmarks/build_background.py [--data ../shared/data]

Reads PolNeAR's article texts (train and dev: 924 articles of US election coverage from seven
outlets, 2015-16) and writes src/storyline/cluster/data/background_df.tsv: for each stemmed
term and each name the engine extracts, how many of those articles contain it (at least
MIN_DOCS). Counts only, no text. Rebuild it whenever features.py changes what it extracts;
tests/cluster/test_background.py fails until you do.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from storyline.cluster.background import TABLE, count_keys, format_table

SOURCE = "PolNeAR v1.0 train+dev texts (github.com/networkdynamics/PolNeAR c3eee83)"
OUT = Path(__file__).resolve().parents[1] / "src" / "storyline" / "cluster" / "data" / TABLE


def background_texts(data: Path) -> list[Path]:
    """List the background articles, in a fixed order."""
    root = data / "polnear" / "data"
    paths = sorted(p for split in ("train", "dev") for p in (root / split / "text").glob("*.txt"))
    if not paths:
        raise SystemExit(f"no PolNeAR texts under {root}: pass --data pointing at ../shared/data")
    return paths


def build(data: Path) -> str:
    """Return the table text for the PolNeAR articles under data."""
    docs, counts = count_keys(p.read_text(encoding="utf-8") for p in background_texts(data))
    return format_table(docs, counts, SOURCE)


def main() -> None:
    """Write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    text = build(args.data)
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {text.count(chr(10)) - 2} keys")


if __name__ == "__main__":
    main()
