"""Analysing a store's stories: persistence keyed by a fingerprint, and the merged story view."""

from __future__ import annotations

import gc
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from storyline import pipeline
from storyline.analyze.provenance import StoryArticle
from storyline.analyze.run import (
    _analyze_batch,
    analyze_stored_story,
    fingerprint,
    load_story_articles,
    with_analysis,
)
from storyline.analyze.stems import Stemmer
from storyline.analyze.story import analyze_story
from storyline.store import Store
from support import SEED_IDS


@pytest.fixture
def bridge(fixtures: Path) -> list[StoryArticle]:
    """Return the three-article bridge story."""
    return [StoryArticle(**d) for d in json.loads((fixtures / "story_bridge.json").read_text())]


def test_fingerprint_follows_content_not_order(bridge: list[StoryArticle]) -> None:
    assert fingerprint(bridge) == fingerprint(list(reversed(bridge)))
    edited = [replace(bridge[0], text=bridge[0].text + " More."), *bridge[1:]]
    assert fingerprint(edited) != fingerprint(bridge)
    redated = [replace(bridge[0], published="2023-05-01"), *bridge[1:]]
    assert fingerprint(redated) != fingerprint(bridge)


def _ingest(store: Store, folder: Path) -> None:
    pipeline.ingest(store, [str(folder)])
    pipeline.clean(store)


def test_stored_analysis_is_recomputed_only_when_the_story_changes(
    store: Store, fixtures: Path, tmp_path: Path
) -> None:
    _ingest(store, fixtures / "seeds")
    first, redone = analyze_stored_story(store, "s-seeds", SEED_IDS)
    assert redone and first["first_published"]["article_id"] == "004_8a40a684c3147605"
    again, redone = analyze_stored_story(store, "s-seeds", SEED_IDS)
    assert not redone and again == first
    fewer, redone = analyze_stored_story(store, "s-seeds", SEED_IDS[:3])
    assert redone and len(fewer["articles"]) == 3
    changed = tmp_path / "004_8a40a684c3147605.txt"
    changed.write_text(" date 2024-04-25 " + "Blinken spoke to CNN about China on Friday.")
    _ingest(store, changed)
    latest, redone = analyze_stored_story(store, "s-seeds", SEED_IDS)
    assert redone and latest["first_published"]["date"] == "2024-04-25"
    stored = store.get_analysis("s-seeds")
    assert stored is not None and stored[1] == latest


def test_load_story_articles_reads_cleaned_text_and_skips_missing(
    store: Store, fixtures: Path
) -> None:
    _ingest(store, fixtures / "seeds")
    articles = load_story_articles(store, ["001_461bafe483ac535b", "missing"])
    assert [a.id for a in articles] == ["001_461bafe483ac535b"]
    one: Any = articles[0]
    assert one.published == "2024-04-27" and one.raw_text and len(one.text) <= len(one.raw_text)


def test_with_analysis_extends_the_cluster_view(store: Store, fixtures: Path) -> None:
    _ingest(store, fixtures / "seeds")
    view = {
        "id": "s-x",
        "title": "cluster title",
        "article_ids": SEED_IDS,
        "first_published": "2024-04-26",
        "articles": [{"id": i, "reason": "r"} for i in SEED_IDS],
    }
    merged = with_analysis(store, view)
    assert merged["first_published"]["article_id"] == "004_8a40a684c3147605"
    assert merged["summary"] and merged["copy_edges"] and merged["timeline"]
    by_id = {a["id"]: a for a in merged["articles"]}
    assert by_id["001_461bafe483ac535b"]["copy_of"] == "000_2bd1fb441ff5d0f9"
    assert by_id["001_461bafe483ac535b"]["reason"] == "r"
    assert store.get_analysis("s-x") is None  # reading does not write


def test_cli_run_story_and_report(fixtures: Path, tmp_path: Path) -> None:
    from support import run_cli

    db = tmp_path / "cli.db"
    done = run_cli("run", str(fixtures / "seeds"), "--json", db=db)
    assert done.returncode == 0, done.stderr
    stories = json.loads(done.stdout)
    assert len(stories) == 1 and stories[0]["first_publisher"]["article_id"] == SEED_IDS[3]
    shown = run_cli("story", stories[0]["id"], "--json", db=db)
    story: dict[str, Any] = json.loads(shown.stdout)
    assert {
        "summary",
        "first_published",
        "copy_edges",
        "additions",
        "quotes",
        "entities",
        "timeline",
    } <= set(story)
    text = run_cli("story", stories[0]["id"], db=db)
    assert "first published by 004_8a40a684c3147605" in text.stdout
    out = tmp_path / "report"
    written = run_cli("report", "--out", str(out), db=db)
    assert written.returncode == 0, written.stderr
    assert (out / "index.html").is_file() and (out / f"{stories[0]['id']}.html").is_file()


def test_cli_report_without_a_database_says_what_to_do(tmp_path: Path) -> None:
    from support import run_cli

    done = run_cli("report", "--out", str(tmp_path / "r"), db=tmp_path / "missing.db")
    assert done.returncode == 2 and "storyline run" in done.stderr
    assert not (tmp_path / "missing.db").exists()


def test_analyze_stage_reuses_current_analyses_and_prunes_vanished_ones(
    store: Store, fixtures: Path
) -> None:
    report = pipeline.run(store, [str(fixtures / "seeds")])
    assert report.analysis is not None and report.analysis.analysed == 1
    with store.transaction():
        store.save_analysis("vanished-story", "fp", {"id": "vanished-story"})
    again = pipeline.analyze(store)
    assert (again.analysed, again.reused, again.pruned) == (0, 1, 1)
    assert store.get_analysis("vanished-story") is None


def test_a_batch_sets_old_objects_aside_only_while_it_runs(bridge: list[StoryArticle]) -> None:
    # The collector skips what was alive before the batch; the analyses are analyze_story's.
    expected = [("s1", "k", analyze_story("s1", bridge).to_json())]
    assert _analyze_batch((None, Stemmer(), [("s1", "k", bridge)])) == expected
    assert gc.get_freeze_count() == 0
    gc.freeze()  # a process that froze objects itself keeps them frozen
    try:
        frozen = gc.get_freeze_count()
        assert _analyze_batch((None, Stemmer(), [("s1", "k", bridge)])) == expected
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
