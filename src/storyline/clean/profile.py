"""Learn a source's boilerplate: lines repeated across its otherwise unrelated articles.

Besides whole lines, a profile holds chrome that a site appends to lines: a short tail after a
finished sentence that recurs on several lines of a page and on several unrelated pages of the
site, such as a gallery's caption counter ("... at the Tropicana. Hide Caption 14 of 30").
"""

from __future__ import annotations

import re
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
MAX_TAIL_TOKENS = 6  # a chrome tail is this short ("Hide Caption 14 of 30")
MIN_TAIL_TOKENS = 2
MIN_TAIL_LINES = 2  # lines of one page that must end with the tail
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")
_TOKEN = re.compile(r"\S+")
_DIGITS = re.compile(r"0+")  # digits are already folded to 0


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
    tails: frozenset[int] = field(default_factory=frozenset)  # chrome appended to sentences

    def __contains__(self, line: object) -> bool:
        """Tell whether a line is one of this source's boilerplate lines."""
        return isinstance(line, str) and line_key(line) in self.lines

    def holds_normalized(self, key: str) -> bool:
        """Tell whether an already normalised line (a Shape key) is a boilerplate line."""
        # normalising is idempotent, so hashing the folded key equals line_key of the line
        return _hash_normalized(site_key(key)) in self.lines

    def tail_start(self, line: str) -> int | None:
        """Return where a chrome tail of the line starts (an offset into it), or None."""
        if not self.tails:
            return None
        for start, tail in line_tails(line):
            if tail_key(tail) in self.tails:
                return start
        return None


def tail_key(tail: str) -> int:
    """Hash a tail for lookup: as line_key, each run of digits folded to one ("14 of 30")."""
    return _hash_normalized(_DIGITS.sub("0", normalize_site(tail)))


def line_tails(line: str) -> list[tuple[int, str]]:
    """Return the candidate chrome tails of a line, longest first, with their offsets.

    A tail follows a finished sentence and holds none of its own ("... the Tropicana. Hide
    Caption 14 of 30"): the end of a sentence is never a candidate.
    """
    if _SENTENCE_END.search(line):
        return []
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(line)]
    out: list[tuple[int, str]] = []
    for k in range(min(MAX_TAIL_TOKENS, len(tokens) - 1), MIN_TAIL_TOKENS - 1, -1):
        start = tokens[-k][0]
        if _SENTENCE_END.search(tokens[-k - 1][1]) and not any(
            _SENTENCE_END.search(t) for _, t in tokens[-k:-1]
        ):
            out.append((start, line[start:]))
    return out


def learn_site_profile(texts: Iterable[str], *, min_docs: int = MIN_DOCS) -> SiteProfile:
    """Learn the lines repeated across at least min_docs unrelated texts of one source."""
    texts_kept = list(islice(texts, MAX_PROFILE_DOCS))
    docs = [frozenset(line_key(ln) for ln in text.split("\n") if ln.strip()) for text in texts_kept]
    holders: defaultdict[int, list[int]] = defaultdict(list)
    counts = Counter(h for d in docs for h in d)
    for k, d in enumerate(docs):
        for h in d:
            if counts[h] >= min_docs:
                holders[h].append(k)
    boiler = frozenset(h for h, ks in holders.items() if _independent(ks, docs, h) >= min_docs)
    return SiteProfile(lines=boiler, docs=len(docs), tails=_learn_tails(texts_kept, docs, min_docs))


def _learn_tails(texts: list[str], docs: list[frozenset[int]], min_docs: int) -> frozenset[int]:
    """Learn the tails that end several lines of a page on min_docs unrelated pages."""
    holders: defaultdict[int, list[int]] = defaultdict(list)
    for k, text in enumerate(texts):
        counts = Counter(
            tail_key(tail) for ln in text.split("\n") for _, tail in line_tails(ln.strip())
        )
        for h, n in counts.items():
            if n >= MIN_TAIL_LINES:
                holders[h].append(k)
    return frozenset(
        h
        for h, ks in holders.items()
        if len(ks) >= min_docs and _independent(ks, docs, -1) >= min_docs
    )


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
        yield (
            article,
            clean_text(article.text, profile=profile, reasons=reasons, title=article.title),
        )


def _chain(first: list[Article], rest: Iterator[Article]) -> Iterator[Article]:
    """Yield the buffered articles, releasing each, then the rest of the stream."""
    first.reverse()
    while first:
        yield first.pop()
    yield from rest
