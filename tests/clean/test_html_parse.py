"""Parsing: the same tree as trafilatura's load_html, with element classes looked up in C."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import load_html

from storyline.clean.html_parse import load_tree, parse_html
from storyline.errors import InputError

HERE = Path(__file__).parent / "fixtures"
_PIECES = st.sampled_from(
    [
        "<html>", "</html>", "<head>", "<title>T</title>", "<body>", "</body>", "<p>", "</p>",
        "<div class='x'>", "</div>", "<form><input name='q'></form>", "<select><option>a",
        "<!-- note -->", "<?php x ?>", "<!DOCTYPE html>", "<?xml version='1.0' encoding='utf-8'?>",
        "<text id='a.html'>", "word ", "&amp; ", "&nbsp;", "é", "\x00", "\x0c", "\ufffe", "<br/>",
        "<html/>", "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\"/>", "\n",
    ]
)  # fmt: skip


def _same(text: str) -> None:
    ours, theirs = load_tree(text), load_html(text)
    assert (ours is None) == (theirs is None)
    if ours is not None and theirs is not None:
        assert etree.tostring(ours) == etree.tostring(theirs)
        assert all(type(el) is lxml_html.HtmlElement for el in ours.iter(etree.Element))


@pytest.mark.parametrize("name", ["news_article.html", "split_body.html"])
def test_fixture_pages_parse_to_trafilaturas_tree(name: str) -> None:
    _same((HERE / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "<p>a lone fragment</p>",  # rejected as not a page, as trafilatura does
        "<text id='http://example.org/a.html'><p>CleanEval page</p><p>two</p></text>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>declared</p></body></html>",
        "plain words, no markup at all",
        "<html><body><form><input name='q'><select><option>x</select></form></body></html>",
    ],
)
def test_odd_inputs_parse_or_fail_like_trafilatura(text: str) -> None:
    _same(text)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_any_markup_parses_like_trafilatura(text: str) -> None:
    _same(text)


def test_form_elements_are_plain_elements_with_text() -> None:
    tree = parse_html(b"<html><body><form><p>Sign in</p><input name='q'></form></body></html>")
    form = tree.find(".//form")
    assert type(form) is lxml_html.HtmlElement
    assert form is not None and form.text_content() == "Sign in"


def test_a_fragment_is_given_a_page() -> None:
    tree = parse_html("<p>Just one paragraph of text.</p>")
    assert tree.findtext(".//p") == "Just one paragraph of text."


def test_empty_input_is_rejected() -> None:
    with pytest.raises(InputError, match="empty"):
        parse_html(b"   ")
