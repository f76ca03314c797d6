"""Extractive, cited multi-document summary and headline."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from storyline.analyze.align import Alignment, align
from storyline.analyze.provenance import Provenance, StoryArticle, build_provenance
from storyline.analyze.summary import (
    Summary,
    SummaryConfig,
    _families,
    score_sentences,
    summarise,
)
from support import corpus_gen


@pytest.fixture
def bridge(fixtures: Path) -> list[StoryArticle]:
    """Return the three-article bridge story."""
    return [StoryArticle(**d) for d in json.loads((fixtures / "story_bridge.json").read_text())]


def _summary(articles: list[StoryArticle], config: SummaryConfig | None = None) -> Summary:
    al = align({a.id: a.text for a in articles})
    return summarise(al, build_provenance(articles, al), {a.id: a.title for a in articles}, config)


def test_every_line_cites_the_articles_carrying_it_in_publication_order(
    bridge: list[StoryArticle],
) -> None:
    summary = _summary(bridge)
    assert 1 <= len(summary.lines) <= SummaryConfig().sentences
    order = ["herald-1", "farm-7", "times-3"]
    for line in summary.lines:
        assert line.article_ids
        assert list(line.article_ids) == sorted(line.article_ids, key=order.index)
        texts = [a.text for a in bridge if a.id in line.article_ids]
        assert any(line.sentence in t for t in texts)


def test_sentences_all_outlets_report_lead_the_summary(bridge: list[StoryArticle]) -> None:
    top = _summary(bridge).lines[0]
    assert set(top.article_ids) == {"herald-1", "farm-7", "times-3"}


def test_no_line_repeats_another(bridge: list[StoryArticle]) -> None:
    lines = [line.sentence for line in _summary(bridge, SummaryConfig(sentences=10)).lines]
    assert len(lines) == len(set(lines))
    # The copy's sentences are the herald's: each may appear once, never in both versions.
    assert sum("corrosion" in s for s in lines) == 1


def test_a_copy_does_not_count_as_independent_support() -> None:
    shared = "The festival opened on Friday with a parade through the old town."
    echoed = "Organisers said ticket sales beat every previous year by a wide margin."
    lone = "A local choir sang the city anthem in front of the cathedral at noon."
    articles = [
        StoryArticle("orig", f"{lone}\n{echoed}", published="2024-06-01T08:00Z"),
        StoryArticle("copy", f"{lone}\n{echoed}", published="2024-06-01T10:00Z"),
        StoryArticle("other", f"{shared}\n{echoed}", published="2024-06-02T08:00Z"),
        StoryArticle(
            "third",
            f"{shared}\nRain is expected on Sunday evening, forecasters said.",
            published="2024-06-03T08:00Z",
        ),
    ]
    lines = _summary(articles, SummaryConfig(sentences=3)).lines
    by_text = {line.sentence: line.article_ids for line in lines}
    # echoed: 3 articles but 2 independent families; shared: 2 independent articles; lone: one.
    assert by_text[echoed] == ("orig", "copy", "other")
    picked = [line.sentence for line in lines]
    assert picked.index(lone) > picked.index(shared)


def test_headline_is_a_title_when_there_is_one(bridge: list[StoryArticle]) -> None:
    assert _summary(bridge).headline in {a.title for a in bridge}


def test_headline_of_an_untitled_story_is_its_top_sentence_cut_short(
    bridge: list[StoryArticle],
) -> None:
    untitled = [StoryArticle(a.id, a.text, published=a.published) for a in bridge]
    summary = _summary(untitled, SummaryConfig(headline_words=6))
    assert len(summary.headline.rstrip("…").split()) <= 6
    assert summary.lines[0].sentence.startswith(summary.headline.rstrip("…"))


def test_empty_story_has_an_empty_summary() -> None:
    articles = [StoryArticle("a", "Short.")]
    summary = _summary(articles)
    assert summary.lines == () and summary.headline == ""


def test_derived_headline_ends_at_a_clause_break() -> None:
    lead = (
        "The city has seen evidence of fraud in the upcoming council elections, the mayor "
        "told reporters on Friday after a long meeting at the town hall."
    )
    summary = _summary([StoryArticle("a", lead)], SummaryConfig(headline_words=18))
    assert summary.headline == lead.split(",")[0]


def test_wire_datelines_are_dropped_from_summary_lines() -> None:
    text = (
        "SEOUL/WASHINGTON (Reuters) - North Korea fired a missile over Japan on Tuesday.\n"
        "UN - The council met in New York to discuss the launch on Tuesday evening."
    )
    lines = [line.sentence for line in _summary([StoryArticle("a", text)]).lines]
    assert "North Korea fired a missile over Japan on Tuesday." in lines
    assert any(line.startswith("UN - The council") for line in lines)


def test_prose_is_picked_before_a_caption_saying_as_much() -> None:
    # Both outlets carry the photo caption and the sentence below it: the sentence leads.
    caption = "Cubs players celebrate after winning the World Series on Wednesday"
    prose = "The Chicago Cubs won the World Series in Cleveland on Wednesday night."
    texts = [f"{caption}\n{prose}\nFans filled the streets.", f"{caption}\n{prose}"]
    articles = [StoryArticle(f"a{k}", t) for k, t in enumerate(texts)]
    lines = [line.sentence for line in _summary(articles).lines]
    assert lines[0] == prose and caption not in lines  # the caption repeats the prose
    # Without the factor the caption, higher in both texts, leads the summary.
    plain = [line.sentence for line in _summary(articles, SummaryConfig(unended=0.0)).lines]
    assert plain[0] == caption


def _scores_per_sentence(
    al: Alignment, prov: Provenance, config: SummaryConfig
) -> dict[int, float]:
    """Score each sentence on its own, as score_sentences did before it scored kinds."""
    family = _families(prov)
    families = max(1, len(set(family.values())))
    raw = {}
    for i, s in enumerate(al.sentences):
        if config.max_words >= s.words >= al.config.min_words:
            stems = al.stems[i]
            raw[i] = math.fsum(al.idf[t] for t in stems) / math.sqrt(len(stems) or 1)
    top = max(raw.values(), default=1.0) or 1.0
    out = {}
    for i, central in raw.items():
        support = len({family.get(a, a) for a in al.carriers(i)})
        share = (support - 1) / (families - 1) if families > 1 else 0.0
        position = 1.0 - min(al.sentences[i].index, 10) / 20
        out[i] = config.support * share + config.centrality * central / top
        out[i] += config.position * position
        if not al.sentences[i].text.rstrip().rstrip("\"'”’»)]").endswith((".", "!", "?", "…")):
            out[i] *= 1 - config.unended
    return out


def test_kinds_score_as_every_sentence_did(bridge: list[StoryArticle]) -> None:
    # Copies of copies (sentences dropped, reordered, a word changed) and generated articles.
    rows = list(corpus_gen().generate(60, seed=9))
    texts = [a.text for a in bridge] + [str(r["text"]) for r in rows[:8]]
    articles = [*bridge]
    for n, text in enumerate(texts * 2):
        parts = text.split(". ")
        cut = ". ".join(parts[n % 3 :] if n % 2 else parts[::-1])
        articles.append(replace(bridge[0], id=f"copy{n}", text=cut, title=None))
    al = align({a.id: a.text for a in articles})
    prov = build_provenance(articles, al)
    config = SummaryConfig()
    assert score_sentences(al, prov, config) == _scores_per_sentence(al, prov, config)
