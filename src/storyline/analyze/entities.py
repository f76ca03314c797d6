"""People, organisations and places of a story, canonicalised and counted, offline.

Approach (no model is downloaded): capitalised word runs are candidates (mentions.py); packaged
gazetteers type them (countries, capitals and major cities with aliases; well-known organisations
and acronyms; titles; given names), then suffixes (Ministry, University, Street) and context cues
("X said", "in X", "X-based"). A name no rule typed is typed by what it does across the story
(entity_context.py): a team plays, a company reports, a group claims, a person is "Mr. X" or
"X, 45,"; "the Super Bowl" and "the Falcon Heavy" are things, not entities. Capitalised words with
no such evidence are a person only when none is a common word of the story or they are named
often. Across the story's texts, persons are canonicalised to their most used full name: "Xi",
"Xi Jinping" and "President Xi Jinping" count as one "Xi Jinping", and "Kim Jong-un", "Kim Jong
Un" and "Kim Jong-Un" as one person; places and organisations use their gazetteer canonical
("US", "U.S." -> "United States"), "Equifax Inc." counts as "Equifax", and acronyms defined in a
text ("Asia-Pacific Economic Cooperation (APEC)") fold into the long name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter

from storyline.analyze.acronyms import acronym_definitions
from storyline.analyze.entity_context import THING, decide, tally
from storyline.analyze.mentions import Candidate, candidates
from storyline.analyze.name_leads import cut_leads
from storyline.analyze.name_shapes import name_word
from storyline.analyze.names import CONNECTORS, ORG, PERSON, PLACE, person_key
from storyline.analyze.rereads import reread
from storyline.cluster.features import fold

MAX_TEXT_CHARS = 2_000_000  # longer texts are cut: an article is far shorter
_CORPORATE = frozenset({"Inc", "Corp", "Co", "Ltd", "LLC", "Plc", "PLC", "plc", "AG", "SE", "NV"})
SALIENT_MENTIONS = 3  # a capitalised pair named this often in a story is kept as a person


def _lowercase_class() -> str:
    """Return a regex character class body of every lowercase letter (re has no \\p{Ll})."""
    lower = [c for c in range(0x10000) if chr(c).islower()]
    runs: list[tuple[int, int]] = []
    for c in lower:
        if runs and runs[-1][1] == c - 1:
            runs[-1] = (runs[-1][0], c)
        else:
            runs.append((c, c))
    return "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in runs)


# "émigrés" written in lowercase somewhere makes a sentence-initial "Émigrés" a word, not a name.
_LOWER = _lowercase_class()
_LOWER_WORD = re.compile(rf"\b[{_LOWER}][{_LOWER}'’-]+\b")
_ENDS_PHRASE = re.compile(
    r"[ \xa0]*(?:[.,;:!?)]|$)|\s+(?:and|or|on|in|at|to|for|from|after|is|was|were|has|had|where)\b"
)


@dataclass(frozen=True)
class Mention:
    """One typed, canonicalised name mention in a text (span covers the name, not its title)."""

    name: str
    type: str  # PERSON | ORG | PLACE
    start: int
    end: int


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place of a story, with how often and how it is named."""

    name: str
    type: str  # PERSON | ORG | PLACE
    count: int
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class TextNames:
    """What one text brings to linking: its candidates, lower-case words and acronym definitions."""

    text: str  # the text as scanned (cut at MAX_TEXT_CHARS)
    cands: tuple[Candidate, ...]
    vocab: frozenset[str]
    acronyms: tuple[tuple[str, str], ...]  # in definition order: later definitions win

    @cached_property
    def votes(self) -> dict[str, Counter[str]]:
        """Return the context votes of the untyped candidates, per name (asked once per text)."""
        # Quote speakers link one text, the story's entities all: both read these votes.
        return tally(
            (c.name, self.text, c.start, c.end)
            for c in self.cands
            if c.type is None and c.how != "headline"
        )

    @cached_property
    def mentions(self) -> list[Mention]:
        """Return the text's mentions linked as a story of its own (read-only, made once)."""
        # Quote speakers link each text alone; a one-article story's entities link the same.
        return _link_all([self])[0]


