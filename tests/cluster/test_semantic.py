"""The optional semantic channel: off by default, never imported then, plumbed when on."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Sequence

import pytest

from storyline import pipeline
from storyline.cluster import semantic
from storyline.cluster.batch import cluster_items
from storyline.cluster.model import ClusterConfig, ClusterItem
from storyline.errors import UsageError
from storyline.store import Store
from support import make_article, store_articles


def test_default_path_never_imports_the_semantic_module() -> None:
    code = (
        "import sys\n"
        "from storyline.cluster.batch import cluster_items\n"
        "from storyline.cluster.model import ClusterItem\n"
        "cluster_items([ClusterItem('a', 'Quake hits Norbury.', 'Quake', '2024-01-01')])\n"
        "assert 'storyline.cluster.semantic' not in sys.modules\n"
        "assert 'sentence_transformers' not in sys.modules and 'torch' not in sys.modules\n"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_enabled_without_the_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic.util, "find_spec", lambda name: None)
    with pytest.raises(UsageError, match=r"storyline\[semantic\]"):
        semantic.model_dir()


def test_embeddings_join_reports_that_share_no_words(monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in for MiniLM (not installed here): it knows which texts mean the same thing.
    meaning = {"a": (1.0, 0.0), "b": (1.0, 0.0), "c": (0.0, 1.0)}

    def embed(items: Sequence[ClusterItem]) -> list[list[float]]:
        return [list(meaning[i.id]) for i in items]

    monkeypatch.setattr(semantic, "embed_items", embed)
    items = [
        ClusterItem("a", "Tremor shakes Norbury, homes flattened.", "Norbury tremor", "2024-01-01"),
        ClusterItem(
            "b", "Seismic jolt levels houses in coastal town.", "Coast jolted", "2024-01-01"
        ),
        ClusterItem("c", "Chess final ends in a draw after six hours.", "Chess draw", "2024-01-01"),
    ]
    assert len(cluster_items(items)) == 3  # words alone cannot tell
    config = ClusterConfig(semantic_weight=2.0)
    stories = {a: s.id for s in cluster_items(items, config) for a in s.article_ids}
    assert stories["a"] == stories["b"] != stories["c"]


def test_the_semantic_settings_keep_same_topic_reports_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # MiniLM scores two different events of one topic about 0.45, one event about 0.9.
    b_y = math.sqrt(1 - 0.9**2)
    c_y = (0.45 - 0.9 * 0.45) / b_y  # c is 0.45 from a and from b
    meaning = {
        "a": [1.0, 0.0, 0.0],
        "b": [0.9, b_y, 0.0],
        "c": [0.45, c_y, math.sqrt(1 - 0.45**2 - c_y**2)],
    }

    def embed(items: Sequence[ClusterItem]) -> list[list[float]]:
        return [meaning[i.id] for i in items]

    monkeypatch.setattr(semantic, "embed_items", embed)
    items = [
        ClusterItem("a", "Tremor shakes the coast, homes flattened.", "Coast tremor", "2024-01-01"),
        ClusterItem("b", "Seismic jolt levels houses by the sea.", "Seaside jolt", "2024-01-01"),
        ClusterItem("c", "Floodwater swamps valley farms overnight.", "Valley flood", "2024-01-01"),
    ]
    old = ClusterConfig(semantic_weight=0.3, threshold=0.09)  # a lexical bar, too low for MiniLM
    stories = {a: s.id for s in cluster_items(items, old) for a in s.article_ids}
    assert stories["a"] == stories["b"] == stories["c"]
    # The fitted weight is small: embeddings alone join nothing, not even a paraphrase (every
    # weight from 0.1 up merged a same-kind pair of the synthetic hard negatives).
    stories = {
        a: s.id for s in cluster_items(items, ClusterConfig.semantic()) for a in s.article_ids
    }
    assert len(set(stories.values())) == 3


@pytest.fixture
def reports(store: Store, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A store of three reports, and a stand-in for MiniLM that knows no difference."""
    monkeypatch.setattr(semantic, "embed_items", lambda items: [[1.0, 0.0] for _ in items])
    store_articles(
        store,
        make_article("a", "Tremor shakes Norbury, homes flattened.", published="2024-01-01"),
        make_article("b", "Norbury tremor: houses levelled overnight.", published="2024-01-01"),
        make_article("c", "Chess final in Oakhurst ends in a draw.", published="2024-01-02"),
    )
    return store


def test_a_store_keeps_its_semantic_choice_for_later_runs(reports: Store) -> None:
    assert pipeline.cluster(reports, semantic=True).placed == 3
    assert pipeline.cluster(reports).placed == 0  # same settings: nothing to redo
    assert pipeline.cluster(reports, semantic=False).placed == 3  # other settings: all again
    assert pipeline.cluster(reports).placed == 0


def test_a_missing_extra_fails_the_run_and_is_not_kept(
    reports: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing(items: Sequence[ClusterItem]) -> list[list[float]]:
        raise UsageError("semantic similarity needs its extra: pip install 'storyline[semantic]'")

    monkeypatch.setattr(semantic, "embed_items", missing)
    with pytest.raises(UsageError, match=r"storyline\[semantic\]"):
        pipeline.cluster(reports, semantic=True)
    assert pipeline.cluster(reports).placed == 3  # the store still clusters without it


def test_a_page_titled_with_its_site_name_is_embedded_by_its_url_slug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []
    monkeypatch.setattr(semantic, "embed_texts", lambda texts: seen.extend(texts) or [])
    url = "https://www.rt.com/on-air/414286-angola-satellite-launch-baikonur/"
    semantic.embed_items([ClusterItem("a", "Watch RT live.", "RT International", None, "rt", url)])
    assert seen == ["angola satellite launch baikonur\nWatch RT live."]
