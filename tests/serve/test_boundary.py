"""The API validates at the boundary: user input gets a 4xx or is repaired, never a 500."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.errors import StoreError
from storyline.serve import ServeConfig, create_app
from storyline.serve.placer import Placer
from storyline.store import Store

JSON = {"content-type": "application/json"}
LISTS = (
    "/api/stories", "/api/articles", "/api/sources",
    "/", "/stories", "/sources", "/stories.json", "/sources.json",
)  # fmt: skip
TEXT = "The council met on Monday to discuss the new flood defences for the valley."


@pytest.fixture
def client(writable: Path) -> Iterator[TestClient]:
    """A client that shows a server error as a 500 answer, as a browser would see it."""
    app = create_app(ServeConfig(db=writable))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as opened:
        yield opened


@pytest.mark.parametrize("field", ["title", "text", "language", "source"])
def test_a_lone_surrogate_is_repaired_and_the_article_stored(
    client: TestClient, field: str
) -> None:
    record = {"id": f"sur-{field}", "title": "Flood", "text": TEXT, field: "x\udc80y"}
    if field == "text":
        record["text"] = TEXT + " x\udc80y"
    body = _json_with_surrogate(record)
    answer = client.post("/api/articles", content=body, headers=JSON)
    assert answer.status_code == 201, answer.text
    assert answer.json()["repaired"] == [
        {"record": 1, "reason": "1 invalid character(s) replaced by U+FFFD"}
    ]
    stored = client.get(f"/api/articles/sur-{field}").json()
    assert "x\ufffdy" in str(stored[field] if field != "language" else stored)


def _json_with_surrogate(record: dict[str, str]) -> bytes:
    """Encode a record as JSON the way a client does it: the surrogate as a \\u escape."""
    import json

    return json.dumps(record, ensure_ascii=True).encode("ascii")


def test_a_date_of_infinity_is_refused_and_the_others_stored(client: TestClient) -> None:
    body = (
        '[{"id": "good", "title": "Flood", "text": "' + TEXT + '"},'
        ' {"id": "inf", "title": "Flood", "text": "' + TEXT + '", "date_publish": Infinity}]'
    )
    answer = client.post("/api/articles", content=body, headers=JSON)
    assert answer.status_code == 201, answer.text
    assert answer.json()["ingested"] == 1
    assert "not finite" in answer.json()["rejections"][0]["reason"]
    alone = client.post("/api/articles", content=body[1:-1].split("},", 1)[1], headers=JSON)
    assert alone.status_code == 422, alone.text


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("offset", ["9223372036854775808", "9" * 40])
def test_a_huge_offset_gives_an_empty_page(client: TestClient, path: str, offset: str) -> None:
    answer = client.get(path, params={"offset": offset})
    assert answer.status_code == 200, answer.text
    if path.startswith("/api/") or path.endswith(".json"):
        assert answer.json()["items"] == []


def test_a_refused_host_gets_the_security_headers(client: TestClient) -> None:
    answer = client.get("/", headers={"host": "evil.example"})
    assert answer.status_code == 400
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"


def test_a_post_whose_placing_fails_still_answers_with_what_is_stored(writable: Path) -> None:
    """The store is busy when the articles are to be placed: they are stored, no 500."""

    def busy(store: Store, ids: set[str]) -> None:
        raise StoreError("the store is still being written by another process")

    app = create_app(ServeConfig(db=writable))
    app.state.placer = Placer(writable, place=busy)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        answer = client.post("/api/articles", json={"id": "kept", "title": "Flood", "text": TEXT})
        assert answer.status_code == 201, answer.text
        assert answer.json()["articles"] == [{"id": "kept", "story_id": None, "placed": False}]
        assert client.get("/api/articles/kept").status_code == 200


def test_a_post_answers_before_a_slow_placing_ends(writable: Path) -> None:
    release = threading.Event()

    def slow(store: Store, ids: set[str]) -> None:
        release.wait(10)

    app = create_app(ServeConfig(db=writable, place_wait=0.2))
    app.state.placer = Placer(writable, place=slow)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as client:
        answer = client.post("/api/articles", json={"id": "early", "title": "Flood", "text": TEXT})
        release.set()
    assert answer.status_code == 201, answer.text
    assert answer.json()["articles"] == [{"id": "early", "story_id": None, "placed": False}]


def test_posts_during_a_pass_share_the_next_one(tmp_path: Path) -> None:
    """Eight posts while a pass runs cost one more pass, not eight."""
    passes: list[set[str]] = []
    started = threading.Event()

    def record(store: Store, ids: set[str]) -> None:
        passes.append(set(ids))
        started.set()
        time.sleep(0.3)

    db = tmp_path / "p.db"
    Store.open(db).close()
    placer = Placer(db, place=record)
    first = placer.request(["a"])
    started.wait(5)
    tickets = [placer.request([f"b{i}"]) for i in range(8)]
    assert placer.wait(max(tickets), timeout=10)
    assert placer.wait(first, timeout=0)
    assert passes == [{"a"}, {f"b{i}" for i in range(8)}]
