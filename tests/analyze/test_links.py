"""Matching once per kind of sentence gives what comparing every pair of sentences gave."""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from storyline.analyze.align import AlignConfig, Alignment, Match, align, coverage, normalise
from storyline.analyze.stem_matrix import above_diagonal, stem_matrices


def _old_matches(al: Alignment) -> list[Match]:
    """Match every pair of sentences as align did before kinds (exact, then fuzzy, paraphrase)."""
    config, sentences, stems = al.config, al.sentences, al.stems
    keys = [normalise(s.text) for s in sentences]
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        if key:
            by_key[key].append(i)
    found = [
        Match(i, j, "exact", 1.0)
        for members in by_key.values()
        for a, i in enumerate(members)
        for j in members[a + 1 :]
        if sentences[i].article_id != sentences[j].article_id
    ]
    done = {(m.left, m.right) for m in found}
    weights, binary = stem_matrices(stems, [1] * len(stems))  # one row per sentence
    if binary.shape[1]:
        rows, cols, common = above_diagonal(weights @ binary.T)
        n_shared = above_diagonal(binary @ binary.T)[2]
        totals = np.asarray(weights.sum(axis=1)).ravel()
        cover_i, cover_j = common / totals[rows], common / totals[cols]
        low, high = np.minimum(cover_i, cover_j), np.maximum(cover_i, cover_j)
        dice = 2 * common / (totals[rows] + totals[cols])
        para = (n_shared >= config.min_shared) & (
            (dice >= config.dice) | ((high >= config.contained) & (low >= config.partial))
        )
        for k in range(len(rows)):
            i, j = int(rows[k]), int(cols[k])
            if sentences[i].article_id == sentences[j].article_id or (i, j) in done:
                continue
            if low[k] >= 0.3:
                ratio = fuzz.ratio(keys[i], keys[j], score_cutoff=config.fuzzy)
                if ratio >= config.fuzzy:
                    found.append(Match(i, j, "fuzzy", round(ratio / 100, 3)))
                    continue
            if para[k]:
                found.append(Match(i, j, "paraphrase", round(float(dice[k]), 3)))
    return sorted(found, key=lambda m: (m.left, m.right))


def _old_coverage(
    al: Alignment, matches: list[Match]
) -> dict[tuple[str, str], tuple[float, float]]:
    """Cover each pair of articles from the matches, as coverage() did before kinds."""
    totals: dict[str, int] = defaultdict(int)
    for s in al.sentences:
        totals[s.article_id] += s.words
    hits: dict[tuple[int, str], bool] = {}
    for m in matches:
        plain = m.kind != "paraphrase"
        for mine, other in ((m.left, m.right), (m.right, m.left)):
            key = (mine, al.sentences[other].article_id)
            hits[key] = plain or hits.get(key, False)
    carried: dict[tuple[str, str], int] = defaultdict(int)
    verbatim: dict[tuple[str, str], int] = defaultdict(int)
    for (i, other), plain in hits.items():
        s = al.sentences[i]
        carried[(s.article_id, other)] += s.words
        verbatim[(s.article_id, other)] += s.words if plain else 0
    return {
        (a, b): (
            carried[(a, b)] / totals[a] if totals[a] else 0.0,
            verbatim[(a, b)] / totals[a] if totals[a] else 0.0,
        )
        for a in al.article_ids
        for b in al.article_ids
        if a != b
    }


def _assert_same_as_pairwise(texts: dict[str, str], config: AlignConfig | None = None) -> None:
    al = align(texts, config)
    matches = _old_matches(al)
    assert list(al.matches) == matches
    partners: list[set[int]] = [set() for _ in al.sentences]
    for m in matches:
        partners[m.left].add(m.right)
        partners[m.right].add(m.left)
    assert [set(p) for p in al.partners] == partners
    assert [set(al.partners_of(i)) for i in range(len(al.sentences))] == partners
    rank = {a: n for n, a in enumerate(al.article_ids)}
    for i, s in enumerate(al.sentences):
        others = {al.sentences[p].article_id for p in partners[i]} - {s.article_id}
        assert al.carriers(i) == (s.article_id, *sorted(others, key=rank.__getitem__))
    if len(texts) > 1:
        new = {k: (c.carried, c.verbatim) for k, c in coverage(al).items()}
        assert new == _old_coverage(al, matches)  # the same floats, bit for bit


POOL = [
    "The council closed the bridge on Tuesday after inspectors found corrosion.",
    "Inspectors had found corrosion, so on Tuesday the council shut the bridge.",
    "The council closed the bridge on Tuesday after inspectors found corosion.",
    "Prices of bread rose sharply in the capital last month, officials said.",
    "Bread prices rose sharply in the capital last month.",
    "“We will reopen it as soon as it is safe,” the mayor said on Wednesday.",
    '"We will reopen it as soon as it\'s safe," the mayor said Wednesday.',
    "The U.S. embassy said it was monitoring the situation closely.",
    "The US embassy said it was monitoring the situation closely.",
    "Traffic was diverted through the old town centre for the week.",
    "Nothing about bread appears in this completely different sentence here.",
    "Repairs are expected to cost about 4.5 million euros, the council said.",
    "Short line.",
]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, len(POOL) - 1), min_size=0, max_size=8), min_size=1, max_size=7
    ),
    st.booleans(),
)
def test_kinds_match_as_every_pair_did(articles: list[list[int]], lines: bool) -> None:
    # Copies repeat sentences of a small pool (in other orders, with near-duplicates and
    # paraphrases): many sentences share a kind, within an article and across articles.
    glue = "\n" if lines else " "
    texts = {f"a{n}": glue.join(POOL[k] for k in picks) for n, picks in enumerate(articles)}
    _assert_same_as_pairwise(texts)


def test_kinds_match_as_every_pair_did_on_a_story_of_copies(fixtures: Path) -> None:
    story = json.loads((fixtures / "story_bridge.json").read_text())
    texts = {d["id"]: d["text"] for d in story}
    _assert_same_as_pairwise(texts)
    # Copies of copies: each text again, with a sentence dropped, a word changed, reordered.
    rng = random.Random(7)
    copies = dict(texts)
    for n in range(12):
        source = rng.choice(list(copies.values()))
        parts = source.split(". ")
        if len(parts) > 2:
            del parts[rng.randrange(len(parts))]
        if n % 3 == 0:
            rng.shuffle(parts)
        text = ". ".join(parts)
        copies[f"copy{n}"] = text.replace(" the ", " a ", 1) if n % 2 else text
    _assert_same_as_pairwise(copies)
    _assert_same_as_pairwise(copies, AlignConfig(fuzzy=70.0, dice=0.3, max_sentences=5))


def test_a_lone_article_has_no_match_even_with_repeated_sentences() -> None:
    text = "The bridge closed on Tuesday morning. The bridge closed on Tuesday morning."
    al = align({"a": text})
    assert al.matches == () and al.carriers(0) == ("a",) and al.carriers(1) == ("a",)
    assert coverage(al) == {}
