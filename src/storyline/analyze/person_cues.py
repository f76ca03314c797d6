"""Read a person in the words around a name no gazetteer knows: an apposition, a role before it.

"Manasseh Allen, a native of Chibok whose cousin was abducted, said" and "Takaaki Uesugi, a
security guard at the town hall of Erimo, on the southern tip of Hokkaido, said": a name that a
description of someone then a speech verb follow speaks, even opening a sentence. "Interior
Ministry spokesman Pierre-Henry Brandet gave an update": a person's role (a lowercase noun)
right before a name, or heading its apposition ("Ren Guoqiang, a spokesman for the Chinese
Defense Ministry,"), says a person; right after capitalised words ("Political Science professor")
it says they only modify the role. A firm described so ("Blue Origin, the space company founded
by Jeff Bezos, said"; "the company Blue Origin") is no person.
"""

from __future__ import annotations

import re

from storyline.analyze.names import wordlist
from storyline.analyze.quote_unnamed import EITHER, FEMALE, MALE

# Nouns that head an organisation's description, not a person's.
ORG_NOUNS = wordlist("institution_heads") | frozenset({
    "team", "club", "league", "union", "party", "outlet", "brand", "label", "studio", "chain",
    "startup", "retailer", "insurer", "lender", "airline", "carrier", "maker", "chipmaker",
    "automaker", "carmaker", "drugmaker", "developer", "manufacturer", "operator", "nonprofit",
    "charity", "organisation", "organization", "group", "agency", "network", "station", "channel",
    "broadcaster", "publication", "daily", "weekly", "band", "conglomerate", "supplier", "firm",
    "company", "corporation", "giant", "platform", "service", "app", "coalition", "alliance",
    "movement", "faction", "militia", "government", "city", "town", "village", "country",
    "province", "state", "region", "community", "account", "watchdog", "regulator", "crowd",
    "audience", "media", "forces", "troops", "navy", "house", "senate", "congress", "parliament",
    "regime", "palace", "kremlin", "court", "jury", "panel", "authorities", "authority",
})  # fmt: skip
# Lowercase nouns naming what a person is or does: 'spokesman X', 'tourist X', 'economist X'.
_NOT_ROLES = frozenset({
    "announcement", "article", "book", "bulletin", "caption", "clip", "column", "copy", "couple",
    "family", "general", "headline", "local", "message", "notice", "opinion", "order", "page",
    "pair", "passage", "piece", "rally", "readout", "slogan", "suit", "summary", "text",
    "transcript", "version", "warning", "somebody", "someone", "speaker", "liberal", "democrat",
    "republican", "conservative", "person", "children", "men", "women", "people", "staff",
})  # fmt: skip
PERSON_ROLES = frozenset(
    word
    for word in wordlist("speaker_heads") | MALE | FEMALE | EITHER | {"model", "native"}
    if word not in ORG_NOUNS | _NOT_ROLES and (not word.endswith("s") or word.endswith("ss"))
)
_HEAD_STOPS = wordlist("head_stops")
_CUE = r"(?:said|says|told|tells|added|adds|wrote|writes|recalled|explained|insisted|warned)"
# ', a native of Chibok whose cousin was abducted, said': one or two clauses, then the cue.
_APPOSED = re.compile(
    r",[ \xa0]+(?:a|an|the)[ \xa0]+(?P<desc>[^,.;:!?\"“”\n]{1,90}(?:,[^,.;:!?\"“”\n]{1,90})?),"
    rf"[ \xa0]+(?:[a-z]+ly[ \xa0]+|also[ \xa0]+|later[ \xa0]+)?{_CUE}\b"
)
# ', a spokesman for the Chinese Defense Ministry,', ', Political Science professor at ...'
_APPOSED_ROLE = re.compile(
    r",[ \xa0]+(?:(?:a|an|the)[ \xa0]+)?(?P<head>(?:[\w-]+[ \xa0]+){0,3}?[a-z-]+)"
    r"(?=[,.;]|[ \xa0]+(?:of|for|at|with|in|on|from|to|who|whose|since)\b)"
)
_ROLE_BEFORE = re.compile(r"(?<![\w-])(?P<role>[a-z]+)[ \xa0]+\Z")
_ROLE_AFTER = re.compile(r"[ \xa0]+(?P<role>[a-z]+)\b")
LOOKAHEAD = 200  # characters read after a name for its apposition and verb


def _head_words(desc: str) -> list[str]:
    """Return the words of a description up to its first preposition or clause word."""
    head: list[str] = []
    for word in desc.split():
        if word in _HEAD_STOPS or not word.islower():
            break
        head.append(word)
    return head


def apposed_speaker(text: str, end: int) -> bool:
    """Tell whether a description of someone, then a speech verb, follow a name ending at end."""
    m = _APPOSED.match(text, end, min(len(text), end + LOOKAHEAD))
    if m is None:
        return False
    head = _head_words(m.group("desc"))
    return bool(head) and not any(w in ORG_NOUNS for w in head)


def apposed_role(text: str, end: int) -> bool:
    """Tell whether a person's role in apposition follows a name ('X, a spokesman for Y,')."""
    m = _APPOSED_ROLE.match(text, end, min(len(text), end + LOOKAHEAD))
    return m is not None and m.group("head").split()[-1] in PERSON_ROLES


def role_after(text: str, end: int) -> bool:
    """Tell whether a person's role in lowercase follows a name ('Political Science professor').

    The name then says what the person does or where, and is no person itself.
    """
    m = _ROLE_AFTER.match(text, end, min(len(text), end + 30))
    return m is not None and m.group("role") in PERSON_ROLES


def role_before(text: str, start: int) -> bool:
    """Tell whether a person's role in lowercase stands right before a name ('spokesman X')."""
    m = _ROLE_BEFORE.search(text, max(0, start - 30), start)
    return m is not None and m.group("role") in PERSON_ROLES
