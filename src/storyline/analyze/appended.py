"""Text glued onto the end of an article that the rest of the story never speaks of.

A content farm appends a press release or another story to a repost; an outlet ends a page with
its copyright notice. The cleaner, which sees one article, keeps such a tail when it cannot tell
it from the article's last paragraphs. The story can: none of the tail's distinctive words (the
words outside English's most frequent) appear in the story's other articles or before the tail
in its own, not one of its sentences. Such a tail is not what the version adds to the story, nor
a development of it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from storyline.analyze.align import Sentence

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@dataclass(frozen=True)
class AppendedConfig:
    """When an article's last added sentences are text glued on, not part of the story."""

    common: int = 20_000  # English's most frequent words say nothing of what a text is about
    min_words: int = 5  # distinctive words a tail needs before it is judged
    after: int = 12  # words after the run that still leave it the article's tail
    before: int = 40  # words of the article before it: a tail is glued onto something
    carried: float = 0.5  # share of those other articles carry: glued onto a copy


@lru_cache(maxsize=4)  # a pure function of the list size: wordfreq's table, loaded once
def common_words(size: int) -> frozenset[str]:
    """Return English's `size` most frequent words (wordfreq, offline)."""
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", size))


def distinctive(text: str, common: frozenset[str]) -> frozenset[str]:
    """Return a text's lowercased words of three letters or more outside the common ones."""
    words = (w.lower() for w in _WORD.findall(text) if len(w) > 2)
    return frozenset(w for w in words if w not in common)


def unrelated_tails(
    texts: Mapping[str, str],
    own: Mapping[str, Sequence[Sentence]],
    config: AppendedConfig | None = None,
) -> dict[str, tuple[Sentence, ...]]:
    """Return, per article, the run of its own last sentences the rest of the story never uses.

    own: each article's sentences no other article carries, in text order (align.additions).
    """
    config = config or AppendedConfig()
    if len(texts) < 2:
        return {}
    common = common_words(config.common)
    vocab: dict[str, frozenset[str]] = {}  # each text's distinctive words, once a tail is judged
    texts_with: Counter[str] = Counter()  # how many texts use each distinctive word
    out: dict[str, tuple[Sentence, ...]] = {}
    for article_id, sentences in own.items():
        text = texts[article_id]
        run = _last_run(sentences, text, config.after)
        if not run or len(text[run[-1].end :].split()) > config.after:
            continue
        if not _glued_onto_copy(text, sentences, run[0].start, config):
            continue
        if not vocab:
            vocab = {k: distinctive(t, common) for k, t in texts.items()}
            texts_with.update(w for words in vocab.values() for w in words)
        in_story = partial(
            _used_elsewhere,
            before=distinctive(text[: run[0].start], common),
            mine=vocab[article_id],
            texts_with=texts_with,
        )
        tail = _unrelated_end(run, in_story, common)
        if len(distinctive(" ".join(s.text for s in tail), common)) >= config.min_words:
            out[article_id] = tail
    return out


def _used_elsewhere(
    word: str, *, before: frozenset[str], mine: frozenset[str], texts_with: Counter[str]
) -> bool:
    """Tell whether the story uses a word before the tail or in another article."""
    return word in before or texts_with[word] > (word in mine)


def _unrelated_end(
    run: Sequence[Sentence], in_story: Callable[[str], bool], common: frozenset[str]
) -> tuple[Sentence, ...]:
    """Return the sentences after the run's last one that uses a distinctive word of the story."""
    for k in range(len(run) - 1, -1, -1):
        if any(map(in_story, distinctive(run[k].text, common))):
            return tuple(run[k + 1 :])
    return tuple(run)


def _glued_onto_copy(
    text: str, own: Sequence[Sentence], start: int, config: AppendedConfig
) -> bool:
    """Tell whether the text before `start` is long and mostly carried by other articles.

    A content farm glues its extra onto a copy; an outlet's own report whose last paragraphs
    turn to background is its own text throughout, and its tail is its own to add.
    """
    before = len(text[:start].split())
    unique = sum(len(s.text.split()) for s in own if s.end <= start)
    return before >= config.before and unique <= (1 - config.carried) * before


def _last_run(sentences: Sequence[Sentence], text: str, gap: int) -> tuple[Sentence, ...]:
    """Return the last run of sentences with at most `gap` words of other text between them."""
    run: list[Sentence] = []
    for s in reversed(sentences):
        if run and len(text[s.end : run[-1].start].split()) > gap:
            break
        run.append(s)
    return tuple(reversed(run))
