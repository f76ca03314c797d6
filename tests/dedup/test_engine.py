"""The batch engine end to end: copies found, hard negatives kept apart, seeds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from storyline.dedup import DedupConfig, Deduplicator, find_duplicates
from storyline.errors import UsageError
from support import FIXTURES


def test_every_kind_of_copy_joins_its_original(
    original: str, copies: dict[str, str], make_article: Callable[..., str]
) -> None:
    article = make_article
    texts = [original, *copies.values(), article(2), article(3)]
    result = find_duplicates(texts)
    n = len(copies) + 1
    assert set(result.labels[:n].tolist()) == {0}
    assert result.labels[n] == n and result.labels[n + 1] == n + 1
    assert result.stats.clusters == 1 and result.stats.duplicates == len(copies)


def test_links_carry_exact_evidence(original: str, copies: dict[str, str]) -> None:
    result = find_duplicates([original, copies["appended"]])
    ev = result.links
    assert len(ev) == 1
    inner = ev.left_in_right[0] if ev.left[0] == 0 else ev.right_in_left[0]
    assert inner > 0.95 and ev.jaccard[0] < 0.7


def test_template_siblings_and_same_event_reports_stay_apart(
    make_article: Callable[..., str], boilerplate: tuple[str, str]
) -> None:
    article = make_article
    BOILER_HEAD, BOILER_FOOT = boilerplate
    template = "Shares of {c} rose {n} percent on {d} after the company reported results."
    texts = []
    for k, (c, n, d) in enumerate([("Acme", 3, "Monday"), ("Globex", 7, "Friday")]):
        head = " ".join(template.format(c=c, n=n, d=d) for _ in range(2))
        texts.append(f"{BOILER_HEAD}\n\n{head}\n\n{article(10 + k, 20)}\n\n{BOILER_FOOT}")
    quote = '"We will rebuild the bridge before winter," said the mayor.'
    texts += [f"{article(20, 20)} {quote}", f"{quote} {article(21, 20)}"]
    result = find_duplicates(texts)
    assert result.labels.tolist() == [0, 1, 2, 3]


def test_short_texts_match_only_exactly_and_empty_ones_never() -> None:
    result = find_duplicates(["Breaking news", "BREAKING  news!", "breaking story", "", ""])
    assert result.labels.tolist() == [0, 0, 2, 3, 4]
    assert result.stats.short == 3 and result.stats.empty == 2


def test_batches_and_threads_do_not_change_the_result(
    original: str, copies: dict[str, str], make_article: Callable[..., str]
) -> None:
    article = make_article
    texts = [article(k) for k in range(40)] + [original, *copies.values()]
    one = find_duplicates(texts, DedupConfig(batch_size=1000, workers=1))
    many = Deduplicator(DedupConfig(batch_size=7, workers=3))
    for start in range(0, len(texts), 7):
        many.add(texts[start : start + 7])
    assert np.array_equal(one.labels, many.finish().labels)


def test_batches_submitted_in_flight_are_kept_in_order(
    original: str, copies: dict[str, str], make_article: Callable[..., str]
) -> None:
    texts = [make_article(k) for k in range(30)] + [original, *copies.values()]
    one = find_duplicates(texts, DedupConfig(workers=1))
    for workers in (1, 2):
        flying = Deduplicator(DedupConfig(workers=workers))
        for start in range(0, len(texts), 5):
            flying.submit(texts[start : start + 5])
        assert len(flying) == len(texts)
        result = flying.finish()
        assert np.array_equal(one.labels, result.labels)
        assert np.array_equal(one.words, result.words)


def test_bad_settings_are_refused_with_the_setting_named() -> None:
    with pytest.raises(UsageError, match="num-perm"):
        DedupConfig(num_perm=100).check()
    with pytest.raises(UsageError, match="threshold"):
        DedupConfig(threshold=0).check()


@pytest.mark.parametrize("folder", [FIXTURES / "seeds"])
def test_seeds_on_raw_text(folder: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    result = find_duplicates(texts)  # 000, 001, 002, 004: raw, boilerplate and all
    assert result.labels.tolist() == [0, 0, 2, 3]
    ev = result.links
    assert ev.left_in_right[0] > 0.9  # 000 is inside 001


def test_automated_reports_of_two_events_are_not_copies_of_each_other(
    template_reports: list[str],
) -> None:
    # two shootings told in one template's stock sentences, and a cut copy of the first
    assert find_duplicates(template_reports).labels.tolist() == [0, 1, 0]
    # without the names rule, the stock sentences alone make them one cluster
    labels = find_duplicates(template_reports, DedupConfig(names=0.0)).labels
    assert labels.tolist() == [0, 0, 0]
