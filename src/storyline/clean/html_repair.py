"""Put back article text the extractor cut, using where its output sits in the page.

Extracted blocks are matched to the page's leaf text elements (elements holding text and
inline markup only). Two repairs follow from where the matches sit:
- lead paragraph: the paragraph just before the first extracted one, in the same article
  container, is put back when it reads as prose (a summary/standfirst styled apart);
- split body: an article cut into several containers of one class (ads between them) is
  read whole; trafilatura keeps only the first.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from storyline.clean.html_blocks import Block, visible

_LEAF_TAGS = frozenset({"p", "div", "li", "blockquote", "h2", "h3", "h4", "td", "section"})
_CONTAINER_TAGS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "td", "tr",
        "table", "section", "article", "main", "aside", "header", "footer", "nav", "figure",
        "figcaption", "form", "dl", "dd", "dt", "pre", "center", "body", "tbody", "thead",
    }
)  # fmt: skip
# Class/id words of text that is near the article but not its prose: captions, credits, deks
# (a summary under the headline is the page's description, not its lead), tickers, widgets.
_NOT_PROSE_WORDS = frozenset(
    {
        "caption", "figcaption", "credit", "credits", "figure", "photo", "image", "media", "video",
        "byline", "author", "share", "sharing", "social", "tag", "tags", "dek", "standfirst",
        "abstract", "subtitle", "subhead", "teaser", "excerpt", "breaking", "ticker", "promo",
        "related", "quote", "comment", "comments", "header", "meta", "date",
    }
)  # fmt: skip
_CLASS_WORD = re.compile(r"[a-z]+")
_NOT_PROSE_TAGS = frozenset(
    {"figure", "figcaption", "a", "header", "nav", "aside", "footer", "li", "form"}
)
_WORD = re.compile(r"\w+")
_PROSE_END = re.compile(r"[.!?…。！？][\"'”’)\]」』]*$")
_LEAD_MIN_WORDS = 15
_LABEL_MAX_WORDS = 4
_LEAD_LOOKBACK = 4  # leaf elements examined before the first extracted paragraph
_LEAD_MAX_ANCESTOR_STEPS = 4  # the lead must share an ancestor this close to the first paragraph
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head"})
_PART_MIN_WORDS = 8
_PART_MIN_PARAGRAPHS = 2
_PART_MAX_ANCESTOR_STEPS = 3  # the other parts must share an ancestor this close to the first
_MAX_LINK_SHARE = 0.3
_MATCH_SLACK_CHARS = 8


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class Leaf:
    """A page element holding only text and inline markup."""

    element: lxml_html.HtmlElement
    text: str
    link_share: float


def page_leaves(tree: lxml_html.HtmlElement) -> list[Leaf]:
    """Return the page's leaf text elements in document order (linear passes)."""
    # the list keeps every proxy alive, so getparent() returns these same objects
    elements = list(tree.iter(etree.Element))
    tags = [element.tag for element in elements]
    skipped: set[lxml_html.HtmlElement] = set()
    for element, tag in zip(elements, tags, strict=True):
        if tag in _SKIP_TAGS or element.getparent() in skipped:
            skipped.add(element)
    has_block: set[lxml_html.HtmlElement] = set()
    for element, tag in zip(reversed(elements), reversed(tags), strict=True):
        if tag in _CONTAINER_TAGS or element in has_block:
            parent = element.getparent()
            if parent is not None:
                has_block.add(parent)
    found: dict[lxml_html.HtmlElement, str] = {}
    for element, tag in zip(elements, tags, strict=True):
        if tag in _LEAF_TAGS and element not in has_block and element not in skipped:
            text = visible(element.text_content())
            if text:
                found[element] = text
    links = _link_chars(tree, found)
    return [
        Leaf(element, text, links.get(element, 0) / len(text)) for element, text in found.items()
    ]


def _link_chars(
    tree: lxml_html.HtmlElement, leaves: dict[lxml_html.HtmlElement, str]
) -> dict[lxml_html.HtmlElement, int]:
    """Return the characters inside links of each leaf that holds links."""
    # a leaf holds no container, so a link belongs to the leaf met first going up from it, and
    # to none when a container comes first; the inline elements passed on the way remember the
    # answer, so no element is climbed twice (nested inline markup stays linear)
    owner: dict[lxml_html.HtmlElement, lxml_html.HtmlElement | None] = {}
    chars: dict[lxml_html.HtmlElement, int] = {}
    for link in tree.iter("a"):
        passed = []
        leaf = None
        ancestor = link.getparent()
        while ancestor is not None:
            if ancestor in owner:
                leaf = owner[ancestor]
                break
            if ancestor in leaves:
                leaf = ancestor
                break
            if ancestor.tag in _CONTAINER_TAGS:
                break
            passed.append(ancestor)
            ancestor = ancestor.getparent()
        owner.update(dict.fromkeys(passed, leaf))
        if leaf is not None:
            chars[leaf] = chars.get(leaf, 0) + len(link.text_content().strip())
    return chars


def _matches(
    blocks: Sequence[Block], leaves: Sequence[Leaf], norms: Sequence[str]
) -> list[int | None]:
    """For each block (its normalised text in norms), the index of the leaf with the same text."""
    sizes = sorted({len(block.text) for block in blocks})
    index: dict[str, int] = {}
    for i, leaf in enumerate(leaves):
        # normalising only changes spacing and case: far longer or shorter texts cannot match
        at = bisect_left(sizes, len(leaf.text) - _MATCH_SLACK_CHARS)
        if at < len(sizes) and sizes[at] <= len(leaf.text) + _MATCH_SLACK_CHARS:
            index.setdefault(_norm(leaf.text), i)
    return [index.get(norm) for norm in norms]


