"""Page metadata read in one walk of the tree: the same answers as one XPath per question."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from storyline.clean.html_meta import _JSON_LD_DATE, _MAX_H1, _read_tags, read_meta
from storyline.clean.html_parse import parse_html

# the questions as XPath asked them before the single walk
_PUBLISHED = etree.XPath(
    "//meta[@property='article:published_time' or @property='og:article:published_time'"
    " or @name='article:published_time' or @itemprop='datePublished' or @name='pubdate'"
    " or @name='publishdate' or @name='date' or @name='dc.date.issued' or @name='DC.date.issued']"
    "/@content | //time[@itemprop='datePublished']/@datetime"
)
_JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()")
_LANGUAGE = etree.XPath(
    "//meta[@http-equiv='content-language' or @http-equiv='Content-Language']/@content"
)
_LOCALE = etree.XPath("//meta[@property='og:locale']/@content")
_TITLE = etree.XPath(
    "//meta[@property='og:title' or @name='twitter:title' or @property='twitter:title']/@content"
)
_TAGS = st.sampled_from(
    [
        "<meta property='article:published_time' content='2021-02-16T07:45:00Z'>",
        "<meta name='date' content='2020-01-02'>", "<meta name='DC.date.issued' content='2019'>",
        "<meta itemprop='datePublished' content='2018-05-06T10:00'>",
        "<meta name='pubdate'>", "<meta property='og:locale' content='de_DE'>",
        "<meta http-equiv='Content-Language' content='fr'>",
        "<meta property='og:title' content='Harbour bridge reopens'>",
        "<meta name='twitter:title' content='Bridge open again'>",
        "<meta property='twitter:title' content='Bridge, open'>",
        "<time itemprop='datePublished' datetime='2017-09-15T08:00:10+02:00'>Sept 15</time>",
        "<time datetime='2016-01-01'>then</time>",
        '<script type="application/ld+json">{"datePublished": "2015-03-04T05:06:07Z"}</script>',
        "<script>var x = 1;</script>", "<title>Bridge reopens | City News</title>",
        "<h1>Harbour bridge reopens</h1>", "<h1>Second heading here</h1>", "<p>text</p>",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(_TAGS, max_size=12), st.lists(_TAGS, max_size=12))
def test_one_walk_answers_as_the_xpaths_did(head: list[str], body: list[str]) -> None:
    tree = parse_html(f"<html><head>{''.join(head)}</head><body>{''.join(body)}</body></html>")
    tags = _read_tags(tree)
    stamps = [str(v) for v in _PUBLISHED(tree)]
    for script in _JSON_LD(tree):
        stamps += _JSON_LD_DATE.findall(str(script))
    assert list(tags.stamps) == stamps
    assert list(tags.languages) == [str(v) for v in (*_LANGUAGE(tree), *_LOCALE(tree))]
    assert list(tags.titles) == [str(v) for v in _TITLE(tree)]
    assert list(tags.title_texts) == [el.text_content() for el in tree.iter("title")]
    assert list(tags.h1_texts) == [el.text_content() for el in list(tree.iter("h1"))[:_MAX_H1]]


def test_a_page_declaring_its_time_and_language_in_meta_tags() -> None:
    page = parse_html(
        "<html><head><title>Harbour bridge reopens | City News</title>"
        "<meta property='og:locale' content='en_GB'>"
        "<meta property='article:published_time' content='2021-02-16T07:45:00+00:00'>"
        "</head><body><h1>Harbour bridge reopens</h1><p>The bridge reopened.</p></body></html>"
    )
    meta = read_meta(page, "https://news.example/2021/02/16/bridge")
    assert meta.published == "2021-02-16T07:45:00+00:00"
    assert meta.language == "en"
    assert "Harbour bridge reopens" in meta.headlines


def test_a_page_whose_head_tags_landed_in_the_body_still_gives_its_url_and_site() -> None:
    """Markup that breaks before </head> puts the rest of the head in <body>: read it there."""
    page = parse_html(
        "<html><body><div class='ad'>x</div>"
        "<meta property='og:site_name' content='Autoracing | F1 | Indy | MotoGP'>"
        "<meta property='og:url' content='http://www.autoracing.com.br/classificacao-nascar/'>"
        "<link rel='canonical' href='/classificacao-nascar/'>"
        "<title>Classificação NASCAR</title><p>A tabela do campeonato.</p></body></html>"
    )
    meta = read_meta(page, None)
    assert meta.url == "http://www.autoracing.com.br/classificacao-nascar/"  # relative: skipped
    assert meta.sitename == "Autoracing | F1 | Indy | MotoGP"
    assert read_meta(page, "https://given.example/a").url == "https://given.example/a"
