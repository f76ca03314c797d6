"""Turn an article into what clustering compares: terms, named entities and a timestamp."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from itertools import chain

from storyline.cluster.stopwords import ENTITY_STOPWORDS, LEGAL_FORMS, ROLE_WORDS, STOPWORDS
from storyline.cluster.vectors import ENTITY_PREFIX
from storyline.language import detect, function_words

# Words (letters first, then letters/digits/apostrophes) and numbers ("7.1", "108", "2,000").
_WORD = re.compile(r"[^\W\d_][\w'’]*|\d+(?:[.,]\d+)*")
# Tokens for entity runs: capitalised ("Xi", "U.S.", "McDonald's", "Jong-un"), lowercase
# (which end a run unless they join names: "Bank of America", "al-Assad"), and words that
# open with a letter outside ASCII ("Élysée", "Øresund"), told apart by str.isupper.
_CAP_TOKEN = re.compile(r"[A-Z][\w'’.\-]*|&|[a-z]+|[^\W\d_a-zA-Z][\w'’.\-]*")
_OPENER = re.compile(r"[A-Z][\w'’.\-]*|&|[^\W\d_a-zA-Z][\w'’.\-]*")
# Letters NFKD leaves whole; a small table (German, Nordic, Polish, Turkish, Croatian names).
_UNDECOMPOSED = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}
    | {"Ø": "O", "Ł": "L", "Đ": "D", "Æ": "AE", "Œ": "OE"}
)
_LOWER_WORD = re.compile(r"\b[^\W\d_][^\W\d_'’]*(?:['’][^\W\d_]+)*")
_ENTITY_JOINERS = frozenset({"of", "de", "del", "da", "van", "von", "bin", "al", "&"})
_ACRONYM_STOPWORDS = frozenset({"us", "it"})  # "US" and "IT" are names when capitalised
_POSSESSIVE = re.compile(r"['’]s?$")
PART_OF_NAME = 0.5  # weight of a later word taken from a longer name
HEADLINE_WORDS = 3  # headlines shorter than this cannot vouch for or against a body
LONG_HEADLINE_WORDS = 8  # a body naming just one word of a headline this long is another article
MIN_LANGUAGE_CHARS = 200  # a shorter body cannot tell its language reliably
MAX_TEXT_CHARS = 60_000  # a 60k-char prefix says what an article is about; bounds the work


@dataclass(frozen=True)
class Features:
    """What one article contributes to clustering, before any corpus weighting."""

    terms: dict[str, float]  # stemmed word -> count (title words extra, name words less)
    title: dict[str, int]  # stemmed title word -> count
    entities: dict[str, float]  # normalised name -> count (parts of longer names count half)
    timestamp: float | None  # seconds since the epoch (UTC), None when undated
    embedding: tuple[float, ...] = ()  # unit sentence embedding, only with semantic similarity on
    words: int = 0  # content words in the body: how much there is to be a copy of
    subject: frozenset[str] = frozenset()  # the body's names that the headline gives in full
    headline_only: bool = False  # the body says nothing its headline does not (a feed item)

    def df_keys(self) -> set[str]:
        """Return the keys this article adds to the document frequencies."""
        return set(self.terms) | {ENTITY_PREFIX + e for e in self.entities}

    def each_df_key(self) -> Iterator[str]:
        """Yield df_keys() without building the set: the engine counts them once per article.

        Each key comes once: terms start with a letter or "#", never with ENTITY_PREFIX.
        """
        return chain(self.terms, map(ENTITY_PREFIX.__add__, self.entities))


def parse_timestamp(published: str | None) -> float | None:
    """Read an ISO 8601 date or datetime as UTC seconds; None when missing or unreadable."""
    if not published:
        return None
    text = published.strip().replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def stem(word: str) -> str:
    """Strip plural endings so 'missiles' meets 'missile' (a light, predictable stemmer)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Split text into lowercased, stemmed content words and numbers, without stopwords."""
    out: list[str] = []
    for token in _WORD.findall(text):
        out.extend(_content_words(token.lower()))
    return out


def count_words(text: str) -> Counter[str]:
    """Return Counter(tokenize(text)), in the same order: each distinct token looked up once."""
    out: Counter[str] = Counter()
    get = out.get  # dict.get: Counter's += would call its Python __missing__ per new word
    for token, times in Counter(_WORD.findall(text)).items():
        for word in _content_words(token.lower()):
            out[word] = get(word, 0) + times
    return out


@lru_cache(maxsize=1 << 17)
def _content_words(token: str) -> tuple[str, ...]:
    """Turn one lowercased token into its content words (memoised: words repeat a lot)."""
    token = _POSSESSIVE.sub("", token)
    if token[0].isdigit():  # "27" is a day of month; "108" or "7.1" tells events apart
        return (sys.intern("#" + token.replace(",", "")),) if len(token) >= 3 else ()
    # One string per word, not per article; "Erdoğan" meets "Erdogan".
    parts = fold(token).split("'")
    return tuple(sys.intern(stem(p)) for p in parts if len(p) > 1 and p not in STOPWORDS)


@lru_cache(maxsize=64)  # a pure function of the language code
def function_stems(lang: str) -> frozenset[str]:
    """Return the stems count_words makes of a language's function words (none for English)."""
    return frozenset(chain.from_iterable(_content_words(w) for w in function_words(lang)))


