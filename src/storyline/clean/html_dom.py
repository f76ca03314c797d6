"""Normalise a parsed page before extraction, where trafilatura misreads common markup.

Each fix is a general markup pattern, not a site rule:
- embedded posts (tweets, Instagram, Facebook) quoted by an article are its content, but their
  wrappers' class names ("social-embed", "twitter") make trafilatura drop them;
- hover cards and tooltips (a person's card with their latest headlines) are hidden markup
  that trafilatura reads inline, in the middle of a sentence: the card (links, a picture) is
  dropped, the name it decorates stays; so is markup hidden by attribute or inline style;
- a <div> used as a paragraph (text and inline markup only, beside <p> siblings or divs of its
  own class) loses its text before links in trafilatura's precision mode, so it is renamed <p>;
  a lone text div is left alone: it is a label, credit or teaser far more often.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

_EMBED_QUOTES = etree.XPath(
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'instagram-media')"
    " or contains(@class, 'fb-xfbml-parse-ignore') or contains(@class, 'twitter-video')]"
)
_EMBED_WRAPPER = re.compile(r"social|embed|twitter|tweet|instagram|facebook|oembed", re.I)
_POPUP_CLASS = re.compile(r"(?:^|[\s_-])(?:tooltip|popover|rollover|hovercard|hover-card)", re.I)
# One attribute test per kind (the attribute read once, then searched): twice as fast as a
# contains() per word on every element; "ooltip" matches Tooltip and tooltip alike. The class
# test is looser in XPath ("over" for popover, rollover, hovercard, hover-card: two contains()
# on every class instead of five) and made exact in Python on the few it lets through.
_HIDDEN_CANDIDATES = etree.XPath(
    "//body//*[@hidden or @style[contains(., 'none') or contains(., 'hidden')]"
    " or @class[contains(., 'ooltip') or contains(., 'over')]]"
)
_POPUP_WORDS = ("ooltip", "opover", "rollover", "overcard", "over-card")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_INLINE_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
        "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
        "wbr", "br", "img", "del", "ins", "strike", "tt", "big",
    }
)  # fmt: skip
_MAX_WRAPPER_DEPTH = 3
_CARD_MIN_LINKS = 2


def prepare_tree(tree: lxml_html.HtmlElement) -> None:
    """Normalise the page in place: free embedded posts, drop hidden popups, mark div paragraphs."""
    _free_embedded_posts(tree)
    _drop_hidden_popups(tree)
    _divs_as_paragraphs(tree)


def _free_embedded_posts(tree: lxml_html.HtmlElement) -> None:
    for quote in _EMBED_QUOTES(tree):
        quote.attrib.pop("class", None)
        parent = quote.getparent()
        for _ in range(_MAX_WRAPPER_DEPTH):
            if parent is None or parent.tag in ("body", "article"):
                break
            names = f"{parent.get('class', '')} {parent.get('id', '')}"
            if _EMBED_WRAPPER.search(names):
                parent.attrib.pop("class", None)
                parent.attrib.pop("id", None)
            parent = parent.getparent()


def _drop_hidden_popups(tree: lxml_html.HtmlElement) -> None:
    # XPath narrows the candidates in C; the regexes then judge the few it finds
    for element in _HIDDEN_CANDIDATES(tree):
        if element.getparent() is None:
            continue
        hidden = element.get("hidden") is not None
        style, names = element.get("style", ""), element.get("class", "")
        popup = any(word in names for word in _POPUP_WORDS)
        if not (hidden or popup or "none" in style or "hidden" in style):
            continue  # let through by the looser class test only
        if hidden or _HIDDEN_STYLE.search(style):
            element.drop_tree()  # keeps the tail text, which belongs to the parent
        elif _POPUP_CLASS.search(names) and _is_card(element):
            element.drop_tree()


def _is_card(element: lxml_html.HtmlElement) -> bool:
    """Tell whether a popup-classed element is the card itself, not the word it decorates."""
    if any(_POPUP_CLASS.search(el.get("class", "")) for el in element.iterdescendants("*")):
        return False  # the wrapper of a name and its card: only the card goes
    links = len(element.findall(".//a"))
    return links >= _CARD_MIN_LINKS or element.find(".//img") is not None


def _divs_as_paragraphs(tree: lxml_html.HtmlElement) -> None:
    for div in list(tree.iter("div")):
        if not (div.text and div.text.strip()) or not _only_inline(div):
            continue
        parent = div.getparent()
        if parent is None:
            continue
        # a paragraph among paragraphs: beside <p> siblings or divs of the same class
        klass = div.get("class")
        for sibling in parent:
            if sibling is div or not isinstance(sibling.tag, str):
                continue
            if sibling.tag == "p" or (
                klass and sibling.tag == "div" and sibling.get("class") == klass
            ):
                div.tag = "p"
                break


def _only_inline(element: lxml_html.HtmlElement) -> bool:
    # comments and processing instructions have a non-string tag: they do not count
    return all(
        not isinstance(el.tag, str) or el.tag in _INLINE_TAGS for el in element.iterdescendants()
    )
