"""The dedup commands through the real `storyline` entry point."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main
from support import FIXTURES, SEED_IDS


def test_dedup_marks_duplicates_and_article_json_explains_them(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(FIXTURES / "seeds"), "--db", db]).exit_code == 0
    done = runner.invoke(main, ["dedup", "--db", db])
    assert done.exit_code == 0, done.output
    assert "groups 1, duplicates 1" in done.output
    shown = runner.invoke(main, ["article", SEED_IDS[1], "--db", db, "--json"])
    dups = json.loads(shown.output)["duplicates"]
    assert [d["id"] for d in dups] == [SEED_IDS[0]]
    assert set(dups[0]) >= {"id", "jaccard", "containment_in", "containment_of", "shared_passages"}
    alone = json.loads(runner.invoke(main, ["article", SEED_IDS[3], "--db", db, "--json"]).output)
    assert alone["duplicates"] == []
    text = runner.invoke(main, ["article", SEED_IDS[0], "--db", db])
    assert f"duplicate of {SEED_IDS[1]}" in text.output


def test_corpus_mode_writes_records_and_a_report(
    tmp_path: Path, original: str, copies: dict[str, str]
) -> None:
    rows = [{"id": "a", "text": original}, {"id": "b", "text": copies["noise"]}, "junk"]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) if isinstance(r, dict) else r for r in rows))
    out = tmp_path / "out.jsonl"
    done = CliRunner().invoke(
        main,
        [
            "dedup",
            str(src),
            "-o",
            str(out),
            "--keep",
            "first",
            "--threshold",
            "0.5",
            "--ngram",
            "4",
            "--num-perm",
            "64",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "2 records, 1 clusters, 1 duplicates" in done.output
    assert "skipped" in done.output and "in.jsonl:3" in done.output
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["id"], r["is_duplicate"], r["duplicate_of"]) for r in written] == [
        ("a", False, None),
        ("b", True, "a"),
    ]


def test_usage_errors_are_clean(tmp_path: Path) -> None:
    runner = CliRunner()
    no_out = runner.invoke(main, ["dedup", str(tmp_path)])
    assert no_out.exit_code == 2 and "needs an output" in no_out.output
    bad = runner.invoke(main, ["dedup", "--db", str(tmp_path / "s.db"), "--num-perm", "100"])
    assert bad.exit_code == 2 and "num-perm" in bad.output
    missing = runner.invoke(main, ["dedup", str(tmp_path / "nope.jsonl"), "-o", "x.jsonl"])
    assert missing.exit_code == 2 and "no such file" in missing.output
