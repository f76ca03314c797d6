"""HTML main-text extraction: own fixtures, rules, decoding, invariants, and a pinned F1 floor."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import trafilatura
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from storyline.clean import ExtractedPage, extract_html
from storyline.clean.html_blocks import Block, cut_blocks
from storyline.clean.html_boilerplate import drop_lead_repeats, filter_blocks, judge_block
from storyline.clean.html_decode import decode_html
from storyline.errors import InputError

HERE = Path(__file__).parent / "fixtures"
BENCHMARK = "scrapinghub-article-extraction-benchmark"
# Fixed subset: every 6th page id of the 181, in sorted order (30 pages). storyline measured
# F1 0.9847 on it (0.9849 before the evidence-based choice; plain trafilatura 2.3.1: 0.9646).
SUBSET_STEP, SUBSET_SIZE, SUBSET_F1_FLOOR = 6, 30, 0.975
_TOKEN = re.compile(r"\w+")


def _page(name: str) -> ExtractedPage:
    return extract_html((HERE / name).read_bytes())


@pytest.fixture(scope="module")
def news() -> ExtractedPage:
    """Return the extraction of the news article fixture."""
    return _page("news_article.html")


def test_news_article_keeps_the_story(news: ExtractedPage) -> None:
    assert news.text.startswith("The harbour bridge reopened to traffic on Tuesday morning")
    assert "Engineers worked through the night" in news.text
    assert "Council leader Marta Vidal thanked the crews" in news.text  # card gone, name kept
    assert "First bus across the harbour bridge this morning" in news.text  # embedded tweet
    assert news.text.rstrip().endswith("until the eastern lane is finished next month.")


@pytest.mark.parametrize(
    "junk",
    [
        "Harbour bridge reopens after storm repairs",  # headline repeated in the body
        "Storm leaves harbour bridge closed for weeks",  # "Read more:" link
        "Vidal backs new ferry timetable",  # hover card
        "Share it with a friend",
        "newsletter",
        "Reporting by",
        "Ferry operator adds extra crossings",  # related list
        "All rights reserved",
        "Privacy",
    ],
)
def test_news_article_drops_boilerplate(news: ExtractedPage, junk: str) -> None:
    assert junk not in news.text


def test_news_article_metadata(news: ExtractedPage) -> None:
    assert news.title == "Harbour bridge reopens after storm repairs"
    assert news.published == "2021-02-16T07:45:00+00:00"
    assert news.sitename == "The Coastal Courier"
    assert news.url == "https://courier.example/news/2021/02/harbour-bridge-reopens"
    assert news.language == "en"


def test_split_body_is_read_whole() -> None:
    page = _page("split_body.html")
    assert "zwei Jahre nach dem ersten Spatenstich" in page.text
    assert "rund zwölftausend Fahrgäste" in page.text  # second container, after the ad
    assert "Empfehlungen für das Wochenende" not in page.text  # same class, but in the sidebar
    assert "Anzeige" not in page.text and "Advertisement" not in page.text
    assert page.published == "2022-05-03"  # day precision stays a day
    assert page.language == "de"


def test_extracted_page_is_frozen(news: ExtractedPage) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        news.text = "x"  # type: ignore[misc]


def test_url_argument_is_the_fallback_url() -> None:
    html = "<html><body><article>" + "<p>Plain words of an article body go here.</p>" * 5
    page = extract_html(html + "</article></body></html>", url="https://example.org/a")
    assert page.url == "https://example.org/a"


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (b"", "empty"),
        ("   \n ", "empty"),
        ("<html><head><script>var a = 1;</script></head><body></body></html>", "no article text"),
    ],
)
def test_unusable_input_raises_input_error(html: str | bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        extract_html(html)


def test_input_over_the_limit_is_refused() -> None:
    html = "<html><body><p>" + "word " * 1000 + "</p></body></html>"
    with pytest.raises(InputError, match="over the 1000-byte limit"):
        extract_html(html, max_bytes=1000)


def test_fragment_is_read_as_a_page() -> None:
    assert extract_html("<p>A fragment of a page, without html or body.</p>").text == (
        "A fragment of a page, without html or body."
    )


# --- decoding -------------------------------------------------------------------------------

_PAGE = "<html><head>{meta}</head><body><article><p>{text}</p></article></body></html>"


@pytest.mark.parametrize(
    ("codec", "meta", "text"),
    [
        ("cp1251", '<meta charset="windows-1251">', "Москва объявила новые меры поддержки."),
        (
            "latin-1",
            '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
            "Crème brûlée à côté.",
        ),
        ("utf-8", "", "Zürich und Köln: Straßenbahn fährt wieder."),
        ("shift_jis", '<meta charset="Shift_JIS">', "東京で新しい路線が開業しました。"),
    ],
)
def test_decode_declared_and_undeclared(codec: str, meta: str, text: str) -> None:
    data = _PAGE.format(meta=meta, text=text).encode(codec)
    assert text in decode_html(data)


def test_decode_prefers_utf8_over_a_wrong_latin1_declaration() -> None:
    data = _PAGE.format(meta='<meta charset="iso-8859-1">', text="Café déjà vu").encode("utf-8")
    assert "Café déjà vu" in decode_html(data)


def test_decode_byte_order_mark() -> None:
    data = "\ufeff" + _PAGE.format(meta="", text="Grüße")
    assert "Grüße" in decode_html(data.encode("utf-16"))


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        ("cp1251", "Правительство утвердило бюджет на следующий год после долгих споров."),
        ("cp1252", "Le gouvernement a présenté mercredi un projet de loi très attendu."),
        ("cp1250", "Rząd przedstawił w środę długo oczekiwany projekt ustawy emerytalnej."),
    ],
)
def test_decode_undeclared_legacy_bytes_by_detection(codec: str, text: str) -> None:
    assert text in decode_html(_PAGE.format(meta="", text=text * 3).encode(codec))


# --- blocks and rules -----------------------------------------------------------------------


def test_cut_blocks_reads_trafilatura_xml() -> None:
    body = etree.fromstring(
        "<body><head>Heading</head><p>Text with <ref target='x'>a link</ref> inside.</p>"
        "<list><item>One</item><item><ref target='y'>Two</ref></item></list>"
        "<p>Before<lb/>after</p><div>Cut <a href='z'>short</a><p>by a child</p>tail</div></body>"
    )
    blocks = cut_blocks(body)
    assert [b.text for b in blocks] == [
        "Heading",
        "Text with a link inside.",
        "One",
        "Two",
        "Before",
        "after",
        "Cut short",
        "by a child",
        "tail",
    ]
    assert [b.kind for b in blocks[:4]] == ["head", "p", "item", "item"]
    assert blocks[3].link_ratio == 1.0 and blocks[3].whole
    assert blocks[4].whole and blocks[5].whole  # lines of a <br>-broken paragraph
    assert [b.whole for b in blocks[6:]] == [False, True, False]  # pieces around a child


def test_cut_blocks_separates_a_link_trimmed_against_a_word() -> None:
    body = etree.fromstring(
        "<body><p><ref target='x'>CNBC reported</ref>that the <ref>Mac</ref>s sold.</p></body>"
    )
    assert cut_blocks(body)[0].text == "CNBC reported that the Macs sold."


@pytest.mark.parametrize(
    ("text", "link_chars", "reason"),
    [
        ("Related Articles", 0, "section-label"),
        ("DON'T MISS", 0, "section-label"),
        ("Like this story? Share it with a friend!", 0, "reader-prompt"),
        ("Follow The Daily Example on Facebook, Twitter and Instagram.", 0, "reader-prompt"),
        ("Read more: Storm leaves bridge closed", 28, "related-link"),
        ("Tags: politics, bridges", 0, "tags"),
        ("Keith Bradsher contributed reporting from Hong Kong.", 0, "credit"),
        ("By Jane Doe and John Roe", 0, "credit"),
        ("By taking off just the top half of the bread, you save calories.", 0, None),
        ("The council said the bridge would reopen on Tuesday.", 0, None),
    ],
)
def test_judge_block(text: str, link_chars: int, reason: str | None) -> None:
    assert (
        judge_block(Block(text, link_chars=link_chars), after_label=False, in_link_run=False)
        == reason
    )


def test_link_headlines_go_only_in_runs() -> None:
    linked = [
        Block(t, link_chars=len(t)) for t in ("Ferry adds crossings", "Storm: the night it hit")
    ]
    prose = Block("The bridge reopened on Tuesday after three weeks of repairs.")
    kept, removed = filter_blocks([prose, *linked, prose], headlines=())
    assert kept == [prose, prose]
    assert {reason for _, reason in removed} == {"related-list"}
    alone = [prose, linked[0], prose]
    assert filter_blocks(alone, headlines=())[0] == alone  # one inline link line is not a list


def test_lead_repeats_headline_kicker_dek_and_date() -> None:
    blocks = [
        Block("TECH"),
        Block("Bridge Reopens After Storm Repairs"),
        Block("Three weeks of work end with the first bus crossing"),
        Block("The bridge reopened on Tuesday, the council said."),
    ]
    assert drop_lead_repeats(blocks, ["Bridge reopens after storm repairs - The Courier"]) == 3
    assert drop_lead_repeats(blocks[3:], ["Bridge reopens after storm repairs"]) == 0
    assert drop_lead_repeats([Block("16 Feb 2021, 07:45"), blocks[3]], []) == 1


# --- invariants -----------------------------------------------------------------------------

_HTMLISH = st.text(
    alphabet=st.sampled_from(list("<>/=\"' \n&;#pdivabodyhtml.,!?ÄéЖ中0123456789")), max_size=300
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_HTMLISH, st.binary(max_size=300)))
def test_any_input_gives_text_or_input_error(html: str | bytes) -> None:
    try:
        page = extract_html(html)
    except InputError as exc:
        assert exc.reason
    else:
        assert page.text.strip() == page.text and page.text


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.sampled_from(["bridge", "council", "storm", "reopened", "ferry", "Tuesday"]), min_size=12
    )
)
def test_article_paragraphs_survive(words: list[str]) -> None:
    sentence = " ".join(words).capitalize() + "."
    paragraphs = f"<p>{sentence}</p>" * 3
    html = f"<html><body><article>{paragraphs}</article></body></html>"
    assert sentence in extract_html(html).text


# --- pinned floor on the shared benchmark ---------------------------------------------------


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(
        tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3)) if tokens[i : i + 4]
    )


def _f1(pairs: list[tuple[str, str]]) -> float:
    """Upstream evaluate.py's F1: mean per-page precision and recall of 4-gram shingles."""
    precisions, recalls = [], []
    for true, pred in pairs:
        t, p = _shingles(true), _shingles(pred)
        tp, fp, fn = sum((t & p).values()), sum((p - t).values()), sum((t - p).values())
        if tp + fp:
            precisions.append(1.0 if fp == fn == 0 else tp / (tp + fp))
        if tp + fn:
            recalls.append(1.0 if fp == fn == 0 else tp / (tp + fn))
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    return 2 * p * r / (p + r)


def test_benchmark_subset_f1_floor(shared_data: Path) -> None:
    folder = shared_data / BENCHMARK
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(gold)[::SUBSET_STEP][:SUBSET_SIZE]
    pages = {i: gzip.decompress((folder / "html" / f"{i}.html.gz").read_bytes()) for i in ids}
    ours = [(gold[i]["articleBody"], extract_html(pages[i]).text) for i in ids]
    plain = [
        (gold[i]["articleBody"], trafilatura.extract(pages[i], include_comments=False) or "")
        for i in ids
    ]
    ours_f1, plain_f1 = _f1(ours), _f1(plain)
    assert ours_f1 >= SUBSET_F1_FLOOR, (
        f"extraction F1 fell to {ours_f1:.4f} (floor {SUBSET_F1_FLOOR})"
    )
    assert ours_f1 > plain_f1 + 0.01, (
        f"no better than plain trafilatura ({ours_f1:.4f} vs {plain_f1:.4f})"
    )
