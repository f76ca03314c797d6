"""Merge the quotes of a story's articles: one quote carried by several outlets is one quote.

Quotes are compared as bags of lightly normalised words (contractions expanded, crude suffixes
cut), so "We've seen ..." and "We have seen ..." or "completely unacceptable" and "totally
unacceptable" still match; containment (shared words over the shorter quote's words) lets an
outlet that carries only part of a quote join it. Then every article's text is searched for a
known quote carried without quotation marks ('Any interference ... unacceptable to us. So I wanted
..., Blinken told the TV station.').
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING

from storyline.analyze.names import gazetteer
from storyline.analyze.quote_frames import DETERMINERS
from storyline.analyze.quote_marks import joined_words
from storyline.cluster.features import fold

if TYPE_CHECKING:  # quotes.py re-exports this module's API, so import Quote for typing only
    from storyline.analyze.quotes import Quote

MERGE_SIMILARITY = 0.6  # containment above which two quotes are one
SHORT_QUOTE_WORDS = 4  # below this, quotes merge only when their words are equal
UNMARKED_MIN_WORDS = 8  # shorter quotes are not looked for without quotation marks
UNMARKED_SIMILARITY = 0.85  # share of a quote's words a passage must carry ...
UNMARKED_WITH_NAME = 0.7  # ... or this share when the speaker is named right after it
WINDOW_SENTENCES = 3
MAX_TEXT_CHARS = 200_000  # an article's text searched for unmarked quotes is cut here
MAX_STORY_QUOTES = 2_000  # merging is quadratic in quotes: a story's later quotes are left out
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’']*|\n|$)")
_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), ""),
)


@dataclass(frozen=True)
class StoryQuote:
    """A quote of a story with its speaker and every article that carries it."""

    text: str
    speaker: str | None
    article_ids: tuple[str, ...]


@lru_cache(maxsize=1 << 16)  # a pure function of the word; quotes and texts repeat words a lot
def _stem(word: str) -> str:
    """Cut a plural, -ing or -ed ending so that light edits still match."""
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def quote_words(text: str) -> Counter[str]:
    """Return the normalised bag of words of a quote or passage."""
    lowered = joined_words(text)
    if "'" in lowered:  # every contraction has an apostrophe: most sentences need no rewrite
        for pattern, repl in _CONTRACTIONS:
            lowered = pattern.sub(repl, lowered)
    return Counter(map(_stem, lowered.split()))


def _shared(bag: Counter[str], other: Counter[str]) -> int:
    """Count the words of bag that other also has (with multiplicity)."""
    # The sum of each shared word's smaller count, as sum((bag & other).values()) but without
    # building the Counter (bags count words: every count is positive, so the sum is symmetric
    # and the smaller bag is walked).
    if len(bag) > len(other):
        bag, other = other, bag
    return sum(map(min, bag.values(), map(other.get, bag, repeat(0))))


def containment(a: Counter[str], b: Counter[str]) -> float:
    """Return the shared words over the smaller bag's size (0 when either is empty)."""
    small = min(sum(a.values()), sum(b.values()))
    return _shared(a, b) / small if small else 0.0


def _same_quote(a: Counter[str], b: Counter[str]) -> bool:
    """Tell whether two bags are one quote (exact for short quotes)."""
    if min(sum(a.values()), sum(b.values())) < SHORT_QUOTE_WORDS:
        return a == b
    return containment(a, b) >= MERGE_SIMILARITY


def _family(speaker: str | None) -> str | None:
    """Return the last word of a named speaker, accents and case folded (None: unknown or
    described).

    Folded, "Erdoğan" and "Erdogan", "DeLane" and "Delane" are one speaker, not two that keep
    a quote apart.
    """
    if not speaker or not speaker[0].isupper():
        return None
    words = speaker.split()
    if words[0].lower() in DETERMINERS:  # 'The ministry' describes a speaker, names no one
        return None
    return fold(words[-1]).casefold()