def scan_names(text: str) -> TextNames:
    """Scan one text once for what linking needs; share the scan between quotes and entities."""
    bounded = text[:MAX_TEXT_CHARS]
    vocab = frozenset(_LOWER_WORD.findall(bounded))
    return TextNames(
        bounded,
        tuple(cut_leads(bounded, reread(bounded, candidates(bounded), vocab), vocab)),
        vocab,
        tuple(acronym_definitions(bounded).items()),
    )


def story_votes(scans: Sequence[TextNames]) -> dict[str, Counter[str]]:
    """Sum the texts' votes per name, names in order of first vote: one tally of every text."""
    votes: dict[str, Counter[str]] = {}
    for scan in scans:
        for name, counted in scan.votes.items():
            votes.setdefault(name, Counter()).update(counted)
    return votes


class _Linker:
    """Story-wide tables that map a candidate to its canonical name and type."""

    def __init__(self, scans: Sequence[TextNames]) -> None:
        self.vocab: set[str] = set()
        self.acronyms: dict[str, str] = {}
        for scan in scans:
            self.vocab.update(scan.vocab)
            self.acronyms.update(scan.acronyms)
        self.full: dict[tuple[str, str], str] = {}
        self.by_family: dict[str, Counter[str]] = defaultdict(Counter)
        self.by_given: dict[str, Counter[str]] = defaultdict(Counter)
        self._index_persons([c for scan in scans for c in scan.cands])
        self.known: dict[str, str] = {}
        votes = story_votes(scans)
        self.decided = {name: kind for name, v in votes.items() if (kind := decide(v))}
        for c in (c for scan in scans for c in scan.cands if c.type == ORG):
            base = _org_base(c.name, None)  # the story calls it "Equifax Inc.": a company
            if base != c.name:
                self.decided.setdefault(base, ORG)
        self.counts = Counter(c.name for scan in scans for c in scan.cands)
        self.placed = _placed(scans)
        self.guessed: set[str] = set()  # persons learnt from their context, not typed by rule
        self.spoken = {c.name for scan in scans for c in scan.cands if c.cue == "speaker"} | {
            name for name, kind in self.decided.items() if kind == PERSON
        }

    def _index_persons(self, cands: Sequence[Candidate], also: Sequence[str] = ()) -> None:
        """Index the multi-word person names by family name and by first word."""
        surfaces: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for name in [*(c.name for c in cands if c.type == PERSON), *also]:
            if len(name.split()) >= 2:
                surfaces[person_key(name)][name] += 1
        self.full, self.by_family, self.by_given = {}, defaultdict(Counter), defaultdict(Counter)
        for key, counter in surfaces.items():
            # The most frequent surface names the person; ties go to the longest, then to
            # the spelling with its accents ("Erdoğan" over "Erdogan").
            best = max(counter, key=lambda s: (counter[s], len(s), not s.isascii()))
            self.full[key] = best
            total = sum(counter.values())
            self.by_family[key[1]][best] += total
            self.by_given[fold(best.split()[0]).lower()][best] += total

    def reindex(self, cands: Sequence[Sequence[Candidate]], learnt: Sequence[str]) -> None:
        """Index the typed persons again with the names learnt as persons."""
        self._index_persons([c for per in cands for c in per], learnt)
        typed = {c.name for per in cands for c in per if c.type == PERSON}
        self.guessed = set(learnt) - typed

    def plain_person(self, name: str) -> bool:
        """Tell whether a learnt name may index a person: no connector, no word typed otherwise."""
        words = name.split()
        return not any(w in CONNECTORS or self.decided.get(w) not in (None, PERSON) for w in words)

    def link_single(self, word: str, *, given: bool = True) -> str | None:
        """Return the full person name a lone word refers to (family name first), if any."""
        for index in (self.by_family, self.by_given) if given else (self.by_family,):
            counter = index.get(fold(word).lower())
            if counter:  # most_common(1): the first of the highest counts
                return max(counter.items(), key=itemgetter(1))[0]
        return None

    def resolve(self, cand: Candidate) -> list[tuple[str, str]]:
        """Return the (name, type) pairs a candidate stands for (none, one, or several)."""
        words = cand.words
        if cand.type == PERSON and len(words) >= 2:
            return [(self.full.get(person_key(cand.name), cand.name), PERSON)]
        if len(words) == 1 and (cand.type in (None, PERSON) or cand.how == "camel"):
            # "McDowell" looks camel-cased like "SpaceX". A word the story types as a team or
            # firm ("the Cubs won") may still be a family name ("Trump said in a statement"),
            # but it is no person's first word; a word it reads as a place ("in Nice, where")
            # names no person only guessed ("the Hyatt Regency Nice hotel").
            given = self.decided.get(cand.name) in (None, PERSON) and cand.name not in self.placed
            linked = self.link_single(words[0], given=given)
            if cand.name in self.placed and linked in self.guessed:
                linked = None
            if linked:
                return [(linked, PERSON)]
            if "-" in words[0]:
                parts = [self.link_single(p) for p in words[0].split("-")]
                if all(parts):
                    return [(p, PERSON) for p in parts if p]
        ambiguous = len(words) == 1 and words[0].lower() in self.vocab
        # "NORTH", "CROWD" in a label: a word the story writes in lowercase is no acronym.
        ambiguous = ambiguous and (cand.initial or cand.how == "acronym")
        if cand.type is not None:
            if ambiguous and cand.how != "title":
                return []
            return [(self.acronyms.get(cand.name, cand.name), cand.type)]
        return self._guess(cand, ambiguous=ambiguous)

    def _guess(self, cand: Candidate, *, ambiguous: bool) -> list[tuple[str, str]]:
        """Type an untyped candidate from what the story taught, its cue and its shape."""
        words = cand.words
        if cand.how == "headline" or ambiguous:
            return []
        if cand.name in self.known:
            return [(cand.name, self.known[cand.name])]
        decided = self.decided.get(cand.name)
        if decided is not None:  # what the name does in the story: a team plays, a firm reports
            return [] if decided == THING else [(cand.name, decided)]
        key = person_key(cand.name)
        if len(words) >= 2 and key in self.full:
            return [(self.full[key], PERSON)]
        if cand.how == "given" and len(words) == 1:
            return [(cand.name, PERSON)]
        if cand.cue in ("speaker", "credit"):  # 'Energy said' ("energy" in the story): no one
            common = len(words) == 1 and words[0].lower() in self.vocab
            return [] if common else [(cand.name, PERSON)]
        if cand.cue in ("numbered", "modifier"):  # 'at Route 91', 'Political Science professor'
            return []
        if cand.cue == "place":  # 'in May', 'in Nature' (the story writes "may", "nature")
            common = len(words) == 1 and words[0].lower() in self.vocab
            return [] if common else [(cand.name, PLACE)]
        if cand.cue == "org":  # "Blue Origin spokesman", "Variety magazine"
            return [(cand.name, ORG)]
        if any(self.decided.get(w) in (ORG, THING) for w in words):
            return []  # 'Go Cubs Go', 'Equifax Use': a team's or firm's name is in it
        shaped = (
            2 <= len(words) <= 3
            and not cand.initial
            and all(name_word(w, self.vocab) and not (len(w) > 1 and w.isupper()) for w in words)
        )  # 'PS Plus', 'AM ET Fri': an acronym in it makes no person's name
        return [(cand.name, PERSON)] if shaped and self._person_like(cand.name) else []

    def _person_like(self, name: str) -> bool:
        """Tell whether capitalised words no rule typed read as a person's name.

        Only when the story treats them as one (a speaker, a person's context, named often) or
        none of them is a common word: 'Privacy Settings', 'Bud Light' are not people.
        """
        common = [w.lower() in self.vocab for w in name.split()]
        if all(common):  # 'Social Security', 'Special Operations': common words, a concept
            return name in self.spoken
        return name in self.spoken or self.counts[name] >= SALIENT_MENTIONS or not any(common)

    def learn(self, cand: Candidate, resolved: list[tuple[str, str]]) -> None:
        """Remember single names typed by a cue so that bare mentions elsewhere count too."""
        if cand.type is None and len(resolved) == 1 and resolved[0][0] == cand.name:
            self.known.setdefault(cand.name, resolved[0][1])


