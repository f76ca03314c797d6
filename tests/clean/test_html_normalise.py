"""Extracted text reads as a reader sees it: no invisible characters or false spaces, lead kept."""

from __future__ import annotations

from lxml import etree

from storyline.clean import HtmlExtractConfig, extract_html
from storyline.clean.html_blocks import cut_blocks

_FILLER_JA = "地域の皆さんと一緒に子どもたちを見守る活動を続けています。" * 12
_FILLER_DE = "Die Stadtbibliothek zeigt Handschriften aus den Klöstern der Region. " * 12


def _page(body: str, lang: str) -> str:
    return (
        f"<html lang='{lang}'><head><title>Seite</title></head><body>"
        "<nav><a href='/'>Start</a> <a href='/a'>Archiv</a></nav>"
        f"<article><h1>Überschrift</h1>{body}</article>"
        "<footer><p>Impressum</p></footer></body></html>"
    )


def test_soft_hyphens_and_zero_width_spaces_are_removed() -> None:
    body = (
        "<p>Das Mit\u00adtel\u00adal\u00adter war\u200b eine lange Epoche der"
        f" Ge\u00adschich\u00adte Europas, sagte die Kuratorin am Mittwoch.</p><p>{_FILLER_DE}</p>"
    )
    text = extract_html(_page(body, "de")).text
    assert "Das Mittelalter war eine lange Epoche der Geschichte Europas" in text
    assert "\u00ad" not in text
    assert "\u200b" not in text


def test_no_spaces_around_inline_tags_in_japanese() -> None:
    body = (
        "<p>子どもへの<a href='/t/abuse'>虐待</a>をなくすために、<b>地域</b>の大人が"
        f"<em>見守る</em>ことが大切です。</p><p>{_FILLER_JA}</p>"
    )
    text = extract_html(_page(body, "ja")).text
    assert "子どもへの虐待をなくすために、地域の大人が見守ることが大切です。" in text


def test_latin_words_beside_a_link_stay_apart() -> None:
    body = (
        "<p>The mayor said the <a href='/bridge'>bridge</a>would reopen next week after"
        f" the repairs.</p><p>{_FILLER_DE}</p>"
    )
    text = extract_html(_page(body, "en")).text
    assert "bridge would reopen" in text


def test_lead_in_the_article_header_is_kept() -> None:
    """A German news page puts its lead (with the dateline) in the article's own header."""
    body = "".join(
        "<p>Die Abgeordneten stritten zuvor mehr als drei Stunden über den Entwurf, der nach"
        f" Angaben des Ministeriums im Herbst in Kraft treten soll, Absatz {i}.</p>"
        for i in range(6)
    )
    html = (
        "<html lang='de'><head><title>Bundestag beschließt Heizungsgesetz | Zeitung</title>"
        "</head><body><nav><a href='/'>Start</a><a href='/politik'>Politik</a></nav><main>"
        "<article><header><h1>Bundestag beschließt Heizungsgesetz</h1>"
        "<p class='article-lead'>Berlin. Nach monatelangem Streit hat der Bundestag das"
        " Heizungsgesetz beschlossen. Die Opposition kündigte an, vor das Verfassungsgericht"
        f" zu ziehen.</p></header><div class='article-body'>{body}</div>"
        "<footer class='article-footer'><p>Mehr zum Thema: Energie</p>"
        "<p>© Zeitung 2024, alle Rechte vorbehalten</p></footer></article></main>"
        "<footer><a href='/impressum'>Impressum</a></footer></body></html>"
    )
    lines = extract_html(html).text.splitlines()
    assert lines[0].startswith("Berlin. Nach monatelangem Streit hat der Bundestag")
    assert lines[-1].startswith("Die Abgeordneten stritten zuvor")  # footer lines gone


def test_text_only_gives_the_same_text_without_metadata() -> None:
    html = _page(f"<p>{_FILLER_DE}</p><p>{_FILLER_DE}</p>", "de")
    full = extract_html(html)
    text_only = extract_html(html, config=HtmlExtractConfig(metadata=False))
    assert text_only.text == full.text
    assert full.title is not None
    assert (text_only.title, text_only.published, text_only.language) == (None, None, None)


def test_rows_of_empty_cells_leave_no_separator_lines() -> None:
    body = etree.fromstring(
        "<body><table><row>\n<cell> </cell>\n<cell>\u00a0</cell>\n</row>"
        "<row><cell>Der Fluss stieg in der Nacht um vier Meter.</cell><cell>\n</cell></row>"
        "</table></body>"
    )
    assert [block.text for block in cut_blocks(body)] == [
        "Der Fluss stieg in der Nacht um vier Meter."
    ]


def _dom(body: str) -> str:
    from storyline.clean.html_dom import prepare_tree
    from storyline.clean.html_parse import parse_html

    tree = parse_html(f"<html><body>{body}</body></html>")
    prepare_tree(tree)
    return " ".join(tree.find("body").text_content().split())


def test_hover_cards_go_and_look_alike_classes_stay() -> None:
    card = (
        "<p>Council leader <span class='name'>Marta Vidal<span class='hover-card'>"
        "<img src='m.jpg'><a href='/a'>Latest</a><a href='/b'>Profile</a></span></span> said.</p>"
    )
    assert _dom(card) == "Council leader Marta Vidal said."
    # "cover" holds "over" but names no popup; an upper-case style was never read as hidden
    kept = "<div class='cover-story'><a href='/1'>One</a> <a href='/2'>Two</a></div>"
    assert _dom(kept) == "One Two"
    shouting = "<div class='cover' style='DISPLAY:NONE'>Still read</div>"
    assert _dom(shouting) == "Still read"
    assert _dom("<div style='display: none'>Gone</div><p>Kept</p>") == "Kept"