@dataclass
class _Cluster:
    """Quotes being merged: their articles, speakers and bags."""

    members: list[tuple[str, Quote, Counter[str]]]

    def families(self) -> set[str]:
        """Return the family names of the named speakers in the cluster."""
        return {f for _, q, _ in self.members if (f := _family(q.speaker))}

    def accepts(self, q: Quote, bag: Counter[str]) -> bool:
        """Tell whether a quote joins: it matches a member and its speaker does not conflict."""
        fam = _family(q.speaker)
        if fam is not None and self.families() - {fam}:
            return False
        return any(_same_quote(bag, other) for _, _, other in self.members)


def _speaker(members: Sequence[tuple[str, Quote, Counter[str]]]) -> str | None:
    """Pick the cluster's speaker: the most common full form of the most common family name."""
    named = [(q.speaker, f) for _, q, _ in members if q.speaker and (f := _family(q.speaker))]
    if named:
        fam = Counter(f for _, f in named).most_common(1)[0][0]
        forms = Counter(s for s, f in named if f == fam)
        return max(forms, key=lambda s: (len(s.split()), forms[s], not s.isascii()))
    described = [q.speaker for _, q, _ in members if q.speaker]
    return Counter(described).most_common(1)[0][0] if described else None


def _text(members: Sequence[tuple[str, Quote, Counter[str]]]) -> str:
    """Pick the version most like the others (ties: the longest)."""

    def score(item: tuple[str, Quote, Counter[str]]) -> tuple[float, int]:
        return (sum(containment(item[2], o[2]) for o in members), len(item[1].text))

    return max(members, key=score)[1].text


def _sentences(text: str, bags: dict[str, Counter[str]]) -> list[tuple[int, int, Counter[str]]]:
    """Return the sentences of text with their bags of words (bags: the story's, by sentence)."""
    out = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group(0)
        if sentence.strip():
            # Copies repeat sentences: each distinct one is cut into words once (never mutated).
            bag = bags.get(sentence)
            if bag is None:
                bag = bags[sentence] = quote_words(sentence)
            out.append((m.start(), m.end(), bag))
    return out


def _carries(
    text: str, sents: Sequence[tuple[int, int, Counter[str]]], bag: Counter[str], family: str | None
) -> bool:
    """Tell whether a text carries a quote's words, unmarked, in one to three sentences."""
    size = sum(bag.values())
    per_sentence = [_shared(bag, words) for _, _, words in sents]
    for i in range(len(sents)):
        for j in range(i, min(i + WINDOW_SENTENCES, len(sents))):
            if sum(per_sentence[i : j + 1]) < UNMARKED_WITH_NAME * size:
                continue  # an upper bound of the window's share is already too low
            window: Counter[str] = Counter()
            for _, _, words in sents[i : j + 1]:
                window.update(words)
            share = _shared(bag, window) / size
            start, end = sents[i][0], sents[j][1]
            near = text[max(start, end - 80) : end + 80]
            if share >= UNMARKED_SIMILARITY or (
                share >= UNMARKED_WITH_NAME and family is not None and family in fold(near)
            ):
                return True
    return False


def _cluster(per_article: Mapping[str, Sequence[Quote]]) -> list[_Cluster]:
    """Put each quote into the first cluster that accepts it (or a new one)."""
    clusters: list[_Cluster] = []
    budget = MAX_STORY_QUOTES
    for article_id, quotes in per_article.items():
        for q in quotes[: max(0, budget)]:
            budget -= 1
            bag = quote_words(q.text)
            if not bag:
                continue
            home = next((c for c in clusters if c.accepts(q, bag)), None)
            if home is None:
                clusters.append(_Cluster([(article_id, q, bag)]))
            else:
                home.members.append((article_id, q, bag))
    return clusters


