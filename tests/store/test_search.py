"""Story search: typed queries become safe FTS5 queries, ranked by bm25 with titles weighted."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import pipeline
from storyline.api import StorySearch, search_stories
from storyline.cli import main
from storyline.errors import InputError
from storyline.store import Store
from storyline.store.search import fts_query

SHOOTING = (
    "A gunman opened fire on a country music festival on the Las Vegas Strip on Sunday night, "
    "killing at least 58 people and wounding hundreds, police said. The shooter fired from the "
    "32nd floor of the Mandalay Bay hotel. Sheriff Joseph Lombardo said the suspect, Stephen "
    "Paddock, 64, killed himself before officers entered the room."
)
PHONE = (
    "Photos of the next Galaxy phone leaked on Friday, weeks before its launch. The handset, "
    "shown off to retailers at a trade event in Las Vegas, has a new camera that Samsung says is "
    "better at shooting in low light. Analysts at Counterpoint expect shipments to rise."
)
RECORDS = [
    {
        "title": "Las Vegas shooting: at least 58 dead at festival",
        "text": SHOOTING,
        "date_publish": "2017-10-02T08:00:00Z",
        "url": "https://news.example.com/vegas-1",
    },
    {
        "title": "Las Vegas shooting suspect fired from hotel room",
        "text": SHOOTING.replace("Sunday night", "late Sunday"),
        "date_publish": "2017-10-02T09:00:00Z",
        "url": "https://daily.example.org/vegas-2",
    },
    {
        "title": "Galaxy phone leak shows new camera",
        "text": PHONE,
        "date_publish": "2017-10-09T10:00:00Z",
        "url": "https://tech.example.net/galaxy",
    },
]


@pytest.fixture(scope="module")
def search_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with a shooting story and a newer phone story that mentions the same words."""
    folder = tmp_path_factory.mktemp("search")
    source = folder / "news.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    with Store.open(folder / "s.db") as store:
        pipeline.run(store, [str(source)])
    return folder / "s.db"


def titles(db: Path, text: str, order: str = "relevance") -> list[str]:
    """Return the titles of the stories a search finds, in order."""
    with Store.open(db) as store:
        rows, total = search_stories(store, StorySearch(text, order=order))
    assert total == len(rows)
    return [str(r["title"]) for r in rows]


def test_best_match_first_not_most_recent(search_db: Path) -> None:
    found = titles(search_db, "las vegas shooting")
    assert len(found) == 2 and "shooting" in found[0].lower() and "Galaxy" in found[1]
    assert "Galaxy" in titles(search_db, "las vegas shooting", order="recent")[0]


def test_phrases_or_prefix_and_exclusion(search_db: Path) -> None:
    assert titles(search_db, '"low light"') == ["Galaxy phone leak shows new camera"]
    assert titles(search_db, '"light low"') == []  # a phrase is not a bag of words
    assert len(titles(search_db, "mandalay OR counterpoint")) == 2
    assert len(titles(search_db, "mandalay counterpoint")) == 0
    assert len(titles(search_db, "counterp*")) == 1 and titles(search_db, "counterp") == []
    assert all("Galaxy" not in t for t in titles(search_db, "vegas -samsung"))


def test_unknown_order_is_a_clear_error(search_db: Path) -> None:
    with Store.open(search_db) as store, pytest.raises(InputError, match="unknown order"):
        search_stories(store, StorySearch("vegas", order="random"))


def test_cli_search_prints_ranked_json(search_db: Path) -> None:
    result = CliRunner().invoke(main, ["search", "--db", str(search_db), "--json", "las", "vegas"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["total"] == 2 and "shooting" in out["items"][0]["title"].lower()


def test_fts_query_reads_the_operators() -> None:
    assert fts_query('"las vegas" shooting') == '"las vegas" AND "shooting"'
    assert fts_query("trump OR clinton debate") == '("trump" OR "clinton") AND "debate"'
    assert fts_query("elect* -trump") == '"elect" * NOT "trump"'
    assert fts_query("kim jong-un") == '"kim" AND "jong" AND "un"'  # a hyphen inside is no NOT
    assert fts_query("!!!") is None and fts_query("-only") is None and fts_query("OR") is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_typed_text_is_a_valid_fts5_query(text: str) -> None:
    query = fts_query(text)
    if query is None:
        return
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
    conn.execute("INSERT INTO t VALUES ('a title', 'some body words')")
    conn.execute("SELECT rowid, bm25(t, 8.0, 1.0) FROM t WHERE t MATCH ?", (query,)).fetchall()
