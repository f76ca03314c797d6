"""Learn a source's boilerplate: lines repeated across its otherwise unrelated articles."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from urllib.parse import urlsplit

import xxhash

from storyline.clean.shape import normalize_site, site_key
from storyline.models import Article, CleanedText

MIN_DOCS = 3  # a line must recur in this many unrelated articles of one source
MAX_PROFILE_DOCS = 500  # articles per source read to learn its profile (bounds memory)
NEAR_COPY_SHARE = 0.3  # articles sharing this share of their lines are copies, not a site template
WARMUP = 2000  # articles buffered by clean_articles to learn profiles before cleaning


def line_key(line: str) -> int:
    """Hash a line for boilerplate lookup (case, digits, spacing and links folded)."""
    return _hash_normalized(normalize_site(line))


def _hash_normalized(key: str) -> int:
    return xxhash.xxh64_intdigest(key.encode())


@dataclass(frozen=True)
class SiteProfile:
    """The boilerplate lines of one source, as hashes of their normalised text."""

    lines: frozenset[int] = field(default_factory=frozenset)
    docs: int = 0  # articles the profile was learned from

    def __contains__(self, line: object) -> bool:
        """Tell whether a line is one of this source's boilerplate lines."""
        return isinstance(line, str) and line_key(line) in self.lines

    def holds_normalized(self, key: str) -> bool:
        """Tell whether an already normalised line (a Shape key) is a boilerplate line."""
        # normalising is idempotent, so hashing the folded key equals line_key of the line
        return _hash_normalized(site_key(key)) in self.lines


def learn_site_profile(texts: Iterable[str], *, min_docs: int = MIN_DOCS) -> SiteProfile:
    """Learn the lines repeated across at least min_docs unrelated texts of one source."""
    docs = [
        frozenset(line_key(ln) for ln in text.split("\n") if ln.strip())
        for text in islice(texts, MAX_PROFILE_DOCS)
    ]
    holders: defaultdict[int, list[int]] = defaultdict(list)
    counts = Counter(h for d in docs for h in d)
    for k, d in enumerate(docs):
        for h in d:
            if counts[h] >= min_docs:
                holders[h].append(k)
    boiler = frozenset(h for h, ks in holders.items() if _independent(ks, docs, h) >= min_docs)
    return SiteProfile(lines=boiler, docs=len(docs))


def _independent(holders: list[int], docs: list[frozenset[int]], line: int) -> int:
    """Count the holders of a line that are not near copies of one another."""
    picked: list[frozenset[int]] = []
    for k in holders:
        d = docs[k]
        if all(_copy_share(d, p, line) < NEAR_COPY_SHARE for p in picked):
            picked.append(d)
    return len(picked)


def _copy_share(a: frozenset[int], b: frozenset[int], line: int) -> float:
    """Return the share of lines two texts have in common besides the given one."""
    small = min(len(a), len(b)) - 1
    return (len(a & b) - 1) / small if small > 0 else 0.0


def source_key(article: Article) -> str | None:
    """Return the key whose profile applies to an article: its source, else its URL's host."""
    if article.source:
        return article.source.lower()
    if article.url:
        host = urlsplit(article.url).hostname
        return host.lower() if host else None
    return None


# HTML extraction already dropped navigation and promos; only cross-page evidence is left to use.
EXTRACTED_REASONS = frozenset({"site-boilerplate", "off-topic"})


def learn_profiles(
    articles: Iterable[Article],
    *,
    min_docs: int = MIN_DOCS,
    only: Collection[str] | None = None,
) -> dict[str, SiteProfile]:
    """Learn one profile per source that has at least min_docs articles (only: these sources)."""
    by_source: defaultdict[str, list[str]] = defaultdict(list)
    for a in articles:
        key = source_key(a)
        if key is None or (only is not None and key not in only):
            continue
        if len(by_source[key]) < MAX_PROFILE_DOCS:
            by_source[key].append(a.text)
    return {
        key: learn_site_profile(texts, min_docs=min_docs)
        for key, texts in by_source.items()
        if len(texts) >= min_docs
    }


def clean_articles(
    articles: Iterable[Article],
    *,
    profiles: Mapping[str, SiteProfile] | None = None,
    warmup: int = WARMUP,
) -> Iterator[tuple[Article, CleanedText]]:
    """Clean articles; without given profiles, learn them from the first `warmup` articles."""
    from storyline.clean.text import clean_text  # text imports this module

    stream = iter(articles)
    head: list[Article] = []
    if profiles is None:
        head = list(islice(stream, warmup))
        profiles = learn_profiles(head)
    for article in _chain(head, stream):
        key = source_key(article)
        profile = profiles.get(key) if key is not None else None
        reasons = EXTRACTED_REASONS if article.raw_format in ("html", "warc") else None
        yield article, clean_text(article.text, profile=profile, reasons=reasons)


def _chain(first: list[Article], rest: Iterator[Article]) -> Iterator[Article]:
    """Yield the buffered articles, releasing each, then the rest of the stream."""
    first.reverse()
    while first:
        yield first.pop()
    yield from rest
