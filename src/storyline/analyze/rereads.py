"""Read name candidates again in their whole text, where the cached run scan cannot look.

A capitalised run is scanned alone (and memoised): what stands before or after it is read here.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import replace

from storyline.analyze.mention_cues import is_dateline
from storyline.analyze.mentions import Candidate, rescan
from storyline.analyze.name_shapes import NAME_MONTHS, month_in_name
from storyline.analyze.names import PLACE, tokenize


def reread(text: str, cands: Sequence[Candidate], vocab: Set[str]) -> list[Candidate]:
    """Read candidates again in their text: type datelines, cut opening words off names."""
    out: list[Candidate] = []
    for c in cands:
        if c.how == "acronym" and is_dateline(text, c.start, c.end):  # "RENO, Nev. (AP) —"
            out.append(replace(c, name=c.name.title(), type=PLACE, how="dateline"))
        elif _opens_with_of(c, vocab):
            out.extend(rescan(text, tokenize(text, c.start, c.end)[2:]))
        elif len(c.words) > 1 and c.words[-1] in NAME_MONTHS:  # "Ajmal Jan" or "Ende April"
            toks = tokenize(text, c.start, c.end)
            keep = month_in_name(text, toks[-1], toks[0].text)
            out.extend([c] if keep else rescan(text, toks[:-1]))
        else:
            out.append(c)
    return out


def _opens_with_of(c: Candidate, vocab: Set[str]) -> bool:
    """Tell whether an untyped name opens a sentence on a common word and "of".

    "Shares of Blue Origin fell", "Supporters of Hillary Clinton cheered": the name is what
    follows "of" when the text writes the first word in lowercase too (vocab: its words so).
    """
    words = c.words
    return (
        c.type is None
        and c.how != "headline"
        and c.initial
        and len(words) > 2
        and words[1] == "of"
        and words[0].lower() in vocab
    )
