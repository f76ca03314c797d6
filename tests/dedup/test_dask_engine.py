"""The Dask engine finds exactly the single-process engine's clusters, on any partitioning."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.cli import main
from storyline.dedup.corpus import CorpusOptions, dedup_corpus
from storyline.dedup.engine import DedupConfig, find_duplicates
from storyline.dedup.partitions import RecordTexts, plan_partitions, records
from storyline.errors import InputError
from support import corpus_gen

pytest.importorskip("distributed")

SMALL = {"target_bytes": 1 << 20, "target_rows": 300}  # so every kind of file is split


def _corpus_gen() -> ModuleType:
    module = corpus_gen()
    return module


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus with copy clusters and hard negatives, as split JSONL, JSONL.gz and
    multi-group Parquet, with what real dumps hold too: bad lines, records without id or text,
    empty and too-short texts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = list(_corpus_gen().generate(3000, seed=11))
    for row in rows[::97]:
        del row["id"]  # named file:line / file#row instead
    rows[5]["text"] = None
    rows[40:40] = [
        {"id": "e", "text": ""},
        {"id": "s1", "text": "Too short."},
        {"id": "s2", "text": "too  SHORT"},
    ]
    root = tmp_path_factory.mktemp("corpus")
    lines = [json.dumps(r) + "\n" for r in rows[:1200]]
    lines[30:30] = ["not json\n", "\n", "[1, 2]\n"]
    (root / "a.jsonl").write_text("".join(lines), encoding="utf-8")
    with gzip.open(root / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in rows[1200:2000])
    pq.write_table(pa.Table.from_pylist(rows[2000:]), root / "c.parquet", row_group_size=150)
    return root


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A local cluster of two worker processes, shared by the module's tests."""
    from storyline.dedup.dask_client import DaskOptions, dask_client

    with dask_client(DaskOptions(workers=2, memory_limit="2GiB")) as started:
        yield started


def test_dask_engine_finds_the_single_process_clusters(client: Any, corpus_dir: Path) -> None:
    from storyline.dedup.dask_engine import dedup_on_dask

    config = DedupConfig()
    parts = plan_partitions([str(corpus_dir)], **SMALL)
    assert {p.fmt for p in parts} == {"jsonl", "jsonl.gz", "parquet"} and len(parts) >= 8
    run = dedup_on_dask([RecordTexts(p) for p in parts], config, client, progress=False)
    texts = [t for p in parts for t in RecordTexts(p).texts()]
    single = find_duplicates(texts, config)
    assert single.stats.clusters > 100  # the corpus really has copies to find
    assert np.array_equal(run.labels(), single.labels)
    assert run.stats == single.stats  # candidates, verified and linked pairs included


def test_dask_engine_applies_the_names_rule_across_partitions(
    client: Any, template_reports: list[str], tmp_path: Path
) -> None:
    from storyline.dedup.dask_engine import dedup_on_dask

    for i, text in enumerate(template_reports):  # one partition each: the rule works on cuts
        (tmp_path / f"part-{i}.jsonl").write_text(json.dumps({"text": text}) + "\n")
    sources = [RecordTexts(p) for p in plan_partitions([str(tmp_path)])]
    assert len(sources) == 3
    for names, labels in ((0.2, [0, 1, 0]), (0.0, [0, 0, 0])):
        run = dedup_on_dask(sources, DedupConfig(names=names), client, progress=False)
        assert run.labels().tolist() == labels


@pytest.mark.parametrize(("keep", "drop"), [("earliest", False), ("longest", True)])
def test_corpus_mode_writes_what_the_single_engine_writes(
    client: Any, corpus_dir: Path, tmp_path: Path, keep: str, drop: bool
) -> None:
    from storyline.dedup.dask_client import DaskOptions
    from storyline.dedup.dask_corpus import dedup_corpus_dask

    options = CorpusOptions(keep=keep, drop_duplicates=drop)
    single = dedup_corpus([str(corpus_dir)], str(tmp_path / "one"), DedupConfig(), options)
    dask = DaskOptions(
        progress=False, partition_bytes=SMALL["target_bytes"], partition_rows=SMALL["target_rows"]
    )
    spread = dedup_corpus_dask(
        [str(corpus_dir)], str(tmp_path / "two"), DedupConfig(), options, client, dask
    )
    single.seconds = spread.seconds = 0.0
    assert spread == single  # counts and the reported bad inputs, with file:line
    assert single.bad_lines == 2 and single.no_text == 1
    assert single.boilerplate_lines > 0  # the outlets' shared closing lines were set aside
    assert _read_dir(tmp_path / "two") == _read_dir(tmp_path / "one")


