"""The tests a block of lines passes to be off-topic, and the settings of the topic-break test."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.clean.bags import Bag, add_bags, share, sum_bags


@dataclass(frozen=True, slots=True)
class TopicConfig:
    """Thresholds of the topic-break test (tuned on the dev half of benchmarks/clean_eval.py)."""

    head_terms: int = 40  # content words that make the article's head
    min_head_terms: int = 8  # the head is not cut before it holds this many
    anchor_share: float = 0.2  # a line sharing this much with the head belongs to the article
    suspect_share: float = 0.1  # a line sharing at most this much with the article is foreign
    min_line_terms: int = 5  # smaller lines take no side; they go with the block around them
    min_block_terms: int = 12  # smaller blocks are left to the line-shape rules
    min_paragraph_terms: int = 25  # the same for a block of one paragraph
    min_cohesion: float = 0.35  # a block's lines must share this much with one another
    max_block_share: float = 0.15  # block words found in the article (count-weighted)
    max_rest_share: float = 0.12  # article (and head) words found in the block (count-weighted)
    min_article_terms: int = 30  # the article left must hold this many content words
    max_units: int = 3  # more mutually unrelated pieces make a roundup, not an insertion
    glued_terms: int = 25  # a line this long, and glued_ratio times the median line, is glued
    glued_ratio: float = 3.0
    min_unit_share: float = 0.05  # a line sharing this much with its block so far continues it
    min_inside_terms: int = 100  # a block inside the article must be this long: a text of its own
    max_inside_share: float = 0.05  # ...and share at most this much with the article and its head
    max_segment_share: float = 0.06  # a tail after a vocabulary shift: the same, any length
    max_segment_head_share: float = 0.1  # ...and the head's words it holds (a lead reuses a few)


def trim(
    block: list[int], *, bags: Sequence[Bag], sizes: Sequence[int], cfg: TopicConfig
) -> list[int]:
    """Return the block without edge lines that share no word with the rest of it.

    An inserted text keeps naming its own subject from its first line to its last; an article
    line next to it that shares nothing with either side (a quote, a closing remark) is the
    article's, not the block's.
    """
    inside = sum_bags(bags, block)
    lo, hi = 0, len(block)
    while hi - lo > 1:
        for k in (block[lo], block[hi - 1]):
            if sizes[k] >= cfg.min_line_terms and not share(bags[k], inside, bags[k]):
                break
        else:
            return block[lo:hi]
        inside.subtract(bags[k])
        lo, hi = (lo + 1, hi) if k == block[lo] else (lo, hi - 1)
    return block[lo:hi]


def cohesion(inside: Bag) -> float:
    """Return the share of a block's words that it repeats (count-weighted).

    An inserted article or press release keeps naming its own subject; a list of unrelated items
    or an article's drifting paragraphs repeat few of their words.
    """
    return sum(c for c in inside.values() if c > 1) / max(1, sum(inside.values()))


def units(block: list[int], bags: Sequence[Bag], *, sizes: Sequence[int], cfg: TopicConfig) -> int:
    """Count the pieces of a block: runs of lines that each share with the piece so far."""
    units = 0
    piece: Counter[str] = Counter()
    for k in block:
        if sizes[k] < cfg.min_line_terms:
            add_bags(piece, [bags[k]])
            continue
        if not piece or share(bags[k], piece) < cfg.min_unit_share:
            units += 1
        add_bags(piece, [bags[k]])
    return max(units, 1)


def leans_to(bag: Bag, block: Bag, rest: Bag) -> bool:
    """Tell whether a small line shares more with a block than with the rest of the text."""
    return share(bag, block) > share(bag, rest, bag)


def is_off_topic(
    block: list[int], bags: Sequence[Bag], *, rest: Counter[str], head: Bag, cfg: TopicConfig
) -> bool:
    """Tell whether a block and the article (its head above all) have almost nothing in common."""
    inside = sum_bags(bags, block)
    outside = rest - inside
    size = sum(inside.values())
    lines = sum(1 for k in block if sum(bags[k].values()) >= cfg.min_line_terms)
    if size < (cfg.min_block_terms if lines > 1 else cfg.min_paragraph_terms):
        return False  # too small to judge: a lone paragraph must be long (a glued article)
    if sum(outside.values()) < cfg.min_article_terms:
        return False  # too little article left to judge the block against
    if cohesion(inside) < cfg.min_cohesion:
        return False  # its parts share no topic either: drift or a list, not an inserted text
    return (
        share(inside, outside) <= cfg.max_block_share
        and share(outside, inside) <= cfg.max_rest_share
        and share(head, inside) <= cfg.max_rest_share
    )
