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
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from storyline.analyze.links import Links, link_kinds
from storyline.analyze.quote_marks import trim_span as _trim
from storyline.analyze.stems import QUOTES, WORD, Stemmer
from storyline.analyze.texts import casefolded_words

# A sentence ends at . ! ? or … (plus closing quotes/brackets) before space and a capital, digit or
# opening quote. Line breaks always end a sentence: scraped text keeps one paragraph per line.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9])")
_TOKEN_RUN = re.compile(r"[\w.!?…]+")  # what the last token's match is made of
# The last token of a line up to a ".", ([\w.]+)[.!?…]* at its end, read backwards:
_LAST_TOKEN_REVERSED = re.compile(r"[.!?…]*[\w.]+")
_WORD_RUN = re.compile(r"[\w.]+")
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
_WORD_ONLY = re.compile(r"[^\W_]+")  # the runs between the gaps normalise() closes up


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
            object.__setattr__(self, "words", len(WORD.findall(self.text)))


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
    links: Links = field(repr=False)  # the matches, held between kinds of sentence
    # What stemmed the sentences: the summary stems the titles with it (and its cache).
    stemmer: Stemmer = field(compare=False, repr=False)
    config: AlignConfig = field(default_factory=AlignConfig)

    def of(self, article_id: str) -> tuple[int, ...]:
        """Return the positions of an article's sentences, in text order."""
        return self._positions.get(article_id, ())

    def carriers(self, position: int) -> tuple[str, ...]:
        """Return the ids of the articles carrying a sentence: its own, then the matching ones."""
        found = self._carriers.get(position)
        if found is None and len(self.article_ids) < 2:  # a lone article: no other carries it
            found = self._carriers[position] = (self.article_ids[0],)
        if found is None:
            own = self.links.owner[position]
            others = sorted(self.links.carried_by(self.links.kind_of[position])[0] - {own})
            ids = self.article_ids
            found = self._carriers[position] = (ids[own], *(ids[n] for n in others))
        return found

    def partners_of(self, position: int) -> frozenset[int]:
        """Return the positions of the sentences (of other articles) a sentence matches."""
        found = self._partners.get(position)
        if found is None:  # the summary asks again for each sentence it has picked
            found = self._partners[position] = self.links.partners(position)
        return found

    @cached_property
    def partners(self) -> tuple[frozenset[int], ...]:
        """Return, for each sentence, the positions of those it matches (all of them: costly)."""
        return tuple(map(self.partners_of, range(len(self.sentences))))

    @cached_property
    def matches(self) -> tuple[Match, ...]:
        """Return every match between two sentences, by position (left < right)."""
        out = []
        kind_of = self.links.kind_of
        for i in range(len(self.sentences)):
            for j in sorted(p for p in self.links.partners(i) if p > i):
                how, score = self.links.kind_pair(kind_of[i], kind_of[j])
                out.append(Match(i, j, how, score))
        return tuple(out)

    @cached_property
    def idf(self) -> dict[str, float]:
        """Return idf_weights(self), computed once (the summary asks for it twice); read-only."""
        return idf_weights(self)

    @cached_property
    def _carriers(self) -> dict[int, tuple[str, ...]]:
        """Memo of carriers(): additions, dropped, timeline and summary ask per sentence."""
        return {}

    @cached_property
    def _partners(self) -> dict[int, frozenset[int]]:
        """Memo of partners_of()."""
        return {}

    @cached_property
    def _positions(self) -> dict[str, tuple[int, ...]]:
        """Map each article to its sentences' positions (built once: asked per article)."""
        out: dict[str, list[int]] = defaultdict(list)
        for i, s in enumerate(self.sentences):
            out[s.article_id].append(i)
        return {a: tuple(p) for a, p in out.items()}


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
    if lo > 0 and _TOKEN_RUN.fullmatch(line, lo - 1, stop + 1):
        lo = 0
    word = _last_token(line, lo, stop).rstrip(".")
    lowered = word.lower()
    if lowered not in _ABBREVIATIONS and not _INITIALS.match(word):
        return True
    if lowered in _CAN_END:
        following = _NEXT_WORD.match(line, end)
        return following is not None and following.group(1).lower() in _STARTERS
    return False


