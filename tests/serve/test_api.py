"""The REST API and the JSON twins, through FastAPI's test client."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient

from storyline import api
from storyline.store import Store
from support import SEED_IDS, run_cli

from .conftest import HOSTILE_IDS


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/articles",
        "/api/sources",
        "/api/match",
    } <= set(paths)
    assert "post" in paths["/api/articles"] and "get" in paths["/api/articles"]
    assert client.get("/docs").status_code == 200


def test_article_json_is_the_library_view(client: TestClient, seeded_db: Path) -> None:
    with Store.open(seeded_db, readonly=True) as store:
        expected = api.article_detail(store, SEED_IDS[1])
    assert client.get(f"/api/articles/{SEED_IDS[1]}").json() == expected
    assert client.get(f"/articles/{SEED_IDS[1]}.json").json() == expected
    assert expected["removed"] and expected["raw_text"] != expected["text"]
    assert [d["id"] for d in expected["duplicates"]] == [SEED_IDS[0]]
    page = client.get(f"/articles/{SEED_IDS[1]}").text
    assert f'href="/articles/{SEED_IDS[0]}"' in page and "Duplicates" in page


def test_article_ids_with_odd_characters_round_trip(client: TestClient) -> None:
    odd = HOSTILE_IDS[1]
    assert client.get(f"/api/articles/{quote(odd, safe='')}").json()["id"] == odd
    assert client.get(f"/articles/{quote(odd, safe='')}.json").json()["id"] == odd


def test_pagination_has_totals(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 2}).json()
    second = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == len(SEED_IDS) + len(HOSTILE_IDS)
    assert (first["limit"], first["offset"], second["offset"]) == (2, 0, 2)
    assert len(first["items"]) == 2 and {i["id"] for i in first["items"]}.isdisjoint(
        i["id"] for i in second["items"]
    )


def test_sources_count_articles(client: TestClient) -> None:
    listing = client.get("/api/sources").json()
    assert listing == client.get("/sources.json").json()
    assert sum(row["articles"] for row in listing["items"]) == len(SEED_IDS) + len(HOSTILE_IDS)
    unnamed = next(row for row in listing["items"] if row["source"] == "")  # the seeds have none
    assert (unnamed["articles"], unnamed["copies"], unnamed["stories"]) == (5, 1, 2)
    roles = ("originals", "copies", "rewrites", "updates")
    assert sum(unnamed[r] or 0 for r in roles) == 5 and unnamed["originals"] >= 1


def test_errors_are_json_with_status_and_message(client: TestClient) -> None:
    missing = client.get("/api/articles/nope")
    assert missing.status_code == 404
    assert missing.json() == {"status": 404, "message": missing.json()["message"]}
    assert "nope" in missing.json()["message"]
    bad = client.get("/api/articles", params={"limit": 0})
    assert bad.status_code == 422 and "limit" in bad.json()["message"]
    assert client.get("/api/stories", params={"since": "yesterday"}).json()["status"] == 422
    assert client.get("/api/nothing-here").json()["status"] == 404
    assert client.delete("/api/articles").json()["status"] == 405


def test_pages_answer_errors_in_html(client: TestClient) -> None:
    page = client.get("/articles/nope")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no article with id" in page.text
    assert client.get("/articles/nope.json").json()["status"] == 404


def test_missing_database_is_a_clear_503(tmp_path: Path) -> None:
    with TestClient(_app(tmp_path / "absent.db"), base_url="http://127.0.0.1") as client:
        answer = client.get("/api/articles")
    assert answer.status_code == 503 and "storyline" in answer.json()["message"]


def _app(db: Path):  # type: ignore[no-untyped-def]
    from storyline.serve import ServeConfig, create_app

    return create_app(ServeConfig(db=db))


def test_match_finds_duplicates_and_story(client: TestClient, fixtures: Path) -> None:
    story = client.get("/api/stories", params={"q": "Blinken"}).json()["items"][0]
    original = (fixtures / "seeds" / f"{SEED_IDS[0]}.txt").read_text()
    found = client.post("/api/match", json={"text": original}).json()
    assert [d["id"] for d in found["duplicates"]][:2] == SEED_IDS[:2]
    assert (
        found["duplicates"][0]["containment_of"] == 1.0
        and found["duplicates"][0]["shared_passages"]
    )
    assert found["story"]["id"] == story["id"] and found["story_by"] == "duplicate"
    retold = (
        "Blinken said Xi Jinping pledged not to interfere in the US elections, and China denied "
        "any interference in American elections; the Secretary of State spoke to CNN in Beijing."
    )
    similar = client.post("/api/match", json={"text": retold, "published": "2024-04-29"}).json()
    assert similar["duplicates"] == [] and similar["story"]["id"] == story["id"]
    assert similar["story_by"] == "similar"
    other = client.post("/api/match", json={"text": "A bakery in Lyon won a prize for croissants."})
    assert other.json() == {"duplicates": [], "story": None, "story_by": None}
    assert client.post("/api/match", json={"text": ""}).status_code == 422


def test_story_json_is_what_the_cli_prints(client: TestClient, seeded_db: Path) -> None:
    listing = client.get("/api/stories").json()
    story_id = next(s["id"] for s in listing["items"] if SEED_IDS[0] in s["article_ids"])
    printed = run_cli("story", story_id, "--json", db=seeded_db)
    assert printed.returncode == 0, printed.stderr
    expected = json.loads(printed.stdout)
    assert client.get(f"/stories/{story_id}.json").json() == expected
    assert client.get(f"/api/stories/{story_id}").json() == expected
    assert expected["first_published"]["article_id"] == SEED_IDS[3]


def test_story_list_search_filters_and_pages(client: TestClient) -> None:
    everything = client.get("/api/stories").json()
    assert everything == client.get("/stories.json").json()
    assert everything["total"] == 2 and {"size", "first_publisher", "sources"} <= set(
        everything["items"][0]
    )
    seeds = next(s for s in everything["items"] if SEED_IDS[0] in s["article_ids"])
    assert seeds["size"] == 4 and seeds["first_publisher"]["article_id"] == SEED_IDS[3]

    def ids(**params: str) -> list[str]:
        return [s["id"] for s in client.get("/api/stories", params=params).json()["items"]]

    assert ids(q="Blinken Germany") == [seeds["id"]]
    assert ids(q="croissant") == [] and ids(q="!!!") == []
    assert seeds["id"] in ids(since="2024-04-28") and seeds["id"] not in ids(since="2024-04-29")
    assert seeds["id"] in ids(until="2024-04-26") and seeds["id"] not in ids(until="2024-04-25")
    assert ids(source='"><script>alert(6)</script>') == [
        s["id"] for s in everything["items"] if s["id"] != seeds["id"]
    ]
    first, second = ids(limit="1"), ids(limit="1", offset="1")
    assert len(first) == len(second) == 1 and first != second
    page = client.get("/stories", params={"q": "Blinken"})
    assert page.status_code == 200 and f"/stories/{seeds['id']}" in page.text
