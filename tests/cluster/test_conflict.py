"""The conflict measure: each side's leading names that the other never names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.cluster.conflict import name_conflict, number_conflict

# Weighted name vectors as the engine keeps them (integer TF-IDF weights).
FELT = {"mark felt": 6000, "felt": 5000, "watergate": 4000, "fbi": 3000, "nixon": 1000}
LARUE = {"fred larue": 6000, "larue": 5000, "watergate": 3000, "nixon": 3000, "mitchell": 1000}
FELT_AGAIN = {"felt": 6000, "deep throat": 4000, "watergate": 3000, "woodward": 2000}


def test_two_deaths_of_watergate_figures_conflict() -> None:
    assert name_conflict(FELT, LARUE) >= 0.5


def test_a_follow_up_naming_the_subject_and_new_people_conflicts_less() -> None:
    assert name_conflict(FELT_AGAIN, FELT) < name_conflict(LARUE, FELT)


def test_no_names_is_no_evidence() -> None:
    assert name_conflict({}, FELT) == 0.0


def test_figures_shared_or_not() -> None:
    assert number_conflict({"#5.6": 10, "quake": 5}, {"#6.1": 3, "quake": 9}) == 1.0
    assert number_conflict({"#5.6": 10}, {"#5.6": 3, "#10": 1}) == 0.0
    assert number_conflict({"quake": 1}, {"#5.6": 3}) == 0.0


_VEC = st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 10_000), max_size=6)


@given(_VEC, _VEC)
def test_conflict_is_a_symmetric_share(a: dict[str, int], b: dict[str, int]) -> None:
    assert 0.0 <= name_conflict(a, b) <= 1.0
    assert name_conflict(a, b) == name_conflict(b, a)
