"""Find acronyms a text defines: "Asia-Pacific Economic Cooperation (APEC)" names APEC."""

from __future__ import annotations

import re

_ACRONYM_TAIL = re.compile(r"\([A-Z]{2,8}\)")  # cheap test: no "(ABC)", no definition
_ACRONYM_DEF = re.compile(
    r"([A-Z][\w'’.-]*(?:[ \xa0]+(?:of|and|for|the|on|[A-Z][\w'’.-]*))+)[ \xa0]+\(([A-Z]{2,8})\)"
)


def acronym_definitions(text: str) -> dict[str, str]:
    """Find "Long Name (LN)" definitions whose initials spell the acronym."""
    found: dict[str, str] = {}
    if _ACRONYM_TAIL.search(text) is None:
        return found
    for m in _ACRONYM_DEF.finditer(text):
        words = [w for w in re.split(r"[\s\xa0-]+", m.group(1)) if w[:1].isupper()]
        acronym = m.group(2)
        for k in range(len(words) - len(acronym), -1, -1):
            if "".join(w[0] for w in words[k:]) == acronym:
                found[acronym] = " ".join(m.group(1).split()[-len(words[k:]) :])
                break
    return found
