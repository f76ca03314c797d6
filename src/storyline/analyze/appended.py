"""Text glued onto the end of an article that the rest of the story never speaks of.

A content farm appends a press release or another story to a repost; an outlet ends a page with
its copyright notice. The cleaner, which sees one article, keeps such a tail when it cannot tell
it from the article's last paragraphs. The story can: no sentence of the tail uses a distinctive
word (outside English's most frequent) or a name that the story's other articles, or the
article before the tail, use. Such a tail is not what the version adds to the story, nor a
development of it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from storyline.analyze.align import Sentence
from storyline.analyze.texts import StoryTexts, casefolded_words

_NAME = re.compile(r"\b[A-Z][a-z]+")


@dataclass(frozen=True)
class AppendedConfig:
    """When an article's last added sentences are text glued on, not part of the story."""

    common: int = 20_000  # English's most frequent words say nothing of what a text is about
    everyday: int = 1_000  # a capitalised word beyond these is a name ("Michael", "Wales")
    min_words: int = 5  # distinctive words a tail needs before it is judged
    after: int = 12  # words after the run that still leave it the article's tail
    before: int = 40  # words of the article before it: a tail is glued onto something
    carried: float = 0.5  # share of those other articles carry: glued onto a copy


@lru_cache(maxsize=4)  # a pure function of the list size: wordfreq's table, loaded once
def common_words(size: int) -> frozenset[str]:
    """Return English's `size` most frequent words (wordfreq, offline)."""
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", size))


@dataclass(frozen=True)
class _Vocabulary:
    """The words that tie a text to a story: distinctive words and capitalised names."""

    common: frozenset[str]
    everyday: frozenset[str]

    def of(self, text: str, words: Iterable[str] | None = None) -> frozenset[str]:
        """Return a text's distinctive words and names (words: its casefolded words, if known)."""
        found = distinctive(casefolded_words(text) if words is None else words, self.common)
        names = {w.casefold() for w in _NAME.findall(text)}
        return found | {w for w in names if w not in self.everyday}


def distinctive(words: Iterable[str], common: frozenset[str]) -> frozenset[str]:
    """Return the words of three letters or more, letters only, outside the common ones."""
    return frozenset(w for w in set(words) if len(w) > 2 and w.isalpha() and w not in common)


def unrelated_tails(
    texts: Mapping[str, str],
    own: Mapping[str, Sequence[Sentence]],
    config: AppendedConfig | None = None,
    *,
    memo: StoryTexts | None = None,
) -> dict[str, tuple[Sentence, ...]]:
    """Return, per article, the run of its own last sentences the rest of the story never uses.

    own: each article's sentences no other article carries, in text order (align.additions).
    memo: the story's memo of each text's words (shared with the copy graph).
    """
    config = config or AppendedConfig()
    if len(texts) < 2:
        return {}
    common = common_words(config.common)
    words_of = _Vocabulary(common, common_words(config.everyday))
    memo = memo if memo is not None else StoryTexts()
    vocab: dict[str, frozenset[str]] = {}  # each text's words and names, once a tail is judged
    texts_with: Counter[str] = Counter()  # how many texts use each of them
    out: dict[str, tuple[Sentence, ...]] = {}
    for article_id, sentences in own.items():
        text = texts[article_id]
        run = _last_run(sentences, text, config.after)
        if not run or len(text[run[-1].end :].split()) > config.after:
            continue
        if not _glued_onto_copy(text, sentences, run[0].start, config):
            continue
        if not vocab:
            vocab = {k: words_of.of(t, memo.words(t)) for k, t in texts.items()}
            texts_with.update(w for words in vocab.values() for w in words)
        in_story = partial(
            _used_elsewhere,
            before=words_of.of(text[: run[0].start]),
            mine=vocab[article_id],
            texts_with=texts_with,
        )
        tail = _unrelated_end(run, in_story, words_of)
        words = distinctive((w for x in tail for w in casefolded_words(x.text)), common)
        if len(words) >= config.min_words:
            out[article_id] = tail
    return out


def _used_elsewhere(
    word: str, *, before: frozenset[str], mine: frozenset[str], texts_with: Counter[str]
) -> bool:
    """Tell whether the story uses a word before the tail or in another article."""
    return word in before or texts_with[word] > (word in mine)


def _unrelated_end(
    run: Sequence[Sentence], in_story: Callable[[str], bool], words_of: _Vocabulary
) -> tuple[Sentence, ...]:
    """Return the sentences after the run's last one that uses a word or name of the story."""
    for k in range(len(run) - 1, -1, -1):
        if any(map(in_story, words_of.of(run[k].text))):
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