def _close(a: lxml_html.HtmlElement, b: lxml_html.HtmlElement, steps: int) -> bool:
    """Tell whether b lies under one of a's `steps` nearest ancestors (below <body>)."""
    near = []
    ancestor = a.getparent()
    for _ in range(steps):
        if ancestor is None or ancestor.tag in ("body", "html"):
            break
        near.append(ancestor)
        ancestor = ancestor.getparent()
    # walk up from b (its depth) rather than down each ancestor (its whole subtree); `near`
    # keeps the proxies alive, so lxml hands back these same objects
    return bool(near) and any(any(el is n for n in near) for el in b.iterancestors())


def _is_prose(leaf: Leaf, min_words: int, *, context: int) -> bool:
    """Tell whether a leaf reads as article prose, judging it and `context` ancestors."""
    if len(_WORD.findall(leaf.text)) < min_words or leaf.link_share > _MAX_LINK_SHARE:
        return False
    if not _PROSE_END.search(leaf.text):
        return False
    chain = [leaf.element, *list(leaf.element.iterancestors())[:context]]
    if any(el.tag in _NOT_PROSE_TAGS and not _article_header(el) for el in chain[1:]):
        return False
    return not any(_names(el) & _NOT_PROSE_WORDS for el in chain)


def _article_header(element: lxml_html.HtmlElement) -> bool:
    """Tell whether an element is an article's own header, where news pages put the lead."""
    parent = element.getparent()
    return element.tag == "header" and parent is not None and parent.tag == "article"


def _names(element: lxml_html.HtmlElement) -> set[str]:
    """Return the lowercase words of an element's class and id."""
    return set(_CLASS_WORD.findall(f"{element.get('class', '')} {element.get('id', '')}".lower()))


def recover_lead(
    blocks: list[Block], leaves: Sequence[Leaf], matches: Sequence[int | None], known: set[str]
) -> list[Block]:
    """Put back the prose paragraph just before the first extracted one when it was cut."""
    found = next(((i, m) for i, m in enumerate(matches[:2]) if m is not None), None)
    if found is None:
        return blocks
    position, first = found
    for leaf in reversed(leaves[max(0, first - _LEAD_LOOKBACK) : first]):
        if len(_WORD.findall(leaf.text)) < _LABEL_MAX_WORDS:
            continue  # a button or label between the lead and the body
        lead = (
            _norm(leaf.text) not in known
            and _is_prose(leaf, _LEAD_MIN_WORDS, context=_LEAD_MAX_ANCESTOR_STEPS)
            and _close(leaves[first].element, leaf.element, _LEAD_MAX_ANCESTOR_STEPS)
        )
        return [*blocks[:position], Block(leaf.text), *blocks[position:]] if lead else blocks
    return blocks


def _container(
    leaves: Sequence[Leaf], matches: Sequence[int | None]
) -> lxml_html.HtmlElement | None:
    """Return the element holding most extracted paragraphs (their most common parent)."""
    parents = Counter(leaves[m].element.getparent() for m in matches if m is not None)
    if not parents:
        return None
    parent, count = parents.most_common(1)[0]
    return (
        parent
        if count >= _PART_MIN_PARAGRAPHS and parent is not None and parent.get("class")
        else None
    )


def _same_kind(element: lxml_html.HtmlElement | None, main: lxml_html.HtmlElement) -> bool:
    """Tell whether an element is another container of the main one's tag and class."""
    if element is None or element is main:
        return False
    return bool(element.tag == main.tag and element.get("class") == main.get("class"))


def recover_parts(
    blocks: list[Block], leaves: Sequence[Leaf], matches: Sequence[int | None], known: set[str]
) -> list[Block]:
    """Add the paragraphs of the article's other containers of the same tag and class.

    known holds the normalised texts of the blocks; the texts of the parts put back join it.
    """
    main = _container(leaves, matches)
    if main is None:
        return blocks
    in_main = [
        i for i, m in enumerate(matches) if m is not None and leaves[m].element.getparent() is main
    ]
    first_leaf = min(m for m in matches if m is not None)
    before: list[Block] = []
    after: list[Block] = []
    added: set[str] = set()
    for index, leaf in enumerate(leaves):
        parent = leaf.element.getparent()
        if not _same_kind(parent, main) or not _close(main, parent, _PART_MAX_ANCESTOR_STEPS):
            continue
        norm = _norm(leaf.text)
        if norm not in known and norm not in added and _is_prose(leaf, _PART_MIN_WORDS, context=1):
            (before if index < first_leaf else after).append(Block(leaf.text))
            added.add(norm)
    if len(before) + len(after) < _PART_MIN_PARAGRAPHS:
        return blocks
    known.update(added)  # the parts are put back: the lead must not repeat one
    # the parts go around the main container's run of blocks, in page order
    start, end = in_main[0], in_main[-1] + 1
    return [*blocks[:start], *before, *blocks[start:end], *after, *blocks[end:]]


def repair(
    blocks: list[Block], tree: lxml_html.HtmlElement, leaves: Sequence[Leaf] | None = None
) -> list[Block]:
    """Put back a cut lead paragraph and the other parts of a split article body."""
    leaves = page_leaves(tree) if leaves is None else leaves
    norms = [_norm(block.text) for block in blocks]
    matches = _matches(blocks, leaves, norms)
    # the texts known so far, normalised once: the parts put back are added as they are found
    known = set(norms)
    blocks = recover_parts(blocks, leaves, matches, known)
    return recover_lead(blocks, leaves, matches, known)
