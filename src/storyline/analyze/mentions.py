"""Find candidate name mentions in one text: capitalised runs typed by gazetteers and cues.

A candidate is typed when a rule is confident (gazetteer alias, title before a name, known given
name, organisation or place suffix, acronym); otherwise it stays untyped with the context cue seen
next to it, and story-level linking (entities.py) decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from storyline.analyze.mention_cues import context_cue
from storyline.analyze.name_shapes import (
    describes,
    family_title,
    in_capitals,
    is_acronym,
    month_in_name,
    not_a_name,
    numbered,
    shouted,
)
from storyline.analyze.names import (
    CONNECTORS,
    DAYS_MONTHS,
    ORG,
    PERSON,
    PLACE,
    STOP_CAPS,
    TITLE_MODIFIERS,
    Token,
    cap_runs,
    cap_tokens,
    clean_person,
    gazetteer,
    title_end,
    tokenize,
    wordlist,
)

ORG_SUFFIXES = wordlist("org_suffixes")
ORG_PREFIXES = wordlist("org_prefixes")
PLACE_SUFFIXES = wordlist("place_suffixes")
PLACE_PREFIXES = wordlist("place_prefixes")
EVENT_SUFFIXES = wordlist("event_suffixes")
EVENT_PREFIXES = wordlist("event_prefixes")  # "Hurricane Harvey", "Operation IceBridge"
PARTY_PLURALS = wordlist("party_plurals")  # "Republicans", "Christian Democrats": a party
# "Doctors said", "Experts warned": a plural of a person or role noun opening a sentence
_PEOPLE_NOUNS = frozenset(
    w for w in wordlist("speaker_heads") if w.endswith("s") and not w.endswith("ss")
)
MAX_RUN_WORDS = 64  # capitalised words scanned as one run; a longer run is no single name
MEMO_CHARS = 2_000  # longer lines and runs are scanned afresh: they bound the memos' memory
_CAMEL = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+|[a-z]+[A-Z][A-Za-z]+")


@dataclass(frozen=True)
class Candidate:
    """A capitalised name candidate in one text."""

    name: str  # canonical guess: gazetteer canonical, title-stripped person name or the words
    type: str | None  # PERSON | ORG | PLACE, or None when no rule was confident
    start: int
    end: int
    how: str  # gazetteer | title | given | suffix | acronym | camel | unknown | headline
    initial: bool = False  # first word of a sentence
    cue: str = ""  # speaker | place | org | "" (context seen next to an untyped candidate)

    @property
    def words(self) -> list[str]:
        """Return the name's words."""
        return self.name.split()


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each non-empty line."""
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            yield pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)


def _is_initial(text: str, pos: int) -> bool:
    """Tell whether position pos starts a sentence (or a line)."""
    before = text[max(0, pos - 4) : pos].rstrip(" \t\xa0\"“‘'(")
    return not before or before[-1] in ".!?:\n\r;—-–•*|"


def candidates(text: str) -> list[Candidate]:
    """Return the name candidates of one text, in text order."""
    found: list[Candidate] = []
    for start, end in _lines(text):
        line = text[start:end]
        for at, span, headline in (_line_runs if len(line) <= MEMO_CHARS else _scan_line)(line):
            base = start + at
            # Names recur ("President Xi Jinping said"): which words make which candidate
            # depends on the run's own characters only; the context is read here.
            shapes = _run_shapes if len(span) <= MEMO_CHARS else _scan_shapes
            for name, kind, a, b, how in shapes(span, headline):
                a, b = base + a, base + b
                cue = context_cue(text, a, b) if kind is None and how != "headline" else ""
                found.append(Candidate(name, kind, a, b, how, _is_initial(text, a), cue))
    return found


def rescan(text: str, toks: list[Token]) -> Iterator[Candidate]:
    """Yield the candidates of some words of a run read alone ("Blue Origin" of "Shares of")."""
    for cand in _scan_run(text, toks, headline=False):
        yield replace(
            cand, cue=context_cue(text, cand.start, cand.end) if cand.type is None else ""
        )


def _scan_line(line: str) -> tuple[tuple[int, str, bool], ...]:
    """Return the capitalised runs of one line: (offset, text, headline?)."""
    tokens, headline = cap_tokens(line)
    out = []
    for run in cap_runs(line, tokens):
        # A name is a few words: scanning a run of thousands of capitalised words whole
        # re-reads the rest of the run at every word (quadratic); scan it in pieces.
        for at in range(0, len(run), MAX_RUN_WORDS):
            piece = run[at : at + MAX_RUN_WORDS]
            # The text up to the last word's end as matched: a possessive's 's included.
            first, last = piece[0].start, piece[-1]
            out.append((first, line[first : last.end + 2 * last.possessive], headline))
    return tuple(out)


def _scan_shapes(span: str, headline: bool) -> tuple[tuple[str, str | None, int, int, str], ...]:
    """Scan one capitalised run standing alone: each candidate's name, type, offsets in span, how.

    span is the run's text, from its first word's start to its last word's end as the token
    pattern matched it: tokenised alone, it gives the run's words again. (Plain tuples: the
    garbage collector stops tracking them, where it would walk cached Candidates at every pass.)
    """
    return tuple(
        (c.name, c.type, c.start, c.end, c.how)
        for c in _scan_run(span, tokenize(span), headline=headline)
    )


# Copies of a report repeat whole lines, and names recur across reports: both memoised.
_line_runs = lru_cache(maxsize=1 << 12)(_scan_line)
_run_shapes = lru_cache(maxsize=1 << 14)(_scan_shapes)


def _alias_match(words: Sequence[str], i: int) -> int:
    """Return the length of the longest gazetteer alias starting at words[i] (0 if none)."""
    gaz = gazetteer()
    aliases = gaz.aliases
    # Only aliases that start with this word (or its title case) can match: most words start none.
    first = words[i]
    longest = gaz.longest_from.get(first, 0)
    # All capitals (LAS VEGAS) is rare: test the first word before the rest.
    upper = len(first) > 2 and first.isupper() and first.isalpha()
    if upper:
        longest = max(longest, gaz.longest_from.get(first.title(), 0))
    for n in range(min(longest, len(words) - i), 0, -1):
        # As _lookup(words[i : i + n]) is not None, inline: this runs for every capitalised word.
        key = tuple(words[i : i + n])
        if key in aliases:
            return n
        if upper and (
            all(len(w) > 2 and w.isupper() and w.isalpha() for w in key)
            and tuple(w.title() for w in key) in aliases
        ):
            return n
    return 0


def _lookup(words: Sequence[str]) -> tuple[str, str] | None:
    """Look words up in the gazetteer, also in title case when all in capitals (LAS VEGAS)."""
    gaz = gazetteer()
    hit = gaz.lookup(words)
    if hit is None and all(len(w) > 2 and w.isupper() and w.isalpha() for w in words):
        hit = gaz.lookup([w.title() for w in words])
    return hit


def _scan_run(text: str, run: list[Token], *, headline: bool) -> Iterator[Candidate]:
    """Split one capitalised run into typed and untyped candidates."""
    words = [t.text for t in run]
    shout = shouted(words)
    pending: list[Token] = []
    i = 0
    while i < len(run):
        k = title_end(words[i:]) if words[i] not in CONNECTORS else 0
        if k and (words[i + k - 1] in CONNECTORS or _is_org(words[i + k :])):
            k = 0  # "Director of Internet Marketing Company": an office, not a name after it
        if k == 1 and family_title([t.text for t in pending], words[i + 1 :]):
            k = 0  # "Billie Jean King", "David Duke": a family name, not a title
        n = _alias_match(words, i)
        if k > 0 and k >= n:  # a title chain wins unless an alias is longer (General Motors)
            yield from _leftover(text, pending, headline=headline, shout=shout)
            pending = []
            yield from _title_chain(text, run[i : i + k])
            name = _name_after_title(run, i + k)
            if name:
                yield _make(text, name, PERSON, "title", clean_person([t.text for t in name]))
            i += k + len(name)
        elif n > 0 and _absorbs(pending, n):
            pending.extend(run[i : i + n])  # "University of Liverpool", "Lynn Fox"
            i += n
        elif n > 0:
            cand, used = _alias(text, run, i, n)
            if _joins_suffixed(cand, pending):  # "Sierra Nevada Corporation": one name, not two
                cand = _make(text, [*pending, *run[i : i + used]], cand.type, "suffix", "")
            else:
                yield from _leftover(text, pending, headline=headline, shout=shout)
            pending = []
            yield cand
            i += used
        elif pending and month_in_name(text, run[i], pending[0].text):
            pending.append(run[i])  # "Ajmal Jan, a local shopkeeper": a family name
            i += 1
        elif words[i] in STOP_CAPS or words[i] in DAYS_MONTHS or words[i] == "and":
            yield from _leftover(text, pending, headline=headline, shout=shout)
            pending = []
            i += 1
        else:
            pending.append(run[i])
            i += 1
    yield from _leftover(text, pending, headline=headline, shout=shout)


def _leftover(text: str, toks: list[Token], *, headline: bool, shout: bool) -> Iterator[Candidate]:
    """Type the words no alias or title took; in a shouted run, words in capitals only link."""
    if not shout or headline:
        yield from _untyped(text, toks, headline=headline)
        return
    # "CLOSE WHAT YOU NEED TO KNOW Elon Musk": the capitals link, the name after them is typed.
    group: list[Token] = []
    for tok in toks:
        if group and in_capitals(tok.text) != in_capitals(group[-1].text):
            yield from _label_part(text, group)
            group = []
        group.append(tok)
    yield from _label_part(text, group)


def _label_part(text: str, group: list[Token]) -> Iterator[Candidate]:
    """Type words of a label: a name a rule types ("Elon Musk"), else words that only link."""
    if not group or in_capitals(group[-1].text):
        yield from _untyped(text, group, headline=True)
        return
    for cand in _untyped(text, group, headline=False):
        if cand.type is not None:
            yield cand
        else:  # "MANDALAY BAY RESORT AND CASINO Stairs Hallway Entrance": more label
            inside = [t for t in group if cand.start <= t.start < cand.end]
            yield from _untyped(text, inside, headline=True)


def _absorbs(pending: Sequence[Token], n: int) -> bool:
    """Tell whether an alias belongs to the words before it rather than standing alone."""
    if not pending:
        return False
    last = pending[-1].text
    if last in ("of", "for", "de") and len(pending) >= 2:
        return pending[-2].text in ORG_SUFFIXES | ORG_PREFIXES | PLACE_SUFFIXES
    gaz = gazetteer()
    return n == 1 and len(pending) == 1 and last in gaz.first_names and gaz.lookup([last]) is None


def _joins_suffixed(cand: Candidate, pending: Sequence[Token]) -> bool:
    """Tell whether words before a place-led suffixed name join it ("Sierra Nevada Corp.")."""
    return (
        cand.type in (ORG, PLACE)
        and cand.how == "suffix"
        and bool(pending)
        and not any(t.text in CONNECTORS or t.possessive for t in pending)
    )


def _alias(text: str, run: Sequence[Token], i: int, n: int) -> tuple[Candidate, int]:
    """Emit a gazetteer alias, or a longer name it starts ("New York Stock Exchange")."""
    canonical, kind = _lookup([t.text for t in run[i : i + n]]) or ("", "")
    tail: list[Token] = []
    for tok in run[i + n :]:
        if tok.text in STOP_CAPS or tok.text in CONNECTORS or len(tail) == 3:
            break
        tail.append(tok)
        if tok.possessive:
            break
    if kind == PLACE and tail:
        head = tail[-1].text
        if head in ORG_SUFFIXES or head in PLACE_SUFFIXES:
            toks = run[i : i + n + len(tail)]
            name = " ".join(text[toks[0].start : toks[-1].end].split())
            kind = ORG if head in ORG_SUFFIXES else PLACE
            return _make(text, toks, kind, "suffix", name), len(toks)
    return _make(text, run[i : i + n], kind, "gazetteer", canonical), n


def _is_org(words: Sequence[str]) -> bool:
    """Tell whether the words after a title end like an organisation's name."""
    rest = [w for w in words if w not in STOP_CAPS]
    return bool(rest) and rest[-1] in ORG_SUFFIXES