def _placed(scans: Sequence[TextNames]) -> set[str]:
    """Return the names a story reads as places more often than as speakers.

    "in Croydon, south London": no person's first word ("Croydon Advertiser", a person's name by
    its shape), nor a person only guessed ("the Hyatt Regency Nice hotel"). Not a given name
    ("in Hillary's speech"), nor a word that modifies a noun ("in Latino homes").
    """
    reads: Counter[str] = Counter()
    for scan in scans:
        for c in scan.cands:
            if c.cue == "speaker":
                reads[c.name] -= 1
            elif c.cue == "place" and c.how != "given" and _ENDS_PHRASE.match(scan.text, c.end):
                reads[c.name] += 1
    return {name for name, n in reads.items() if n > 0}


_Key = tuple[str, str | None, str, bool, str]  # what resolve reads of a candidate


def _learn_all(linker: _Linker, cands: Sequence[Sequence[Candidate]]) -> None:
    """First pass: learn the names typed by a cue, resolving each distinct candidate once."""
    # resolve reads the learnt table only to ask whether the candidate's name is in it, so a
    # result stays good until that answer changes.
    memo: dict[_Key, tuple[list[tuple[str, str]], bool]] = {}
    for per_text in cands:
        for c in per_text:
            key = (c.name, c.type, c.how, c.initial, c.cue)
            known = c.name in linker.known
            hit = memo.get(key)
            if hit is None or hit[1] != known:
                hit = memo[key] = (linker.resolve(c), known)
            linker.learn(c, hit[0])


