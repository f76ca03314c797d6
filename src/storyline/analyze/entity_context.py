"""Type a name by what it does in the story: a team plays, a company reports, a person says.

Every untyped mention of a name votes from the words right around it: "shares of X", "X said in
a statement", "X militants", "X won 4-2", "X launched its rocket", "X reported quarterly
earnings", "founder of X", "the newspaper X" vote organisation; "Mr. X", "X, 45,", "X and his wife"
vote person; "the X" (mid-sentence) votes thing, which is what events and products are ("the
Super Bowl", "the Falcon Heavy"). The votes of all the story's texts are summed per name. The
patterns are anchored next to the mention and bounded, so the cost is linear in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from storyline.analyze.names import ORG, PERSON

THING = "THING"  # an event, product or vehicle: not a person, organisation or place
_WINDOW = 60  # characters read on each side of a mention
_ORG_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:"
    r"shares|stock|stocks|customers|employees|executives|chief executive|CEO|revenue|profits?|"
    r"earnings|headquarters|subsidiary|militants?|fighters?|insurgents|jihadists|extremists|"
    r"rebels|gunmen|members|terrorists|fans|coach|manager|roster|pitcher|quarterback|"
    r"said in a statement|says in a statement|said in a filing|reported (?:a|its|record|net)|"
    r"(?:reported|reports|posted|posts) (?:(?:a|an|its|record|net|quarterly|annual|higher|lower|"
    r"strong|weak|better|worse|first|second|third|fourth|[a-z]+-quarter)[ -])*"
    r"(?:earnings|revenue|revenues|sales|profits?|loss|losses|income)|"
    r"claimed responsibility|(?:won|beat|beats|defeated|edged|routed|lost|trailed|leads|led) "
    r"(?:the |their |\d)|(?:play|plays|played|host|hosts|hosted) (?:the |against|at |host)"
    r")\b",
    re.IGNORECASE,
)
_ORG_BEFORE = re.compile(
    r"(?:shares (?:in|of)|stock of|customers of|employees of|members of|fighters of|"
    r"(?:co-?)?founder of|chief executive of|CEO of|investor in|subsidiary of|owner of|"
    r"militants from|(?:company|firm|group|team|club|insurer|bank|retailer|agency|network|"
    r"automaker|carmaker|chipmaker|drugmaker|airline|carrier|startup|conglomerate|"
    r"manufacturer|lender|supplier|outlet|newspaper|magazine|brand|label|studio|chain)|"
    r"(?:militant|extremist|terrorist|jihadist|Islamist|rebel) (?:group|organi[sz]ation))\s+$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"(?:,\s+\d{1,3},|,\s+(?:a|an|the)\s+(?:\w+\s+){0,2}\d{1,3}-year-old\b|"
    r"['’]s\s+(?:wife|husband|mother|father|son|daughter|family|lawyer|attorney|brother|sister)\b|"
    r"\s+and\s+(?:his|her)\s+(?:wife|husband|family|mother|father)\b|"
    r",\s+who\s+(?:was|is|had|has)\s+(?:born|married|\d))"
)
# "Blue Origin launched its rocket", "Equifax said its systems": what acts on its own is a firm
# or a group; after "the" a thing ("the Falcon Heavy lifted its payload"). ("Huntsville and its
# industries" is a place: "and its" says nothing.)
_ITS_AFTER = re.compile(r"\s+(?:(?:has|have|had|also|then|first)\s+)?[a-z]+(?:ed|s)\s+its\b")
_PERSON_BEFORE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Miss)\.?|\bnamed)\s+$")
_THING_BEFORE = re.compile(r"(?:^|[^.!?\n\w])(?:the|its|their|a|an)\s+$")
_FUNCTION_AFTER = re.compile(
    r"\s*(?:[.,;:!?)]|$)|\s+(?:on|in|at|is|was|will|has|had|and|or|to|for|of|with|that|which|"
    r"this|last|next|from|since|after|before)\b"
)
# A name inside quotation marks of its own is the title of a work: '"Space Oddity" played'.
_QUOTED_AFTER = re.compile(r"[,.!?]?[\"”’»](?!\w)")  # not a possessive: '“Trayvon Martin’s'"
_OPENING_QUOTES = frozenset('"“‘«')
_THING_AFTER = re.compile(
    r"\s+(?:rocket|launch|game|halftime|car|phone|smartphone|console|vehicle|spacecraft|"
    r"satellite|model|app|software|series|trailer|film|movie|album|song|show|title|ad|ads|"
    r"commercial|champion|champions|MVP|ring|tournament|final|finals|trophy)\b",
    re.IGNORECASE,
)


_ORG_LAST = frozenset(
    [
        "of",
        "in",
        "from",
        "company",
        "firm",
        "group",
        "team",
        "club",
        "insurer",
        "bank",
        "retailer",
        "agency",
        "network",
        "organization",
        "organisation",
        *("automaker", "carmaker", "chipmaker", "drugmaker", "airline", "carrier", "startup"),
        *("conglomerate", "manufacturer", "lender", "supplier", "outlet"),
        *("newspaper", "magazine", "brand", "label", "studio", "chain"),
    ]
)
_PERSON_LAST = frozenset({"mr", "mrs", "ms", "dr", "miss", "named"})
_THING_LAST = frozenset({"the", "its", "their", "a", "an"})


def vote(text: str, start: int, end: int) -> str | None:
    """Return the type the words around one mention speak for (ORG, PERSON, THING), if any."""
    before = text[max(0, start - _WINDOW) : start]
    after = text[end : end + _WINDOW]
    if before[-1:] in _OPENING_QUOTES and _QUOTED_AFTER.match(after):
        return THING
    # The patterns before a mention end in one of a few words: test that word first (cheap).
    tail = before.rsplit(None, 1)
    last = tail[-1].lower().rstrip(".") if tail and before[-1:].isspace() else ""
    if _ORG_AFTER.match(after) or (last in _ORG_LAST and _ORG_BEFORE.search(before)):
        return ORG
    if _PERSON_AFTER.match(after) or (last in _PERSON_LAST and _PERSON_BEFORE.search(before)):
        return PERSON
    if _ITS_AFTER.match(after):
        return THING if last in _THING_LAST else ORG
    if _THING_AFTER.match(after):
        return THING
    # 'the Super Bowl on Sunday' is a thing; 'the Trump administration' names a person.
    if last in _THING_LAST and _THING_BEFORE.search(before) and _FUNCTION_AFTER.match(after):
        return THING
    return None


def decide(votes: Counter[str]) -> str | None:
    """Return the type a name's summed votes settle on (None: no evidence either way)."""
    org, person, thing = votes[ORG], votes[PERSON], votes[THING]
    if org and org >= person:
        return ORG
    if person and person > org:
        return PERSON
    if thing:
        return THING
    return None


def tally(mentions: Iterable[tuple[str, str, int, int]]) -> dict[str, Counter[str]]:
    """Sum the votes of (name, text, start, end) mentions per name."""
    votes: dict[str, Counter[str]] = {}
    for name, text, start, end in mentions:
        kind = vote(text, start, end)
        if kind is not None:
            votes.setdefault(name, Counter())[kind] += 1
    return votes
