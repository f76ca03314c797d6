"""Checkpoints: stored in pieces, read back whole, pruned together, bounded per piece."""

from __future__ import annotations

import json
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.store import Store
from storyline.store import checkpoints as state_sql


def state(stories: int, archived: int = 0) -> dict[str, Any]:
    """Build an engine-shaped state: small fields beside two long lists."""
    return {
        "docs": stories,
        "df": {"quake": 3, "@dunmore": 2},
        "stories": [{"id": f"s{i}", "sums": [{"quake": i}]} for i in range(stories)],
        "archive": [{"id": f"a{i}"} for i in range(archived)],
        "now": 1.5,
        "last_key": "2024-01-01T00:00:00|x",
    }


def pieces(store: Store) -> list[tuple[str, int]]:
    rows = store.conn.execute("SELECT after_key, n FROM cluster_checkpoint_parts ORDER BY 1, 2")
    return [(r[0], r[1]) for r in rows]


def test_long_lists_are_stored_in_chunks_and_read_back_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state_sql, "CHECKPOINT_CHUNK", 3)
    saved = state(7, archived=2)
    state_sql.save_checkpoint(store.conn, "k1", "cfg", saved)
    assert pieces(store) == [("k1", n) for n in range(4)]  # 3 + 3 + 1 stories, 2 archived
    head = store.conn.execute("SELECT state FROM cluster_checkpoints").fetchone()[0]
    assert json.loads(zlib.decompress(head))["stories"] == []  # the lists are not inline
    assert state_sql.checkpoint_before(store.conn, "k2", "cfg") == ("k1", saved)
    assert state_sql.checkpoint_before(store.conn, "k1", "cfg") is None  # ends before key only
    assert state_sql.checkpoint_before(store.conn, "k2", "other") is None


def test_saving_again_replaces_the_pieces(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_sql, "CHECKPOINT_CHUNK", 2)
    state_sql.save_checkpoint(store.conn, "k1", "cfg", state(6))
    state_sql.save_checkpoint(store.conn, "k1", "cfg", state(1))
    assert pieces(store) == [("k1", 0)]
    assert state_sql.checkpoint_before(store.conn, "k2", "cfg") == ("k1", state(1))


def test_dropped_checkpoints_take_their_pieces(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state_sql, "CHECKPOINT_CHUNK", 2)
    for k in range(6):
        state_sql.save_checkpoint(store.conn, f"k{k}", "cfg" if k else "old", state(3))
    assert state_sql.checkpoint_keys(store.conn, "cfg") == [f"k{k}" for k in range(1, 6)]
    state_sql.keep_checkpoints(store.conn, {"k2", "k4", "k5"})
    assert {key for key, _ in pieces(store)} == {"k2", "k4", "k5"}
    state_sql.drop_checkpoints_from(store.conn, "k3")
    assert {key for key, _ in pieces(store)} == {"k2"}
    assert not state_sql.has_checkpoint(store.conn, "cfg", before="k2")
    assert state_sql.has_checkpoint(store.conn, "cfg")
    assert not state_sql.has_checkpoint(store.conn, "old")


def test_a_checkpoint_from_before_pieces_still_reads(store: Store) -> None:
    whole = state(5, archived=1)  # written inline, in one blob, as version 0007 stores did
    blob = zlib.compress(json.dumps(whole).encode("utf-8"))
    store.conn.execute(
        "INSERT INTO cluster_checkpoints (after_key, config, state, created_at) "
        "VALUES ('k1', 'cfg', ?, 'now')",
        (blob,),
    )
    assert state_sql.checkpoint_before(store.conn, "k2", "cfg") == ("k1", whole)


def test_the_bound_applies_to_each_piece_not_to_the_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state_sql, "CHECKPOINT_CHUNK", 10)
    saved = state(200)
    state_sql.save_checkpoint(store.conn, "k1", "cfg", saved)
    whole = len(json.dumps(saved, separators=(",", ":")))
    largest = max(
        len(zlib.decompress(blob))
        for (blob,) in store.conn.execute("SELECT state FROM cluster_checkpoint_parts")
    )
    monkeypatch.setattr(state_sql, "MAX_STATE_BYTES", largest + 1)
    assert whole > largest + 1
    assert state_sql.checkpoint_before(store.conn, "k2", "cfg") == ("k1", saved)
    monkeypatch.setattr(state_sql, "MAX_STATE_BYTES", largest - 1)  # one piece too large
    assert state_sql.checkpoint_before(store.conn, "k2", "cfg") is None


# What an engine state holds: 64-bit integers (weights, counts), finite floats (times), text.
json_leaf = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.none(),
)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    small=st.dictionaries(st.text(max_size=4), json_leaf, max_size=4),
    lists=st.dictionaries(st.text(min_size=1, max_size=4), st.lists(json_leaf), max_size=3),
    chunk=st.integers(min_value=1, max_value=4),
)
def test_any_state_round_trips(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    small: dict[str, Any],
    lists: dict[str, list[Any]],
    chunk: int,
) -> None:
    monkeypatch.setattr(state_sql, "CHECKPOINT_CHUNK", chunk)
    saved = {**small, **lists}
    with store.transaction():
        state_sql.save_checkpoint(store.conn, "k1", "cfg", saved)
    assert state_sql.checkpoint_before(store.conn, "k2", "cfg") == ("k1", saved)


def test_a_later_checkpoint_reuses_the_pieces_that_did_not_change(store: Store) -> None:
    """Pieces are cut by story id, so one changed story re-packs its piece only."""
    packer = state_sql.Packer()
    first = state(3000, archived=600)
    before = packer.pack(first)
    later = json.loads(json.dumps(first))
    later["stories"][1500]["sums"] = [{"quake": -1}]
    del later["stories"][10]  # a story gone early in the list shifts no later piece
    after = packer.pack(later)
    old = {blob for _, blob in before.parts}
    reused = [blob in old for _, blob in after.parts]
    assert len(after.parts) > 4 and sum(reused) >= len(reused) - 2
    with store.transaction():
        state_sql.save_packed(store.conn, "k1", "cfg", after)
    assert state_sql.checkpoint_before(store.conn, "k2", "cfg") == ("k1", later)


def test_spilled_checkpoints_come_back_as_packed_and_store_alike(store: Store) -> None:
    """A run's day checkpoints wait in a temporary file; each piece is written there once."""
    packer = state_sql.Packer()
    first = state(3000, archived=600)
    later = json.loads(json.dumps(first))
    later["stories"][1500]["sums"] = [{"quake": -1}]
    packed = [("k1", packer.pack(first)), ("k2", packer.pack(later))]
    with state_sql.Spill() as spill:
        for saved in packed:
            spill.append(saved)
        back = list(spill)
        size = spill.bytes_written
        assert back == packed and len(spill) == 2
        with store.transaction():
            for key, checkpoint in spill:
                state_sql.save_packed(store.conn, key, "cfg", checkpoint)
    distinct = {blob for _, p in packed for blob in (p.head, *(b for _, b in p.parts))}
    assert size == sum(len(blob) for blob in distinct)
    assert state_sql.checkpoint_before(store.conn, "k2", "cfg") == ("k1", first)
    assert state_sql.checkpoint_before(store.conn, "k3", "cfg") == ("k2", later)


def test_pieces_are_never_longer_than_the_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(state_sql, "CHECKPOINT_CHUNK", 7)
    packed = state_sql.pack_checkpoint(state(100))
    assert all(len(json.loads(zlib.decompress(blob))) <= 7 for _, blob in packed.parts)
