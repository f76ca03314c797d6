"""The shortcuts of the story analysis give what the plain computations give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyze.align import _is_boundary
from storyline.analyze.entities import extract_entities, find_mentions, scan_names
from storyline.analyze.overlaps import MATRIX_MIN, Overlaps
from storyline.analyze.quotes import extract_quotes

_SETS = st.lists(st.frozensets(st.integers(-(2**63), 2**63 - 1) | st.integers(0, 40)), max_size=20)
_LAST_TOKEN = re.compile(r"([\w.]+)[.!?…]*[\"'”’»)\]]*$")
TEXT = (
    'Secretary of State Antony Blinken met Xi Jinping in Beijing on Monday. "We have seen '
    'evidence of attempts to influence the election," Blinken told CNN. The Asia-Pacific '
    "Economic Cooperation (APEC) summit opens in San Francisco, Mr. Biden's aides said."
)


@settings(max_examples=60, deadline=None)
@given(_SETS)
def test_overlaps_count_shared_shingles_both_ways(sets: list[frozenset[int]]) -> None:
    """Every pair's shared count and containment match plain set arithmetic."""
    by_id = {f"a{i}": s for i, s in enumerate(sets)}
    overlaps = Overlaps(by_id)
    for a, sa in by_id.items():
        for b, sb in by_id.items():
            assert overlaps.shared(a, b) == len(sa & sb)
            assert overlaps.containment(a, b) == (len(sa & sb) / len(sa) if sa else 0.0)


def test_overlaps_use_the_pair_table_for_many_articles() -> None:
    """From MATRIX_MIN articles on, the table path gives the set counts too."""
    sets = {f"a{i}": frozenset(range(i, i + 10)) for i in range(MATRIX_MIN + 3)}
    overlaps = Overlaps(sets)
    assert overlaps.shared("a0", "a5") == 5
    assert overlaps.shared("a5", "a0") == 5
    assert overlaps.containment("a0", f"a{MATRIX_MIN + 2}") == 0.0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab.!?… \"'X1", max_size=160))
def test_windowed_last_token_search_matches_the_whole_line(prefix: str) -> None:
    """The abbreviation test at a stop reads the same token as a search of the whole line."""
    line = prefix + ". The"
    stop = len(prefix)
    token = _LAST_TOKEN.search(line[: stop + 1])
    word = token.group(1).rstrip(".") if token else ""
    expected = _is_boundary_plain(line, stop, word)
    assert _is_boundary(line, stop, stop + 1) == expected


def _is_boundary_plain(line: str, stop: int, word: str) -> bool:
    """Decide a boundary from a given last token (the unwindowed reference)."""
    from storyline.analyze import align

    lowered = word.lower()
    if lowered not in align._ABBREVIATIONS and not align._INITIALS.match(word):
        return True
    if lowered in align._CAN_END:
        following = align._NEXT_WORD.match(line, stop + 1)
        return following is not None and following.group(1).lower() in align._STARTERS
    return False


def test_a_shared_scan_changes_nothing() -> None:
    """Quotes, mentions and entities are the same with or without a precomputed scan."""
    scan = scan_names(TEXT)
    assert find_mentions(TEXT, scan) == find_mentions(TEXT)
    assert extract_quotes(TEXT, names=scan) == extract_quotes(TEXT)
    assert extract_entities([TEXT, TEXT], [scan, scan]) == extract_entities([TEXT, TEXT])


def test_a_scan_of_another_text_is_ignored() -> None:
    """A scan made from a different text is not used."""
    other = scan_names("Angela Merkel spoke in Berlin.")
    assert find_mentions(TEXT, other) == find_mentions(TEXT)
    assert extract_entities([TEXT], [other]) == extract_entities([TEXT])


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="ab.!?…\"'”’»)] X1_é٣\u00a0", max_size=90),
    st.integers(0, 90),
)
def test_last_token_read_backwards_is_the_searched_token(prefix: str, lo: int) -> None:
    """The token before a period is the one _LAST_TOKEN's search finds, from any window start."""
    from storyline.analyze import align

    line = prefix + ". Next"
    stop = len(prefix)
    lo = min(lo, stop)
    expected = _LAST_TOKEN.search(line, lo, stop + 1)
    assert expected is not None
    assert align._last_token(line, lo, stop) == expected.group(1)
