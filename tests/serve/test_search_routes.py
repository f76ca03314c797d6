"""Story search over HTTP: the ranked order and the operators reach the API, page and twin."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_search_operators_and_order_over_http(client: TestClient) -> None:
    for path in ("/api/stories", "/stories.json"):
        hit = client.get(path, params={"q": '"antony blinken" OR xyzzy', "sort": "recent"})
        assert hit.status_code == 200 and hit.json()["total"] == 1
        assert client.get(path, params={"q": "blink* -china"}).json()["total"] == 0
        assert client.get(path, params={"q": "blinken", "sort": "bogus"}).status_code == 422
    page = client.get("/stories", params={"q": "blink*", "sort": "recent"})
    assert page.status_code == 200 and '<option value="recent" selected>' in page.text
