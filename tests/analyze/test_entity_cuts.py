"""Names are cut whole and typed by their words and deeds, on sentences as pages print them."""

from __future__ import annotations

from storyline.analyze.entities import extract_entities


def _types(text: str) -> dict[str, str]:
    """Map each entity's name to its type."""
    return {e.name: e.type for e in extract_entities([text])}


def test_words_before_a_place_that_opens_a_firm_name_belong_to_it() -> None:
    """'Sierra Nevada Corporation': one firm, not 'Sierra' and 'Nevada Corporation'."""
    types = _types(
        "NASA picked Sierra Nevada Corporation to fly cargo to the station. Sierra Nevada "
        "Corporation builds the Dream Chaser, and the Carnegie Moscow Center studied the deal."
    )
    assert types.get("Sierra Nevada Corporation") == "ORG"
    assert types.get("Carnegie Moscow Center") == "ORG"
    assert not {"Sierra", "Nevada Corporation", "Moscow Center"} & set(types)
