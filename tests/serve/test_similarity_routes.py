"""POST /api/similarity answers what storyline.similarity answers."""

from __future__ import annotations

from fastapi.testclient import TestClient

import storyline

A = "Rescuers in Hualien searched the Marshal Hotel after the 6.4 earthquake hit Taiwan."
B = "The 6.4 magnitude earthquake in Hualien, Taiwan, toppled the Marshal Hotel; rescuers search."


def test_post_similarity_returns_the_library_result(client: TestClient) -> None:
    answer = client.post("/api/similarity", json={"a": {"text": A}, "b": {"text": B}})
    assert answer.status_code == 200
    assert answer.json() == storyline.similarity(A, B).to_json()
    assert answer.json()["same_story"] is True


def test_post_similarity_refuses_an_empty_pair(client: TestClient) -> None:
    answer = client.post("/api/similarity", json={"a": {"text": ""}, "b": {"text": B}})
    assert answer.status_code == 400
    assert "empty" in answer.json()["message"]
