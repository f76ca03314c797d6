"""Check posted JSON at the boundary: valid Unicode, finite numbers, bounded nesting."""

from __future__ import annotations

import math
from typing import Any

from storyline.errors import InputError

MAX_DEPTH = 32  # an article record is flat; deeper values are refused, not recursed into


def repaired_text(text: str) -> tuple[str, int]:
    """Return text with lone surrogates replaced by U+FFFD, and how many were replaced."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # surrogatepass keeps well-formed pairs (they decode to their character) and lets
        # lone halves through for the decoder to replace
        fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        return fixed, max(1, fixed.count("\ufffd") - text.count("\ufffd"))
    return text, 0


def valid_json(value: Any, *, depth: int = 0) -> tuple[Any, int]:
    """Return a posted value with its text made valid Unicode and the count of repairs.

    Raise InputError for a number that is not finite (JSON's Infinity, NaN) or nesting deeper
    than MAX_DEPTH: no stage can use them.
    """
    if depth > MAX_DEPTH:
        raise InputError(f"values nested deeper than {MAX_DEPTH} levels")
    if isinstance(value, str):
        return repaired_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"the number {value} is not finite")
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        fixes = 0
        for key, item in value.items():
            name, n_key = repaired_text(str(key))
            out[name], n_item = valid_json(item, depth=depth + 1)
            fixes += n_key + n_item
        return out, fixes
    if isinstance(value, list):
        items = [valid_json(item, depth=depth + 1) for item in value]
        return [v for v, _ in items], sum(n for _, n in items)
    return value, 0
