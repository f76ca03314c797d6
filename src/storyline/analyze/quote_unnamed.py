"""People a text brings in without a name: what "he said" may refer to instead of a named person.

'One man who was leaving the hospital told CNN ... "I work there," he said.' The man is no named
person, and the nearest named one before him (the president, two paragraphs up) did not say it.
A sentence that opens with an indefinite person ("One man", "A witness", "Another woman") brings
in someone new; a pronoun after it refers to that person, not to a person named before.
"""

from __future__ import annotations

import re

# "One man", "A young woman", "Another 46-year-old witness", "A Downing Street spokesman" opening
# a sentence or a paragraph.
_INTRODUCED = re.compile(
    r"(?:^|[.!?][\"'”’)]?[ \t]+)(?P<det>One|An?|Another)"
    r"(?P<words>(?:[ \t]+[A-Z][\w-]*){0,2}(?:[ \t]+[a-z][\w-]*){1,3})",
    re.MULTILINE,
)
_WORD = re.compile(r"[a-z][\w-]*")
_NAMED_AFTER = re.compile(r",? [A-Z]")  # "A spokesman, John Kirby," / "the woman Jane Doe"
MALE = frozenset({
    "man", "boy", "father", "son", "husband", "brother", "grandfather", "uncle", "gentleman",
    "spokesman", "policeman", "fisherman", "businessman", "congressman", "chairman",
})  # fmt: skip
FEMALE = frozenset({
    "woman", "girl", "mother", "daughter", "wife", "sister", "grandmother", "aunt", "lady",
    "spokeswoman", "policewoman", "businesswoman", "congresswoman", "chairwoman",
})  # fmt: skip
EITHER = frozenset({
    "witness", "resident", "survivor", "passenger", "driver", "neighbour", "neighbor",
    "bystander", "student", "teacher", "worker", "employee", "official", "officer", "source",
    "spokesperson", "friend", "relative", "customer", "shopper", "tourist", "visitor", "fan",
    "owner", "doctor", "nurse", "soldier", "guard", "pilot", "parent", "child", "teenager",
    "person", "protester", "eyewitness", "local", "villager", "patient", "spectator",
})  # fmt: skip


def unnamed_person(text: str, start: int, end: int, gender: str) -> tuple[int, str] | None:
    """Return (position, phrase) of the last person brought in unnamed in text[start:end].

    gender: "m" or "f"; the person's noun must fit it ("man", "spokeswoman") or fit either
    ("witness"). The phrase runs from its determiner to the noun: "One man", "A witness". A
    noun that a name follows ("Another parent, Esther Yakubu, said") brings in a named person.
    """
    fits = (MALE if gender == "m" else FEMALE) | EITHER
    found = None
    for match in _INTRODUCED.finditer(text, start, end):
        for word in _WORD.finditer(text, match.start("words"), match.end("words")):
            if word.group(0) in fits:
                if not _NAMED_AFTER.match(text, word.end()):
                    found = (match.start("det"), text[match.start("det") : word.end()])
                break
    return found
