"""Clean and analyze in worker processes store exactly what one process stores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline import pipeline
from storyline.analyze import run as analyze_run
from storyline.cluster import run as cluster_run
from storyline.store import Store
from storyline.workers import worker_pool
from support import corpus_gen, count_pool_starts


def _generated(folder: Path, docs: int, seed: int) -> Path:
    """Write a generated news corpus (copies, rewrites, hard negatives) as one JSONL file."""
    module = corpus_gen()
    path = folder / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in module.generate(docs, seed=seed):
            handle.write(json.dumps(record) + "\n")
    return path


def _contents(db: Path) -> dict[str, Any]:
    """Return what clean and analyze stored: every cleaned text and every story's analysis."""
    with Store.open(db) as store:
        cleaned = {a.id: store.get_cleaned(a.id) for a in store.iter_articles()}
        stories = store.list_stories()
        analyses = {s["id"]: store.get_analysis(s["id"]) for s in stories}
    return {"cleaned": cleaned, "stories": stories, "analyses": analyses}


def _run(paths: list[str], db: Path, workers: int) -> dict[str, Any]:
    with Store.open(db) as store:
        pipeline.run(store, paths, workers=workers)
    return _contents(db)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Cut the work into many small batches and count the worker pools started."""
    monkeypatch.setattr(pipeline, "CLEAN_BATCH", 7)
    monkeypatch.setattr(analyze_run, "BATCH_STORIES", 3)
    monkeypatch.setattr(cluster_run, "CHUNK", 16)
    return count_pool_starts(monkeypatch)


def test_two_workers_store_what_one_stores_on_a_generated_corpus(
    tmp_path: Path, small_batches: list[int]
) -> None:
    corpus = _generated(tmp_path, 240, seed=5)
    one = _run([str(corpus)], tmp_path / "one.db", workers=1)
    assert not small_batches  # one worker: everything in this process
    two = _run([str(corpus)], tmp_path / "two.db", workers=2)
    assert small_batches  # the pool did run
    assert len(one["cleaned"]) == 240 and all(one["cleaned"].values())
    assert any(len(s["article_ids"]) > 1 for s in one["stories"])
    assert one == two


def test_cluster_features_in_two_workers_place_what_one_process_places(
    tmp_path: Path, small_batches: list[int]
) -> None:
    corpus = _generated(tmp_path, 240, seed=11)
    placed: dict[int, Any] = {}
    for workers in (1, 2):
        with Store.open(tmp_path / f"c{workers}.db") as store:
            pipeline.ingest(store, [str(corpus)])
            pipeline.clean(store, workers=1)
            pipeline.dedup(store)
            report = pipeline.cluster(store, workers=workers)
            stories = store.list_stories()
            members = [store.story_members(s["id"]) for s in stories]
            placed[workers] = (report.placed, report.stories, stories, members)
    assert small_batches == [2]  # only the two-worker clustering started processes
    assert placed[1][0] == 240 and any(len(s["article_ids"]) > 1 for s in placed[1][2])
    assert placed[1] == placed[2]


def test_two_workers_store_what_one_stores_on_the_seeds(
    tmp_path: Path, shared_data: Path, small_batches: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CLEAN_BATCH", 1)  # four articles, four batches
    seeds = str(shared_data / "seeds")
    one = _run([seeds], tmp_path / "one.db", workers=1)
    two = _run([seeds], tmp_path / "two.db", workers=2)
    assert small_batches
    assert one == two
    (story,) = one["analyses"].values()
    assert story is not None and story[1]["first_published"]["article_id"].startswith("004")


def test_one_batch_starts_no_process(small_batches: list[int]) -> None:
    with worker_pool(2) as pool:
        assert list(pool.map(str.upper, ["a"])) == ["A"]
    assert not small_batches


def test_results_keep_the_order_of_the_batches(small_batches: list[int]) -> None:
    with worker_pool(2) as pool:
        assert list(pool.map(abs, range(-50, 0), ahead=3)) == list(range(50, 0, -1))
    assert small_batches == [2]


def test_run_announces_each_stage_with_its_total_and_ticks_it(
    tmp_path: Path, shared_data: Path
) -> None:
    stages: list[tuple[str, int | None]] = []
    ticks: list[int] = []

    def tick(n: int) -> None:
        ticks[-1] += n

    def stage(name: str, total: int | None) -> None:
        stages.append((name, total))
        ticks.append(0)

    with Store.open(tmp_path / "s.db") as store:
        pipeline.run(store, [str(shared_data / "seeds")], tick=tick, stage=stage)
    assert stages == [
        ("ingest", None),
        ("clean", 4),
        ("dedup", None),
        ("cluster", None),
        ("analyze", 1),
    ]
    assert ticks[1] == 4 and ticks[4] == 1  # clean and analyze reach their totals


def test_cli_run_takes_a_worker_count(tmp_path: Path, shared_data: Path) -> None:
    from support import run_cli

    done = run_cli(
        "run", "--workers", "1", "--json", str(shared_data / "seeds"), db=tmp_path / "w.db"
    )
    assert done.returncode == 0, done.stderr
    (story,) = json.loads(done.stdout)
    assert story["first_publisher"]["article_id"].startswith("004")
    refused = run_cli("run", "--workers", "0", str(shared_data / "seeds"), db=tmp_path / "x.db")
    assert refused.returncode == 2
