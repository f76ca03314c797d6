"""Normalise texts and hash their words, a whole batch at a time, in numpy.

A word is a maximal run of letters and digits after normalisation (NFKC, zero-width characters
removed, lower case); ASCII punctuation and the common Unicode punctuation and spaces separate
words, so case, punctuation, whitespace and quote-style noise never change a word's hash. A
thousands separator is not punctuation: "12,345" is the one word "12345", as a repost that
strips its commas writes it.
Words are hashed from unaligned 8-byte loads of the UTF-8 buffer (first, middle and last eight
bytes plus the length), so no Python object is made per word: this is the hot path.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

PAD = 8  # separator bytes before and after the batch, so every 8-byte load stays in bounds
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)
_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xC2B2AE3D27D4EB4F)
_K3 = np.uint64(0x165667B19E3779F9)
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)


@dataclass(frozen=True)
class WordBatch:
    """The words of a batch of texts: hashes grouped per text by offsets."""

    hashes: U64  # one 64-bit hash per word, in text order
    offsets: I64  # words of text i are hashes[offsets[i]:offsets[i + 1]]
    telling: npt.NDArray[np.bool_] | None = None  # per word: a name or a number (see hash_words)
    capitals: I64 | None = None  # the words that start with a capital (indices into hashes)

    def __len__(self) -> int:
        return len(self.offsets) - 1


def normalise(text: str) -> str:
    """Return the text as compared: NFKC, zero-width characters removed, lower case."""
    return _prepare(text).lower()


def _prepare(text: str) -> str:
    """Apply NFKC and drop zero-width characters (case is folded later, more cheaply)."""
    if text.isascii():
        return text
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    for mark in _ZERO_WIDTH:
        if mark in text:
            text = text.replace(mark, "")
    return text


def mix64(x: U64) -> U64:
    """Finalise 64-bit hashes in place (murmur3 fmix64) so every output bit depends on all."""
    x ^= x >> np.uint64(33)
    x *= _M1
    x ^= x >> np.uint64(33)
    x *= _M2
    x ^= x >> np.uint64(33)
    return x


def _separator_table() -> bytes:
    """Map each byte to itself when it belongs to a word, to a space when it separates words."""
    out = bytearray(b" " * 256)
    for c in range(256):
        if c >= 0x80 or chr(c).isdigit() or chr(c).islower():
            out[c] = c
        elif chr(c).isupper():
            out[c] = c + 32
    return bytes(out)


_TABLE = _separator_table()
_DIGIT = np.array([0x30 <= c <= 0x39 for c in range(256)], dtype=np.bool_)
_SENTENCE_END = np.array([chr(c) in ".!?:;\n" for c in range(256)], dtype=np.bool_)
_NOT_CASED = bytes(c for c in range(256) if not 0xC3 <= c <= 0xE1)  # deleted to find cased
# Unicode punctuation and spaces separate words like ASCII punctuation does (UTF-8 lead byte,
# second-byte range, sequence length): U+00A0-00BF, U+2000-206F, U+3000-303F.
_PUNCT = ((0xC2, 0xA0, 0xBF, 2), (0xE2, 0x80, 0x81, 3), (0xE3, 0x80, 0x80, 3))


def _word_mask(buf: bytes, ascii_only: bool) -> npt.NDArray[np.bool_]:
    """Mark the bytes that belong to words: letters, digits and non-ASCII characters."""
    a = np.frombuffer(buf, dtype=np.uint8)
    word: npt.NDArray[np.bool_] = a != 0x20
    if not ascii_only:
        at = np.flatnonzero(a[:-2] >= 0xC2)  # lead bytes of multi-byte characters
        lead, second = a[at], a[at + 1]
        for code, lo, hi, width in _PUNCT:
            hit = at[(lead == code) & (second >= lo) & (second <= hi)]
            for k in range(width):
                word[hit + k] = False
    return word


def _hash_words(buf: bytes, starts: I64, ends: I64) -> U64:
    """Hash each word buf[starts[i]:ends[i]] from its first, middle and last eight bytes.

    A word of up to eight bytes is its own bytes (exact: word bytes are never zero, so the
    length is implied); a longer one mixes its first, last and (beyond 16) middle eight bytes
    with its length. The shingle hash that combines words does the final mixing.
    """
    load = np.ndarray((len(buf) - 7,), dtype="<u8", buffer=buf, strides=(1,))
    length = ends - starts
    h: U64 = load[starts] & _MASKS[np.minimum(length, 8)]
    long = np.flatnonzero(length > 8)
    if len(long):
        hl = (h[long] * _K1) ^ (load[ends[long] - 8] * _K2) ^ length[long].astype(np.uint64)
        very = long[length[long] > 16]  # bytes 8..15 are in neither the first nor last eight
        hl[length[long] > 16] ^= load[starts[very] + 8] * _K3
        h[long] = hl
    return h


def _layout(texts: Sequence[str]) -> tuple[bytes, bytes, I64, bool]:
    """Join the normalised UTF-8 texts, one separator apart, padded; return starts and ASCII-ness.

    Returns the buffer twice: case folded and words only (what is hashed), and as written
    (what tells names apart).

    ASCII case is folded by the byte table; str.lower() (slow on non-ASCII strings) runs only
    on texts holding characters that may have case beyond ASCII (U+00C0 to U+1FFF), so curly
    quotes and dashes alone do not cost it.
    """
    prepared = [_prepare(t) for t in texts]
    encoded = [t.encode("utf-8", "replace") for t in prepared]
    ascii_only = True
    for i, raw in enumerate(encoded):
        if not raw.isascii():
            ascii_only = False
            if raw.translate(None, _NOT_CASED):  # holds a lead byte C3..E1
                encoded[i] = prepared[i].lower().encode("utf-8", "replace")
    raw = b" " * PAD + b"\n".join(encoded) + b" " * (PAD + 1)
    raw, starts = _join_digit_groups(raw, _starts(encoded))
    return raw.translate(_TABLE), raw, starts, ascii_only


def _join_digit_groups(raw: bytes, starts: I64) -> tuple[bytes, I64]:
    """Delete thousands separators (a comma between a digit and exactly three digits).

    "1,234,567" and "1234567" are then one word either way: reposts that drop commas keep
    their numbers (as words of the shingles, and as the numbers that tell events apart).
    Text starts move left by the separators deleted before them.
    """
    if b"," not in raw:
        return raw, starts
    a = np.frombuffer(raw, dtype=np.uint8)
    at = np.flatnonzero(a[PAD : len(a) - PAD] == 0x2C) + PAD  # padding keeps at +- 4 in bounds
    digit = _DIGIT
    at = at[digit[a[at - 1]] & digit[a[at + 1]] & digit[a[at + 2]] & digit[a[at + 3]]]
    at = at[~digit[a[at + 4]]]
    if not len(at):
        return raw, starts
    keep = np.ones(len(a), dtype=np.bool_)
    keep[at] = False
    return a[keep].tobytes(), starts - np.searchsorted(at, starts)


def _starts(encoded: list[bytes]) -> I64:
    """Return where each text starts in the padded, separator-joined buffer (and the end)."""
    starts = np.empty(len(encoded) + 1, dtype=np.int64)
    starts[0] = PAD
    sizes = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    np.cumsum(sizes + 1, out=starts[1:])
    starts[1:] += PAD
    return starts


def word_edges(texts: Sequence[str]) -> tuple[bytes, bytes, I64, I64, I64]:
    """Return the layout buffers (folded, as written), word starts and ends, text starts."""
    buf, raw, doc_starts, ascii_only = _layout(texts)
    word = _word_mask(buf, ascii_only)
    edges = np.flatnonzero(word[1:] != word[:-1]) + 1
    return buf, raw, edges[0::2], edges[1::2], doc_starts


def hash_words(texts: Sequence[str]) -> WordBatch:
    """Normalise a batch of texts and hash their words; flag the names and numbers."""
    buf, raw, starts, ends, doc_starts = word_edges(texts)
    telling, capitals = _telling(raw, starts, ends)
    return WordBatch(
        _hash_words(buf, starts, ends), np.searchsorted(starts, doc_starts), telling, capitals
    )


def _telling(raw: bytes, starts: I64, ends: I64) -> tuple[npt.NDArray[np.bool_], I64]:
    """Flag the words that say which event a text reports: numbers, and names.

    Also return the words that start with a capital (a text without any was case-folded).

    A name is a word written with an ASCII capital that does not open a sentence (right
    after a line break or . ! ? : ;, the capital says nothing). Texts lowercased for their
    non-ASCII letters before this point have numbers only (and no capitals).
    """
    a = np.frombuffer(raw, dtype=np.uint8)
    first = a[starts]
    flags: npt.NDArray[np.bool_] = (first - np.uint8(0x30)) < 10  # 0-9 (uint8 wraps below)
    # A capital right after a sentence end ('died. The', 'fled.\n"Survivors', and the first
    # word of a text, after the joining line break) says nothing: look at the byte that
    # follows the previous word, for the capitalised words only (a tenth of them).
    cap = np.flatnonzero((first - np.uint8(0x41)) < 26)  # A-Z
    opens = _SENTENCE_END[a[ends[cap - 1]]]
    if len(cap) and cap[0] == 0:
        opens[0] = True  # the batch's first word (ends[-1] is not its previous word)
    flags[cap[~opens]] = True
    return flags, cap
