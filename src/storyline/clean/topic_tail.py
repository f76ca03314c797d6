"""Find a glued tail: the lines below the sharpest vocabulary shift, judged as one segment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from storyline.clean.bags import Bag, move_bag, share, sharpest_shift, sum_bags
from storyline.clean.topic_rules import TopicConfig, is_off_topic, leans_to, trim, units

MAX_TAIL_SPLITS = 3  # tails tried, each shorter than the last (each try is one linear scan)


def tail_segment(
    bags: Sequence[Bag],
    sizes: Sequence[int],
    titles: Sequence[bool],
    *,
    head: set[int],
    head_bag: Bag,
    total: Counter[str],
    cfg: TopicConfig,
) -> list[int] | None:
    """Return the tail after the text's sharpest vocabulary shift when it is a text of its own.

    A glued article or press release is judged as one segment, however its paragraphs would
    split between the two sides one by one. It must reach the last paragraph, pass the block
    tests, and share next to nothing with the text above it and the head (a report that turns
    to a second side of the story, the victims' families, still shares a tenth of its words).
    When a shorter tail passes too, the shorter one goes: the paragraphs between the two shifts
    (a closing bio of the story's subject) are a piece of their own, and the article's.
    """
    found = None
    start = max(head, default=-1) + 1
    whole = (total, max((k for k, n in enumerate(sizes) if n >= cfg.min_line_terms), default=-1))
    for _ in range(MAX_TAIL_SPLITS):
        seg = _tail_from(bags, sizes, titles, start=start, head_bag=head_bag, whole=whole, cfg=cfg)
        if seg is None:
            break
        found, start = seg, seg[0] + 1
    return found


def _tail_from(
    bags: Sequence[Bag],
    sizes: Sequence[int],
    titles: Sequence[bool],
    *,
    start: int,
    head_bag: Bag,
    whole: tuple[Counter[str], int],
    cfg: TopicConfig,
) -> list[int] | None:
    """Return the off-topic tail after the sharpest vocabulary shift below `start`, if any.

    whole: the text's bag and its last line of min_line_terms or more (the same for each try).
    """
    at = sharpest_shift(bags, sizes, start=start, min_line=cfg.min_line_terms)
    if at is None:
        return None
    body = sum_bags(bags, range(at, len(bags)))
    above = sum_bags(bags, range(at))
    # the article's closing lines, drifting from its start, stay with it: a line goes below only
    # when it shares more with the text below than with the text above, and not just a word
    while at < len(bags) - 1 and share(bags[at], body, bags[at]) <= max(
        share(bags[at], above), cfg.min_unit_share
    ):
        move_bag(bags[at], body, above)
        at += 1
    while at > start and titles[at - 1] and leans_to(bags[at - 1], body, above):
        at -= 1  # its title goes with it; a sentence or a lead-in ("X said:") stays above
    seg = trim(list(range(at, len(bags))), bags=bags, sizes=sizes, cfg=cfg)
    total, last = whole
    if not seg or seg[-1] < last or not is_off_topic(seg, bags, rest=total, head=head_bag, cfg=cfg):
        return None
    inside = sum_bags(bags, seg)
    outside = total - inside
    if max(share(inside, outside), share(outside, inside)) > cfg.max_segment_share:
        return None
    if share(head_bag, inside) > cfg.max_segment_head_share:
        return None
    return seg if units(seg, bags, sizes=sizes, cfg=cfg) <= cfg.max_units else None


def join_tail(
    blocks: list[list[int]], seg: list[int], *, sizes: Sequence[int], cfg: TopicConfig
) -> list[list[int]]:
    """Return the blocks with the tail segment last, replacing the blocks it overlaps.

    The tail takes along the small lines right above it that an overlapping block holds ("More").
    """
    near = {k for b in blocks if not set(b).isdisjoint(seg) for k in b}
    joined = set(seg)
    k = seg[0] - 1
    while k in near and sizes[k] < cfg.min_line_terms:
        joined.add(k)
        k -= 1
    return [b for b in blocks if set(b).isdisjoint(seg)] + [sorted(joined)]
