"""SQL for the clustering engine's own state: checkpoints (stored in pieces) and settings."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from storyline.store.articles import now

MAX_STATE_BYTES = 512 * 1024 * 1024  # refuse to inflate a stored piece of state larger than this
CHECKPOINT_CHUNK = 2000  # stories per stored piece at most: a few MB, however busy the feed
CUT_EVERY = 256  # on average a piece ends after one story in this many (see _chunks)


def save_checkpoint(
    conn: sqlite3.Connection, after_key: str, config: str, state: dict[str, Any]
) -> None:
    """Store an engine state in pieces (replacing any checkpoint at after_key).

    The state's lists (open and archived stories) grow with the feed; stored whole, a busy
    feed's checkpoint outgrew what may be inflated and every run replayed everything.
    """
    save_packed(conn, after_key, config, pack_checkpoint(state))


@dataclass(frozen=True)
class PackedCheckpoint:
    """An engine state packed for storing: taken now, written later under the write lock."""

    head: bytes
    parts: tuple[tuple[str, bytes], ...]
    digests: tuple[bytes, ...]  # of each part's JSON: a Spill keeps equal parts once by them


def pack_checkpoint(state: dict[str, Any]) -> PackedCheckpoint:
    """Pack an engine state into its stored pieces (a snapshot: the engine may go on)."""
    return Packer().pack(state)


class Packer:
    """Pack engine states one after another, compressing only the pieces that changed.

    A run checkpoints at the end of each day it keeps; most stories (the quiet ones, the
    dormant ones) are the same as at the checkpoint before. Pieces are cut where an item's id
    says so, not by position, so a story added or dropped elsewhere does not shift them; a
    piece whose JSON is byte for byte the last one's keeps its compressed bytes.
    """

    def __init__(self) -> None:
        self._last: dict[bytes, bytes] = {}  # digest of a piece's JSON -> its compressed bytes

    def pack(self, state: dict[str, Any]) -> PackedCheckpoint:
        """Pack a state (serialised now: the engine may go on afterwards)."""
        head = {k: [] if isinstance(v, list) else v for k, v in state.items()}
        seen: dict[bytes, bytes] = {}
        parts, digests = [], []
        for field, chunk in _chunks(state):
            raw = orjson.dumps(chunk)
            digest = _digest(raw)
            blob = self._last.get(digest) or seen.get(digest) or zlib.compress(raw, 1)
            seen[digest] = blob
            parts.append((field, blob))
            digests.append(digest)
        self._last = seen  # only the last state's pieces: memory stays one checkpoint's
        return PackedCheckpoint(_pack(head), tuple(parts), tuple(digests))


_At = tuple[int, int]  # offset and length of a piece in a Spill's file
_Saved = tuple[str, _At, list[tuple[str, _At]], tuple[bytes, ...]]  # key, head, parts, digests


class Spill:
    """Packed checkpoints waiting for the write lock, kept in a temporary file, not in memory.

    A run over weeks of articles holds a checkpoint per kept day until it writes them (100k
    articles: hundreds of MB, mostly the same pieces again): each distinct piece is written
    to the file once, and read back one checkpoint at a time when stored.
    """

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
        # digest of a piece (of a part's JSON, of a head's bytes) -> its offset and length
        self._where: dict[bytes, _At] = {}
        self._saved: list[_Saved] = []

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *_: object) -> None:
        self._file.close()

    def __len__(self) -> int:
        return len(self._saved)

    @property
    def bytes_written(self) -> int:
        """Return the size of the distinct pieces written to the file."""
        return sum(length for _, length in self._where.values())

    def append(self, saved: tuple[str, PackedCheckpoint]) -> None:
        """Keep a packed checkpoint (key, state) until it is stored."""
        key, packed = saved
        parts = [
            (field, self._put(blob, digest))  # the Packer's digest: the part is not hashed again
            for (field, blob), digest in zip(packed.parts, packed.digests, strict=True)
        ]
        head = self._put(packed.head, _digest(packed.head))
        self._saved.append((key, head, parts, packed.digests))

    def __iter__(self) -> Iterator[tuple[str, PackedCheckpoint]]:
        for key, head, parts, digests in self._saved:
            pieces = tuple((field, self._get(at)) for field, at in parts)
            yield key, PackedCheckpoint(self._get(head), pieces, digests)

    def _put(self, blob: bytes, digest: bytes) -> tuple[int, int]:
        if digest not in self._where:
            self._where[digest] = (self._file.seek(0, os.SEEK_END), len(blob))
            self._file.write(blob)
        return self._where[digest]

    def _get(self, at: tuple[int, int]) -> bytes:
        self._file.seek(at[0])
        return self._file.read(at[1])


def save_packed(
    conn: sqlite3.Connection, after_key: str, config: str, packed: PackedCheckpoint
) -> None:
    """Store a packed engine state (replacing any checkpoint at after_key)."""
    conn.execute("DELETE FROM cluster_checkpoints WHERE after_key = ?", (after_key,))
    conn.execute(
        "INSERT INTO cluster_checkpoints (after_key, config, state, created_at) VALUES (?,?,?,?)",
        (after_key, config, packed.head, now()),
    )
    conn.executemany(
        "INSERT INTO cluster_checkpoint_parts (after_key, n, field, state) VALUES (?,?,?,?)",
        ((after_key, n, field, blob) for n, (field, blob) in enumerate(packed.parts)),
    )


def checkpoint_before(
    conn: sqlite3.Connection, key: str, config: str
) -> tuple[str, dict[str, Any]] | None:
    """Return the newest checkpoint built with config that ends before key.

    None when there is none, or when a piece is too large to trust.
    """
    row = conn.execute(
        "SELECT after_key, state FROM cluster_checkpoints WHERE after_key < ? AND config = ? "
        "ORDER BY after_key DESC LIMIT 1",
        (key, config),
    ).fetchone()
    state = None if row is None else _unpack(row["state"])
    if row is None or not isinstance(state, dict):
        return None
    parts = conn.execute(
        "SELECT field, state FROM cluster_checkpoint_parts WHERE after_key = ? ORDER BY n",
        (row["after_key"],),
    )
    for part in parts:
        chunk, whole = _unpack(part["state"]), state.get(part["field"])
        if not isinstance(chunk, list) or not isinstance(whole, list):
            return None  # too large, or not what save_checkpoint wrote
        whole.extend(chunk)
    return str(row["after_key"]), state


def checkpoint_keys(conn: sqlite3.Connection, config: str) -> list[str]:
    """Return the keys of the checkpoints built with config, oldest first."""
    rows = conn.execute(
        "SELECT after_key FROM cluster_checkpoints WHERE config = ? ORDER BY after_key", (config,)
    )
    return [str(row[0]) for row in rows]


def keep_checkpoints(conn: sqlite3.Connection, keys: Collection[str]) -> None:
    """Delete every checkpoint but those at keys (their pieces go with them)."""
    conn.execute(
        "DELETE FROM cluster_checkpoints WHERE after_key NOT IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(keys)),),
    )


def _chunks(state: dict[str, Any]) -> Iterator[tuple[str, list[Any]]]:
    """Cut each list of the state into runs of at most CHECKPOINT_CHUNK items.

    A run also ends after an item whose id hashes to a cut (one in CUT_EVERY): the same
    stories then fall into the same pieces from one checkpoint to the next.
    """
    for field, value in state.items():
        if not isinstance(value, list):
            continue
        run: list[Any] = []
        for item in value:
            run.append(item)
            if len(run) >= CHECKPOINT_CHUNK or _cuts_after(item):
                yield field, run
                run = []
        if run:
            yield field, run


def _cuts_after(item: Any) -> bool:
    """Tell whether a piece ends after this item (stable: a function of its id alone)."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return False
    return zlib.crc32(item["id"].encode("utf-8", "surrogatepass")) % CUT_EVERY == 0