def fold(word: str) -> str:
    """Strip diacritics ("erdoğan" -> "erdogan"): outlets spell foreign names both ways."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word).translate(_UNDECOMPOSED)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def extract_entities(text: str) -> dict[str, float]:
    """Count capitalised phrases (people, places, organisations) without a model.

    A capitalised word that starts a sentence counts only when the text also capitalises
    it elsewhere, or it opens a longer name whose first word the text never writes in
    lowercase: this keeps "The", "Police" or "Turnout" out while keeping "Blinken".
    """
    lowered = {w for w in set(_LOWER_WORD.findall(text)) if w[0].islower() and len(w) > 1}
    runs = _capital_runs(text, lowered)
    inside = {t for tokens, initial in runs for t in (tokens[1:] if initial else tokens)}
    found: dict[str, float] = {}
    for tokens, initial in runs:
        if initial and len(tokens) == 1 and tokens[0] not in inside:
            continue
        _flush(tokens, found)
    return found


def _capital_runs(text: str, lowered: set[str]) -> list[tuple[list[str], bool]]:
    """Split text into runs of capitalised words; flag the runs that open a sentence."""
    runs: list[tuple[list[str], bool]] = []
    run: list[str] = []
    initial = False
    end = pos = 0
    # Outside a run a lowercase ASCII word does nothing: jump to the next token that may
    # open one (_OPENER is _CAP_TOKEN without its [a-z]+ branch, so it finds the same tokens).
    while (match := (_CAP_TOKEN if run else _OPENER).search(text, pos)) is not None:
        token = match.group()
        pos = match.end()
        if run and text[end : match.start()] not in (" ", "-"):
            runs.append((run, initial))  # punctuation or a line break ends a name
            run = []
        end = match.end()
        if token[0].isupper() or token == "&":
            at_start = not run and _sentence_start(text, match.start())
            if at_start and _is_common(token, lowered):
                continue
            if not run:
                initial = at_start
            if token.endswith(".") and token.count(".") == 1 and len(token) > 2:
                runs.append(([*run, token[:-1]], initial))  # "Jinping." ends a sentence
                run = []
                continue
            run.append(token)
        elif run and token in _ENTITY_JOINERS:
            run.append(token)
        elif run:
            runs.append((run, initial))
            run = []
    if run:
        runs.append((run, initial))
    return runs


def _sentence_start(text: str, pos: int) -> bool:
    """Tell whether only quotes and spaces separate pos from the previous sentence end."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\"'“”‘’([":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n"


def _is_common(token: str, lowered: set[str]) -> bool:
    word = re.split(r"['’]", token.lower(), maxsplit=1)[0]
    return word in STOPWORDS or word in lowered


def _flush(run: list[str], found: dict[str, float]) -> None:
    """Count a finished run of capitalised words: each name in it and its later words.

    The last word ("Blinken", "Jinping", "Korea") is how a name recurs on its own; first
    words ("Antony", "North", "Saint") are shared by too many different names to count.
    Inner words count too, as runs glue names together: "Las Vegas Mandalay Bay" must meet
    "Vegas" and "Mandalay" (not in runs with a title, whose inner words are more title and
    first names). A word taken from a longer name counts half: in "Kafa Airlines" it is a
    kind of thing, not a name.
    """
    words: list[str] = []
    for token in [*run, "the"]:  # a stopword ends the run: "CNN On Friday" is not one name
        word = token if token in _ENTITY_JOINERS else _normalise_name(token)
        if len(word) > 1 and word not in _ENTITY_JOINERS and not _entity_stopword(word):
            words.append(word)
            continue
        if word in _ENTITY_JOINERS and words:
            continue  # "Bank of America": the joiner is left out of the key
        words = _core_name(words)
        if len(words) > 1:
            phrase = sys.intern(" ".join(words))
            found[phrase] = found.get(phrase, 0.0) + 1.0
        if words:
            weight = 1.0 if len(words) == 1 else PART_OF_NAME
            titled = any(word in ROLE_WORDS for word in words)  # "U.S. Secretary of State X"
            for word in (words[-1], *([] if titled else words[1:-1])):
                key = sys.intern(word)
                found[key] = found.get(key, 0.0) + weight
        words = []