def _title_chain(text: str, chain: Sequence[Token]) -> Iterator[Candidate]:
    """Yield the places and organisations named inside a title chain ("US" in "US Secretary")."""
    gaz = gazetteer()
    for tok in chain:
        hit = gaz.lookup([tok.text])
        if hit is not None and tok.text not in gaz.titles:
            yield _make(text, [tok], hit[1], "gazetteer", hit[0])


def _name_after_title(run: Sequence[Token], i: int) -> list[Token]:
    """Return the name tokens that follow a title chain, up to a stop word or connector."""
    name: list[Token] = []
    for tok in run[i:]:
        if tok.text in STOP_CAPS or tok.text in DAYS_MONTHS or tok.text in CONNECTORS:
            break
        name.append(tok)
        if tok.possessive:
            break
    return name


def _make(text: str, toks: Sequence[Token], kind: str | None, how: str, name: str) -> Candidate:
    """Build a candidate covering toks (name "" means: the covered text)."""
    start, end = toks[0].start, toks[-1].end
    name = name or " ".join(text[start:end].split())
    return Candidate(name, kind, start, end, how, initial=_is_initial(text, start))


def _untyped(text: str, toks: list[Token], *, headline: bool) -> Iterator[Candidate]:
    """Type a leftover run of capitalised words by suffix, given name, shape or context."""
    # "Singapore-based Broadcom", "Kenyan-born Smith": the modifier is no part of the name.
    while toks and (toks[0].text in CONNECTORS or describes(toks[0].text)):
        toks = toks[1:]
    while toks and toks[-1].text in CONNECTORS:
        toks = toks[:-1]
    if not toks:
        return
    if len(toks) == 1 and not_a_name(toks[0].text):
        return
    if headline:
        for tok in toks:  # title-case lines: keep words only for linking to names seen elsewhere
            yield _make(text, [tok], None, "headline", tok.text)
        return
    cand = _classify(text, toks)
    if cand is not None:
        yield cand


