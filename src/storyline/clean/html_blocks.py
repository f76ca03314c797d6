"""Cut an extracted body tree into text blocks (paragraphs, headings, list items, rows).

The tree is either trafilatura's XML (p, head, list/item, quote, table/row/cell, ref, hi, lb)
or plain HTML from its readability fallback (p, h2, ul/li, blockquote, a, br, div ...);
both vocabularies are understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

_BLOCK_TAGS = frozenset(
    {
        "p", "head", "h1", "h2", "h3", "h4", "h5", "h6", "item", "li", "quote", "blockquote",
        "row", "tr", "div", "table", "list", "ul", "ol", "dl", "dd", "dt", "pre", "section",
        "article", "body", "center", "header", "footer", "aside", "figure", "figcaption",
        "main", "nav", "form", "fieldset", "address", "details", "summary", "caption",
        "tbody", "thead", "tfoot", "code",
    }
)  # fmt: skip
_KIND = {
    **{tag: "head" for tag in ("head", "h1", "h2", "h3", "h4", "h5", "h6")},
    **{tag: "item" for tag in ("item", "li", "dd", "dt")},
    **{tag: "quote" for tag in ("quote", "blockquote")},
    **{tag: "row" for tag in ("row", "tr")},
}
_LINK_TAGS = frozenset({"ref", "a"})
_BREAK_TAGS = frozenset({"lb", "br"})
_CELL_TAGS = frozenset({"cell", "td", "th"})
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template"})
_CLOSERS = frozenset(").]:;,!?")
_SUFFIX = re.compile(r"(?:s|es|ed|ing|ers?)(?!\w)")
# Characters a reader never sees: the soft hyphen (a line-break hint), the zero-width space,
# word joiner, BOM and Mongolian vowel separator. ZWJ and ZWNJ stay: they change how letters
# are drawn (Persian, Indic scripts, emoji), so they are part of the text as read.
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u180e]")
# Scripts written without spaces between words: a link or inline tag inside such text must not
# gain a space (Han, kana, Thai, Lao, Khmer, Myanmar, CJK punctuation and full-width forms).
_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3000-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
)


@dataclass(frozen=True)
class Block:
    """One line of extracted text and what is known of its markup."""

    text: str
    kind: str = "p"  # p | head | item | quote | row
    link_chars: int = 0  # characters inside links
    whole: bool = True  # a whole element or line, not a piece of one cut by a child block

    @property
    def link_ratio(self) -> float:
        """Share of the block's visible characters that sit inside links."""
        size = len(self.text.replace(" ", ""))
        return min(1.0, self.link_chars / size) if size else 0.0


def visible(text: str) -> str:
    """Return text as a reader sees it: invisible characters out, runs of spaces as one."""
    # a regex that rarely matches and str.split are far faster than str.translate on long text;
    # the invisible characters are not ASCII, and telling an ASCII text takes no scan
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def _glued(before: str, after: str) -> bool:
    """Tell whether two pieces would run two words together (letters or closing punctuation)."""
    if _SUFFIX.match(after):
        return False  # "<a>MacBook</a>s": a link inside a word
    if _UNSPACED.match(before[-1]) or _UNSPACED.match(after[0]):
        return False  # "子どもへの<a>虐待</a>をなくす": no spaces in the script
    return (before[-1].isalnum() or before[-1] in _CLOSERS) and after[0].isalnum()


class _Cutter:
    """Walk a tree once, closing a block at every block-level boundary and line break."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.kinds: list[str] = []
        # a block is whole when it starts and ends at its own element's edges or at line
        # breaks; text cut by a child block (a paragraph's link left outside <p>) is not
        self.clean_start = False
        self.last_in_link = False

    def flush(self, *, clean_end: bool = False) -> None:
        """Close the current block; it is whole when it began and ended at a clean boundary."""
        # empty cells leave cell separators at a row's edges, or alone on a line
        text = visible("".join(self.parts)).strip(" |")
        if text:
            kind = self.kinds[-1] if self.kinds else "p"
            whole = clean_end and self.clean_start
            self.blocks.append(Block(text, kind, self.link_chars, whole))
        self.parts, self.link_chars, self.last_in_link = [], 0, False
        self.clean_start = clean_end

    def add(self, text: str | None, in_link: bool) -> None:
        if not text:
            return
        if in_link != self.last_in_link and self.parts and _glued(self.parts[-1], text):
            # trafilatura trims the space between a link and the text beside it
            self.parts.append(" ")
        self.parts.append(text)
        self.last_in_link = in_link
        if in_link:
            self.link_chars += len(text.replace(" ", "").strip())

    def walk(self, element: etree._Element, in_link: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP_TAGS or not tag:
            return
        is_block = tag in _BLOCK_TAGS
        if is_block:
            self.flush()
            self.clean_start = True
            self.kinds.append(_KIND.get(tag, "p"))
        elif tag in _BREAK_TAGS:
            self.flush(clean_end=True)
        elif tag in _CELL_TAGS and self.parts:
            self.parts.append(" | ")
        in_link = in_link or tag in _LINK_TAGS
        self.add(element.text, in_link)
        for child in element:
            self.walk(child, in_link)
            self.add(child.tail, in_link)
        if is_block:
            self.flush(clean_end=True)
            self.kinds.pop()
            self.clean_start = False


def cut_blocks(body: etree._Element) -> list[Block]:
    """Return the text blocks of an extracted body, in document order."""
    cutter = _Cutter()
    cutter.walk(body, in_link=False)
    cutter.flush()
    return cutter.blocks


def blocks_text(blocks: list[Block]) -> str:
    """Join blocks into the plain text of an article, one block per line."""
    return "\n".join(block.text for block in blocks)
