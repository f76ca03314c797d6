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
# closing on a link, still hold sentences); CJK full stops need no space after them. Plain
# substring tests: these run on every leaf of the page.
_SENTENCE_MARKS = (". ", "! ", "? ", "… ", '." ', ".\u201d ", "。", "！", "？")
_STOPS = (".", "!", "?", "…")
_CLOSERS = "\"'\u201d\u2019)]"
# Notices read as sentences but are a site's fine print, never its article.
_NOTICE_WORDS = (
    "fair use", "copyright", "all rights reserved", "disclaimer", "terms of use",
    "terms of service", "privacy policy", "cookie",
)  # fmt: skip
PROSE_MIN_WORDS = 8
PROSE_MAX_LINK_SHARE = 0.3


@dataclass(frozen=True)
class ChoiceConfig:
    """Thresholds of the choice, chosen on the fit parts of the three extraction sets."""

    min_chars: int = 1000  # a shorter candidate is doubted
    min_coverage: float = 0.3  # a candidate with less of the page's prose words is doubted
    min_gain: float = 0.5  # the other wins when its added prose exceeds this share of the words


def _word_count(text: str) -> int:
    return len(text.split())


def reads_as_prose(text: str, link_share: float) -> bool:
    """Tell whether a text reads as article prose: sentences, few links, not fine print."""
    if link_share >= PROSE_MAX_LINK_SHARE or _word_count(text) < PROSE_MIN_WORDS:
        return False
    if not (
        text.rstrip(_CLOSERS).endswith(_STOPS) or any(mark in text for mark in _SENTENCE_MARKS)
    ):
        return False
    lower = text.lower()
    return not any(word in lower for word in _NOTICE_WORDS)


def _prose(block: Block, *, judged: bool = False) -> int:
    """Return a block's word count when it reads as prose (and passes the block rules), else 0."""
    if not reads_as_prose(block.text, block.link_ratio):
        return 0
    if judged and judge_block(block, after_label=False, in_link_run=False) is not None:
        return 0
    return _word_count(block.text)


def is_doubtful(blocks: Sequence[Block], leaves: Sequence[Leaf], config: ChoiceConfig) -> bool:
    """Tell whether a candidate is short or covers too little of the page's prose words."""
    if sum(len(block.text) for block in blocks) < config.min_chars:
        return True
    # doubtful when the page's prose exceeds the candidate's / coverage: stop counting there
    enough = sum(_prose(block) for block in blocks) / config.min_coverage
    page = 0
    for leaf in leaves:
        if reads_as_prose(leaf.text, leaf.link_share):
            page += _word_count(leaf.text)
            if page > enough:
                return True
    return False


def added_prose(base: Sequence[Block], other: Sequence[Block]) -> int:
    """Return the prose words of the blocks `other` has beyond those of `base`."""
    known = Counter(_norm(block.text) for block in base)
    added = 0
    for block in other:
        key = _norm(block.text)
        if known[key] > 0:
            known[key] -= 1
        else:
            added += _prose(block, judged=True)
    return added


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def prefer(first: list[Block], second: list[Block], config: ChoiceConfig) -> list[Block]:
    """Return the doubted first candidate unless the second adds more prose than it holds."""
    words = sum(_word_count(block.text) for block in first)
    if words == 0 or added_prose(first, second) > config.min_gain * words:
        return second
    return first
