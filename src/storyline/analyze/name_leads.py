"""Cut a word that leads a person's full name but is no part of it.

A capitalised run gathers what stands before a name: a word opening the sentence ("Rival
Hillary Clinton", "Model Chrissy Teigen"), a role ("Witness Tony Molina"), an acronym ("DpolG
Rainer Wendt", "PM Theresa May") or, in a caption with no punctuation, a place ("... in Nice Tony
Molina, a U.S. police officer"). When a given name follows that word, or the text names what
follows alone elsewhere ("Rainer Wendt"), and the name has two or three words, the word is cut
off if the text writes it in lowercase too, it is a person's role, it is in capitals or camel
case, or the text reads it as a place. A first word the text never writes otherwise stays
("Sigmundur David Gunnlaugsson", "Noor Mohammad Faiz"). An organisation's name before a full
name is cut off the same way ("Foreign Affairs Committee Leonid Slutsky").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence, Set

from storyline.analyze.mentions import ORG_SUFFIXES, Candidate, rescan
from storyline.analyze.names import PERSON, PLACE, gazetteer, tokenize
from storyline.analyze.person_cues import PERSON_ROLES


def _shaped(word: str) -> bool:
    """Tell whether a word is in capitals or camel case past its first letter ('PM', 'DpolG')."""
    return sum(c.isupper() for c in word[1:]) >= 1 and word.replace("-", "").isalpha()


def _place(word: str, places: Set[str]) -> bool:
    """Tell whether the text reads a word as a place ("in Nice") or the gazetteer knows one."""
    hit = gazetteer().lookup([word])
    return word in places or (hit is not None and hit[1] == PLACE)


def _leads(c: Candidate, vocab: Set[str], places: Set[str], names: Set[str]) -> bool:
    """Tell whether an untyped run's first word stands before a full name, not in it.

    The name after it opens with a given name, or the text names it alone elsewhere.
    """
    words = c.words
    first_names = gazetteer().first_names
    if c.type is not None or c.how == "headline" or not 3 <= len(words) <= 4:
        return False
    lead = words[0]
    named = words[1] in first_names or " ".join(words[1:]) in names
    if lead in first_names or not named or "." in lead:
        return False
    return (
        lead.lower() in vocab
        or lead.lower() in PERSON_ROLES
        or _shaped(lead)
        or _place(lead, places)
    )


def cut_leads(text: str, cands: Sequence[Candidate], vocab: Set[str]) -> Iterator[Candidate]:
    """Yield the candidates with the words that lead a full name read apart from it.

    A place keeps its own candidate ("Nice"); any other leading word names nothing alone.
    """
    places = {c.name for c in cands if c.cue == "place" and len(c.words) == 1}
    names = {c.name for c in cands}
    for c in cands:
        if _leads(c, vocab, places, names):
            toks = tokenize(text, c.start, c.end)
            if _place(toks[0].text, places):
                yield from rescan(text, toks[:1])
            yield from rescan(text, toks[1:])
        elif cut := _office_end(c) or _office_domain_end(text, c):
            toks = tokenize(text, c.start, c.end)
            yield from rescan(text, toks[:cut])
            yield from rescan(text, toks[cut:])
        else:
            yield c


def _office_end(c: Candidate) -> int:
    """Return where a full name starts after an organisation's name that leads it (0: none).

    "Foreign Affairs Committee Leonid Slutsky said": the committee, then its member.
    """
    words = c.words
    if c.type is not None or c.how == "headline":
        return 0
    first_names = gazetteer().first_names
    for k in (len(words) - 2, len(words) - 3):  # a name of two or three words
        if k >= 1 and words[k - 1] in ORG_SUFFIXES and words[k] in first_names:
            return k
    return 0


# "Director of ", "Deputy Director of Public " (a title reader took the domain's first word)
_OFFICE_OF = re.compile(r"([A-Za-z]+)\s+of\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+){0,3}$")
OFFICE_REACH = 40  # characters before a run read for its office ("Director of ")


def _office_domain_end(text: str, c: Candidate) -> int:
    """Return where a full name starts after the domain of an office that leads it (0: none).

    "Director of Public Prosecutions Max Hill said": the run after "Director of" opens with
    what the office is of, then the person, whose given name starts the name.
    """
    words = c.words
    if c.type not in (None, PERSON) or c.how == "headline" or len(words) < 3:
        return 0
    before = _OFFICE_OF.search(text, max(0, c.start - OFFICE_REACH), c.start)
    if before is None or before.group(1).lower() not in PERSON_ROLES:
        return 0
    first_names = gazetteer().first_names
    for k in (len(words) - 2, len(words) - 3):  # a name of two or three words
        if k >= 1 and words[k] in first_names and words[k - 1] not in first_names:
            return k
    return 0
