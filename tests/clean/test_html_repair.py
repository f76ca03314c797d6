"""Page leaves: text elements holding only inline markup, and the share of their text in links."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from storyline.clean.html_blocks import visible
from storyline.clean.html_parse import parse_html
from storyline.clean.html_repair import (
    _CONTAINER_TAGS,
    _LEAF_TAGS,
    _SKIP_TAGS,
    Leaf,
    page_leaves,
)


def _reference(tree: etree._Element) -> list[tuple[etree._Element, str, float]]:
    """Return the leaves as the definition reads: an element per leaf, links counted inside it."""
    leaves = []
    for element in tree.iter(etree.Element):
        if element.tag not in _LEAF_TAGS:
            continue
        if any(a.tag in _SKIP_TAGS for a in (element, *element.iterancestors())):
            continue
        if any(d.tag in _CONTAINER_TAGS for d in element.iterdescendants(etree.Element)):
            continue
        text = visible(element.text_content())
        if text:
            links = sum(len(a.text_content().strip()) for a in element.iter("a"))
            leaves.append((element, text, links / len(text)))
    return leaves


def _triples(leaves: list[Leaf]) -> list[tuple[etree._Element, str, float]]:
    return [(leaf.element, leaf.text, leaf.link_share) for leaf in leaves]


def test_links_in_nested_inline_markup_count_once() -> None:
    tree = parse_html(
        "<html><body><div><p>Read <b><a href='/r'>the report</a></b> and <a href='/t'>this"
        " <i>note</i></a>.</p><ul><li><a href='/x'>Next story</a></li></ul></div></body></html>"
    )
    leaves = page_leaves(tree)
    assert [leaf.text for leaf in leaves] == ["Read the report and this note.", "Next story"]
    assert leaves[0].link_share == len("the reportthis note") / len(leaves[0].text)
    assert leaves[1].link_share == 1.0
    assert _triples(leaves) == _reference(tree)


_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<li>", "<ul>", "</ul>", "<a href='#'>", "</a>",
        "<b>", "</b>", "<span>", "</span>", "<td>", "<table><tr>", "</table>", "<script>x",
        "</script>", "<section>", "<h2>", "word ", "link text ", "\u00ad", " ", "<br>",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=40).map("".join))
def test_leaves_match_their_definition(markup: str) -> None:
    tree = parse_html(f"<html><body>{markup}</body></html>")
    assert _triples(page_leaves(tree)) == _reference(tree)
