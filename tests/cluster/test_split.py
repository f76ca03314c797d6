"""Cutting a story that holds two same-kind incidents (storyline.cluster.split)."""

from __future__ import annotations

import gzip
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import pipeline
from storyline.cluster import ClusterConfig, ClusterItem, cluster_items
from storyline.cluster.batch import prepare_all, stories_from
from storyline.cluster.dask_engine import cluster_corpus
from storyline.cluster.engine import StoryEngine
from storyline.cluster.run import cluster_store
from storyline.cluster.split import lowest_cut, row_products
from storyline.dedup.partitions import plan_partitions
from storyline.store import Store
from storyline.stories import list_stories, story_detail

# Two takeovers by one company, reported on one day: the engine joins them on "AMD", the
# deal words and the figures of a takeover; each report names its own target and place.
ATI = [
    "AMD agreed on Monday to buy graphics chip maker ATI Technologies for about $5.4 billion in "
    "cash and stock, a deal that gives the Sunnyvale processor company the Canadian firm's "
    "graphics designs.",
    "Advanced Micro Devices will acquire ATI Technologies of Markham, Ontario, for $5.4 billion, "
    "the companies said, combining AMD's processors with ATI's graphics chips.",
    "ATI shareholders will receive $16.40 in cash and 0.2229 AMD shares for each ATI share under "
    "the $5.4 billion agreement announced by AMD.",
    "Analysts said AMD's $5.4 billion purchase of ATI Technologies puts pressure on Nvidia, ATI's "
    "main rival in graphics chips, and on Intel.",
    "The board of ATI Technologies in Markham backed the takeover by AMD; ATI chief executive "
    "Dave Orton will join AMD as an executive vice president.",
    "AMD shares fell after the chip maker said it would borrow $2.5 billion from Morgan Stanley "
    "to help pay for ATI, the Canadian graphics company.",
    "Canadian regulators must approve AMD's bid for ATI Technologies; the deal for the Markham "
    "graphics maker is expected to close in the fourth quarter.",
]
SEAMICRO = [
    "AMD said on Wednesday it will buy SeaMicro, a maker of low-power servers based in Santa "
    "Clara, for $334 million, pushing into the data center market.",
    "Advanced Micro Devices agreed to acquire server start-up SeaMicro for about $334 million in "
    "cash and stock, AMD said.",
    "SeaMicro, founded by Andrew Feldman, builds dense servers from hundreds of small chips; AMD "
    "will pay $334 million for the Santa Clara company.",
    "The $334 million SeaMicro purchase gives AMD the Santa Clara start-up's fabric, which links "
    "thousands of processors in a server, AMD chief executive Rory Read said.",
    "Analysts said the $334 million SeaMicro deal lets AMD sell whole servers to cloud companies "
    "such as Facebook instead of only chips.",
    "SeaMicro had used Intel Atom and Xeon chips in its servers; after the AMD takeover the Santa "
    "Clara firm will offer AMD Opteron chips too.",
    "Andrew Feldman will run SeaMicro as a unit of AMD's data center server solutions group after "
    "the $334 million deal closes.",
]


def _takeovers() -> list[dict[str, Any]]:
    """Return both takeovers' reports as records, interleaved in time on one day."""
    return [
        {
            "id": f"{name}-{i}",
            "title": "",
            "text": text,
            "published": f"2024-03-11T{9 + i:02d}:{minute:02d}:00",
            "source": "Wire",
        }
        for name, minute, texts in (("ati", 0, ATI), ("seamicro", 30, SEAMICRO))
        for i, text in enumerate(texts)
    ]


def _items(records: list[dict[str, Any]]) -> list[ClusterItem]:
    return [
        ClusterItem(r["id"], r["text"], r["title"], r["published"], r["source"]) for r in records
    ]


def _partition(stories: list[Any]) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in stories}


def _takeover_stories(partition: set[frozenset[str]]) -> set[frozenset[str]]:
    """Return the stories that hold takeover reports."""
    return {s for s in partition if any(a.startswith(("ati-", "seamicro-")) for a in s)}


