"""The suite's semantic rows: MiniLM beside the default on the same records, skipped without it."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence

import pytest
from benchmarks.eval import cluster
from benchmarks.eval.__main__ import parse
from benchmarks.eval.data import Record

from storyline.cluster import semantic
from storyline.cluster.model import ClusterItem
from storyline.errors import UsageError

DAY = "2024-03-0{}T09:00:00"
# Two quakes in one town a week apart: words alike, so only the embeddings can tell them apart.
RECORDS = [
    Record("a1", "Quake hits Norbury", "A strong quake hit Norbury on Monday, homes fell.",
           DAY.format(1), "x.com", None, "first"),
    Record("a2", "Norbury quake toll rises", "The quake that hit Norbury left homes in ruins.",
           DAY.format(1), "y.com", None, "first"),
    Record("b1", "Second quake hits Norbury", "Another strong quake hit Norbury, homes fell.",
           DAY.format(8), "x.com", None, "second"),
    Record("b2", "Norbury shaken again", "A new quake hit Norbury and more homes fell.",
           DAY.format(8), "z.com", None, "second"),
]  # fmt: skip
MEANING = {"a1": [1.0, 0.0], "a2": [1.0, 0.0], "b1": [0.0, 1.0], "b2": [0.0, 1.0]}


def _stand_in(items: Sequence[ClusterItem]) -> list[list[float]]:
    """Embed as MiniLM would if it knew the gold events (not installed here)."""
    return [MEANING[i.id] for i in items]


def test_semantic_rows_sit_beside_the_default_with_it_as_baseline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cluster, "SETS", {"quakes": lambda part: RECORDS})
    monkeypatch.setattr(semantic, "embed_texts", lambda texts: [[1.0, 0.0] for _ in texts])
    monkeypatch.setattr(semantic, "embed_items", _stand_in)
    rows = {(r.dataset, r.metric): r for r in cluster.run("check", None, semantic=True)}
    default, sem = rows[("quakes", "bcubed_f1")], rows[("quakes+semantic", "bcubed_f1")]
    assert sem.baseline == default.storyline  # the same records, the default as baseline
    assert sem.storyline is not None and sem.storyline > 0
    assert sem.delta_ci is not None
    assert "CPU s per 1,000 articles" in sem.note
    assert rows[("quakes+semantic", "stories")].storyline is not None


def test_a_missing_extra_gives_a_skipped_row_not_a_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(texts: Sequence[str]) -> list[list[float]]:
        raise UsageError("semantic similarity needs its extra: pip install 'storyline[semantic]'")

    monkeypatch.setattr(semantic, "embed_texts", missing)
    default = cluster.Run({r.id: r.label for r in RECORDS}, 0.1)
    (row,) = cluster.semantic_rows("quakes", "check", RECORDS, default)
    assert row.dataset == "quakes+semantic"
    assert row.note.startswith("skipped:") and "storyline[semantic]" in row.note


def test_the_command_line_takes_semantic() -> None:
    assert parse(["--stage", "cluster", "--semantic"]).semantic
    assert not parse(["--stage", "cluster"]).semantic


@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is None
    or importlib.util.find_spec(semantic.MODEL_PACKAGE) is None,
    reason="needs the storyline[semantic] extra",
)
def test_the_real_model_scores_the_quakes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(cluster, "SETS", {"quakes": lambda part: RECORDS})
    rows = {(r.dataset, r.metric): r for r in cluster.run("check", None, semantic=True)}
    f1 = rows[("quakes+semantic", "bcubed_f1")].storyline
    assert f1 is not None and 0 < f1 <= 1
