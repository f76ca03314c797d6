"""Clean a stream of articles: learn site profiles from the first ones, then clean each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice

from storyline.clean.profile import (
    EXTRACTED_REASONS,
    WARMUP,
    SiteProfile,
    learn_profiles,
    source_key,
)
from storyline.clean.text import clean_text
from storyline.clean.tokens import WordCodes
from storyline.models import Article, CleanedText


def clean_articles(
    articles: Iterable[Article],
    *,
    profiles: Mapping[str, SiteProfile] | None = None,
    warmup: int = WARMUP,
) -> Iterator[tuple[Article, CleanedText]]:
    """Clean articles; without given profiles, learn them from the first `warmup` articles."""
    stream = iter(articles)
    head: list[Article] = []
    if profiles is None:
        head = list(islice(stream, warmup))
        profiles = learn_profiles(head)
    codes = WordCodes()  # one memo of word codes for the whole stream
    for article in _chain(head, stream):
        key = source_key(article)
        profile = profiles.get(key) if key is not None else None
        reasons = EXTRACTED_REASONS if article.raw_format in ("html", "warc") else None
        yield (
            article,
            clean_text(
                article.text, profile=profile, reasons=reasons, title=article.title, codes=codes
            ),
        )


def _chain(first: list[Article], rest: Iterator[Article]) -> Iterator[Article]:
    """Yield the buffered articles, releasing each, then the rest of the stream."""
    first.reverse()
    while first:
        yield first.pop()
    yield from rest