def _last_token(line: str, lo: int, stop: int) -> str:
    """Return the last token of line[lo : stop + 1] for a stop at a period.

    The match ends at the period (no closing mark follows it), so its leftmost start is the
    longest match of the reversed pattern on the reversed window: one pass, where the search
    tried every start and backtracked from each (quadratic in a long word).
    """
    back = _LAST_TOKEN_REVERSED.match(line[lo : stop + 1][::-1])
    assert back is not None  # the period itself matches
    token = _WORD_RUN.match(line, stop + 1 - back.end(), stop + 1)
    assert token is not None
    return token.group()


def normalise(sentence: str) -> str:
    """Return the comparison key of a sentence: casefolded words, quotes and punctuation dropped."""
    # The word runs joined by one space: what replacing the gaps by a space and stripping gives.
    if sentence.isascii():  # no curly quote to straighten: the text's casefolded word runs
        return " ".join(casefolded_words(sentence))
    return " ".join(_WORD_ONLY.findall(sentence.translate(QUOTES).casefold()))


def align(
    texts: Mapping[str, str], config: AlignConfig | None = None, stemmer: Stemmer | None = None
) -> Alignment:
    """Split every article into sentences and match sentences across articles.

    stemmer: the run's (its cache serves every story); None: a new one.
    """
    config = config or AlignConfig()
    stemmer = stemmer if stemmer is not None else Stemmer()
    sentences, stems, links, keys = _split_all(texts, config, stemmer)
    if len(texts) > 1:  # matches join different articles: a lone article has none
        thresholds = (config.fuzzy, config.dice, config.contained, config.partial)
        link_kinds(
            links,
            [stems[m[0]] for m in links.members],
            [len(m) for m in links.members],
            [keys[m[0]] for m in links.members],
            (*thresholds, config.min_shared),
        )
    return Alignment(tuple(texts), tuple(sentences), tuple(stems), links, stemmer, config)


def _split_all(
    texts: Mapping[str, str], config: AlignConfig, stemmer: Stemmer
) -> tuple[list[Sentence], list[frozenset[str]], Links, list[str]]:
    """Split the texts into sentences; group them into kinds (same key and stems) for matching.

    Returns the sentences, their stems, the (unlinked) kinds and each sentence's key.
    """
    sentences: list[Sentence] = []
    stems: list[frozenset[str]] = []
    keys: list[str] = []
    owner: list[int] = []
    kind_of: list[int] = []
    kinds: dict[tuple[str, frozenset[str]], int] = {}
    key_numbers: dict[str, int] = {}
    kind_keys: list[int] = []
    # A sentence repeated (copies repeat most of theirs) is tokenised and stemmed once.
    seen: dict[str, tuple[frozenset[str], str, int, int]] = {}
    lone = len(texts) < 2  # no match to find: the sentence itself serves as its key
    for n, (article_id, text) in enumerate(texts.items()):
        for i, (s, e) in enumerate(split_sentences(text)[: config.max_sentences]):
            piece = text[s:e]
            known = seen.get(piece)
            if known is None:
                # One tokenisation gives the stems and the word count: normalising quotes
                # changes no word boundary unless an opening single quote stands between letters.
                words = WORD.findall(piece.translate(QUOTES))
                group = stemmer.stems_of(words)
                key = piece if lone else normalise(piece)
                kind = kinds.setdefault((key, group), len(kinds))
                if kind == len(kind_keys):
                    kind_keys.append(key_numbers.setdefault(key, len(key_numbers)))
                count = -1 if "‘" in piece else len(words)
                known = seen[piece] = (group, key, count, kind)
            sentences.append(Sentence(article_id, i, piece, s, e, known[2]))
            stems.append(known[0])
            keys.append(known[1])
            owner.append(n)
            kind_of.append(known[3])
    return sentences, stems, Links(kind_of, owner, kind_keys, len(texts)), keys


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
    ids = alignment.article_ids
    if len(ids) < 2:
        return {}  # no pair
    words = [s.words for s in alignment.sentences]
    totals, carried, verbatim = alignment.links.carried_words(words)
    return {
        (ids[a], ids[b]): Coverage(
            carried[a][b] / totals[a] if totals[a] else 0.0,
            verbatim[a][b] / totals[a] if totals[a] else 0.0,
        )
        for a in range(len(ids))
        for b in range(len(ids))
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