def count_names(keys: Collection[str]) -> int:
    """Count the names among entity keys: "las vegas", "vegas" and "las" are one name."""
    inside = {word for key in keys if " " in key for word in key.split()}
    return sum(1 for key in keys if " " in key or key not in inside)


def _core_name(words: list[str]) -> list[str]:
    """Strip the titles before a name and the legal form after it.

    "CEO Richard Smith" and "Equifax Inc" must meet "Richard Smith" and "Equifax": kept
    whole, their last words would be "Smith" (right) and "Inc" (a key every company shares).
    """
    start, end = 0, len(words)
    while end - start > 1 and words[end - 1] in LEGAL_FORMS:
        end -= 1
    while end - start > 1 and words[start] in ROLE_WORDS:
        start += 1
    return words[start:end]


def _entity_stopword(word: str) -> bool:
    return word in ENTITY_STOPWORDS or (word in STOPWORDS and word not in _ACRONYM_STOPWORDS)


@lru_cache(maxsize=1 << 16)
def _normalise_name(token: str) -> str:
    return fold(_POSSESSIVE.sub("", token).replace(".", "").replace("’", "'").lower())


def _body_matches_title(title: Counter[str], body: Counter[str]) -> bool:
    """Say whether the body names its headline's words: one of them, two of a long headline.

    True when the headline is too short to tell. A page can carry another article under its
    headline (a music-industry protest over a report on a singer's farewell tour), and one
    shared word ("music") is chance.
    """
    words = [w for w in title if not w.startswith("#")]
    if len(words) < HEADLINE_WORDS:
        return True
    needed = 2 if len(words) >= LONG_HEADLINE_WORDS else 1
    return sum(1 for w in words if w in body) >= needed


def _discount_names(
    terms: Counter[str], entities: dict[str, float], share: float
) -> dict[str, float]:
    """Count the words of names at share of their weight among the terms.

    The entity channel already compares names. Counted in full among the terms as well, one
    rare shared place name dominates both channels, and every story from that town looks
    alike: an earthquake, a fire and a trial there would become one story.
    """
    if share == 1.0:
        return dict(terms)
    named = {stem(word) for name in entities for word in name.split()}
    return {w: c * share if w in named else float(c) for w, c in terms.items()}


def extract(
    title: str,
    body: str,
    published: str | None,
    *,
    title_repeat: int = 2,
    name_share: float = 1.0,
) -> Features:
    """Compute the features of one article.

    Title words count title_repeat extra times; words of the body's names count name_share
    of their times among the terms.
    """
    body = body[:MAX_TEXT_CHARS]
    terms, title_terms = _without_function_words(body, count_words(body), count_words(title))
    words = sum(terms.values())
    if not _body_matches_title(title_terms, terms):
        # A body that never mentions its headline is an extraction failure (a cookie notice,
        # a copyright line, a gallery of other stories): only the headline says what it is.
        # With no body at all, the item is its headline: a brief of a headline-only feed.
        stamp = parse_timestamp(published)
        return Features({}, dict(title_terms), {}, stamp, words=words, headline_only=not words)
    headline_only = bool(title_terms) and terms.keys() <= title_terms.keys()
    for word, count in title_terms.items():
        terms[word] += title_repeat * count
    entities = extract_entities(body)
    return Features(
        terms=_discount_names(terms, entities, name_share),
        title=dict(title_terms),
        entities=entities,
        timestamp=parse_timestamp(published),
        words=words,
        subject=headline_names(title, entities),
        headline_only=headline_only,
    )


def _without_function_words(
    body: str, terms: Counter[str], title_terms: Counter[str]
) -> tuple[Counter[str], Counter[str]]:
    """Drop the function words of the body's language ("que", "der", "uma") when not English.

    A headline or a brief is too short to tell its language by: it keeps the English lists.
    """
    foreign = function_stems(detect(body)) if len(body) >= MIN_LANGUAGE_CHARS else frozenset()
    if not foreign:
        return terms, title_terms
    return (
        Counter({k: n for k, n in terms.items() if k not in foreign}),
        Counter({k: n for k, n in title_terms.items() if k not in foreign}),
    )


def headline_names(title: str, names: Iterable[str]) -> frozenset[str]:
    """Return the names whose every word the headline writes: what the article is about.

    Headlines capitalise every word, so the body says which of them are names.
    """
    said = {_normalise_name(token) for token in _CAP_TOKEN.findall(title)}
    return frozenset(name for name in names if all(w in said for w in name.split()))