ATI_IDS = frozenset(f"ati-{i}" for i in range(len(ATI)))
SEAMICRO_IDS = frozenset(f"seamicro-{i}" for i in range(len(SEAMICRO)))


def test_two_takeovers_the_engine_merges_are_cut_apart(events: list[dict[str, Any]]) -> None:
    items = _items(events + _takeovers())
    merged = _partition(cluster_items(items, ClusterConfig(split_bar=0)))
    assert _takeover_stories(merged) == {ATI_IDS | SEAMICRO_IDS}  # joined on AMD and the deal
    cut = _partition(cluster_items(items))
    assert _takeover_stories(cut) == {ATI_IDS, SEAMICRO_IDS}


def test_one_incidents_reports_stay_together(events: list[dict[str, Any]]) -> None:
    # 12 same-kind events (takeovers, quakes, ...) of 4-8 reports: none is cut.
    stories = cluster_items(_items(events))
    assert _partition(stories) == _partition(
        cluster_items(_items(events), ClusterConfig(split_bar=0))
    )
    takeovers = _items(_takeovers())
    alone = cluster_items(_items(events) + [i for i in takeovers if i.id.startswith("ati")])
    assert ATI_IDS in _partition(alone)


def test_with_the_split_off_no_story_keeps_members_for_it(events: list[dict[str, Any]]) -> None:
    config = ClusterConfig(split_bar=0)
    engine = StoryEngine(config)
    for item in sorted(prepare_all(_items(events), config, {}), key=lambda p: p.order_key):
        engine.add(item)
    assert engine.stories and all(not s.kept and not s.whole for s in engine.stories.values())
    on = StoryEngine(ClusterConfig())
    for item in sorted(prepare_all(_items(events), ClusterConfig(), {}), key=lambda p: p.order_key):
        on.add(item)
    assert any(s.kept for s in on.stories.values())  # with it on, stories keep their members


def test_a_split_survives_a_checkpoint_and_the_parts_stay_apart(
    events: list[dict[str, Any]],
) -> None:
    config = ClusterConfig()
    items = _items(events + _takeovers())
    prepared = sorted(prepare_all(items, config, {}), key=lambda p: p.order_key)
    whole = _partition(cluster_items(items, config))
    for cut_at in (len(events) + 3, len(events) + 8, len(events) + 11):
        engine = StoryEngine(config)
        first = [engine.add(p) for p in prepared[:cut_at]]
        state = json.loads(json.dumps(engine.to_json()))  # as the store keeps it
        resumed = StoryEngine.from_json(config, state)
        rest = [resumed.add(p) for p in prepared[cut_at:]]
        assert _partition(stories_from(resumed, first + rest)) == whole
    # A report on both deals bridges the parts; they do not merge back.
    both = replace(
        items[-1],  # a takeover report: no headline
        id="both",
        text=ATI[0] + " " + SEAMICRO[0],
        published="2024-03-11T23:00:00",
    )
    after = _partition(cluster_items([*items, both], config))
    assert not any(s >= ATI_IDS | SEAMICRO_IDS for s in after)


def test_a_store_clustered_in_two_halves_equals_one_run(
    tmp_path: Path, events: list[dict[str, Any]]
) -> None:
    records = sorted(events + _takeovers(), key=lambda r: str(r["published"]))
    with Store.open(tmp_path / "once.db") as once:
        _ingest(once, records, tmp_path, "all")
        cluster_store(once)
        expected = _stored(once)
    half = len(events) + 9  # the split comes with the 10th takeover report, in the second run
    with Store.open(tmp_path / "halves.db") as halves:
        _ingest(halves, records[:half], tmp_path, "first")
        assert cluster_store(halves).events == []
        _ingest(halves, records[half:], tmp_path, "second")
        report = cluster_store(halves)
        assert _stored(halves) == expected
        assert "split" in [e.kind for e in report.events]
        assert _takeover_stories(set(_stored(halves).values())) == {ATI_IDS, SEAMICRO_IDS}
        for story in list_stories(halves):  # the store's views agree with the membership
            detail = story_detail(halves, story["id"])
            assert [a["id"] for a in detail["articles"]] == story["article_ids"]
            assert story["size"] == len(story["article_ids"])


