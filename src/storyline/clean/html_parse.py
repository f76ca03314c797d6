"""Bound, decode and parse an HTML page once, into the tree every extraction step reads.

The page is parsed as trafilatura's load_html parses it (same parser settings, same repair of
faulty doctypes, same rejection of what is not HTML), with one difference that changes no
output: lxml.html looks up each element's class (FormElement, InputElement ...) by a Python
call every time an element object is made, by storyline, trafilatura or htmldate alike, which
costs about a tenth of the extraction time. Here every element is a plain HtmlElement, looked
up in C; no step uses the form-field helpers those classes add.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, INVALID_XML_CHARS, is_dubious_html

from storyline.clean.html_decode import decode_html
from storyline.errors import InputError

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 20 * MB
_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement,
    comment=lxml_html.HtmlComment,
    pi=lxml_html.HtmlProcessingInstruction,
    entity=lxml_html.HtmlEntity,
)
# The characters trafilatura's repair_faulty_html deletes (INVALID_XML_CHARS): looking for each
# with `in` is faster than its regex pass over the whole page, and most pages hold none.
_CONTROL_CHARS = tuple(
    [chr(code) for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))] + ["\ufffe", "\uffff"]
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
    tree = load_tree(text)
    if tree is None:
        # trafilatura refuses fragments ("<p>x</p>", a body without <html>): give them a page
        tree = load_tree(f"<html><body>{text}</body></html>")
    if tree is None:
        raise InputError("not parseable as HTML")
    return tree


def _parser() -> etree.HTMLParser:
    """Return a parser with trafilatura's settings and element classes looked up in C."""
    # a parser is not thread-safe: one per page (it takes microseconds to make)
    parser = etree.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
    )
    parser.set_element_class_lookup(_CLASSES)
    return parser


def load_tree(text: str) -> lxml_html.HtmlElement | None:
    """Parse text as trafilatura's load_html does; None when it does not read as HTML."""
    beginning = text[:50].lower()
    dubious = is_dubious_html(beginning)
    if any(char in text for char in _CONTROL_CHARS):
        text = INVALID_XML_CHARS.sub("", text)
    text = _repair_markup(text, beginning)
    parser = _parser()
    tree: lxml_html.HtmlElement | None = None
    as_bytes = False
    try:
        tree = lxml_html.fromstring(text, parser=parser)
    except ValueError:  # a str with an encoding declaration: lxml wants bytes
        tree, as_bytes = _from_bytes(text, parser), True
    except etree.LxmlError:
        tree = None
    if (tree is None or len(tree) < 1) and not as_bytes:
        tree = _from_bytes(text, parser)
    if tree is not None and dubious and len(tree) < 2:
        return None  # not HTML at all, or a lone fragment
    return tree


def _repair_markup(text: str, beginning: str) -> str:
    """Repair a doctype and an <html/> libxml2 misreads, as trafilatura's repair_faulty_html."""
    if "doctype" in beginning:
        first_line, _, rest = text.partition("\n")
        text = DOCTYPE_TAG.sub("", first_line, count=1) + "\n" + rest
    for line in text[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            return FAULTY_HTML.sub(r"\1>", text, count=1)
    return text


def _from_bytes(text: str, parser: etree.HTMLParser) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.fromstring(text.encode("utf8", "surrogatepass"), parser=parser)
    except (ValueError, etree.LxmlError):
        return None
