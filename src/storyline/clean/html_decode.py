"""Turn HTML bytes into text: byte-order mark, then the declared charset, then detection."""

from __future__ import annotations

import codecs
import re

import webencodings
from charset_normalizer import from_bytes

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">,
# looked for in the head only, as browsers do (the spec's prescan reads 1024 bytes; pages
# with long inline scripts before the tag need more).
_DECLARED = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.I)
_PRESCAN_BYTES = 8192
# WHATWG: labels that browsers decode as windows-1252; such a declaration on bytes that are
# valid UTF-8 with non-ASCII content is nearly always a wrong template default.
# Legacy encodings in order of use on the web (utf-8 first); detection picks among these.
_WEB_CHARSETS = (
    "utf_8", "cp1252", "cp1251", "cp1250", "shift_jis", "gb18030", "euc_kr", "big5", "euc_jp",
    "cp1256", "cp1253", "cp1254", "cp1255", "cp1257", "cp874", "koi8_r", "koi8_u", "iso8859_2",
    "iso8859_5", "iso8859_7", "iso8859_9", "iso8859_15", "iso2022_jp", "cp1258",
)  # fmt: skip
_CHAOS_SLACK = 0.03
_DETECT_BYTES = 256 * 1024
_LATIN_LABELS = frozenset({"iso8859-1", "cp1252", "ascii"})


def declared_charset(data: bytes) -> str | None:
    """Return the Python codec of the charset an HTML document declares in its head.

    Only WHATWG encoding labels count (what browsers honour): a label naming any other Python
    codec (idna, punycode, rot13, unicode_escape) is no text encoding and is ignored. As in
    browsers, a declared UTF-16 means UTF-8 (bytes that are UTF-16 begin with a byte-order mark),
    and x-user-defined and the replacement encoding are not decoded as such.
    """
    match = _DECLARED.search(data[:_PRESCAN_BYTES])
    if match is None:
        return None
    encoding = webencodings.lookup(match.group(1).decode("ascii"))
    if encoding is None or encoding.name in ("replacement", "x-user-defined"):
        return None
    if encoding.name in ("utf-16le", "utf-16be"):
        return "utf-8"
    return str(codecs.lookup(encoding.codec_info.name).name)


def decode_html(data: bytes) -> str:
    """Decode HTML bytes: byte-order mark, declared charset, UTF-8, detection, then cp1252."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = declared_charset(data)
    if declared is not None and declared not in _LATIN_LABELS:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong declaration: fall through to UTF-8 and detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared is not None:
        # ISO-8859-1 is decoded as windows-1252 by browsers, so decode it the same way.
        return data.decode("cp1252" if declared in _LATIN_LABELS else declared, errors="replace")
    detected = detect_charset(data[:_DETECT_BYTES])
    return data.decode(detected or "cp1252", errors="replace")


def detect_charset(data: bytes) -> str | None:
    """Guess the charset of undeclared bytes among the web's common legacy encodings.

    charset_normalizer ranks by "chaos"; on short texts near-equal scores put cousins first
    (cp1257 for French cp1252 text, mac_cyrillic for cp1251), so among the candidates close to
    the best score the most coherent text wins, then the encoding most used on the web.
    """
    matches = list(from_bytes(data, cp_isolation=list(_WEB_CHARSETS)))
    if not matches:
        return None
    best = min(match.chaos for match in matches)
    near = [match for match in matches if match.chaos <= best + _CHAOS_SLACK]
    rank = {name: i for i, name in enumerate(_WEB_CHARSETS)}
    # the language model's coherence decides among near-equals, web usage breaks its ties
    best_match = max(near, key=lambda m: (round(m.coherence, 2), -rank.get(m.encoding, len(rank))))
    return best_match.encoding