def _ingest(store: Store, records: list[dict[str, Any]], folder: Path, name: str) -> None:
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    pipeline.ingest(store, [str(path)])


def _stored(store: Store) -> dict[str, frozenset[str]]:
    return {s["id"]: frozenset(s["article_ids"]) for s in list_stories(store)}


# Cosines of TF-IDF rows: a nonzero one is a sum of products of weights far above 1e-100, never
# subnormal. A subnormal one (below 2.2e-308) made a part's association so small that its
# reciprocal in the normalised cut overflowed (a RuntimeWarning): an input the engine never gives.
SIMILARITIES = st.floats(0.0, 1.0, allow_subnormal=False)


@settings(max_examples=30, deadline=None)
@given(st.lists(SIMILARITIES, min_size=15, max_size=15))
def test_the_lowest_cut_parts_every_member_once(upper: list[float]) -> None:
    sim = np.zeros((6, 6))
    sim[np.triu_indices(6, 1)] = upper
    sim = sim + sim.T
    cut, a, b = lowest_cut(sim)
    assert sorted(a + b) == list(range(6))
    assert not cut < 0


_ROWS = st.lists(
    st.dictionaries(
        st.sampled_from([f"k{i}" for i in range(12)]),
        st.floats(0.0, 1.0, allow_subnormal=False),
        max_size=8,
    ),
    min_size=1,
    max_size=9,
)


@settings(max_examples=60, deadline=None)
@given(_ROWS)
def test_row_products_equal_the_plain_sums_to_the_bit(rows: list[dict[str, float]]) -> None:
    # The split check's cosines come from numpy now: the same floats as Python's own sums,
    # so the same cuts (a last-bit difference could move a member across a cut).
    sim = row_products(rows)
    for i, a in enumerate(rows):
        assert sim[i, i] == 0.0
        for j in range(i + 1, len(rows)):
            plain = sum(w * rows[j].get(k, 0.0) for k, w in a.items())
            assert sim[i, j] == plain and sim[j, i] == plain


def test_corpus_mode_cuts_as_store_mode_does(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    records = events + _takeovers()
    feed = tmp_path / "in.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    cluster_corpus(plan_partitions([str(feed)]), str(tmp_path / "w"), str(tmp_path / "out"))
    corpus: dict[str, set[str]] = {}
    for path in sorted((tmp_path / "out").glob("part-*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                corpus.setdefault(record["story"], set()).add(record["id"])
    with Store.open(tmp_path / "store.db") as store:
        _ingest(store, records, tmp_path, "all")
        cluster_store(store)
        stored = _stored(store)
    assert {k: frozenset(v) for k, v in corpus.items()} == stored
    assert _takeover_stories(set(stored.values())) == {ATI_IDS, SEAMICRO_IDS}


def test_a_cut_story_leaves_no_key_pointing_at_what_it_no_longer_holds(
    events: list[dict[str, Any]],
) -> None:
    # Keys left behind by a cut kept pointing at the story: once it merged away, retrieving
    # them looked up a story that no longer existed (KeyError, seen on ECB+ train).
    config = ClusterConfig()
    engine = StoryEngine(config)
    for item in sorted(
        prepare_all(_items(events + _takeovers()), config, {}), key=lambda p: p.order_key
    ):
        engine.add(item)
    assert any(s.apart for s in engine.stories.values())  # the takeovers were cut
    postings = engine._index._keys  # the live index, read directly: no public view of it
    for key, ids in postings.items():
        for story_id in ids:
            assert key in engine.stories[story_id].signature, (key, story_id)
