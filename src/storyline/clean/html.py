"""HTML page -> main article text and metadata, built on trafilatura with storyline's repairs.

Steps: decode and bound the input; parse once; read metadata; normalise markup trafilatura
misreads (html_dom); extract with trafilatura in precision mode and fall back to its balanced
mode when precision keeps almost nothing; repair what the extractor cut (html_repair); drop the
blocks it lets through that are not the article (html_boilerplate).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from storyline.clean.html_blocks import Block, blocks_text, cut_blocks
from storyline.clean.html_boilerplate import filter_blocks
from storyline.clean.html_decode import decode_html
from storyline.clean.html_dom import prepare_tree
from storyline.clean.html_meta import read_meta
from storyline.clean.html_repair import repair
from storyline.errors import InputError

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB


@dataclass(frozen=True)
class ExtractedPage:
    """The main text of one HTML page and what the page says about itself."""

    text: str
    title: str | None = None
    published: str | None = None  # ISO 8601; "YYYY-MM-DD" when only the day is known
    sitename: str | None = None
    url: str | None = None  # canonical URL when the page names one, else the URL given
    language: str | None = None  # ISO 639 code the page declares


@dataclass(frozen=True)
class HtmlExtractConfig:
    """Switches of the extraction steps; the defaults are what the benchmark measured best."""

    prepare_dom: bool = True  # normalise markup trafilatura misreads
    precision_first: bool = True  # False: trafilatura's balanced mode only
    rerun_below_chars: int = 1000  # precision text shorter than this is checked against balanced
    fallback_ratio: float = 0.2  # balanced wins when precision keeps less than this share of it
    repair: bool = True  # put back a cut lead paragraph and the rest of a split body
    drop_boilerplate: bool = True  # storyline's block rules (headline repeat, prompts, lists)


def extract_html(
    html: str | bytes,
    *,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    config: HtmlExtractConfig | None = None,
) -> ExtractedPage:
    """Extract the main article text, title, date, site, canonical URL and language of a page."""
    options = config or HtmlExtractConfig()
    tree = parse_html(html, max_bytes=max_bytes)
    meta = read_meta(tree, url)
    if options.prepare_dom:
        prepare_tree(tree)
    blocks = main_blocks(tree, url, options)
    if options.repair and blocks:
        blocks = repair(blocks, tree)
    if options.drop_boilerplate:
        blocks, _removed = filter_blocks(blocks, meta.headlines)
    text = blocks_text(blocks)
    if not text:
        raise InputError(
            "no article text found in the HTML page (empty, script-only or not an article)"
        )
    return ExtractedPage(
        text=text,
        title=meta.title,
        published=meta.published,
        sitename=meta.sitename,
        url=meta.url,
        language=meta.language,
    )


def parse_html(html: str | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> lxml_html.HtmlElement:
    """Check the size, decode bytes and parse; raise InputError when it is not usable HTML."""
    size = len(html)
    if isinstance(html, str) and size * 4 > max_bytes:
        size = len(html.encode("utf-8", errors="replace"))  # a character is 1 to 4 bytes
    if size > max_bytes:
        raise InputError(
            f"HTML is {size} bytes, over the {max_bytes}-byte limit; raise the limit or split it"
        )
    text = decode_html(html) if isinstance(html, bytes) else html
    if not text.strip():
        raise InputError("HTML is empty")
    tree = load_html(text)
    if tree is None:
        # trafilatura refuses fragments ("<p>x</p>", a body without <html>): give them a page
        tree = load_html(f"<html><body>{text}</body></html>")
    if tree is None:
        raise InputError("not parseable as HTML")
    return tree


def _run(tree: lxml_html.HtmlElement, url: str | None, *, precision: bool) -> list[Block]:
    """Run trafilatura (it copies the tree) and cut its body into blocks."""
    document = bare_extraction(
        tree,
        url=url,
        favor_precision=precision,
        include_comments=False,
        include_tables=True,
        include_links=True,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    return cut_blocks(body) if isinstance(body, etree._Element) else []


def _size(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)


def main_blocks(
    tree: lxml_html.HtmlElement, url: str | None, options: HtmlExtractConfig
) -> list[Block]:
    """Extract in precision mode; use balanced mode when precision kept almost nothing."""
    if not options.precision_first:
        return _run(tree, url, precision=False)
    blocks = _run(tree, url, precision=True)
    if _size(blocks) >= options.rerun_below_chars:
        return blocks
    balanced = _run(tree, url, precision=False)
    if _size(blocks) < options.fallback_ratio * _size(balanced):
        return balanced
    return blocks
