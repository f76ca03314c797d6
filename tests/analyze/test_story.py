"""The assembled analysis of one story, its JSON, and its persistence keyed by a fingerprint."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.analyze.provenance import StoryArticle
from storyline.analyze.story import AnalysisConfig, StoryAnalysis, analyze_story
from storyline.clean import clean_text
from storyline.errors import UsageError
from storyline.ingest.text import split_header
from support import SEED_IDS

REQUIRED = {
    "id",
    "title",
    "summary",
    "first_published",
    "articles",
    "copy_edges",
    "additions",
    "dropped",
    "quotes",
    "entities",
    "timeline",
}


@pytest.fixture
def bridge(fixtures: Path) -> list[StoryArticle]:
    """Return the three-article bridge story."""
    return [StoryArticle(**d) for d in json.loads((fixtures / "story_bridge.json").read_text())]


@pytest.fixture
def seeds(fixtures: Path) -> list[StoryArticle]:
    """Return the four seed articles, cleaned, as one story."""
    out = []
    for article_id in SEED_IDS:
        date, body = split_header((fixtures / "seeds" / f"{article_id}.txt").read_text())
        out.append(
            StoryArticle(
                article_id, clean_text(body.strip()).text, published=date, raw_text=body.strip()
            )
        )
    return out


def _same_day_story(texts: dict[str, str]) -> StoryAnalysis:
    """Analyse texts (by article id) published on one day as one story."""
    return analyze_story(
        "s", [StoryArticle(k, t, published="2018-02-05") for k, t in texts.items()]
    )


def test_json_has_every_field_and_round_trips(bridge: list[StoryArticle]) -> None:
    data = analyze_story("s-bridge", bridge).to_json()
    assert set(data) >= REQUIRED
    assert json.loads(json.dumps(data)) == data
    assert data["id"] == "s-bridge" and data["title"]
    assert [a["id"] for a in data["articles"]] == ["herald-1", "farm-7", "times-3"]
    for article in data["articles"]:
        assert set(article) >= {"id", "source", "published", "role", "copy_of"}
    for edge in data["copy_edges"]:
        assert set(edge) >= {"copy", "source", "similarity", "shared_passages"}
    for quote in data["quotes"]:
        assert set(quote) >= {"speaker", "text", "article_ids"}
    for entity in data["entities"]:
        assert set(entity) >= {"name", "type", "count"}


def test_bridge_story_analysis(bridge: list[StoryArticle]) -> None:
    data = analyze_story("s-bridge", bridge).to_json()
    assert data["first_published"]["article_id"] == "herald-1"
    roles = {a["id"]: (a["role"], a["copy_of"], a["based_on"]) for a in data["articles"]}
    assert roles == {
        "herald-1": ("original", None, None),
        "farm-7": ("copy", "herald-1", "herald-1"),
        "times-3": ("rewrite", None, "herald-1"),
    }
    assert any("shuttle bus" in s for s in data["additions"]["times-3"])
    assert data["additions"]["farm-7"] == []
    assert any("$4.2 million" in s for s in data["dropped"]["farm-7"]["sentences"])
    assert all(line["article_ids"] for line in data["summary"])
    names = {e["name"] for e in data["entities"]}
    assert "Dana Ortiz" in names


def test_quote_carried_by_several_outlets_is_one_quote(bridge: list[StoryArticle]) -> None:
    quotes = analyze_story("s-bridge", bridge).to_json()["quotes"]
    safety = [q for q in quotes if "public safety" in q["text"]]
    assert len(safety) == 1
    assert "Ortiz" in safety[0]["speaker"]
    assert {"herald-1", "farm-7"} <= set(safety[0]["article_ids"])


def test_one_person_is_one_speaker_across_outlets() -> None:
    # Each outlet names the director its own way; the story names him once, fully.
    texts = {
        "a": 'Quentin Tarantino spoke to the paper on Monday. "It was the biggest regret of '
        'my life," Quentin Tarantino said of the crash.',
        "b": 'The director has apologised. "I was wrong to push her into that car," Tarantino '
        "said on Tuesday.",
        "c": '"We will review every stunt from now on," Quentin J. Tarantino told reporters.',
    }
    result = _same_day_story(texts)
    assert {q.speaker for q in result.quotes} == {"Quentin Tarantino"}


def test_a_speaker_spelled_in_two_cases_is_one_speaker() -> None:
    texts = {
        "a": '"The water came up to the windows," Paul DeLane said on Tuesday.',
        "b": '"We had ten minutes to get out of the house," Paul Delane told the paper.',
        "c": '"The water came up to the windows," Paul Delane said.',
    }
    result = _same_day_story(texts)
    assert len({q.speaker for q in result.quotes}) == 1


def test_a_family_name_two_people_share_stays_as_written() -> None:
    texts = {
        "a": 'Donald Trump and Melania Trump visited the hospital. "We are praying for every '
        'family," Melania Trump said. "They are heroes," Donald Trump said of the nurses.',
        "b": '"This was a terrible day for the city and the country," Trump said on Friday.',
    }
    result = _same_day_story(texts)
    speakers = {q.text[:12]: q.speaker for q in result.quotes}
    assert speakers["This was a t"] == "Trump"
    assert {"Melania Trump", "Donald Trump"} <= set(speakers.values())


def test_a_family_name_written_first_takes_the_full_name() -> None:
    # "Mr. Moon said" in one outlet, "President Moon Jae-in" in another: one person.
    texts = {
        "a": 'South Korean President Moon Jae-in met his generals. "We have the power to '
        'destroy the North," Moon Jae-in said on Monday.',
        "b": "Mr. Moon, considered a dovish leader, ordered his government to act. "
        '"We must actively look for measures to secure peace," Mr. Moon said after a meeting.',
    }
    result = _same_day_story(texts)
    assert {q.speaker for q in result.quotes} == {"Moon Jae-in"}


def test_a_first_name_of_someone_else_does_not_take_a_full_name() -> None:
    # A witness who gave only his first name is not the president one outlet of three names.
    texts = {
        "a": "A man who gave his name as Michel, working at a restaurant on the promenade, was "
        'there. "A huge number of people started running," Michel said.',
        "b": '"It is regrettable," Brazilian President Michel Temer tweeted after the attack. '
        "Michel Temer sent his condolences.",
        "c": '"The police came within minutes," a witness said after the attack on the promenade.',
    }
    result = _same_day_story(texts)
    speakers = {q.text[:12]: q.speaker for q in result.quotes}
    assert speakers["A huge numbe"] == "Michel"


def test_timeline_lists_what_each_article_brought_first(bridge: list[StoryArticle]) -> None:
    timeline = analyze_story("s-bridge", bridge).to_json()["timeline"]
    assert [t["article_id"] for t in timeline] == ["herald-1", "farm-7", "times-3"]
    first, copy, rewrite = timeline
    assert first["added_count"] == 6
    assert copy["added"] == [] and copy["added_count"] == 0
    assert any("shop owners" in s for s in rewrite["added"])
    assert not any("public safety" in s for s in rewrite["added"])


def test_seed_story(seeds: list[StoryArticle]) -> None:
    data = analyze_story("s-seeds", seeds).to_json()
    assert data["first_published"] == {
        **data["first_published"],
        "article_id": "004_8a40a684c3147605",
        "date": "2024-04-26",
    }
    arts = {a["id"]: a for a in data["articles"]}
    assert arts["001_461bafe483ac535b"]["role"] == "copy"
    assert arts["001_461bafe483ac535b"]["copy_of"] == "000_2bd1fb441ff5d0f9"
    added = {k: " ".join(v) for k, v in data["additions"].items()}
    assert "Germany" in added["002_994e28567f749a12"]
    assert "partners, not rivals" in added["002_994e28567f749a12"]
    assert "further action" in added["004_8a40a684c3147605"]
    blinken = [q for q in data["quotes"] if "unacceptable" in q["text"]]
    assert any(
        "Blinken" in (q["speaker"] or "") and len(set(q["article_ids"])) == 4 for q in blinken
    )
    names = " | ".join(e["name"] for e in data["entities"])
    for name in ("Antony Blinken", "Xi Jinping", "Joe Biden", "China", "CNN"):
        assert name in names


def test_bad_stories_are_refused(bridge: list[StoryArticle]) -> None:
    with pytest.raises(UsageError, match="no articles"):
        analyze_story("empty", [])
    with pytest.raises(UsageError, match="twice"):
        analyze_story("dup", [bridge[0], bridge[0]])


def test_large_stories_are_bounded(bridge: list[StoryArticle]) -> None:
    data = analyze_story("s", bridge, AnalysisConfig(max_articles=2, max_timeline=1)).to_json()
    assert [a["id"] for a in data["articles"]] == ["herald-1", "farm-7"]
    assert data["omitted_articles"] == 1
    assert all(len(t["added"]) <= 1 for t in data["timeline"])


_SEEDED_RUN = """
import json, sys
from pathlib import Path
from storyline.analyze.provenance import StoryArticle
from storyline.analyze.story import analyze_story
data = json.loads(Path(sys.argv[1]).read_text())
print(json.dumps(analyze_story("s", [StoryArticle(**d) for d in data]).to_json(), sort_keys=True))
"""


def test_analysis_does_not_depend_on_the_hash_seed(
    bridge: list[StoryArticle], seeds: list[StoryArticle], tmp_path: Path
) -> None:
    # Sets iterate in hash-seed order; a float sum over one once reordered summary ties.
    for name, story in (("bridge", bridge), ("seeds", seeds)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps([dataclasses.asdict(a) for a in story]))
        outputs = {
            subprocess.run(
                [sys.executable, "-c", _SEEDED_RUN, str(path)],
                env={**os.environ, "PYTHONHASHSEED": seed},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for seed in ("1", "2", "3")
        }
        assert len(outputs) == 1, name
