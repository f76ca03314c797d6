"""Gazetteers, tokens and name runs shared by quote attribution and entity extraction.

The gazetteers are plain text files in ``analyze/data`` (countries, capitals and major cities with
their aliases and demonyms, well-known organisations and acronyms, person titles, given names with
their usual gender). Everything here works offline: no model is downloaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from storyline.cluster.features import fold


def _data_lines(name: str) -> Iterator[str]:
    """Yield the non-comment lines of a packaged data file."""
    text = resources.files("storyline.analyze").joinpath("data").joinpath(name).read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line


@lru_cache(maxsize=1)
def _wordlists() -> dict[str, frozenset[str]]:
    """Read data/words.txt: one [section] per list."""
    lists: dict[str, set[str]] = {}
    current: set[str] = set()
    for line in _data_lines("words.txt"):
        if line.startswith("["):
            current = lists.setdefault(line.strip("[] "), set())
        else:
            current.update(line.split())
    return {name: frozenset(words) for name, words in lists.items()}


def wordlist(name: str) -> frozenset[str]:
    """Return one packaged word list (cues, titles modifiers, stop words, ...)."""
    return _wordlists()[name]


PERSON = "PERSON"
ORG = "ORG"
PLACE = "PLACE"

# Words that may sit inside a title chain ("US Secretary of State", "Former Massachusetts Gov.")
# without being a title head themselves.
TITLE_MODIFIERS = wordlist("title_modifiers")
CONNECTORS = wordlist("connectors")
# Capitalised function words that start sentences but never start a name.
STOP_CAPS = wordlist("stop_caps")
DAYS_MONTHS = wordlist("days_months")
# Abbreviations that keep their trailing period as part of the token.
ABBREVIATIONS = wordlist("abbreviations")
POSSESSIVE_NAMES = wordlist("possessive_names")
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:[-'’&][^\W_]+)*")
_CAMEL_LOWER = re.compile(r"[a-z]+[A-Z][A-Za-z]*$")  # eBay, iPhone (not ex-President)
_WORD_END = r"(?![^\W_]|[-'’&][^\W_])"  # where _TOKEN's match of a word ends
_CONNECTOR = "|".join(map(re.escape, sorted(CONNECTORS, key=len, reverse=True)))
# Runs of lowercase ASCII words, one space apart, each a whole token; the first no connector
# (a connector after a word that ends a run joins nothing either). Else one token.
_CAP_SCAN = re.compile(
    rf"(?P<plain>(?!(?:{_CONNECTOR}){_WORD_END})[a-z]+(?: [a-z]+)*{_WORD_END})"
    rf"|(?P<token>{_TOKEN.pattern})"
)


class Token(NamedTuple):
    """One word of a text with its character offsets (a named tuple: texts have many)."""

    text: str
    start: int
    end: int
    possessive: bool
    is_cap: bool  # capitalised, an acronym or camel-cased (eBay); set by tokenize


@dataclass(frozen=True)
class Gazetteer:
    """Lookup tables built from the packaged data files."""

    aliases: Mapping[tuple[str, ...], tuple[str, str]]  # alias tokens -> (canonical, type)
    demonyms: frozenset[str]
    first_names: Mapping[str, str]  # given name -> m | f | u
    titles: frozenset[str]
    max_alias_len: int
    longest_from: Mapping[str, int]  # first word of an alias -> length of its longest alias

    def lookup(self, words: Sequence[str]) -> tuple[str, str] | None:
        """Return (canonical, type) for an exact alias, or None."""
        return self.aliases.get(tuple(words))

    def gender(self, given: str) -> str:
        """Return m, f or u for a given name (u when unknown)."""
        return self.first_names.get(given, "u")


def _alias_key(alias: str) -> tuple[str, ...]:
    """Split an alias the way texts are tokenised."""
    return tuple(t.text for t in tokenize(alias))


def _load_places(aliases: dict[tuple[str, ...], tuple[str, str]], demonyms: set[str]) -> None:
    """Add places.tsv to the alias table and the demonym set."""
    for line in _data_lines("places.tsv"):
        cols = [*line.split("\t"), "", "", ""]
        canonical = cols[0]
        for alias in [canonical, *filter(None, cols[2].split("|"))]:
            aliases.setdefault(_alias_key(alias), (canonical, PLACE))
        demonyms.update(filter(None, cols[3].split("|")))


def _load_orgs(aliases: dict[tuple[str, ...], tuple[str, str]]) -> None:
    """Add orgs.tsv to the alias table."""
    for line in _data_lines("orgs.tsv"):
        cols = [*line.split("\t"), ""]
        for alias in [cols[0], *filter(None, cols[1].split("|"))]:
            aliases.setdefault(_alias_key(alias), (cols[0], ORG))


class GivenNames(dict[str, str]):
    """Given names and their gender; a hyphenated compound of given names is one too.

    "Eva-Marie", "Jean-Pierre", "Hans-Peter": listing every pair would not end.
    """

    def __contains__(self, name: object) -> bool:
        if super().__contains__(name):
            return True
        if not isinstance(name, str) or "-" not in name:
            return False
        parts = name.split("-")
        return len(parts) == 2 and all(p and super(GivenNames, self).__contains__(p) for p in parts)

    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        """Return a name's gender; a compound takes its first part's."""
        if super().__contains__(name):
            return super().get(name)
        return super().get(name.split("-")[0], default) if name in self else default


def _load_first_names() -> GivenNames:
    """Read first_names.txt: a name listed under both genders becomes u."""
    names = GivenNames()
    section = "u"
    for line in _data_lines("first_names.txt"):
        if line.startswith("["):
            section = line.strip("[] ")
            continue
        for name in line.split():
            names[name] = section if names.get(name, section) == section else "u"
    return names


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load the packaged gazetteers once."""
    aliases: dict[tuple[str, ...], tuple[str, str]] = {}
    demonyms: set[str] = set()
    _load_orgs(aliases)
    _load_places(aliases, demonyms)
    titles = frozenset(_data_lines("titles.txt"))
    return Gazetteer(
        aliases=aliases,
        demonyms=frozenset(demonyms),
        first_names=_load_first_names(),
        titles=titles,
        max_alias_len=max(len(k) for k in aliases),
        longest_from=_longest_from(aliases),
    )


