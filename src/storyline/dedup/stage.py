"""The dedup stage of the pipeline: index new articles, regroup, explain an article's copies."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from itertools import groupby
from operator import itemgetter
from typing import Any

import numpy as np

from storyline.dates import sort_key
from storyline.dedup.engine import DedupConfig
from storyline.dedup.explain import shared_passages
from storyline.dedup.index import DedupIndex
from storyline.dedup.links import STRONG, cluster, confirm
from storyline.dedup.prepare import SketchJob, join, prepare_part
from storyline.dedup.spam import StoreSpam
from storyline.dedup.tokens import I64
from storyline.dedup.verify import PairEvidence
from storyline.errors import NotFoundError
from storyline.store import Store
from storyline.store import dedup as sql
from storyline.workers import worker_pool

# Articles sketched per transaction. A batch re-checks the pairs its new passages change, so
# fewer, larger batches re-check less (20k raw: 32.5 -> 23.3 CPU s, same groups, 399 MB peak).
BATCH = 5000
# A batch is sketched in parts of this many texts, spread over the workers; a batch's parts and
# the next batch's are in flight while this process stores one.
PART = 1250
_AHEAD = 2 * -(-BATCH // PART)
_FINGERPRINT = (
    "ngram",
    "num_perm",
    "bands",
    "anchor_rate",
    "threshold",
    "strong",
    "mutual",
    "names",
    "store",  # 2: spam passages left out, every candidate kept, members confirmed
)
_STORE_VERSION = 2


@dataclass
class DedupReport:
    """What one dedup run did."""

    indexed: int = 0  # article versions sketched and checked in this run
    empty: int = 0  # of them, without any word
    short: int = 0  # of them, shorter than the shingle size: exact matches only
    pairs: int = 0  # links among the pairs verified in this run (new and re-checked)
    groups: int = 0  # duplicate groups (two or more articles) after the run
    duplicates: int = 0  # articles that are not the kept one of their group

    def summary(self) -> str:
        """Render the one-line summary."""
        return (
            f"dedup: indexed {self.indexed} (empty {self.empty}, short {self.short}), "
            f"links {self.pairs}, groups {self.groups}, duplicates {self.duplicates}"
        )


def dedup_store(
    store: Store,
    config: DedupConfig | None = None,
    *,
    workers: int | None = None,
    tick: Callable[[int], None] = lambda _: None,
) -> DedupReport:
    """Check every article not indexed yet against the index, then regroup all articles.

    workers: processes sketching the texts (None: workers.default_workers()); the index is
    written here, batch after batch, the same whatever the number of workers.
    """
    config = (config or DedupConfig()).check()
    report = DedupReport()
    settings = {**asdict(config), "store": _STORE_VERSION}
    fingerprint = json.dumps({k: settings[k] for k in _FINGERPRINT}, sort_keys=True)
    with store.transaction():
        if sql.get_state(store.conn, "config") != fingerprint:
            sql.reset(store.conn)  # sketches made with other settings cannot be compared
            sql.set_state(store.conn, "config", fingerprint)
        spam = StoreSpam(store.conn, config)
        index = DedupIndex(store.conn, config, spam=spam)
        # the groups of the anchors that stale versions held lose a holder
        index.drop_stale()
    with worker_pool(workers) as pool:
        # The workers sketch the next batch's parts while this process probes and stores one.
        parts = pool.map(prepare_part, _jobs(store, config), ahead=_AHEAD)
        for _, batch in groupby(parts, key=itemgetter(0)):
            done = list(batch)
            docs = [d for _, part, _ in done for d in part]
            with store.transaction():
                index.index_prepared(docs, join([p for _, _, p in done]))
            report.indexed += len(docs)
            tick(len(docs))
    with store.transaction():
        # the run's pairs, verified once with the passages of all its batches (and those an
        # interrupted run left pending)
        report.pairs = index.settle()
        report.groups, report.duplicates = regroup(store, index)
    return report


def _jobs(store: Store, config: DedupConfig) -> Iterator[SketchJob]:
    """Yield the parts of every batch of unsketched articles, numbered by batch."""
    last = 0
    number = 0
    # Page by the last doc sketched: each batch reads its rows, not every unsketched one again.
    # (Rows past `last` are read ahead of the batches being stored: those write no such rows.)
    while rows := sql.unsketched(store.conn, BATCH, after=last):
        last = rows[-1][0]
        for start in range(0, len(rows), PART):
            part = rows[start : start + PART]
            yield number, [d for d, _, _ in part], [t for _, _, t in part], config
        number += 1


def regroup(store: Store, index: DedupIndex | None = None) -> tuple[int, int]:
    """Recompute the duplicate groups of the current articles; return (groups, duplicates).

    The kind of each stored pair (strong or weak link) was decided when it was verified;
    every member is then confirmed against its group's first article, as in corpus mode
    (links.confirm), from cached checks where the store has them.
    """
    index = index or DedupIndex(store.conn)
    articles = sql.current_articles(store.conn)
    docs = [doc for doc, _, _ in articles]
    rows, ev = _links(store, np.array(docs, dtype=np.int64))
    strong = rows[:, 5] == STRONG
    labels, used = cluster(len(articles), ev.take(strong), ev.take(~strong))
    order = np.concatenate([np.flatnonzero(strong), np.flatnonzero(~strong)[used]])
    labels, _ = confirm(
        labels, ev.left[order], ev.right[order], index.config.rule, index.checker(docs)
    )
    kept = _kept(articles, labels)
    groups = [
        (aid, doc, articles[kept[lab]][1], int(kept[lab] != i))
        for i, ((doc, aid, _), lab) in enumerate(zip(articles, labels.tolist(), strict=False))
    ]
    inside = order[labels[ev.left[order]] == labels[ev.right[order]]]
    linked = zip(rows[inside, 0].tolist(), rows[inside, 1].tolist(), strict=True)
    sql.save_groups(store.conn, groups, linked)
    sizes = np.bincount(labels, minlength=len(articles))
    return int((sizes > 1).sum()), int(len(articles) - (sizes > 0).sum())


def _links(store: Store, docs: I64) -> tuple[I64, PairEvidence]:
    """Return the stored links among docs (ascending) as rows and as evidence by position."""
    rows = np.array(sql.current_pairs(store.conn), dtype=np.int64).reshape(-1, 6)
    at = np.searchsorted(docs, rows[:, :2])
    hit = at < len(docs)
    hit[hit] = docs[at[hit]] == rows[:, :2][hit]
    keep = hit.all(axis=1)  # both current
    rows, at = rows[keep], at[keep]
    ev = PairEvidence(at[:, 0], at[:, 1], rows[:, 2], rows[:, 3], rows[:, 4])
    return rows, ev


def _kept(articles: list[tuple[int, str, str | None]], labels: np.ndarray) -> dict[int, int]:
    """Pick each group's kept article: the earliest published, then the first stored."""
    best: dict[int, tuple[str, int]] = {}
    for i, ((_, _, published), lab) in enumerate(zip(articles, labels.tolist(), strict=False)):
        key = (sort_key(published), i)  # in UTC, undated last
        if lab not in best or key < best[lab]:
            best[lab] = key
    return {lab: key[1] for lab, key in best.items()}


def article_duplicates(store: Store, article_id: str) -> list[dict[str, Any]]:
    """Return an article's duplicates with their evidence and shared passages."""
    doc = store.article_doc(article_id)
    if doc is None:
        raise NotFoundError(
            f"no article with id {article_id!r}: list ids with `storyline articles`"
        )
    links = sql.links_of(store.conn, doc)
    if not links:
        return []
    bodies = sql.texts(store.conn, [doc, *(int(link["peer"]) for link in links)])
    out = []
    for link in links:
        shared, size, peer = int(link["shared"]), int(link["size"]), int(link["peer_size"])
        union = size + peer - shared
        out.append(
            {
                "id": link["peer_id"],
                "jaccard": round(shared / union, 4) if union else 1.0,
                "jaccard_estimate": round(float(link["estimate"]), 4),
                "containment_in": round(shared / size, 4) if size else 1.0,
                "containment_of": round(shared / peer, 4) if peer else 1.0,
                "shared_shingles": shared,
                "shared_passages": [
                    p.as_dict()
                    for p in shared_passages(bodies.get(doc, ""), bodies.get(int(link["peer"]), ""))
                ],
            }
        )
    out.sort(key=lambda d: (-max(d["containment_in"], d["containment_of"]), d["id"]))
    return out