def _link_all(scans: Sequence[TextNames]) -> list[list[Mention]]:
    """Find, type and canonicalise the mentions of every text of one story."""
    cands = [scan.cands for scan in scans]
    linker = _Linker(scans)
    _learn_all(linker, cands)
    # Names typed as persons by their context ("Hua Chunying said") join the index, so that a
    # family name alone later in the story ("Hua said") links to them.
    learnt = [
        c.name
        for per in cands
        for c in per
        if linker.known.get(c.name) == PERSON and linker.plain_person(c.name)
    ]
    if learnt:
        linker.reindex(cands, learnt)
    # The tables are final now: a candidate resolves by everything but its span, once per story.
    memo: dict[_Key, list[tuple[str, str]]] = {}
    out: list[list[Mention]] = []
    for per_text in cands:
        mentions: list[Mention] = []
        for c in per_text:
            key = (c.name, c.type, c.how, c.initial, c.cue)
            found = memo.get(key)
            if found is None:
                found = memo[key] = linker.resolve(c)
            mentions.extend(Mention(name, kind, c.start, c.end) for name, kind in found)
        out.append(mentions)
    return out


def _scan_of(text: str, scan: TextNames | None) -> TextNames:
    """Return scan when it was made from text, else scan text now."""
    if scan is not None and scan.text == text[:MAX_TEXT_CHARS]:
        return scan
    return scan_names(text)


def find_mentions(text: str, scan: TextNames | None = None) -> list[Mention]:
    """Return the typed, canonicalised person, organisation and place mentions of one text."""
    return list(_scan_of(text, scan).mentions)


def _org_base(name: str, orgs: set[str] | None) -> str:
    """Return "Equifax" for "Equifax Inc." when the story also names it without the suffix.

    With orgs None, return the name without its company suffix whatever the story names.
    """
    words = name.split()
    while len(words) > 1 and words[-1].rstrip(".,") in _CORPORATE:
        words.pop()
    base = " ".join(words).rstrip(",")
    return base if orgs is None or base in orgs else name


def extract_entities(
    texts: Iterable[str], scans: Sequence[TextNames] | None = None
) -> list[Entity]:
    """Return the story's people, organisations and places with counts, most mentioned first."""
    texts = list(texts)
    given = scans if scans is not None and len(scans) == len(texts) else [None] * len(texts)
    scanned = [_scan_of(t, s) for t, s in zip(texts, given, strict=True)]
    found = [scanned[0].mentions] if len(scanned) == 1 else _link_all(scanned)
    counts: Counter[str] = Counter()
    types: dict[str, Counter[str]] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    orgs = {m.name for mentions in found for m in mentions if m.type == ORG}
    for text, mentions in zip(texts, found, strict=True):
        for m in mentions:
            name = _org_base(m.name, orgs) if m.type == ORG else m.name
            counts[name] += 1
            types[name][m.type] += 1
            surface = " ".join(text[m.start : m.end].split())
            if surface != name:
                aliases[name].add(surface)
    entities = [
        Entity(name, types[name].most_common(1)[0][0], n, tuple(sorted(aliases[name])))
        for name, n in counts.items()
    ]
    entities.sort(key=lambda e: (-e.count, e.name))
    return entities


__all__ = [
    "ORG",
    "PERSON",
    "PLACE",
    "Entity",
    "Mention",
    "TextNames",
    "extract_entities",
    "find_mentions",
    "scan_names",
    "story_votes",
]