def _classify(text: str, toks: Sequence[Token]) -> Candidate | None:
    """Type a run that no gazetteer alias or title explained."""
    gaz = gazetteer()
    # "European Ariane" loses its demonym; "Korean People's Army" keeps it (an organisation).
    while len(toks) > 1 and toks[0].text in gaz.demonyms and toks[-1].text not in ORG_SUFFIXES:
        toks = toks[1:]
    # "Republican Donald Trump", "Former Gov. ...": a modifier before a given name is no name.
    while len(toks) > 2 and toks[0].text in TITLE_MODIFIERS and toks[1].text in gaz.first_names:
        toks = toks[1:]
    words = [t.text for t in toks]
    # "Mary Horomanski of Erie": a person is named before "of", where they live comes after.
    if words[0] in gaz.first_names and "of" in words[2:]:
        toks = toks[: words.index("of")]
        words = words[: len(toks)]
    if len(words) == 1 and (words[0] in ORG_SUFFIXES or words[0] in PLACE_SUFFIXES):
        return None  # "Police said": a common noun at the start of a sentence
    if len(words) == 1 and words[0] not in PARTY_PLURALS and words[0].lower() in _PEOPLE_NOUNS:
        return None  # "Doctors said", "Experts warned": people, but no one named
    # "Muslim Americans" are a people ("Turquoise Council of Americans" a council).
    plural_demonym = words[-1][-1:] == "s" and words[-1] in gaz.demonyms and "of" not in words
    # Events, and craft or weapons numbered like "Tiangong-1" or "Hwasong-12", are no one.
    event = words[-1] in EVENT_SUFFIXES or (len(words) > 1 and words[0] in EVENT_PREFIXES)
    event = event or numbered(words[-1])
    if event or " ".join(words) in gaz.demonyms or plural_demonym:
        return None  # "Bastille Day", "Costa Rican": not a person, organisation or place
    # The head is the word before "of" ("Great Hall of the People"), else the last word.
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    if (head in ORG_SUFFIXES and len(words) > 1) or (len(words) > 2 and words[0] in ORG_PREFIXES):
        return _make(text, toks, ORG, "suffix", "")
    if words[-1] in PARTY_PLURALS:  # "Majorities of Democrats": the group is after "of"
        cut = max((k + 1 for k, w in enumerate(words) if w in CONNECTORS), default=0)
        return _make(text, toks[cut:], ORG, "suffix", "")
    if len(words) > 1 and (head in PLACE_SUFFIXES or words[0] in PLACE_PREFIXES):
        return _make(text, toks, PLACE, "suffix", "")
    if words[0] in gaz.first_names and 2 <= len(words) <= 4:
        return _make(text, toks, PERSON, "given", clean_person(words))
    if len(words) == 1 and is_acronym(words[0]):
        return _make(text, toks, ORG, "acronym", words[0])
    if len(words) == 1 and _CAMEL.fullmatch(words[0]):
        return _make(text, toks, ORG, "camel", words[0])
    # Untyped: candidates() reads its context cue in the whole text, not in the run alone.
    return _make(text, toks, None, "given" if words[0] in gaz.first_names else "unknown", "")
