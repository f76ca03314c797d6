"""Dedup inside the pipeline: the persistent index, groups, an article's duplicates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from storyline import pipeline
from storyline.dedup.index import DedupIndex
from storyline.dedup.stage import article_duplicates, dedup_store
from storyline.models import Article
from storyline.store import Store
from support import FIXTURES, SEED_IDS, store_articles


def put(store: Store, articles: dict[str, str], published: str | None = None) -> None:
    store_articles(
        store,
        *(
            Article(id=aid, text=text, published=published, content_hash=str(hash(text)))
            for aid, text in articles.items()
        ),
    )


def test_seeds_000_and_001_are_one_group_002_and_004_alone(store: Store) -> None:
    pipeline.ingest(store, [str(FIXTURES / "seeds")])
    pipeline.clean(store)
    report = dedup_store(store)
    assert report.indexed == 4 and report.groups == 1 and report.duplicates == 1
    dups = {aid: article_duplicates(store, aid) for aid in SEED_IDS}
    assert [d["id"] for d in dups[SEED_IDS[1]]] == [SEED_IDS[0]]
    assert dups[SEED_IDS[2]] == [] and dups[SEED_IDS[3]] == []
    evidence = dups[SEED_IDS[1]][0]
    assert evidence["containment_of"] > 0.9  # 000 is inside 001
    assert 0 <= evidence["jaccard"] <= min(evidence["containment_in"], evidence["containment_of"])
    assert evidence["shared_passages"]
    groups = store.duplicate_groups()
    assert groups[SEED_IDS[0]] == groups[SEED_IDS[1]] and SEED_IDS[2] not in groups


def test_raw_seed_001_contains_000_thanks_to_containment(store: Store) -> None:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "seeds").glob("*"))}
    put(store, texts)
    dedup_store(store)
    evidence = article_duplicates(store, SEED_IDS[1])
    assert [d["id"] for d in evidence] == [SEED_IDS[0]]
    assert evidence[0]["containment_of"] > 0.9 and evidence[0]["jaccard"] < 0.5


def test_template_reports_of_two_events_form_no_group(
    store: Store, template_reports: list[str]
) -> None:
    first, second, cut = template_reports
    put(store, {"first": first, "second": second}, published="2024-01-01")
    assert dedup_store(store).groups == 0
    put(store, {"cut": cut}, published="2024-01-02")  # checked against the index
    assert dedup_store(store).groups == 1
    groups = store.duplicate_groups()
    assert groups["first"] == groups["cut"] and "second" not in groups


def test_new_articles_are_checked_incrementally_against_the_index(
    store: Store, original: str, copies: dict[str, str], make_article: Callable[..., str]
) -> None:
    put(store, {"a": original, "b": make_article(2)}, published="2024-01-02")
    first = dedup_store(store)
    assert first.indexed == 2 and first.groups == 0
    put(store, {"c": copies["appended"], "d": copies["spun"]}, published="2024-01-01")
    second = dedup_store(store)
    assert second.indexed == 2 and second.groups == 1 and second.duplicates == 2
    groups = store.duplicate_groups()
    assert groups == {"a": "c", "c": "c", "d": "c"}  # the earliest published is kept
    assert dedup_store(store).indexed == 0  # nothing new: nothing recomputed


def test_a_new_version_replaces_the_old_one_in_the_index(
    store: Store, original: str, make_article: Callable[..., str]
) -> None:
    put(store, {"a": original, "b": original})
    dedup_store(store)
    assert store.duplicate_groups() == {"a": "a", "b": "a"}
    put(store, {"b": make_article(5)})
    dedup_store(store)
    assert store.duplicate_groups() == {}
    assert article_duplicates(store, "a") == []


def test_index_add_returns_verified_matches_with_evidence(
    tmp_path: Path, original: str, copies: dict[str, str]
) -> None:
    with Store.open(tmp_path / "x.db") as store:
        put(store, {"a": original, "b": copies["boilerplate"]})
        docs = [store.article_doc("a"), store.article_doc("b")]
        with store.transaction():
            matches = DedupIndex(store.conn).add(docs, [original, copies["boilerplate"]])
    assert len(matches) == 1
    m = matches[0]
    assert (m.doc, m.other) == (min(docs), max(docs)) and m.kind == 2
    assert m.shared == m.doc_size and 0 < m.estimate <= 1
