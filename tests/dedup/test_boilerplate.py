"""Closing lines that many unrelated texts share are not evidence of a copy (corpus mode)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup import boilerplate
from storyline.dedup.boilerplate import (
    ClosingLines,
    boilerplate_shingles,
    closing_lines,
    relatedness,
)
from storyline.dedup.corpus import CorpusOptions, dedup_corpus
from storyline.dedup.engine import DedupConfig, Deduplicator
from storyline.dedup.sketch import sketch
from support import corpus_gen

FOOTER = (
    "Copyright 2017 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.\n"
    "The Associated Press is an independent global news organization dedicated to factual "
    "reporting since 1846."
)
BRIEFS = [
    "WASHINGTON (AP) — The Senate voted 52-48 on Tuesday to confirm the nominee for the appeals "
    "court after a long debate over judicial vacancies.",
    "MIAMI (AP) — Hurricane forecasters said Tuesday that a tropical storm in the Atlantic could "
    "strengthen into a hurricane by the weekend.",
    "DENVER (AP) — A wildfire burning in the foothills west of the city forced the evacuation of "
    "hundreds of homes on Tuesday night.",
    "CHICAGO (AP) — The city council approved a new budget on Wednesday that raises property "
    "taxes to pay for police and firefighter pensions.",
    "PHOENIX (AP) — Temperatures climbed to 118 degrees on Monday, breaking a record set in 1990, "
    "as a heat wave gripped the desert Southwest.",
]
BOEING = (
    "SEATTLE (AP) — Boeing said Wednesday it will cut 3,000 jobs at its commercial airplanes unit "
    "as orders for its jets slowed this year. The company said most of the cuts would come "
    "through buyouts."
)


def _write(path: Path, texts: list[str]) -> Path:
    with path.open("w") as out:
        for i, text in enumerate(texts):
            out.write(json.dumps({"id": f"r{i}", "text": text, "date": f"2017-09-{i + 1:02d}"}))
            out.write("\n")
    return path


def test_a_shared_wire_footer_makes_no_duplicates_and_drops_nothing(tmp_path: Path) -> None:
    texts = [f"{b}\n{FOOTER}" for b in BRIEFS]
    texts += [f"{BOEING}\n{FOOTER}", f"{BOEING}\nSign up for our newsletter today!\n{FOOTER}"]
    source = _write(tmp_path / "ap.jsonl", texts)
    report = dedup_corpus(
        [str(source)],
        str(tmp_path / "out.jsonl"),
        DedupConfig(),
        CorpusOptions(drop_duplicates=True),
    )
    kept = [json.loads(line)["id"] for line in (tmp_path / "out.jsonl").open()]
    assert kept == ["r0", "r1", "r2", "r3", "r4", "r5"]  # every brief kept, the repost dropped
    assert report.duplicates == 1 and report.boilerplate_lines == 2


def test_the_footer_pair_alone_is_not_enough_to_call_it_boilerplate(tmp_path: Path) -> None:
    # two texts cannot tell a footer from a shared article: evidence needs min_docs texts
    lines = ClosingLines()
    for doc, brief in enumerate(BRIEFS[:2]):
        lines.add(f"{brief}\n{FOOTER}", doc)
    assert list(lines.frequent()) == []


def test_copies_keep_their_shared_closing_lines() -> None:
    body = [
        "The bridge over the river will close for repairs from Monday, the council said.",
        "Engineers found cracks in two of its steel supports during an inspection in May.",
        "Traffic will be sent through the harbour tunnel, adding about ten minutes a trip.",
    ]
    texts = [
        "\n".join(body),
        "Local News | Weather | Sport\n" + "\n".join(body),
        "\n".join(body) + "\nFollow us for more updates.",
        "Breaking:\n" + "\n".join(body).replace("ten minutes", "10 minutes"),
    ]
    lines = ClosingLines()
    for doc, text in enumerate(texts):
        lines.add(text, doc)
    sk = sketch(texts, ngram=3, num_perm=16, anchor_rate=1)

    def doc_sets(docs: list[int]) -> dict[int, np.ndarray]:
        return {d: sk.sets[sk.set_offsets[d] : sk.set_offsets[d + 1]] for d in docs}

    ignore, count = boilerplate_shingles(lines, doc_sets, ngram=3)
    assert count == 0 and len(ignore) == 0


def test_counts_merged_by_parts_equal_one_stream() -> None:
    texts = [f"{b}\n{FOOTER}" for b in BRIEFS] * 2
    whole, first, second = ClosingLines(), ClosingLines(), ClosingLines()
    for doc, text in enumerate(texts):
        whole.add(text, doc)
        (first if doc < 4 else second).add(text, doc if doc < 4 else doc - 4)
    merged = first.merge(second, offset=4)
    assert sorted((e.text, e.docs, e.sample) for e in merged.frequent()) == sorted(
        (e.text, e.docs, e.sample) for e in whole.frequent()
    )


def test_closing_line_counts_stay_within_capacity_when_copies_share_their_lines() -> None:
    # every article's closing lines close its copy too: none is seen once, yet the table must
    # still make room, or a footer a site starts using later is dropped on every arrival
    # (and the whole table was rebuilt for every later text)
    from storyline.dedup.boilerplate import BoilerplateRule, ClosingLines

    lines = ClosingLines(BoilerplateRule(capacity=60, min_docs=1))
    for doc in range(2000):
        tail = "\n".join(f"Paragraph {k} of story {doc // 2}." for k in range(5))
        footer = "\nCopyright Wire Service." if doc >= 1000 else ""
        lines.add(f"Headline {doc}\n{tail}{footer}", doc)
    tracked = [line.text for line in lines.frequent()]
    assert len(tracked) <= 60
    assert "copyright wire service." in tracked


_LINE_CHARS = st.sampled_from(
    [*"ab Z\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\xa0\u3000", "\r\n", "  ", "É", "ß"]
)


def _closing_lines_by_definition(text: str, tail: int) -> set[str]:
    lines = [line for line in text.splitlines()[1:] if line.strip()]
    return {" ".join(line.split()).lower() for line in lines[-tail:]}


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE_CHARS, max_size=60).map("".join), st.integers(0, 8))
def test_closing_lines_scanned_from_the_end_equal_the_definition(text: str, tail: int) -> None:
    assert closing_lines(text, tail) == _closing_lines_by_definition(text, tail)


def _relatedness_by_definition(sets: list[np.ndarray]) -> float:
    scores = []
    for a, b in itertools.combinations(sets, 2):
        small = min(len(a), len(b))
        shared = len(np.intersect1d(a, b, assume_unique=True)) if small else 0
        scores.append(shared / small if small else 1.0)
    return float(np.percentile(scores, 75)) if scores else 1.0


_SETS = st.lists(
    st.sets(st.integers(0, 40), max_size=25).map(lambda s: np.array(sorted(s), dtype=np.uint32)),
    min_size=1,
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(_SETS, st.lists(st.lists(st.integers(0, 7), max_size=6), max_size=12))
def test_relatedness_of_all_samples_at_once_equals_pair_by_pair(
    sets: list[np.ndarray], picks: list[list[int]]
) -> None:
    samples = [[i % len(sets) for i in pick] for pick in picks]
    offsets = np.zeros(len(sets) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in sets], out=offsets[1:])
    got = relatedness(samples, np.concatenate(sets), offsets)
    want = [_relatedness_by_definition([sets[i] for i in sample]) for sample in samples]
    assert got.tolist() == want


def test_lines_judged_in_small_chunks_equal_one_chunk() -> None:
    texts = [record["text"] for record in corpus_gen().generate(3000, seed=1)]
    dedup = Deduplicator()
    dedup.add(texts)
    lines = ClosingLines()
    for doc, text in enumerate(texts):
        lines.add(text, doc)
    corpus = dedup.sketches()
    results = []
    for chunk in (1 << 30, 3):
        with mock.patch.object(boilerplate, "_LINES", chunk):
            results.append(boilerplate_shingles(lines, corpus.doc_sets, ngram=3))
    assert results[0][1] > 0
    assert results[0][1] == results[1][1]
    assert np.array_equal(results[0][0], results[1][0])
