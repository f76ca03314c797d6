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
from functools import partial

from storyline.clean.bags import Bag, add_bags, share, sum_bags
from storyline.clean.topic_rules import TopicConfig, is_off_topic, leans_to, trim, units
from storyline.clean.topic_tail import join_tail, tail_segment

__all__ = ["TopicConfig", "off_topic_lines"]

MAX_ROUNDS = 8  # of the two-way assignment; it settles in two or three


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
    found = _blocks(foreign, kept, sizes=sizes, core=core, rest=rest, cfg=cfg)
    blocks = [
        b
        for b in (trim(b, bags=kept, sizes=sizes, cfg=cfg) for b in found)
        if b and is_off_topic(b, kept, rest=rest, head=head_bag, cfg=cfg)
    ]
    kept_titles = [bool(titles and titles[i]) for i in idx]
    seg = tail_segment(kept, sizes, kept_titles, head=head, head_bag=head_bag, total=total, cfg=cfg)
    if seg:
        blocks = join_tail(blocks, seg, sizes=sizes, cfg=cfg)
        foreign |= set(blocks[-1])
    if sum(units(b, kept, sizes=sizes, cfg=cfg) for b in blocks) > cfg.max_units:
        return set()  # a roundup, digest or list: its parts are unrelated to each other by design
    if names is not None and blocks:  # a block naming the story's people is part of the story
        every = names()
        blocks = _without_story_names(blocks, [every[i] for i in idx], anchors)
    inside = partial(_text_of_its_own, bags=kept, rest=rest, head=head_bag, cfg=cfg)
    blocks = _at_tail(blocks, foreign, sizes=sizes, cfg=cfg, inside=inside)
    return {idx[k] for b in blocks for k in b}


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


def _without_story_names(
    blocks: list[list[int]],
    names: Sequence[frozenset[str]],
    anchors: Callable[[], frozenset[str]] | None,
) -> list[list[int]]:
    """Return the blocks none of whose lines shares one of the story's names."""
    titled = anchors() if anchors is not None else frozenset()
    return [b for b in blocks if not _keeps_story_names(b, names, titled)]


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
                pending = [j for j in pending if leans_to(bags[j], bags[k], rest)]
            current += [*pending, k]
            pending = []
        elif k not in core and sizes[k] < cfg.min_line_terms:
            pending.append(k)
        else:
            if current:
                block_bag = sum_bags(bags, current)
                blocks.append(current + [j for j in pending if leans_to(bags[j], block_bag, rest)])
            current, pending = [], []
    if current:
        blocks.append(current + pending)
    return blocks