class _Texts:
    """The story's texts, cut into bags and sentences once, on first need."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = {k: v[:MAX_TEXT_CHARS] for k, v in texts.items()}
        self.whole: dict[str, Counter[str]] = {}
        self.sentences: dict[str, list[tuple[int, int, Counter[str]]]] = {}
        self.bags: dict[str, Counter[str]] = {}  # bag of each distinct sentence

    def carrying(self, bag: Counter[str], family: str | None, skip: Sequence[str]) -> list[str]:
        """Return the ids of the texts (other than skip) that carry bag without quote marks."""
        size = sum(bag.values())
        found: list[str] = []
        if size < UNMARKED_MIN_WORDS:
            return found
        for article_id, text in self.texts.items():
            if article_id in skip:
                continue
            if article_id not in self.whole:
                self.whole[article_id] = quote_words(text)
            if _shared(bag, self.whole[article_id]) < UNMARKED_WITH_NAME * size:
                continue  # the whole text lacks the words: no sentence window can carry them
            if article_id not in self.sentences:
                self.sentences[article_id] = _sentences(text, self.bags)
            if _carries(text, self.sentences[article_id], bag, family):
                found.append(article_id)
        return found


def merge_quotes(
    per_article: Mapping[str, Sequence[Quote]], texts: Mapping[str, str]
) -> list[StoryQuote]:
    """Group the story's quotes across articles; add articles that carry a quote unmarked."""
    story = _Texts(texts)
    merged: list[StoryQuote] = []
    for cluster in _cluster(per_article):
        speaker = _speaker(cluster.members)
        ids = list(dict.fromkeys(aid for aid, _, _ in cluster.members))
        best = max(cluster.members, key=lambda m: sum(m[2].values()))[2]
        ids += story.carrying(best, _family(speaker), ids)
        merged.append(StoryQuote(_text(cluster.members), speaker, tuple(ids)))
    merged.sort(key=lambda s: -len(s.article_ids))  # stable: ties keep their first appearance
    return merged


def full_names(
    quotes: Sequence[StoryQuote],
    people: Sequence[str] = (),
    texts: Mapping[str, str] | None = None,
) -> list[StoryQuote]:
    """Give every speaker of one person the name the story's entities give that person.

    One outlet writes "Tarantino said", another "Quentin Tarantino said", a third "Quentin J.
    Tarantino": the story shows one speaker. people: the story's PERSON entities, most
    mentioned first (a speaker's full name serves when they lack it). A speaker is renamed
    only when every full form of its family name in the story (speakers' and people's) has
    one given name: "Trump" stays when Donald and Melania both speak; a described speaker
    ("Singapore-based Broadcom") names no person. A lone word that opens one person's name
    ("Kim" for Kim Jong Un) takes it when an article of the quote (texts: by article id) or half
    the story's articles name that person in full, or the quote's article writes "Mr. Moon"
    ("A man who gave his name as Michel" is no Michel Temer, whom one article of many names).
    """
    givens: dict[str, set[str]] = {}  # family -> given names of the story's full forms
    for name in [*(q.speaker for q in quotes if q.speaker), *people]:
        words = name.split()
        if len(words) >= 2 and (family := _family(name)):
            givens.setdefault(family, set()).add(fold(words[0]).casefold())
    # The name of each family: its PERSON entity's, else a speaker's that opens with a given name.
    given = gazetteer().first_names
    spoken = [q.speaker for q in quotes if q.speaker and q.speaker.split()[0] in given]
    person: dict[str, str] = {}
    for name in [*people, *spoken]:
        family = _family(name)
        if family and len(name.split()) >= 2 and len(givens.get(family, ())) == 1:
            person.setdefault(family, name)
    # An entity name may have lost its accents to the plainer spelling: a speaker keeps them.
    accented = {fold(q.speaker): q.speaker for q in quotes if q.speaker and not q.speaker.isascii()}
    canonical: dict[str, str] = {}
    for q in quotes:
        family = _family(q.speaker)
        if q.speaker and family in person:
            name = accented.get(fold(person[family]), person[family])
            words = q.speaker.split()
            if len(words) == 1 or fold(words[0]).casefold() == fold(name.split()[0]).casefold():
                canonical[q.speaker] = name
    renamed = [replace(q, speaker=canonical.get(q.speaker or "", q.speaker)) for q in quotes]
    if texts is None:
        return renamed
    speakers = [q.speaker for q in quotes if q.speaker]
    return _lone_first_words(renamed, _opening_words(people, speakers), texts, accented)


