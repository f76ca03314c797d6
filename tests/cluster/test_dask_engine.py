"""Corpus clustering, in one process or on Dask, gives cluster_items' stories."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
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

pytest.importorskip("distributed")

CORPUS_GEN = Path(__file__).resolve().parents[2] / "benchmarks" / "corpus_gen.py"


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    """Generated articles: several reports per event, copies, template siblings."""
    if not CORPUS_GEN.is_file():
        pytest.skip("benchmarks/corpus_gen.py is not available")
    spec = importlib.util.spec_from_file_location("corpus_gen", CORPUS_GEN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
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
    items = [ClusterItem(r["id"], r["text"], r["title"], r["published"], r["source"])
             for r in rows]
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
    summary = cluster_corpus(plan_partitions([str(corpus)]), str(tmp_path / "w"),
                             str(tmp_path / "out"))
    assert dict(_stories(tmp_path / "out")) == expected
    assert summary.articles == 700 and summary.stories == len(set(expected.values()))
    assert not list((tmp_path / "w").iterdir())  # the spills are gone


def test_dask_corpus_clustering_matches_cluster_items(
    corpus: Path, expected: dict[str, str], tmp_path: Path
) -> None:
    result = CliRunner().invoke(main, ["cluster", str(corpus), "-o", str(tmp_path / "out"),
                                       "--engine", "dask", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert dict(_stories(tmp_path / "out")) == expected
    assert f"700 articles, {len(set(expected.values()))} stories" in result.output
    assert 1 < len(set(expected.values())) < 700  # stories of several articles exist
