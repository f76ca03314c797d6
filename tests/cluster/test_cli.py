"""`storyline cluster`, `storyline stories` and `storyline story` from the outside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from support import FIXTURES, SEED_IDS, run_cli


def test_cluster_then_list_and_show_the_seed_story(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run_cli("ingest", str(FIXTURES / "seeds"), db=db).returncode == 0
    done = run_cli("cluster", db=db)
    assert done.returncode == 0 and "placed 4 articles, 1 stories" in done.stdout
    listed = run_cli("stories", "--json", db=db)
    assert listed.returncode == 0
    (story,) = json.loads(listed.stdout)
    assert set(story) == {
        "id",
        "title",
        "article_ids",
        "first_published",
        "last_published",
        "sources",
    }
    assert sorted(story["article_ids"]) == SEED_IDS
    shown = run_cli("story", story["id"], "--json", db=db)
    detail = json.loads(shown.stdout)
    assert detail["id"] == story["id"] and len(detail["articles"]) == 4
    assert all(a["reason"] for a in detail["articles"])
    table = run_cli("story", story["id"], db=db)
    assert table.returncode == 0 and "opened the story" in table.stdout


def test_unknown_story_is_a_clean_error(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    assert run_cli("cluster", db=db).returncode == 0  # an empty store clusters to nothing
    assert json.loads(run_cli("stories", "--json", db=db).stdout) == []
    missing = run_cli("story", "s-nope", db=db)
    assert missing.returncode == 1 and "no story with id 's-nope'" in missing.stderr
    assert "Traceback" not in missing.stderr
    bad = run_cli("stories", "--limit", "0", db=db)
    assert bad.returncode == 2 and "--limit" in bad.stderr


def test_semantic_flag_reaches_the_store_and_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.cluster import semantic

    monkeypatch.setattr(semantic, "embed_items", lambda items: [[1.0, 0.0] for _ in items])
    db = str(tmp_path / "m.db")
    runner = CliRunner()
    first = runner.invoke(main, ["run", str(FIXTURES / "seeds"), "--db", db, "--semantic"])
    assert first.exit_code == 0, first.output
    assert "placed 4 articles, 1 stories" in first.output
    again = runner.invoke(main, ["cluster", "--db", db])  # the store remembers: nothing to redo
    assert again.exit_code == 0 and "placed 0 articles" in again.output
    off = runner.invoke(main, ["cluster", "--db", db, "--no-semantic"])
    assert off.exit_code == 0 and "placed 4 articles, 1 stories" in off.output
