"""Split a story's articles into sentences and align them: exact, fuzzy and paraphrase matches.

Three kinds of match between sentences of two different articles, tried in order:

* exact: the same words once case, quotation marks and punctuation are normalised away;
* fuzzy: character edit similarity (rapidfuzz ``ratio``) of the normalised texts >= ``fuzzy``;
* paraphrase: overlap of content-word stems, weighted by their rarity in the story (IDF over the
  story's sentences), so "We've seen evidence of attempted influence" still meets "We have seen
  evidence of attempts to influence". Two sentences match when the weighted Dice overlap is high,
  or when one is nearly contained in the other and shares a good part of the other (sentence
  splits differ between outlets).

What an article *adds* is its sentences that no sentence of another article matches.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import cast

import numpy as np
import Stemmer as pystemmer
from rapidfuzz import fuzz

from storyline.analyze.quote_marks import trim_span as _trim
from storyline.analyze.stem_matrix import above_diagonal, stem_matrices
from storyline.cluster.stopwords import STOPWORDS

# A sentence ends at . ! ? or … (plus closing quotes/brackets) before space and a capital, digit or
# opening quote. Line breaks always end a sentence: scraped text keeps one paragraph per line.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9])")
_LAST_TOKEN = re.compile(r"([\w.]+)[.!?…]*[\"'”’»)\]]*$")
_TOKEN_RUN = re.compile(r"[\w.!?…]+")  # what the last token's match is made of
_TAIL = 64  # characters before a stop searched for its token (more only when the token is longer)
_NEXT_WORD = re.compile(r"\s+[\"'“‘«(\[]?(\w+)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ABBREVIATIONS = _words(
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt cmdr adm st jr sr rev hon pres supt insp "
    "inc corp co ltd plc bros dept est fig vs etc approx jan feb mar apr jun jul aug sep sept oct "
    "nov dec mt ft no e.g i.e a.m p.m u.s u.k u.n u.s.a e.u"
)
# Abbreviations that also end sentences: a boundary when the next word usually starts one.
_CAN_END = _words("u.s u.k u.n u.s.a e.u inc corp co ltd plc jr sr etc a.m p.m")
_STARTERS = _words(
    "the a an he she it they we i but and this that these those his her its their there in on at "
    "on for if when while after before as so yet still however meanwhile also"
)
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")
_WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class AlignConfig:
    """Thresholds of the three kinds of match and the bounds of the work."""

    fuzzy: float = 85.0  # rapidfuzz ratio (0-100) of normalised texts for a fuzzy match
    dice: float = 0.5  # IDF-weighted Dice overlap of content stems for a paraphrase match
    contained: float = 0.8  # share of the shorter sentence found in the longer one ...
    partial: float = 0.4  # ... and share of the longer one it must still cover
    min_shared: int = 3  # content stems two sentences must share for a paraphrase match
    min_words: int = 5  # shorter ones (credits, datelines) are never additions or summary lines
    max_sentences: int = 400  # sentences kept per article: bounds the quadratic pair matrix


@dataclass(frozen=True)
class Sentence:
    """One sentence of one article, with its character span in that article's text."""

    article_id: str
    index: int
    text: str
    start: int
    end: int
    # Its word count (the summary, additions and coverage ask often); -1: count it now.
    words: int = field(default=-1, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.words < 0:
            object.__setattr__(self, "words", len(_WORD.findall(self.text)))


@dataclass(frozen=True)
class Match:
    """Two sentences of different articles that say the same thing."""

    left: int  # position in Alignment.sentences
    right: int
    kind: str  # exact | fuzzy | paraphrase
    score: float


@dataclass(frozen=True)
class Alignment:
    """Every sentence of a story's articles and the matches between them."""

    article_ids: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    stems: tuple[frozenset[str], ...]  # content-word stems of each sentence
    matches: tuple[Match, ...]
    partners: tuple[frozenset[int], ...]  # for each sentence, the positions of those it matches
    config: AlignConfig = field(default_factory=AlignConfig)

    def of(self, article_id: str) -> tuple[int, ...]:
        """Return the positions of an article's sentences, in text order."""
        return self._positions.get(article_id, ())

    def carriers(self, position: int) -> tuple[str, ...]:
        """Return the ids of the articles carrying a sentence: its own, then the matching ones."""
        found = self._carriers.get(position)
        if found is None:
            own = self.sentences[position].article_id
            others = {self.sentences[p].article_id for p in self.partners[position]} - {own}
            found = self._carriers[position] = (own, *sorted(others, key=self._rank.__getitem__))
        return found

    @cached_property
    def idf(self) -> dict[str, float]:
        """Return idf_weights(self), computed once (the summary asks for it twice); read-only."""
        return idf_weights(self)

    @cached_property
    def _carriers(self) -> dict[int, tuple[str, ...]]:
        """Memo of carriers(): additions, dropped, timeline and summary ask per sentence."""
        return {}

    @cached_property
    def _positions(self) -> dict[str, tuple[int, ...]]:
        """Map each article to its sentences' positions (built once: asked per article)."""
        out: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(self.sentences):
            out[s.article_id].append(i)
        return {a: tuple(p) for a, p in out.items()}

    @cached_property
    def _rank(self) -> dict[str, int]:
        """Map each article id to its place in article_ids."""
        return {a: i for i, a in reversed(list(enumerate(self.article_ids)))}


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split text into sentence spans (start, end), never across a line break."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _BOUNDARY.finditer(line):
            if _is_boundary(line, match.start(), match.end()):
                spans.append((offset + start, offset + match.end()))
                start = match.end()
        spans.append((offset + start, offset + len(line)))
        offset += len(line) + 1
    return [t for t in (_trim(text, s, e) for s, e in spans) if t[1] > t[0]]


def _is_boundary(line: str, stop: int, end: int) -> bool:
    """Tell whether the punctuation at line[stop:end] ends a sentence (not an abbreviation)."""
    if line[stop] != ".":
        return True
    # Search a window before the stop: the same match as on the whole line unless the whole
    # window and the character before it could belong to it, then search the whole line
    # (searching from the line's start at every stop is quadratic in long paragraphs).
    lo = max(0, stop + 1 - _TAIL)
    token = _LAST_TOKEN.search(line, lo, stop + 1)
    if lo > 0 and _TOKEN_RUN.fullmatch(line, lo - 1, stop + 1):
        token = _LAST_TOKEN.search(line[: stop + 1])
    word = token.group(1).rstrip(".") if token else ""
    lowered = word.lower()
    if lowered not in _ABBREVIATIONS and not _INITIALS.match(word):
        return True
    if lowered in _CAN_END:
        following = _NEXT_WORD.match(line, end)
        return following is not None and following.group(1).lower() in _STARTERS
    return False


def normalise(sentence: str) -> str:
    """Return the comparison key of a sentence: casefolded words, quotes and punctuation dropped."""
    if sentence.isascii():  # no curly quote to straighten; casefolding ASCII is lowercasing
        return _NON_WORD.sub(" ", sentence.lower()).strip()
    return _NON_WORD.sub(" ", sentence.translate(_QUOTES).casefold()).strip()


class _StemCache(dict[str, str | None]):
    """Each word's stem (None: not a content word), stemmed on first lookup."""

    def __missing__(self, raw: str) -> str | None:
        stem = self[raw] = _stem_word(raw)
        return stem


class Stemmer:
    """Turn text into content-word stems (stopwords dropped), caching each word's stem."""

    def __init__(self) -> None:
        self._cache = _StemCache()

    def stems(self, text: str) -> frozenset[str]:
        """Return the set of content-word stems of a text."""
        return self.stems_of(_WORD.findall(text.translate(_QUOTES)))

    def stems_of(self, words: Sequence[str]) -> frozenset[str]:
        """Return the set of content-word stems of a text's words (quotes normalised)."""
        # Added in the words' order, as a set comprehension would: the same set, the same order.
        out = set(map(self._cache.__getitem__, words))
        out.discard(None)  # stopwords and single letters
        out.discard("")
        return cast(frozenset[str], frozenset(out))


@lru_cache(maxsize=1)
def _english() -> pystemmer.Stemmer:
    """Return the English Snowball stemmer (built once)."""
    return pystemmer.Stemmer("english")


@lru_cache(maxsize=1 << 17)  # a pure function of the word: stories share most of their words
def _stem_word(raw: str) -> str | None:
    """Return the stem of a word, or None for stopwords and single letters."""
    word = raw.casefold().removesuffix("'s").replace(".", "")
    if (len(word) < 2 and not word.isdigit()) or word in STOPWORDS:
        return None
    return str(_english().stemWord(word))


def align(texts: Mapping[str, str], config: AlignConfig | None = None) -> Alignment:
    """Split every article into sentences and match sentences across articles."""
    config = config or AlignConfig()
    stemmer = Stemmer()
    sentences: list[Sentence] = []
    found_stems: list[frozenset[str]] = []
    for article_id, text in texts.items():
        spans = split_sentences(text)[: config.max_sentences]
        for i, (s, e) in enumerate(spans):
            piece = text[s:e]
            # One tokenisation gives the stems and the word count: normalising quotes changes
            # no word boundary unless an opening single quote stands between letters.
            words = _WORD.findall(piece.translate(_QUOTES))
            sentences.append(
                Sentence(article_id, i, piece, s, e, -1 if "‘" in piece else len(words))
            )
            found_stems.append(stemmer.stems_of(words))
    stems = tuple(found_stems)
    found: list[Match] = []
    if len(texts) > 1:  # matches join different articles: a lone article has none
        keys = [normalise(s.text) for s in sentences]
        found = _exact_matches(sentences, keys)
        done = {(m.left, m.right) for m in found}
        found.extend(
            m
            for m in _similar_matches(sentences, stems, keys, config)
            if (m.left, m.right) not in done
        )
    found.sort(key=attrgetter("left", "right"))
    partners: list[set[int]] = [set() for _ in sentences]
    for m in found:
        partners[m.left].add(m.right)
        partners[m.right].add(m.left)
    return Alignment(
        tuple(texts),
        tuple(sentences),
        stems,
        tuple(found),
        tuple(frozenset(p) for p in partners),
        config,
    )


def _exact_matches(sentences: Sequence[Sentence], keys: Sequence[str]) -> list[Match]:
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key:
            by_key[key].append(i)
    out = []
    for members in by_key.values():
        for a, i in enumerate(members):
            for j in members[a + 1 :]:
                if sentences[i].article_id != sentences[j].article_id:
                    out.append(Match(i, j, "exact", 1.0))
    return out


def _similar_matches(
    sentences: Sequence[Sentence],
    stems: Sequence[frozenset[str]],
    keys: Sequence[str],
    config: AlignConfig,
) -> Iterable[Match]:
    """Yield fuzzy and paraphrase matches between sentences of different articles."""
    weights, binary = stem_matrices(stems)
    if binary.shape[1] == 0:
        return
    # Shared IDF weight and shared stem count of every pair: same sparsity pattern, same order.
    rows, cols, common = above_diagonal(weights @ binary.T)
    n_shared = above_diagonal(binary @ binary.T)[2]
    number = {a: n for n, a in enumerate(dict.fromkeys(s.article_id for s in sentences))}
    owner = np.array([number[s.article_id] for s in sentences], dtype=np.int64)
    totals = np.asarray(weights.sum(axis=1)).ravel()
    cover_i, cover_j = common / totals[rows], common / totals[cols]
    low, high = np.minimum(cover_i, cover_j), np.maximum(cover_i, cover_j)
    dice = 2 * common / (totals[rows] + totals[cols])
    other = owner[rows] != owner[cols]
    paraphrase = (n_shared >= config.min_shared) & (
        (dice >= config.dice) | ((high >= config.contained) & (low >= config.partial))
    )
    ks = np.flatnonzero(other & ((low >= 0.3) | paraphrase))
    # Plain Python values: indexing numpy arrays one scalar at a time is slow.
    for i, j, least, para, score in zip(
        rows[ks].tolist(),
        cols[ks].tolist(),
        low[ks].tolist(),
        paraphrase[ks].tolist(),
        dice[ks].tolist(),
        strict=True,
    ):
        if least >= 0.3:
            ratio = fuzz.ratio(keys[i], keys[j], score_cutoff=config.fuzzy)  # 0 below the cutoff
            if ratio >= config.fuzzy:
                yield Match(i, j, "fuzzy", round(ratio / 100, 3))
                continue
        if para:
            yield Match(i, j, "paraphrase", round(score, 3))


def additions(alignment: Alignment) -> dict[str, list[Sentence]]:
    """Return, per article, its sentences that no other article of the story carries."""
    out: dict[str, list[Sentence]] = {a: [] for a in alignment.article_ids}
    for i, sentence in enumerate(alignment.sentences):
        if sentence.words >= alignment.config.min_words and len(alignment.carriers(i)) == 1:
            out[sentence.article_id].append(sentence)
    return out


def dropped(alignment: Alignment, article_id: str, source_id: str) -> list[Sentence]:
    """Return the sentences of source_id that article_id does not carry."""
    return [
        alignment.sentences[i]
        for i in alignment.of(source_id)
        if alignment.sentences[i].words >= alignment.config.min_words
        and article_id not in alignment.carriers(i)
    ]


@dataclass(frozen=True)
class Coverage:
    """How much of one article's text another article carries (shares of its words)."""

    carried: float  # in sentences matched any way
    verbatim: float  # in sentences matched exactly or fuzzily


def coverage(alignment: Alignment) -> dict[tuple[str, str], Coverage]:
    """Return, for every ordered pair (a, b) of articles, how much of a's text b carries."""
    if len(alignment.article_ids) < 2:
        return {}  # no pair
    totals: dict[str, int] = defaultdict(int)
    carried: dict[tuple[str, str], int] = defaultdict(int)
    verbatim: dict[tuple[str, str], int] = defaultdict(int)
    sentences = alignment.sentences
    for sentence in sentences:
        totals[sentence.article_id] += sentence.words
    # (sentence, other article carrying it) -> carried verbatim (exact or fuzzy) by one of them?
    # Matches join sentences of different articles; each side carries the other.
    hits: dict[tuple[int, str], bool] = {}
    owner = [s.article_id for s in sentences]
    seen = hits.get  # stories of many copies have many matches: no inner loop, bound lookups
    for m in alignment.matches:
        plain = m.kind != "paraphrase"
        left, right = m.left, m.right
        key = (left, owner[right])
        hits[key] = plain or seen(key, False)
        key = (right, owner[left])
        hits[key] = plain or seen(key, False)
    for (i, other), plain in hits.items():
        sentence = sentences[i]
        carried[(sentence.article_id, other)] += sentence.words
        verbatim[(sentence.article_id, other)] += sentence.words if plain else 0
    return {
        (a, b): Coverage(
            carried[(a, b)] / totals[a] if totals[a] else 0.0,
            verbatim[(a, b)] / totals[a] if totals[a] else 0.0,
        )
        for a in alignment.article_ids
        for b in alignment.article_ids
        if a != b
    }


def idf_weights(alignment: Alignment) -> dict[str, float]:
    """Return each stem's weight by how many of the story's articles use it (log-scaled)."""
    per_article: dict[str, set[str]] = defaultdict(set)
    for sentence, group in zip(alignment.sentences, alignment.stems, strict=True):
        per_article[sentence.article_id].update(group)
    df: dict[str, int] = defaultdict(int)
    for used in per_article.values():
        for stem in used:
            df[stem] += 1
    return {stem: math.log1p(n) for stem, n in df.items()}
