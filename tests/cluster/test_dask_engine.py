"""Corpus clustering, in one process or on Dask, gives cluster_items' stories."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.cluster.batch import cluster_items
from storyline.cluster.dask_engine import cluster_corpus
from storyline.cluster.model import ClusterItem
from storyline.dedup.partitions import plan_partitions
from support import corpus_gen

pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    """Generated articles: several reports per event, copies, template siblings."""
    module = corpus_gen()
    out: list[dict[str, Any]] = list(module.generate(700, seed=5))
    for i, row in enumerate(out):
        row["dup_cluster"] = row["cluster"] if i % 3 else None  # dedup's groups, some unknown
    return out


@pytest.fixture(scope="module")
def corpus(rows: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("articles")
    for n, chunk in enumerate((rows[:250], rows[250:500], rows[500:])):
        with gzip.open(root / f"part-{n}.jsonl.gz", "wt", encoding="utf-8") as handle:
            handle.writelines(json.dumps(r) + "\n" for r in chunk)
    return root


@pytest.fixture(scope="module")
def expected(rows: list[dict[str, Any]]) -> dict[str, str]:
    items = [ClusterItem(r["id"], r["text"], r["title"], r["published"], r["source"]) for r in rows]
    groups = {r["id"]: r["dup_cluster"] for r in rows if r["dup_cluster"]}
    return {a: s.id for s in cluster_items(items, duplicates=groups) for a in s.article_ids}


def _stories(folder: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(folder.glob("part-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                yield record["id"], record["story"]


def test_single_process_corpus_clustering_matches_cluster_items(
    corpus: Path, expected: dict[str, str], tmp_path: Path
) -> None:
    summary = cluster_corpus(
        plan_partitions([str(corpus)]), str(tmp_path / "w"), str(tmp_path / "out")
    )
    assert dict(_stories(tmp_path / "out")) == expected
    assert summary.articles == 700 and summary.stories == len(set(expected.values()))
    assert not list((tmp_path / "w").iterdir())  # the spills are gone


def test_dask_corpus_clustering_matches_cluster_items(
    corpus: Path, expected: dict[str, str], tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main,
        ["cluster", str(corpus), "-o", str(tmp_path / "out"), "--engine", "dask", "--workers", "2"],
    )
    assert result.exit_code == 0, result.output
    assert dict(_stories(tmp_path / "out")) == expected
    assert f"700 articles, {len(set(expected.values()))} stories" in result.output
    assert 1 < len(set(expected.values())) < 700  # stories of several articles exist


def test_one_block_gives_the_serial_stories(
    corpus: Path, expected: dict[str, str], tmp_path: Path
) -> None:
    # One bin runs the whole corpus through the routed path: frequency snapshots, the
    # corpus clock and scaled caps must give exactly the serial engine's stories.
    cluster_corpus(
        plan_partitions([str(corpus)]), str(tmp_path / "w"), str(tmp_path / "out"), blocks=1
    )
    assert dict(_stories(tmp_path / "out")) == expected


def test_blocks_on_dask_equal_blocks_in_processes(corpus: Path, tmp_path: Path) -> None:
    summary = cluster_corpus(
        plan_partitions([str(corpus)]),
        str(tmp_path / "w"),
        str(tmp_path / "local"),
        blocks=4,
        workers=2,
    )
    result = CliRunner().invoke(
        main,
        [
            "cluster",
            str(corpus),
            "-o",
            str(tmp_path / "dask"),
            "--engine",
            "dask",
            "--workers",
            "2",
            "--blocks",
            "4",
        ],
    )
    assert result.exit_code == 0, result.output
    local = dict(_stories(tmp_path / "local"))
    assert dict(_stories(tmp_path / "dask")) == local
    assert summary.articles == 700 and f"{summary.stories} stories" in result.output


def test_blocks_keep_duplicate_groups_whole(
    rows: list[dict[str, Any]], corpus: Path, tmp_path: Path
) -> None:
    cluster_corpus(
        plan_partitions([str(corpus)]), str(tmp_path / "w"), str(tmp_path / "out"), blocks=4
    )
    story = dict(_stories(tmp_path / "out"))
    by_group: dict[str, set[str]] = {}
    for row in rows:
        if row["dup_cluster"] and len(row["text"].split()) >= 60:  # long enough to bind
            by_group.setdefault(row["dup_cluster"], set()).add(story[row["id"]])
    assert by_group and all(len(stories) == 1 for stories in by_group.values())
