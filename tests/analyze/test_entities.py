"""Entities: gazetteer typing, titles, canonical names and counts across a story's texts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.analyze.entities import (
    Entity,
    extract_entities,
    find_mentions,
    scan_names,
    story_votes,
)
from storyline.analyze.entity_context import tally
from storyline.analyze.names import gazetteer
from support import SHARED, corpus_gen, entity_types

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    """Index entities by canonical name."""
    return {e.name: e for e in entities}


def test_person_variants_are_one_person_with_counts_across_texts() -> None:
    texts = [
        "Chinese President Xi Jinping met the delegation in Beijing.",
        "Xi said the talks were useful. President Xi Jinping then left.",
    ]
    found = by_name(extract_entities(texts))
    xi = found["Xi Jinping"]
    assert (xi.type, xi.count) == ("PERSON", 3)
    assert "Xi" in xi.aliases
    assert found["Beijing"].type == "PLACE"
    assert "Chinese" not in found


def test_a_person_spelled_with_and_without_accents_is_one_person() -> None:
    found = by_name(
        extract_entities(
            [
                "President Recep Tayyip Erdoğan met Olaf Scholz in Ankara. Erdoğan spoke first.",
                "Turkish President Recep Tayyip Erdogan met Scholz. Erdogan confirmed the deal.",
            ]
        )
    )
    erdogan = found["Recep Tayyip Erdoğan"]  # the accented spelling names him on a tie
    assert erdogan.type == "PERSON" and erdogan.count == 4
    assert "Recep Tayyip Erdogan" not in found and "Erdogan" in erdogan.aliases


def test_an_opening_word_written_in_lowercase_elsewhere_is_not_a_name_in_any_script() -> None:
    found = by_name(
        extract_entities(
            ["Émigrés said the plan would fail. Many émigrés in Paris agreed with Anne Hidalgo."]
        )
    )
    assert "Émigrés" not in found  # a word, like "Officials" would be
    assert {"Paris", "Anne Hidalgo"} <= set(found)


def test_country_aliases_fold_into_the_country() -> None:
    texts = ["The US and U.S. officials differ.", "Officials in the United States agreed."]
    found = by_name(extract_entities(texts))
    assert found["United States"].count == 3
    assert {"US", "U.S."} <= set(found["United States"].aliases)


def test_titles_are_stripped_and_places_in_titles_counted() -> None:
    text = "US Secretary of State Antony Blinken spoke to CNN. Blinken's visit ended."
    found = by_name(extract_entities([text]))
    assert found["Antony Blinken"].count == 2
    assert found["CNN"].type == "ORG"
    assert found["United States"].count == 1


def test_organisation_suffixes_and_defined_acronyms() -> None:
    text = (
        "Leaders met at the Asia-Pacific Economic Cooperation (APEC) summit. APEC members and the "
        "Pacific Fishing Company signed. The University of Liverpool joined."
    )
    found = by_name(extract_entities([text]))
    assert found["Asia-Pacific Economic Cooperation"].count == 3  # the long name and APEC twice
    assert found["Pacific Fishing Company"].type == "ORG"
    assert found["University of Liverpool"].type == "ORG"


def test_given_names_context_and_unknown_words() -> None:
    text = (
        "Maria Keller met Okonkwo in Lagos. Okonkwo said the deal was done. "
        "Nothing was signed on Friday."
    )
    found = by_name(extract_entities([text]))
    assert found["Maria Keller"].type == "PERSON"
    assert found["Okonkwo"].type == "PERSON"
    assert found["Lagos"].type == "PLACE"
    assert not {"Nothing", "Friday"} & set(found)


def test_hyphenated_given_names_make_people() -> None:
    text = (
        "Pierre-Luc Dubois scored twice as Columbus beat Ottawa 4-1 on Tuesday night. Boone "
        "Jenner added a goal.\nDubois has five goals in his last six games."
    )
    assert by_name(extract_entities([text]))["Pierre-Luc Dubois"].type == "PERSON"
    given = gazetteer().first_names
    assert all(name in given for name in ("Jean-Pierre", "Eva-Marie", "Hans-Peter"))
    assert "Winston-Salem" not in given and "Al-Qaeda" not in given and "-" not in given
    assert gazetteer().gender("Eva-Marie") == "f"


def test_sentence_initial_common_words_are_not_places() -> None:
    texts = ["Turkey prices rose. We ate turkey at home in Ankara."]
    found = by_name(extract_entities(texts))
    assert "Turkey" not in found
    assert "Ankara" in found


def test_mentions_point_at_their_names() -> None:
    text = "Former President Barack Obama spoke in Chicago on Monday."
    mentions = find_mentions(text)
    assert [(m.name, m.type, text[m.start : m.end]) for m in mentions] == [
        ("Barack Obama", "PERSON", "Barack Obama"),
        ("Chicago", "PLACE", "Chicago"),
    ]


def test_seed_entities(shared_data: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared_data / "seeds").glob("*.txt"))]
    found = by_name(extract_entities(texts))
    for name, kind in [
        ("Antony Blinken", "PERSON"),
        ("Xi Jinping", "PERSON"),
        ("Joe Biden", "PERSON"),
        ("China", "PLACE"),
        ("CNN", "ORG"),
    ]:
        assert found[name].type == kind
    assert "Biden" in found["Joe Biden"].aliases
    assert "Biden" not in found and "Xi" not in found


def _load_eval() -> ModuleType:
    """Import benchmarks/entities_eval.py (the labelled-set scorer)."""
    spec = importlib.util.spec_from_file_location("entities_eval", BENCHMARKS / "entities_eval.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["entities_eval"] = module
    spec.loader.exec_module(module)
    return module


def test_labelled_paragraphs_floor() -> None:
    evaluation = _load_eval()
    tally = evaluation.evaluate(evaluation.load_paragraphs())
    # Measured P/R: PERSON .89/.86, ORG .90/.76, PLACE .96/.96, any .92/.86.
    for kind, floor_p, floor_r in [
        ("PERSON", 0.8, 0.75),
        ("ORG", 0.8, 0.65),
        ("PLACE", 0.85, 0.85),
        ("ANY", 0.85, 0.8),
    ]:
        precision, recall, _ = tally.prf(kind)
        assert precision >= floor_p, kind
        assert recall >= floor_r, kind


def test_polnear_names_do_not_crash_and_stay_typed() -> None:
    folder = SHARED / "data" / "polnear" / "data" / "dev" / "text"
    if not folder.is_dir():
        pytest.skip("../shared/data/polnear is not available")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:10]]
    entities = extract_entities(texts)
    assert {e.type for e in entities} <= {"PERSON", "ORG", "PLACE"}
    top = by_name(entities[:15])
    assert top["Donald Trump"].type == "PERSON"


_PIECES = [*"ab Cd. ,'’\n", "The ", "Mr. ", "U.S. ", "Xi ", "Jinping ", "of ", "Inc ", "said "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_mentions_lie_inside_the_text(text: str) -> None:
    for m in find_mentions(text):
        assert 0 <= m.start < m.end <= len(text)
        assert m.type in ("PERSON", "ORG", "PLACE")
    assert all(e.count > 0 for e in extract_entities([text, text]))


def test_every_alias_is_tried_from_its_first_word() -> None:
    from storyline.analyze.names import gazetteer

    gaz = gazetteer()
    # Matching tries, at each word, only the lengths of the aliases that start with it.
    assert all(gaz.longest_from[key[0]] >= len(key) for key in gaz.aliases)
    assert set(gaz.longest_from) == {key[0] for key in gaz.aliases}
    assert max(gaz.longest_from.values()) == gaz.max_alias_len


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Officials in LAS VEGAS and in the United Kingdom met the World Health Organization.",
            {
                ("Las Vegas", "PLACE"),
                ("United Kingdom", "PLACE"),
                ("World Health Organization", "ORG"),
            },
        ),
        (
            "The NEW YORK TIMES said Bank of America and the European Central Bank would talk.",
            {
                ("Bank of America", "ORG"),
                ("European Central Bank", "ORG"),
                ("New York Times", "ORG"),
            },
        ),
    ],
)
def test_names_in_capitals_and_long_aliases_are_found(
    text: str, expected: set[tuple[str, str]]
) -> None:
    assert {(m.name, m.type) for m in find_mentions(text)} == expected


def test_story_votes_are_one_tally_of_every_text() -> None:
    # Each text's votes are counted once (quote speakers and entities both read them): summed
    # per story they are the tally of all the story's untyped mentions, in the same order.
    texts = [str(r["text"]) for r in corpus_gen().generate(120, seed=4)]
    scans = [scan_names(t) for t in texts]
    expected = tally(
        (c.name, s.text, c.start, c.end)
        for s in scans
        for c in s.cands
        if c.type is None and c.how != "headline"
    )
    summed = story_votes(scans)
    assert summed == expected and list(summed) == list(expected)
    assert len(expected) > 10


def test_a_role_before_a_name_is_no_part_of_it() -> None:
    """'Billionaire Elon Musk', 'Pitcher Mike Montgomery': the person, not a longer name."""
    text = (
        "Billionaire Elon Musk said the launch went well. Musk added that Actor Tom Hanks and "
        "Pitcher Mike Montgomery had watched it."
    )
    names = {(e.name, e.type) for e in extract_entities([text])}
    assert {
        ("Elon Musk", "PERSON"),
        ("Tom Hanks", "PERSON"),
        ("Mike Montgomery", "PERSON"),
    } <= names
    assert not any(n.startswith(("Billionaire", "Actor", "Pitcher")) for n, _ in names)


def test_a_role_word_opening_a_compound_name_cuts_nothing() -> None:
    """'Producer Price Index', 'Journalist Protection Act' hold no person after a role."""
    for text in (
        "The Producer Price Index rose 0.4 percent in March, the Labor Department said.",
        "The Journalist Protection Act passed the House on Tuesday.",
    ):
        names = {e.name for e in extract_entities([text])}
        assert not names & {"Price Index", "Protection Act"}


def test_a_firm_named_like_a_person_is_typed_by_its_suffix() -> None:
    """'Ceres Robotics', 'Intuitive Machines': the last word says it is a company."""
    text = (
        "NASA said the five companies had been selected. Ceres Robotics is a newcomer to the "
        "program. Intuitive Machines will fly first, and Ceres Robotics will follow next year."
    )
    types = entity_types(text)
    assert types["Ceres Robotics"] == "ORG"
    assert types["Intuitive Machines"] == "ORG"
