"""The background document frequencies: the packaged table, its format, and what it changes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.cluster.background import MIN_DOCS, format_table, load_background, parse_table
from storyline.cluster.batch import prepare
from storyline.cluster.engine import StoryEngine
from storyline.cluster.model import ClusterConfig, ClusterItem
from storyline.errors import StorylineError

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"

keys = st.text(
    alphabet=st.characters(blacklist_characters="\t\n\r#", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=12,
).filter(lambda k: k == k.strip() and k.splitlines() == [k])


def test_packaged_table_knows_news_words() -> None:
    table = load_background()
    assert table.docs == 924 and "PolNeAR" in table.source
    assert min(table.counts.values()) >= MIN_DOCS
    # "people" is in most news articles; a name of 2017 is in none of 2015-16.
    assert table.counts["people"] > 0.5 * table.docs
    assert "equifax" not in table.counts and "@equifax" not in table.counts


@given(
    st.dictionaries(keys, st.integers(min_value=1, max_value=10**6), max_size=30),
    st.integers(min_value=0, max_value=10**6),
)
def test_table_round_trip(counts: dict[str, int], docs: int) -> None:
    back = parse_table(format_table(docs, counts, "test corpus"))
    assert back.docs == docs and back.source == "test corpus"
    assert dict(back.counts) == {k: n for k, n in counts.items() if n >= MIN_DOCS}


def test_bad_table_line_is_named() -> None:
    with pytest.raises(StorylineError, match="line 3"):
        parse_table("# source\tx\n# docs\t4\npeople 3\n")
    with pytest.raises(StorylineError, match="line 3"):
        parse_table("# source\tx\n# docs\t4\npeople\tmany\n")
    with pytest.raises(StorylineError, match="docs"):
        parse_table("# source\tx\npeople\t3\n")


def _first_vector(config: ClusterConfig) -> dict[str, int]:
    text = "Equifax spoke to people on Monday. " + "People wait, people ask, people worry. " * 3
    item = ClusterItem("a", text, "Breach", "2017-09-07")
    engine = StoryEngine(config)
    return engine._vectors(prepare(item, config))[0]


def test_background_weighs_a_rare_name_over_a_common_word() -> None:
    # Alone, a first article cannot tell "people" (10 times) from "equifax" (once).
    alone = _first_vector(ClusterConfig(background=False))
    assert alone["people"] > alone["equifax"]
    known = _first_vector(ClusterConfig())
    assert known["equifax"] > known["people"]


def test_checkpoints_leave_the_background_out() -> None:
    config = ClusterConfig()
    engine = StoryEngine(config)
    engine.add(
        prepare(
            ClusterItem("a", "Equifax says hackers stole data.", "Breach", "2017-09-07"), config
        )
    )
    state = engine.to_json()
    assert state["docs"] == 1 and len(state["df"]) < 10  # the table is not in the state
    again = StoryEngine.from_json(config, state)
    assert again.df.total == load_background().docs + 1
    assert again.df.counts == engine.df.counts
    assert again.df.tfidf({"equifax": 1.0}) == engine.df.tfidf({"equifax": 1.0})
    assert StoryEngine(ClusterConfig(background=False)).df.total == 0


@pytest.mark.slow
def test_packaged_table_is_what_the_builder_makes(shared_data: Path) -> None:
    # Fails when features.py changes what it extracts: rebuild with build_background.py.
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from build_background import build
    finally:
        sys.path.remove(str(BENCHMARKS))
    assert parse_table(build(shared_data)) == load_background()


GERMAN = (
    "Die Bundesregierung hat am Mittwoch neue Maßnahmen gegen die Inflation beschlossen. "
    "Finanzminister Christian Lindner sagte in Berlin, die Entlastungen für Familien und "
    "Rentner würden noch in diesem Jahr ausgezahlt. Die Opposition kritisierte das Paket."
)


def test_an_article_in_another_language_is_weighed_by_the_corpus_alone() -> None:
    # The background is English news: it says nothing of how common "die" or "jahr" are.
    earlier = [
        ClusterItem(f"d{n}", text, "Meldung", "2024-05-01")
        for n, text in enumerate(
            ("Die Bahn streikt in diesem Jahr erneut.", "Die Familien warten auf das Geld.")
        )
    ]
    item = ClusterItem("de", GERMAN, "Bundesregierung gegen Inflation", "2024-05-02")
    vectors = []
    for config in (ClusterConfig(), ClusterConfig(background=False)):
        engine = StoryEngine(config)
        for other in earlier:
            engine.add(prepare(other, config))
        vectors.append(engine._vectors(prepare(item, config)))
    assert vectors[0] == vectors[1]
    english = _first_vector(ClusterConfig())
    assert english != _first_vector(ClusterConfig(background=False))