def _lone_first_words(
    quotes: list[StoryQuote],
    firsts: Mapping[str, str],
    texts: Mapping[str, str],
    accented: Mapping[str, str],
) -> list[StoryQuote]:
    """Give a lone word that opens one person's full name ('Kim said') that name, if referred."""
    named = _Named(texts)
    for i, q in enumerate(quotes):  # 'Kim said', 'Moon said': a family name written first
        full = firsts.get(_folded(q.speaker)) if q.speaker and " " not in q.speaker else None
        if full and named.refers(q.speaker or "", full, q.article_ids):
            quotes[i] = replace(q, speaker=accented.get(fold(full), full))
    return quotes


class _Named:
    """The story's texts folded once each, to ask whether one names a person in full.

    Each answer is asked once per article and name: a story with many quotes of one lone word
    reads each text once for it.
    """

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self.folded: dict[str, str] = {}
        self.memo: dict[tuple[str, str], bool] = {}

    def _has(self, article_id: str, pattern: str) -> bool:
        """Tell whether an article's folded text (cut at MAX_TEXT_CHARS) matches a pattern."""
        key = (article_id, pattern)
        if key not in self.memo:
            if article_id not in self.folded:
                text = self.texts.get(article_id, "")[:MAX_TEXT_CHARS]
                self.folded[article_id] = _folded(text)
            self.memo[key] = re.search(pattern, self.folded[article_id]) is not None
        return self.memo[key]

    def refers(self, word: str, name: str, article_ids: Sequence[str]) -> bool:
        """Tell whether a lone word of a quote's articles may stand for a person's full name.

        An article of the quote names the person in full or writes the word after "Mr." (a
        family name: "Mr. Moon said"), or half the story's articles name the person in full.
        """
        full = rf"\b{re.escape(_folded(name))}\b"
        titled = rf"\b(?:mr|mrs|ms|dr)\.? {re.escape(_folded(word))}\b"
        if any(self._has(aid, full) or self._has(aid, titled) for aid in article_ids):
            return True
        return 2 * sum(self._has(aid, full) for aid in self.texts) >= len(self.texts)


def _folded(name: str) -> str:
    """Return a name without accents, case and hyphens: "Kim Jong-un" -> "kim jong un"."""
    return " ".join(fold(name).casefold().replace("-", " ").split())


def _opening_words(people: Sequence[str], speakers: Sequence[str]) -> dict[str, str]:
    """Map a word that opens one person's full name, and ends no name, to that person.

    "Kim" for Kim Jong Un, "Moon" for Moon Jae-in: a family name written first. A word that
    opens two people's names ("Kim Jong Un", "Kim Yo Jong"), or that ends a name ("Lisa Kim"),
    maps to no one. people: the story's PERSON entities; speakers' full names count too.
    """
    opened: dict[str, dict[str, str]] = {}
    ends: set[str] = set()
    for name in [*people, *speakers]:
        words = _folded(name).split()
        if len(words) >= 2 and _family(name):
            opened.setdefault(words[0], {}).setdefault(" ".join(words), name)
            ends.add(words[-1])
    persons = set(people)
    out: dict[str, str] = {}
    for word, names in opened.items():
        # "Moon Jae" is cut short of "Moon Jae-in": one person
        whole = [k for k in names if not any(o != k and o.startswith(k + " ") for o in names)]
        if len(whole) == 1 and word not in ends and names[whole[0]] in persons:
            out[word] = names[whole[0]]
    return out
