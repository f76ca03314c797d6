"""Read the context next to an untyped name candidate: a speaker, a place or an organisation.

"X said", "X Y, a native of Z, said", "X Y, a spokesman for Z" and "spokesman X Y" cue a speaker;
"X Y professor" a modifier, no one; "in X" a place (not "in May 2016": a number cuts a longer
name), "X spokesman" or "X magazine" an organisation (not after a role or as an adjective).
Linking (entities.py) weighs the cue with what the story teaches.
"""

from __future__ import annotations

import re

from storyline.analyze.names import ORG, PLACE, TITLE_MODIFIERS, gazetteer, wordlist
from storyline.analyze.person_cues import apposed_role, apposed_speaker, role_after, role_before

_SPEAKER_CUE = re.compile(
    r"(?:,\s*(?:who|whose)\b|\s+(?:has\s+|had\s+|also\s+|later\s+)?(?:said|says|told|tells|added|"
    r"adds|wrote|tweeted|noted|argued|explained|insisted|warned|claimed|asked|replied|responded|"
    r"stated|announced|acknowledged|admitted|recalled|continued|urged|testified)\b)"
)
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|across|outside|inside|(?:city|town|village|province|state|region) of)\s+$"
)
# A number that goes on a name ("Route 91", "Apollo 11 moon rocket"), not a count ("16 times").
_NUMBER_AFTER = re.compile(r"[ \xa0]\d[\d.,]*(?![\d.,])(?![ \xa0]+[a-z]+s\b)")
# "Cannes, southern France.", "Croydon, south London,": a place named within a known place.
_WITHIN_PLACE = re.compile(
    r",[ \xa0]+(?:(?:(?:north|south)(?:east|west)?|east|west)(?:ern)?[ \xa0]+|central[ \xa0]+)?"
    r"([A-Z][\w'’.-]*(?:[ \xa0][A-Z][\w'’.-]*)?)(?=[ \xa0]*(?:[.,;:)]|$))"
)
_ORG_AFTER = re.compile(
    r"\s+(?:magazine|newspaper|network|channel|chief|CEO|board|shares|stock|spokes\w+|"
    r"executives?|employees|headquarters|Chief (?:Executive|Operating|Financial|Technology))\b"
)
# "(Alastair Grant/Associated Press)", "David Becker/Getty Images": a photographer's credit.
_CREDIT_AFTER = re.compile(r"/[ \xa0]?([A-Z][\w&.-]*(?:[ \xa0][A-Z][\w&.-]*){0,3})[ \xa0]*(?:\)|$)")
# "ERIE, Pa. (AP) — ", "ERIMO, Japan, Oct 19 (Reuters) - ": a line opening on its place.
_DATELINE_AFTER = re.compile(
    r",[ \xa0]+[A-Z][\w.]*(?:[ \xa0][A-Z][\w.]*)?(?:,[^\n,]{0,20})?[ \xa0]*"
    r"(?:\([A-Za-z]+\)[ \xa0]*)?(?:—|–|--|-)[ \xa0]"
)
_OF_PLACE = re.compile(r"[ \xa0]+of[ \xa0]+([A-Z][\w'’.-]*(?:[ \xa0][A-Z][\w'’.-]*){0,2})")
_MEDIA_AFTER = re.compile(r"\s+(?:magazine|newspaper|network|channel)\b")
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|A|An)\s+$")
_ADJECTIVE_END = re.compile(r"-[a-z]+$")  # "Spanish-language", "York-based", "Party-controlled"


def _names_org(text: str, start: int, end: int) -> bool:
    """Tell whether words before an organisation's noun ("X spokesman") name the organisation.

    Not a role or an adjective ("Former Obama spokesman", "a Spanish-language channel"), nor a
    place that says where a paper is ("a Baton Rouge newspaper").
    """
    words = text[start:end].split()
    if words[0] in TITLE_MODIFIERS or words[0][:3].lower() == "ex-":
        return False
    if _ADJECTIVE_END.search(words[-1]):
        return False
    before = text[max(0, start - 4) : start]
    return not (_MEDIA_AFTER.match(text, end) and _ARTICLE_BEFORE.search(before))


def _credits(after: str) -> bool:
    """Tell whether an organisation's name follows after a slash, closing a photo credit."""
    m = _CREDIT_AFTER.match(after)
    if m is None:
        return False
    words = m.group(1).split()
    hit = gazetteer().lookup(words)
    return (hit is not None and hit[1] == ORG) or words[-1] in wordlist("org_suffixes")


def is_dateline(text: str, start: int, end: int) -> bool:
    """Tell whether a word opens its line as a dateline's place ("RENO, Nev. (AP) — ")."""
    return (start == 0 or text[start - 1] == "\n") and _DATELINE_AFTER.match(text, end) is not None


def _within_place(after: str) -> bool:
    """Tell whether a known place follows after a comma ("Cannes, southern France.")."""
    m = _WITHIN_PLACE.match(after)
    hit = gazetteer().lookup(m.group(1).split()) if m else None
    return hit is not None and hit[1] == PLACE


def _described(text: str, start: int, end: int) -> bool:
    """Tell whether a whole name is described as a person: by a role, or by an apposition.

    Also after where the person is from: "Janis Brett Elspas of Los Angeles, who took ...".
    """
    if role_before(text, start):
        return True
    at = _OF_PLACE.match(text, end)
    place = gazetteer().lookup(at.group(1).split()) if at else None
    if at and place is not None and place[1] == PLACE:
        end = at.end()
        if _SPEAKER_CUE.match(text, end):
            return True
    return apposed_speaker(text, end) or apposed_role(text, end)


def context_cue(text: str, start: int, end: int) -> str:
    """Name the context next to an untyped candidate: speaker, credit, numbered, org, modifier
    or place."""
    after = text[end : end + 40]
    if _SPEAKER_CUE.match(after):
        return "speaker"
    # 'Manasseh Allen, a native of Chibok, said', 'spokesman Pierre-Henry Brandet': a whole name
    whole = len(text[start:end].split()) > 1
    if whole and _described(text, start, end):
        return "speaker"
    if _credits(after) and whole:  # "Pool/Getty Images": no one
        return "credit"
    if _NUMBER_AFTER.match(after):  # "the Saturn V Apollo 11 moon rocket": a longer name
        return "numbered"
    if _ORG_AFTER.match(after) and _names_org(text, start, end):
        return "org"
    if whole and role_after(text, end):  # 'Political Science professor': no one
        return "modifier"
    if after.startswith("-based") or _within_place(after):
        return "place"
    if _PLACE_BEFORE.search(text[max(0, start - 12) : start]):
        return "place"
    return ""
