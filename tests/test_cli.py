"""The CLI contract through the real entry point."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from support import SEED_IDS, run_cli


def test_ingest_seeds_lists_four_dated_articles(fixtures: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = run_cli("ingest", str(fixtures / "seeds"), db=db)
    assert first.returncode == 0, first.stderr
    assert "ingested 4, unchanged 0, new versions 0, rejected 0" in first.stdout
    again = run_cli("ingest", str(fixtures / "seeds"), db=db)
    assert "ingested 0, unchanged 4" in again.stdout
    listed = json.loads(run_cli("articles", "--json", db=db).stdout)
    assert [a["id"] for a in listed] == SEED_IDS
    assert {"id", "path", "source", "url", "title", "published", "text"} <= set(listed[0])


def test_article_json_has_raw_input(fixtures: Path, tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    run_cli("ingest", str(fixtures / "seeds"), db=db)
    view = json.loads(run_cli("article", SEED_IDS[0], "--json", db=db).stdout)
    assert view["raw"].lstrip().startswith("date 2024-04-27")
    assert view["raw_text"] and "removed" in view
    missing = run_cli("article", "nope", "--json", db=db)
    assert missing.returncode == 1 and "no article with id 'nope'" in missing.stderr


def test_partial_batch_exits_1_and_records_rejections(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.txt").write_bytes(os.urandom(4096))
    (bad / "y.jsonl").write_text('{"text": "ok text here", "title": "t"}\n{broken\n')
    (bad / "empty.txt").write_text("")
    db = tmp_path / "b.db"
    result = run_cli("ingest", str(bad), db=db)
    assert result.returncode == 1
    assert "ingested 1, unchanged 0, new versions 0, rejected 3" in result.stdout
    assert "y.jsonl#2" in result.stderr
    rows = json.loads(run_cli("rejected", "--json", db=db).stdout)
    assert len(rows) == 3 and all(r["reason"] and r["path"] for r in rows)


def test_nothing_readable_exits_2(tmp_path: Path) -> None:
    (tmp_path / "e.txt").write_text("")
    assert run_cli("ingest", str(tmp_path / "e.txt"), db=tmp_path / "x.db").returncode == 2
    missing = run_cli("ingest", str(tmp_path / "nothing-here"), db=tmp_path / "x.db")
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_strict_stores_nothing(fixtures: Path, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("000_2bd1fb441ff5d0f9.txt", "001_461bafe483ac535b.txt"):
        (tmp_path / "in" / name).write_text((fixtures / "seeds" / name).read_text())
    (tmp_path / "in" / "zz.txt").write_text("")
    db = tmp_path / "s.db"
    result = run_cli("ingest", str(tmp_path / "in"), "--strict", "--no-clean", db=db)
    assert result.returncode == 1 and "empty text" in result.stderr
    assert json.loads(run_cli("articles", "--json", db=db).stdout) == []


def test_stdin_and_env_db(tmp_path: Path) -> None:
    env = {**os.environ, "STORYLINE_DB": str(tmp_path / "env.db")}
    line = json.dumps({"text": "Piped article text.", "url": "https://news.example/p"}) + "\n"
    subprocess.run(
        [sys.executable, "-m", "storyline", "ingest", "-"],
        input=line,
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "env.db").exists()


def test_usage_error_for_bad_map(tmp_path: Path, fixtures: Path) -> None:
    result = run_cli(
        "ingest", str(fixtures / "articles.jsonl"), "--map", "bogus", db=tmp_path / "m.db"
    )
    assert result.returncode == 2 and "FIELD=PATH" in result.stderr


def test_killed_ingest_keeps_only_whole_batches(tmp_path: Path) -> None:
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w") as out:
        for n in range(60_000):
            out.write(
                json.dumps({"id": f"a{n}", "text": f"Article {n} " + "lorem ipsum " * 40}) + "\n"
            )
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "storyline", "ingest", str(corpus), "--no-clean", "--db", str(db)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.2)
        if _stored(db) >= 1000:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    per_batch = conn.execute(
        "SELECT b.records, COUNT(a.doc) FROM batches b LEFT JOIN articles a ON a.batch = b.id "
        "GROUP BY b.id"
    ).fetchall()
    assert per_batch and all(records == count for records, count in per_batch)
    total = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert total % 500 == 0 or total == 60_000


def _stored(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(db, timeout=1)
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_ingest_cleans_and_article_shows_removed_spans(fixtures: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    run_cli("ingest", str(fixtures / "seeds"), db=db)
    view = json.loads(run_cli("article", SEED_IDS[1], "--json", db=db).stdout)
    assert "insurance" not in view["text"].lower() and "insurance" in view["raw_text"].lower()
    reasons = {span["reason"] for span in view["removed"]}
    assert "off-topic" in reasons
    for span in view["removed"]:
        assert view["raw_text"][span["start"] : span["end"]] == span["text"]
    raw = run_cli("ingest", str(fixtures / "seeds"), "--no-clean", db=tmp_path / "n.db")
    assert raw.returncode == 0
    kept = json.loads(run_cli("article", SEED_IDS[1], "--json", db=tmp_path / "n.db").stdout)
    assert kept["text"] == kept["raw_text"] and kept["removed"] == []


def test_run_table_shows_the_most_recent_stories_and_says_how_many_more(
    fixtures: Path, tmp_path: Path, monkeypatch: object
) -> None:
    from click.testing import CliRunner

    import storyline.cli.outputs as outputs
    from storyline.cli import main

    monkeypatch.setattr(outputs, "TABLE_ROWS", 5)  # type: ignore[attr-defined]
    db = str(tmp_path / "t.db")
    events = str(fixtures / "cluster_events.jsonl")
    done = CliRunner().invoke(main, ["run", events, "--db", db], catch_exceptions=False)
    assert done.exit_code == 0
    listed = json.loads(CliRunner().invoke(main, ["run", events, "--db", db, "--json"]).output)
    assert len(listed) > 5  # JSON always lists every story
    note = f"the 5 most recent of {len(listed)} stories; list them all with `storyline stories`"
    assert note in done.output
    assert done.output.count("\n│ s") == 5  # five table rows, one per story
