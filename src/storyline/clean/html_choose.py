"""Choose between extraction candidates on evidence: how much of the page's prose each covers.

trafilatura's precision mode (its main extractor alone, without the readability/justext
comparisons) is right on most pages and cheap. It is doubted when it is short or covers
little of the prose the page holds (text-bearing leaves that read as sentences, not links):
then it has probably kept one wrong block (a notice, a blurb, an ad, a menu) and missed the
article. A doubted candidate is compared with trafilatura's balanced mode, which runs its
fallbacks: the balanced text wins when the prose it adds outweighs what precision kept.
A block of boilerplate (a notice, a link list, a label) never counts as prose, so a short
boilerplate candidate cannot beat a long prose one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.clean.html_blocks import Block
from storyline.clean.html_boilerplate import judge_block
from storyline.clean.html_repair import Leaf

_WORD = re.compile(r"\w+")
# A sentence ends somewhere in the text (a remembrance signed with an address, a paragraph
# closing on a link, still hold sentences); CJK full stops need no space after them.
_SENTENCE = re.compile(r"[.!?…][\"'”’)\]」』]*(?:\s|$)|[。！？]")
# Notices read as sentences but are a site's fine print, never its article.
_NOTICE = re.compile(
    r"\b(?:fair use|copyright|all rights reserved|disclaimer|terms of (?:use|service)"
    r"|privacy policy|cookies?)\b",
    re.IGNORECASE,
)
PROSE_MIN_WORDS = 8
PROSE_MAX_LINK_SHARE = 0.3


@dataclass(frozen=True)
class ChoiceConfig:
    """Thresholds of the choice, chosen on the fit parts of the three extraction sets."""

    min_chars: int = 1000  # a shorter candidate is doubted
    min_coverage: float = 0.3  # a candidate with less of the page's prose words is doubted
    min_gain: float = 0.5  # the other wins when its added prose exceeds this share of the words


def reads_as_prose(text: str, link_share: float) -> bool:
    """Tell whether a text reads as article prose: sentences, few links, not fine print."""
    words = len(_WORD.findall(text))
    if words < PROSE_MIN_WORDS or link_share >= PROSE_MAX_LINK_SHARE:
        return False
    return bool(_SENTENCE.search(text)) and not _NOTICE.search(text)


def _prose(block: Block) -> int:
    """Return a block's word count when it reads as prose, else 0."""
    if not reads_as_prose(block.text, block.link_ratio):
        return 0
    if judge_block(block, after_label=False, in_link_run=False) is not None:
        return 0
    return len(_WORD.findall(block.text))


def _words(blocks: Sequence[Block]) -> int:
    return sum(len(_WORD.findall(block.text)) for block in blocks)


def is_doubtful(blocks: Sequence[Block], page_prose: int, config: ChoiceConfig) -> bool:
    """Tell whether a candidate is short or covers too little of the page's prose words."""
    if sum(len(block.text) for block in blocks) < config.min_chars:
        return True
    return sum(_prose(block) for block in blocks) < config.min_coverage * page_prose


def added_prose(base: Sequence[Block], other: Sequence[Block]) -> int:
    """Return the prose words of the blocks `other` has beyond those of `base`."""
    known = Counter(_norm(block.text) for block in base)
    added = 0
    for block in other:
        key = _norm(block.text)
        if known[key] > 0:
            known[key] -= 1
        else:
            added += _prose(block)
    return added


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def prefer(first: list[Block], second: list[Block], config: ChoiceConfig) -> list[Block]:
    """Return the doubted first candidate unless the second adds more prose than it holds."""
    words = _words(first)
    if words == 0 or added_prose(first, second) > config.min_gain * words:
        return second
    return first


def page_prose(leaves: Sequence[Leaf]) -> int:
    """Return the words of the page's text-bearing leaves that read as prose."""
    return sum(
        len(_WORD.findall(leaf.text))
        for leaf in leaves
        if reads_as_prose(leaf.text, leaf.link_share)
    )
