"""HTML page -> main article text and metadata, built on trafilatura with storyline's repairs.

Steps: decode and bound the input; parse once; read metadata; normalise markup trafilatura
misreads (html_dom); extract with trafilatura's main extractor in precision mode and, only when
the evidence doubts it (short, or little of the page's prose), compare it with the balanced
mode and its fallbacks (html_choose); repair what the extractor cut (html_repair); drop the
blocks it lets through that are not the article (html_boilerplate).
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html
from trafilatura import bare_extraction
from trafilatura.external import try_readability

from storyline.clean.html_blocks import Block, blocks_text, cut_blocks
from storyline.clean.html_boilerplate import filter_blocks
from storyline.clean.html_choose import ChoiceConfig, is_doubtful, prefer
from storyline.clean.html_dom import prepare_tree
from storyline.clean.html_meta import read_meta, text_only_meta
from storyline.clean.html_parse import DEFAULT_MAX_BYTES, parse_html
from storyline.clean.html_repair import Leaf, page_leaves, repair
from storyline.errors import InputError


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

    metadata: bool = True  # False: text only (no title, date, site, language), as trafilatura's
    # extract() by default; the date search alone can cost as much as the extraction
    prepare_dom: bool = True  # normalise markup trafilatura misreads
    precision_first: bool = True  # False: trafilatura's balanced mode only
    choice: ChoiceConfig = field(default_factory=ChoiceConfig)  # doubt precision; let balanced win
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
    meta = read_meta(tree, url) if options.metadata else text_only_meta(tree, url)
    if options.prepare_dom:
        prepare_tree(tree)
    leaves = page_leaves(tree)
    blocks = main_blocks(tree, url, options, leaves)
    if options.repair and blocks:
        blocks = repair(blocks, tree, leaves)
    removed: list[tuple[Block, str]] = []
    if options.drop_boilerplate:
        blocks, removed = filter_blocks(blocks, meta.headlines)
    text = blocks_text(blocks)
    if not text:
        raise InputError(_rejection(removed))
    return ExtractedPage(
        text=text,
        title=meta.title,
        published=meta.published,
        sitename=meta.sitename,
        url=meta.url,
        language=meta.language,
    )


def _rejection(removed: list[tuple[Block, str]]) -> str:
    """Say why a page gave no article text."""
    if not removed:
        return "no article text found in the HTML page (empty, script-only or not an article)"
    reasons = ", ".join(sorted({reason for _block, reason in removed}))
    return (
        f"no article text found in the HTML page: only {len(removed)} boilerplate lines ({reasons})"
    )


def _run(
    tree: lxml_html.HtmlElement, url: str | None, *, precision: bool, fast: bool
) -> list[Block]:
    """Run trafilatura (it copies the tree) and cut its body into blocks."""
    document = bare_extraction(
        tree,
        url=url,
        output_format="txt",  # "python" would also render the body as text, which is not used
        favor_precision=precision,
        fast=fast,
        include_comments=False,
        include_tables=True,
        include_links=True,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    return cut_blocks(body) if isinstance(body, etree._Element) else []


def _readability(tree: lxml_html.HtmlElement, _url: str | None) -> list[Block]:
    """Run trafilatura's copy of readability-lxml on a copy of the page."""
    return cut_blocks(try_readability(copy(tree)))


def _balanced(tree: lxml_html.HtmlElement, url: str | None) -> list[Block]:
    """Run trafilatura's balanced mode with all its fallbacks."""
    return _run(tree, url, precision=False, fast=False)


def main_blocks(
    tree: lxml_html.HtmlElement,
    url: str | None,
    options: HtmlExtractConfig,
    leaves: Sequence[Leaf],
) -> list[Block]:
    """Extract in precision mode; compare with balanced mode only when the evidence doubts it."""
    if not options.precision_first:
        return _run(tree, url, precision=False, fast=False)
    # the main extractor alone first: trafilatura's readability/justext comparisons cost as
    # much again and are only worth running when the result is doubtful; then readability
    # (cheap, reads the page apart from trafilatura's rules), then balanced mode with all of
    # trafilatura's fallbacks (justext, the recall retry)
    blocks = _run(tree, url, precision=True, fast=True)
    for run in (_readability, _balanced):
        if not is_doubtful(blocks, leaves, options.choice):
            return blocks
        blocks = prefer(blocks, run(tree, url), options.choice)
    return blocks
