"""Document frequencies of a background news corpus: IDF that knows news before the first article.

A corpus of a few hundred articles is too small to say which words are common. Counted from
it alone, "people" and "officials" weigh like rare words, while a story's own name ("Equifax",
in every report of it) is common *in that corpus* and weighs little. Starting the counts from
about a thousand other news articles fixes both. On a long feed the corpus's own counts soon
outweigh the background: after 100,000 articles it is 1 % of the table.

The table holds only counts (key, number of background articles containing it), no text. It
is built by `benchmarks/build_background.py` from the same features the engine extracts, so
its keys are the engine's keys: stemmed terms, and names under ENTITY_PREFIX.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from storyline.cluster.features import extract
from storyline.cluster.vectors import DocFreq
from storyline.errors import StorylineError

TABLE = "background_df.tsv"
MIN_DOCS = 2  # keys in fewer background articles are left out: one article's names are noise


@dataclass(frozen=True)
class Background:
    """A background corpus's size, its keys' document frequencies, and what it was."""

    docs: int
    counts: Mapping[str, int]
    source: str
    digest: str  # changes whenever the table does: stored stories are then clustered again

    def under(self, freq: DocFreq) -> DocFreq:
        """Put this background under document frequencies (not stored with them)."""
        freq.prior_docs, freq.prior = self.docs, self.counts
        return freq


def count_keys(texts: Iterable[str]) -> tuple[int, Counter[str]]:
    """Count, over article texts, how many contain each term and each name."""
    docs, counts = 0, Counter[str]()
    for text in texts:
        counts.update(extract("", text, None).df_keys())
        docs += 1
    return docs, counts


def format_table(docs: int, counts: Mapping[str, int], source: str) -> str:
    """Render a background table: a header, then one "key<TAB>count" line per kept key."""
    kept = sorted((k, n) for k, n in counts.items() if n >= MIN_DOCS and "\t" not in k)
    lines = [f"# source\t{source}", f"# docs\t{docs}", *(f"{k}\t{n}" for k, n in kept)]
    return "\n".join(lines) + "\n"


def parse_table(text: str) -> Background:
    """Read a table written by format_table."""
    header: dict[str, str] = {}
    counts: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        key, sep, value = line.partition("\t")
        if key.startswith("# ") and sep:
            header[key[2:]] = value
        elif sep and value.isdigit():
            counts[key] = int(value)
        else:
            raise StorylineError(f"{TABLE} line {number}: expected 'key<TAB>count', got {line!r}")
    if not header.get("docs", "").isdigit():
        raise StorylineError(f"{TABLE}: the '# docs<TAB>N' header line is missing")
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()
    source = header.get("source", "")
    return Background(int(header["docs"]), MappingProxyType(counts), source, digest)


@lru_cache(maxsize=1)
def load_background() -> Background:
    """Return the packaged background table (read once per process; it never changes)."""
    data = resources.files("storyline.cluster").joinpath("data").joinpath(TABLE)
    return parse_table(data.read_text("utf-8"))