def _longest_from(aliases: Mapping[tuple[str, ...], tuple[str, str]]) -> dict[str, int]:
    """Map each first word of an alias to the length of the longest alias it starts."""
    longest: dict[str, int] = {}
    for key in aliases:
        longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return longest


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Split text[start:end] into word tokens with offsets; keep abbreviation periods."""
    stop = len(text) if end is None else end
    tokens: list[Token] = []
    # Texts have many words: bound lookups and tuple.__new__ (Token's own __new__ is Python).
    append, new, camel = tokens.append, tuple.__new__, _CAMEL_LOWER.match
    for m in _TOKEN.finditer(text, start, stop):
        word = m.group()
        a, b = m.span()
        if b < stop and text[b] == "." and (word in ABBREVIATIONS or _is_initial(word)):
            word, b = word + ".", b + 1
        # A possessive ("Biden's") keeps its name; tested by hand: a regex call per word is slow.
        possessive = len(word) > 3 and word[-1] == "s" and word[-2] in "'’"
        if possessive:
            word, b = word[:-2], b - 2
        # Capitalised, acronym or camel-cased; an all-lowercase word cannot be camel-cased.
        cap = word[0].isupper() or (not word.islower() and camel(word) is not None)
        append(new(Token, (word, a, b, possessive, cap)))
    return tokens


def _token(text: str, word: str, a: int, b: int, stop: int) -> Token:
    """Make the token of the match text[a:b] == word, as tokenize does (inlined there: speed)."""
    if b < stop and text[b] == "." and (word in ABBREVIATIONS or _is_initial(word)):
        word, b = word + ".", b + 1
    # A possessive ("Biden's") keeps its name; tested by hand: a regex call per word is slow.
    possessive = len(word) > 3 and word[-1] == "s" and word[-2] in "'’"
    if possessive:
        word, b = word[:-2], b - 2
    # Capitalised, acronym or camel-cased; an all-lowercase word cannot be camel-cased.
    cap = word[0].isupper() or (not word.islower() and _CAMEL_LOWER.match(word) is not None)
    # tuple.__new__: Token's own __new__ is Python, and texts have many words.
    return tuple.__new__(Token, (word, a, b, possessive, cap))


def cap_tokens(line: str) -> tuple[list[Token], bool]:
    """Return the tokens of a line that cap_runs needs, and whether the line is a headline.

    cap_runs reads capitalised words and connectors; any other word only ends a run, so of a
    stretch of such words one stands for all: the same runs. Plain lowercase words go by in
    stretches, a match each. A headline has at least four words that start with a letter, and
    most (70 %) of them capitalised.
    """
    tokens: list[Token] = []
    words = caps = 0
    ended = False  # the last token kept ends a run
    for m in _CAP_SCAN.finditer(line):
        a, b = m.span()
        if m.lastgroup == "plain":  # single-spaced lowercase words (the first no connector)
            words += line.count(" ", a, b) + 1
            if not ended:
                tokens.append(tuple.__new__(Token, (m.group(), a, b, False, False)))
            ended = True
            continue
        tok = _token(line, m.group(), a, b, len(line))
        if tok.text[0].isalpha():
            words, caps = words + 1, caps + tok.is_cap
        if tok.is_cap or tok.text in CONNECTORS or not ended:
            tokens.append(tok)
        ended = not (tok.is_cap or tok.text in CONNECTORS)
    return tokens, words >= 4 and caps >= 0.7 * words


def _is_initial(word: str) -> bool:
    """Tell whether a word is a single capital letter (a name initial)."""
    return len(word) == 1 and word.isupper()


def _joinable(text: str, left: Token, right: Token) -> bool:
    """Tell whether two tokens are separated by plain spaces only (same name run)."""
    if left.possessive and left.text not in POSSESSIVE_NAMES:  # "Korean People's Army" joins
        return False
    gap = text[left.end + (2 if left.possessive else 0) : right.start]
    return 0 < len(gap) <= 2 and gap.strip(" \xa0") == ""


def cap_runs(text: str, tokens: Sequence[Token]) -> Iterator[list[Token]]:
    """Yield maximal runs of capitalised tokens, allowing connectors (of, de, al) inside."""
    run: list[Token] = []
    for i, tok in enumerate(tokens):
        joins = bool(run) and _joinable(text, run[-1], tok)
        if tok.is_cap or (joins and tok.text in CONNECTORS and _connects(text, tokens, i)):
            if run and not joins:
                yield run
                run = []
            run.append(tok)
            continue
        if run:
            yield run
            run = []
    if run:
        yield run


def _connects(text: str, tokens: Sequence[Token], i: int) -> bool:
    """Tell whether the connector tokens[i] leads (via at most one more) to a capitalised word."""
    for j in (i + 1, i + 2):
        if j >= len(tokens) or not _joinable(text, tokens[j - 1], tokens[j]):
            return False
        if tokens[j].is_cap:
            return True
        if tokens[j].text not in CONNECTORS:
            return False
    return False


def title_end(words: Sequence[str]) -> int:
    """Return where the name starts after a leading title chain (0 when there is no title).

    "US Secretary of State Antony Blinken" -> 4; a chain with no name after it returns len(words).
    """
    gaz = gazetteer()
    head = -1
    i = 0
    while i < len(words):
        word = words[i]
        if word in gaz.titles:
            head = i
        elif (head >= 0 and word in gaz.first_names and word not in TITLE_MODIFIERS) or not (
            word in TITLE_MODIFIERS
            or word in gaz.demonyms
            or word in CONNECTORS
            or gaz.lookup([word]) is not None
        ):
            break
        i += 1
    return i if head >= 0 else 0


_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
_INITIAL = re.compile(r"[A-Z]\.?")  # a name's initial, dropped from its key
_NICKNAMES = {
    "Joe": "Joseph",
    "Tony": "Anthony",
    "Antony": "Anthony",
    "Bill": "William",
    "Will": "William",
    "Bob": "Robert",
    "Rob": "Robert",
    "Mike": "Michael",
    "Jim": "James",
    "Jimmy": "James",
    "Tom": "Thomas",
    "Dick": "Richard",
    "Rick": "Richard",
    "Chris": "Christopher",
    "Dan": "Daniel",
    "Dave": "David",
    "Steve": "Stephen",
    "Steven": "Stephen",
    "Alex": "Alexander",
    "Ted": "Edward",
    "Ed": "Edward",
    "Liz": "Elizabeth",
    "Kate": "Katherine",
    "Nick": "Nicholas",
    "Matt": "Matthew",
    "Sam": "Samuel",
    "Ben": "Benjamin",
    "Andy": "Andrew",
    "Tim": "Timothy",
    "Pete": "Peter",
    "Jeff": "Jeffrey",
    "Greg": "Gregory",
    "Ron": "Ronald",
    "Don": "Donald",
    "Vlad": "Vladimir",
    "Jon": "Jonathan",
    "Larry": "Lawrence",
    "Jerry": "Gerald",
    "Chuck": "Charles",
    "Charlie": "Charles",
}


@lru_cache(maxsize=1 << 16)  # a pure function of the name; linking asks per candidate and text
def person_key(name: str) -> tuple[str, str]:
    """Return (given, family) with initials and Jr./III dropped, nicknames and accents folded.

    Outlets write "Erdoğan" and "Erdogan", "Kim Jong-un" and "Kim Jong Un": one person.
    """
    # "Kim Jong-un", "Kim Jong Un" and "Kim Jong-Un" are one person: hyphens split, case folds.
    spaced = " ".join(
        w.replace("-", " ") if w.count("-") == 1 and w[0].isupper() else w for w in name.split()
    )
    words = [w for w in spaced.split() if w not in _SUFFIXES and not _INITIAL.fullmatch(w)]
    if not words:
        return ("", fold(name).lower())
    given = words[0] if len(words) > 1 else ""
    return (fold(_NICKNAMES.get(given, given)).lower(), fold(words[-1]).lower())


def clean_person(words: Sequence[str]) -> str:
    """Join name words, dropping Jr./III suffixes at the end."""
    kept = list(words)
    while len(kept) > 1 and kept[-1] in _SUFFIXES:
        kept.pop()
    return " ".join(kept)
