"""What storyline names must be true: one story name everywhere, outlets not ids, ids that work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storyline import pipeline
from storyline.analyze.run import current_analyses, story_overviews
from storyline.config import IngestConfig
from storyline.errors import NotFoundError, UsageError
from storyline.outlets import outlet_name, registered_domain
from storyline.serve.graph import layout
from storyline.serve.story_page import labeller
from storyline.store import Store
from storyline.store.search import StoryFilter
from storyline.stories import list_stories, story_detail
from support import FIXTURES, SEED_IDS, run_cli

_STORM = (
    "Hurricane Maria made landfall in Puerto Rico on Wednesday with winds of 155 mph, knocking "
    "out power across the island. Governor Ricardo Rossello urged residents to stay indoors as "
    "floodwaters rose in San Juan. The storm is the strongest to hit the island in 85 years."
)


def _storm_records() -> list[dict[str, str]]:
    # The earliest title is the least central: a list that names the story by the first
    # article and a page that names it by the most central title disagreed.
    return [
        {
            "title": "Live: what we know so far",
            "date_publish": "2017-09-20T10:02:00+00:00",
            "url": "https://www.example-news.com/live/1",
            "text": _STORM,
        },
        {
            "title": "Hurricane Maria makes landfall in Puerto Rico",
            "date_publish": "2017-09-20T11:00:00-04:00",
            "url": "https://www.other-news.com/maria-landfall",
            "text": _STORM + " Roads closed.",
        },
        {
            "title": "Hurricane Maria slams Puerto Rico with 155 mph winds",
            "date_publish": "2017-09-20T13:30:00+00:00",
            "url": "https://third.example.org/maria",
            "text": _STORM + " Schools shut.",
        },
    ]


@pytest.fixture(scope="module")
def storm_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("storm")
    source = folder / "storm.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in _storm_records()) + "\n")
    db = folder / "storm.db"
    with Store.open(db) as store:
        pipeline.ingest(store, [str(source)], IngestConfig())
        pipeline.clean(store)
        pipeline.dedup(store)
        pipeline.cluster(store)
        pipeline.analyze(store)
    return db


def test_every_view_names_the_story_alike(storm_db: Path) -> None:
    with Store.open(storm_db) as store:
        (listed,) = list_stories(store)
        rows, _ = store.search_stories(StoryFilter(), limit=10, offset=0)
        (overview,) = story_overviews(store)
        (analysis,) = current_analyses(store)
        detail = story_detail(store, listed["id"])
    names = {
        listed["title"],
        rows[0]["title"],
        overview["title"],
        analysis["title"],
        detail["title"],
    }
    assert names == {"Live: what we know so far"}


def test_story_list_shows_first_and_last_in_utc(storm_db: Path) -> None:
    with Store.open(storm_db) as store:
        (listed,) = list_stories(store)
    # 11:00 at -04:00 is 15:00 UTC: the last, though "13:30+00:00" sorts later as a string.
    assert listed["first_published"] == "2017-09-20T10:02:00+00:00"
    assert listed["last_published"] == "2017-09-20T11:00:00-04:00"
    with Store.open(storm_db) as store:
        detail = story_detail(store, listed["id"])
    assert [a["published"] for a in detail["articles"]] == [
        "2017-09-20T10:02:00+00:00",
        "2017-09-20T13:30:00+00:00",
        "2017-09-20T11:00:00-04:00",
    ]


@pytest.mark.parametrize(
    ("source", "url", "outlet"),
    [
        ("Nj", "https://www.nj.com/news/2019/11/story.html", "nj.com"),
        ("https://www.hawaiinewsnow.com", None, "hawaiinewsnow.com"),
        ("www.cnn.com", "https://www.cnn.com/2019/x", "cnn.com"),
        ("uk.reuters.com", None, "reuters.com"),
        ("africa.chinadaily.com.cn", None, "chinadaily.com.cn"),
        ("BBC News", "https://www.bbc.co.uk/news/x", "BBC News"),
        ("The Jerusalem Post | JPost.com", "https://www.jpost.com/a-1", "jpost.com"),
        ("World news | The Guardian", "https://www.theguardian.com/world/x", "The Guardian"),
        ("Home | Reuters", "https://www.reuters.com/article/x", "Reuters"),
        (
            "Autoracing | F1 | Indy | MotoGP | StockCar",
            "http://www.autoracing.com.br/classificacao-nascar/",
            "Autoracing",
        ),
        ("Section | Some Blog", None, "Section | Some Blog"),
        (
            "Купить недорого квартиру в Москве без посредников срочно",
            "http://spam.example.ru/a",
            "example.ru",
        ),
        (None, "https://edition.cnn.com/2017/09/20/americas/maria/index.html", "cnn.com"),
        (None, None, None),
    ],
)
def test_outlet_is_a_site_name_or_registered_domain(
    source: str | None, url: str | None, outlet: str | None
) -> None:
    assert outlet_name(source, url) == outlet


def test_registered_domain_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert registered_domain("news.bbc.co.uk") == "bbc.co.uk"


def test_ingest_stores_the_outlet(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(
        json.dumps(
            {
                "text": "The mayor resigned.",
                "source_domain": "https://www.hawaiinewsnow.com",
                "url": "https://www.hawaiinewsnow.com/2019/11/19/mayor",
            }
        )
        + "\n"
    )
    with Store.open(tmp_path / "s.db") as store:
        pipeline.ingest(store, [str(tmp_path / "a.jsonl")], IngestConfig())
        (article,) = store.iter_articles()
    assert article.source == "hawaiinewsnow.com"


def test_an_unknown_outlet_is_never_shown_as_the_article_id() -> None:
    digest = "0046d5ff09e56287742ed727ac712a7806d4dee16d5d46aafd7632f5"
    articles = [{"id": digest, "published": "2017-09-20", "role": "original"}]
    assert labeller({digest: articles[0]})(digest) == "unknown outlet"
    assert [n.label for n in layout(articles, []).nodes] == ["unknown outlet"]


@pytest.mark.parametrize(
    "command",
    [
        ["stories"],
        ["articles"],
        ["rejected"],
        ["story", "s1"],
        ["article", "a1"],
        ["serve", "--port", "8765"],
    ],
)
def test_read_commands_refuse_a_missing_database(tmp_path: Path, command: list[str]) -> None:
    typo = tmp_path / "typo.db"
    done = run_cli(*command, db=typo)
    assert done.returncode == 2, done.stderr
    assert "does not exist" in done.stderr and not typo.exists()


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    assert run_cli("ingest", str(FIXTURES / "seeds"), db=db).returncode == 0
    return db


def test_article_table_shows_whole_ids_that_article_finds(seeds_db: Path) -> None:
    env = {**os.environ, "COLUMNS": "60", "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
    table = subprocess.run(
        [sys.executable, "-m", "storyline", "articles", "--db", str(seeds_db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    ).stdout
    assert all(article_id in table for article_id in SEED_IDS), table
    shown = run_cli("article", "004_8a40", "--json", db=seeds_db)
    assert shown.returncode == 0 and json.loads(shown.stdout)["id"] == SEED_IDS[3]


def test_an_ambiguous_prefix_is_a_clear_error(seeds_db: Path) -> None:
    done = run_cli("article", "00", db=seeds_db)
    assert done.returncode == 2 and "ambiguous" in done.stderr and SEED_IDS[0] in done.stderr
    with Store.open(seeds_db) as store:
        with pytest.raises(UsageError, match="ambiguous"):
            store.resolve_id("articles", "00")
        with pytest.raises(NotFoundError):
            store.resolve_id("articles", "zz")
        assert store.resolve_id("articles", SEED_IDS[1]) == SEED_IDS[1]


def test_a_unique_story_id_prefix_finds_the_story(storm_db: Path) -> None:
    with Store.open(storm_db) as store:
        (listed,) = list_stories(store)
        assert story_detail(store, listed["id"][:6])["id"] == listed["id"]