def _read_dir(folder: Path) -> dict[str, list[dict[str, Any]]]:
    import pyarrow.parquet as pq

    out = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".parquet":
            out[path.name] = pq.read_table(path).to_pylist()
        else:
            with gzip.open(path) if path.suffix == ".gz" else path.open("rb") as handle:
                out[path.name] = [json.loads(line) for line in handle]
    assert out, "no output written"
    return out


def test_cli_runs_corpus_mode_on_a_local_cluster(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl.gz"
    result = CliRunner().invoke(
        main,
        [
            "dedup",
            str(corpus_dir / "b.jsonl.gz"),
            "-o",
            str(out),
            "--engine",
            "dask",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "800 records" in result.output and "local cluster of 1 worker process" in result.output
    with gzip.open(out, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    assert len(rows) == 800 and any(r["is_duplicate"] for r in rows)


def test_engine_dask_needs_corpus_mode() -> None:
    result = CliRunner().invoke(main, ["dedup", "--engine", "dask"])
    assert result.exit_code == 2 and "corpus mode" in result.output


def test_failed_partition_is_retried_then_reported_with_its_file(
    client: Any, corpus_dir: Path, tmp_path: Path
) -> None:
    from storyline.dedup.dask_engine import dedup_on_dask

    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes((corpus_dir / "b.jsonl.gz").read_bytes()[:50_000])  # a truncated download
    parts = plan_partitions([str(corpus_dir / "b.jsonl.gz"), str(broken)])
    with pytest.raises(InputError, match=r"1 partition\(s\) failed after 2 retries.*broken\.jsonl"):
        dedup_on_dask(
            [RecordTexts(p) for p in parts], DedupConfig(), client, retries=2, progress=False
        )
    logs = client.get_worker_logs()
    tries = sum(
        "broken.jsonl.gz: partition failed" in line
        for entries in logs.values()
        for _, line in entries
    )
    assert tries == 3  # the first try and two retries, wherever they ran


@pytest.fixture(scope="module")
def small_corpus(corpus_dir: Path) -> tuple[list[str], Any]:
    parts = plan_partitions([str(corpus_dir / "a.jsonl")])
    texts = [t for p in parts for t in RecordTexts(p).texts()][:600]
    return texts, find_duplicates(texts, DedupConfig())


# Dask draws from the global `random` module while the test runs; Hypothesis warns about that
# although no strategy of this test uses it.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cuts=st.lists(st.integers(1, 599), max_size=5, unique=True))
def test_any_partitioning_gives_the_same_clusters(
    client: Any,
    small_corpus: tuple[list[str], Any],
    cuts: list[int],
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from storyline.dedup.dask_engine import dedup_on_dask

    texts, single = small_corpus
    folder = tmp_path_factory.mktemp("cuts")
    bounds = [0, *sorted(cuts), len(texts)]
    for i, (a, b) in enumerate(pairwise(bounds)):
        lines = "".join(json.dumps({"text": t}) + "\n" for t in texts[a:b])
        (folder / f"part-{i:03d}.jsonl").write_text(lines, encoding="utf-8")
    sources = [RecordTexts(p) for p in plan_partitions([str(folder)])]
    run = dedup_on_dask(sources, DedupConfig(), client, progress=False)
    assert np.array_equal(run.labels(), single.labels)


@settings(max_examples=25, deadline=None)
@given(lines=st.lists(st.text(max_size=30), min_size=1, max_size=40), target=st.integers(1, 200))
def test_jsonl_ranges_hold_every_record_once_in_order(
    tmp_path_factory: pytest.TempPathFactory, lines: list[str], target: int
) -> None:
    path = tmp_path_factory.mktemp("ranges") / "c.jsonl"
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in lines), encoding="utf-8")
    parts = plan_partitions([str(path)], target_bytes=target)
    assert [r["text"] for p in parts for r in records(p)] == lines