def _digest(data: bytes) -> bytes:
    """Return the digest that tells pieces apart."""
    return hashlib.blake2b(data, digest_size=16).digest()


def _pack(value: Any) -> bytes:
    # orjson: a busy feed's state is hundreds of MB of JSON, written at every run's end.
    return zlib.compress(orjson.dumps(value), 1)


def _unpack(blob: bytes) -> Any:
    """Inflate one stored piece; None when it is larger than MAX_STATE_BYTES."""
    inflater = zlib.decompressobj()
    raw = inflater.decompress(blob, MAX_STATE_BYTES)
    return None if inflater.unconsumed_tail else orjson.loads(raw)


def get_setting(conn: sqlite3.Connection, key: str) -> str | None:
    """Return a stored clustering setting, or None."""
    row = conn.execute("SELECT value FROM cluster_settings WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row["value"])


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    """Store a clustering setting."""
    conn.execute("INSERT OR REPLACE INTO cluster_settings (key, value) VALUES (?, ?)", (key, value))


def has_checkpoint(conn: sqlite3.Connection, config: str, *, before: str | None = None) -> bool:
    """Tell whether a checkpoint built with config exists (ending before `before`, if given).

    Readable or not: with none for config, everything must be replayed.
    """
    where, params = "config = ?", [config]
    if before is not None:
        where += " AND after_key < ?"
        params.append(before)
    row = conn.execute(
        f"SELECT 1 FROM cluster_checkpoints WHERE {where} LIMIT 1", params
    ).fetchone()
    return row is not None


def drop_checkpoints_from(conn: sqlite3.Connection, key: str) -> None:
    """Delete checkpoints at or after key (they no longer describe the articles before them)."""
    conn.execute("DELETE FROM cluster_checkpoints WHERE after_key >= ?", (key,))
