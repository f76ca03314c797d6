"""Write endpoints: JSON only, token when configured, bounded bodies, the pipeline behind them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from .conftest import make_client

ARTICLE = {
    "id": "posted-1",
    "title": "Minister visits the flooded valley",
    "text": "The minister visited the flooded valley on Monday and promised help to farmers.",
    "published": "2024-06-03",
    "source": "valley.example",
}


@pytest.fixture
def client(writable: Path) -> Iterator[TestClient]:
    with make_client(writable, max_body_bytes=64_000, place_wait=60.0) as opened:
        yield opened


def test_post_articles_runs_the_pipeline(client: TestClient) -> None:
    news_please = {
        "maintext": "Rain returned to the valley on Tuesday, the agency said in a note.",
        "date_publish": "2024-06-04 10:00:00",
        "source_domain": "rain.example",
        "title": "Rain",
    }
    answer = client.post("/api/articles", json=[ARTICLE, news_please])
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["ingested"], body["rejected"]) == (2, 0)
    assert body["articles"][0]["id"] == "posted-1"
    story = client.get(f"/api/stories/{body['articles'][0]['story_id']}").json()
    assert [(a["id"], a["role"]) for a in story["articles"]] == [("posted-1", "original")]
    stored = client.get("/api/articles/posted-1").json()
    assert stored["source"] == "valley.example" and stored["text"].startswith("The minister")
    again = client.post("/api/articles", json=ARTICLE)
    assert again.status_code == 200 and again.json()["unchanged"] == 1
    second_id = body["articles"][1]["id"]
    assert client.get(f"/api/articles/{second_id}").json()["published"].startswith("2024-06-04")


def test_rejected_records_are_reported(client: TestClient) -> None:
    answer = client.post("/api/articles", json=[ARTICLE | {"id": "ok-2"}, {"url": "no text"}])
    assert answer.status_code == 201
    assert answer.json()["rejected"] == 1 and "text" in answer.json()["rejections"][0]["reason"]
    nothing = client.post("/api/articles", json={"url": "https://a.example/1", "text": "   "})
    assert nothing.status_code == 422 and "no text field" in nothing.json()["message"]


def test_a_headline_only_item_is_kept_and_its_page_says_why(client: TestClient) -> None:
    brief = {"id": "brief-1", "headline": "Valley <b>floods</b> again", "pubDate": 1717408800123}
    answer = client.post("/api/articles", json=brief)
    assert answer.status_code == 201 and answer.json()["rejected"] == 0
    twin = client.get("/api/articles/brief-1").json()
    assert twin["text"] == "Valley <b>floods</b> again"
    assert twin["warnings"] == ["no article text: the title stands for it"]
    page = client.get("/articles/brief-1").text
    assert "<dt>Warnings</dt>" in page and "the title stands for it" in page
    assert "Valley &lt;b&gt;floods&lt;/b&gt; again" in page and "<b>floods</b>" not in page


def test_writes_take_json_only(client: TestClient) -> None:
    form = client.post("/api/articles", data={"text": "hello"})
    assert form.status_code == 415 and "application/json" in form.json()["message"]
    plain = client.post(
        "/api/articles", content=json.dumps(ARTICLE), headers={"content-type": "text/plain"}
    )
    assert plain.status_code == 415
    broken = client.post(
        "/api/articles", content="{not json", headers={"content-type": "application/json"}
    )
    assert broken.status_code == 422 and broken.json()["status"] == 422


def test_bodies_are_size_limited(client: TestClient) -> None:
    huge = ARTICLE | {"text": "word " * 20_000}
    answer = client.post("/api/articles", json=huge)
    assert answer.status_code == 413 and answer.json()["status"] == 413


def test_token_guards_writes_but_not_reads(writable: Path) -> None:
    with make_client(writable, token="s3cret") as client:
        assert client.post("/api/articles", json=ARTICLE).status_code == 401
        wrong = client.post("/api/articles", json=ARTICLE, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
        assert "--token" in wrong.json()["message"]
        assert client.post("/api/match", json={"text": "x"}).status_code == 401
        good = client.post(
            "/api/articles", json=ARTICLE, headers={"Authorization": "Bearer s3cret"}
        )
        assert good.status_code == 201
        assert client.get("/api/articles/posted-1").status_code == 200
