"""Find blocks of lines that do not belong to the article: a topic break against its head.

The article is anchored by its head (its first lines, up to a few dozen content words, cut short
where a line shares nothing with them) and the lines that share enough with the head. The other
lines are split two ways, 2-means style: seeded with those sharing almost nothing with the article,
each goes to the side whose vocabulary it shares more of. Contiguous foreign lines form blocks; a
block is off-topic when it and the article have almost nothing in common both ways (count-weighted,
so each side's own key words decide), it shares almost nothing with the head, and it is cohesive
(it repeats its own words, as an inserted article or press release does). When the blocks make
more than a few mutually unrelated pieces the text is a roundup or a list, and nothing goes.

A glued tail is also judged as one segment: the lines below the text's sharpest vocabulary shift
(where the words above and below overlap least), which goes when it reaches the end, passes the
block tests and shares next to nothing with the text above (0.06 both ways) and little with the
head; line by line, an appended article's paragraphs often split between the two sides.

Precision first, two vetoes: a block with a line that shares one of the story's names (names
that two other lines repeat; one written once, even in the head, is a credit or an aside) stays;
and a block goes only when the article does not resume after it, when it is one glued overlong
line or when it is long enough to be a text of its own, since a short foreign-looking block
inside an article is mostly the article's own side of the story (the victims, the claim).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import partial

from storyline.clean.bags import Bag, add_bags, move_bag, share, sharpest_shift, sum_bags


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


MAX_ROUNDS = 8  # of the two-way assignment; it settles in two or three
MAX_TAIL_SPLITS = 3  # tails tried, each shorter than the last (each try is one linear scan)


def off_topic_lines(
    bags: Sequence[Bag],
    skip: Collection[int],
    *,
    config: TopicConfig | None = None,
    names: Callable[[], Sequence[frozenset[str]]] | None = None,
    titles: Sequence[bool] | None = None,
    anchors: Callable[[], frozenset[str]] | None = None,
) -> set[int]:
    """Return the indices of lines in off-topic blocks, given each line's content-word bag.

    `titles` tells which lines read as titles rather than sentences: a tail takes its title along.
    `anchors` gives the names of the article's own title: story names wherever the text has them.

    `names` gives each line's names (people, places, organisations, long numbers), asked for only
    when a block is found: a block with a line sharing one of the story's names is about the
    story and stays, whatever its words.
    """
    cfg = config or TopicConfig()
    idx = [i for i in range(len(bags)) if i not in skip]
    kept = [bags[i] for i in idx]
    sizes = [sum(b.values()) for b in kept]
    total = sum_bags(kept, range(len(kept)))  # the whole text's bag, read by head and tail
    head, core = _core(kept, sizes, total=total, cfg=cfg)
    foreign = _assign(kept, sizes, core=core, cfg=cfg)
    rest = sum_bags(kept, [k for k in range(len(kept)) if k not in foreign])
    head_bag = sum_bags(kept, head)
    blocks = [
        b
        for b in map(
            partial(_trim, bags=kept, sizes=sizes, cfg=cfg),
            _blocks(foreign, kept, sizes=sizes, core=core, rest=rest, cfg=cfg),
        )
        if b and _is_off_topic(b, kept, rest=rest, head=head_bag, cfg=cfg)
    ]
    kept_titles = [bool(titles and titles[i]) for i in idx]
    seg = _tail_segment(
        kept, sizes, kept_titles, head=head, head_bag=head_bag, total=total, cfg=cfg
    )
    if seg:  # with the small lines right above it that a block overlapping it holds ("More")
        near = {k for b in blocks if not set(b).isdisjoint(seg) for k in b}
        joined = set(seg)
        k = seg[0] - 1
        while k in near and sizes[k] < cfg.min_line_terms:
            joined.add(k)
            k -= 1
        blocks = [b for b in blocks if set(b).isdisjoint(seg)] + [sorted(joined)]
        foreign |= joined
    if sum(_units(b, kept, sizes=sizes, cfg=cfg) for b in blocks) > cfg.max_units:
        return set()  # a roundup, digest or list: its parts are unrelated to each other by design
    if names is not None and blocks:  # a block naming the story's people is part of the story
        every = names()
        kept_names = [every[i] for i in idx]
        titled = anchors() if anchors is not None else frozenset()
        blocks = [b for b in blocks if not _keeps_story_names(b, kept_names, titled)]
    inside = partial(_text_of_its_own, bags=kept, rest=rest, head=head_bag, cfg=cfg)
    blocks = _at_tail(blocks, foreign, sizes=sizes, cfg=cfg, inside=inside)
    return {idx[k] for b in blocks for k in b}


def _tail_segment(
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
    while at > start and titles[at - 1] and _leans_to(bags[at - 1], body, above):
        at -= 1  # its title goes with it; a sentence or a lead-in ("X said:") stays above
    seg = _trim(list(range(at, len(bags))), bags=bags, sizes=sizes, cfg=cfg)
    total, last = whole
    if (
        not seg
        or seg[-1] < last
        or not _is_off_topic(seg, bags, rest=total, head=head_bag, cfg=cfg)
    ):
        return None
    inside = sum_bags(bags, seg)
    outside = total - inside
    if max(share(inside, outside), share(outside, inside)) > cfg.max_segment_share:
        return None
    if share(head_bag, inside) > cfg.max_segment_head_share:
        return None
    return seg if _units(seg, bags, sizes=sizes, cfg=cfg) <= cfg.max_units else None


def _at_tail(
    blocks: list[list[int]],
    foreign: set[int],
    *,
    sizes: Sequence[int],
    cfg: TopicConfig,
    inside: Callable[[list[int]], bool],
) -> list[list[int]]:
    """Return the blocks after which the article does not resume, or that hold a text of their own.

    A short foreign block inside an article is most often the article's own reporting on a side of
    the story (the victims, a second incident, a product's feature); glued articles and press
    releases come at the end, or inside as one overlong line (a whole text glued into one
    paragraph) or as a text of its own (`inside`: a few paragraphs sharing next to nothing).
    """
    lines = sorted(n for n in sizes if n >= cfg.min_line_terms)
    glued = max(cfg.glued_terms, cfg.glued_ratio * lines[len(lines) // 2]) if lines else 0.0
    last = max(
        (k for k, n in enumerate(sizes) if n >= cfg.min_line_terms and k not in foreign), default=-1
    )
    return [b for b in blocks if b[-1] > last or any(sizes[k] >= glued for k in b) or inside(b)]


def _text_of_its_own(
    block: list[int], *, bags: Sequence[Bag], rest: Counter[str], head: Bag, cfg: TopicConfig
) -> bool:
    """Tell whether a block is a long text sharing next to nothing with the article or its head.

    Inside an article only such a block goes: the article's own side stories share a little of
    its vocabulary, and a body cut off a short head shares some of the head's.
    """
    block_bag = sum_bags(bags, block)
    if sum(block_bag.values()) < cfg.min_inside_terms:
        return False
    outside = rest - block_bag
    return (
        max(share(block_bag, outside), share(outside, block_bag), share(head, block_bag))
        <= cfg.max_inside_share
    )


def _keeps_story_names(
    block: list[int], names: Sequence[frozenset[str]], titled: frozenset[str]
) -> bool:
    """Tell whether a block line shares one of the story's names with the text outside the block.

    The story's names are those that two or more lines outside the block repeat: the people,
    places and bodies it keeps coming back to. A name written once in passing, in the head as
    anywhere else (a dateline's "(Reuters)", an "Asian" market), is not one of them; the names
    of the article's title always are, even when a foreign text above has taken the head.
    """
    inside = set(block)
    seen: Counter[str] = Counter()
    for k, line_names in enumerate(names):
        if k not in inside:
            seen.update(line_names)
    return any(seen[n] > 1 or n in titled for k in block for n in names[k])


def _core(
    bags: Sequence[Bag], sizes: Sequence[int], *, total: Counter[str], cfg: TopicConfig
) -> tuple[set[int], set[int]]:
    """Return the head lines, and the head with the lines anchored to it.

    The head grows from the first line sharing a word with the rest up to head_terms content
    words (a third of the text at most); once it holds min_head_terms, a line sharing (almost)
    nothing with it ends the head, so that a block glued in right after the lead does not become
    part of it.
    """
    budget = max(1, min(cfg.head_terms, sum(sizes) // 3))
    head: set[int] = set()
    vocab: Counter[str] = Counter()
    n = 0
    # the head starts at the first line that shares a word with the text: teaser headlines or a
    # menu above the article, which share none, would otherwise make the article look foreign
    first = next((k for k, b in enumerate(bags) if share(b, total, b) > 0), 0)
    for k in range(first, len(sizes)):
        size = sizes[k]
        if n >= budget:
            break
        if n >= cfg.min_head_terms and size and share(bags[k], vocab) <= cfg.suspect_share:
            break
        head.add(k)
        add_bags(vocab, [bags[k]])
        n += size
    anchored = {k for k, b in enumerate(bags) if sizes[k] and share(b, vocab) >= cfg.anchor_share}
    return head, head | anchored


def _assign(
    bags: Sequence[Bag], sizes: Sequence[int], *, core: set[int], cfg: TopicConfig
) -> set[int]:
    """Split the lines off the core in two: the article's and a foreign topic's (2-means style)."""
    core_bag = sum_bags(bags, core)
    # small lines (titles, captions) take no side: a foreign block's own title would otherwise
    # tie the block to the article
    free = [k for k in range(len(bags)) if k not in core and sizes[k] >= cfg.min_line_terms]
    foreign = {k for k in free if share(bags[k], core_bag) <= cfg.suspect_share}
    for _ in range(MAX_ROUNDS):
        if not foreign:
            break
        f_bag = sum_bags(bags, foreign)
        a_bag = add_bags(Counter(core_bag), (bags[k] for k in free if k not in foreign))
        moved = set()
        for k in free:
            own = bags[k]
            to_a = share(own, a_bag, None if k in foreign else own)
            to_f = share(own, f_bag, own if k in foreign else None)
            if to_f > to_a or to_a <= cfg.suspect_share:
                moved.add(k)
        if moved == foreign:
            break
        foreign = moved
    return foreign


def _blocks(
    foreign: set[int],
    bags: Sequence[Bag],
    *,
    sizes: Sequence[int],
    core: set[int],
    rest: Bag,
    cfg: TopicConfig,
) -> list[list[int]]:
    """Group foreign lines into contiguous blocks, with the small lines that go with them."""
    blocks: list[list[int]] = []
    current: list[int] = []
    pending: list[int] = []  # small lines since the last foreign line
    for k in range(len(bags)):
        if k in foreign:
            if not current:  # a small line before a block joins it if it leans to it (a title)
                pending = [j for j in pending if _leans_to(bags[j], bags[k], rest)]
            current += [*pending, k]
            pending = []
        elif k not in core and sizes[k] < cfg.min_line_terms:
            pending.append(k)
        else:
            if current:
                block_bag = sum_bags(bags, current)
                blocks.append(current + [j for j in pending if _leans_to(bags[j], block_bag, rest)])
            current, pending = [], []
    if current:
        blocks.append(current + pending)
    return blocks


def _trim(
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


def _cohesion(inside: Bag) -> float:
    """Return the share of a block's words that it repeats (count-weighted).

    An inserted article or press release keeps naming its own subject; a list of unrelated items
    or an article's drifting paragraphs repeat few of their words.
    """
    return sum(c for c in inside.values() if c > 1) / max(1, sum(inside.values()))


def _units(block: list[int], bags: Sequence[Bag], *, sizes: Sequence[int], cfg: TopicConfig) -> int:
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


def _leans_to(bag: Bag, block: Bag, rest: Bag) -> bool:
    """Tell whether a small line shares more with a block than with the rest of the text."""
    return share(bag, block) > share(bag, rest, bag)


def _is_off_topic(
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
    if _cohesion(inside) < cfg.min_cohesion:
        return False  # its parts share no topic either: drift or a list, not an inserted text
    return (
        share(inside, outside) <= cfg.max_block_share
        and share(outside, inside) <= cfg.max_rest_share
        and share(head, inside) <= cfg.max_rest_share
    )
