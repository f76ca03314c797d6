"""POST /api/similarity: the same-story score of two texts, a thin shell over the library."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from storyline.cluster.similarity import MAX_CHARS, similarity, text_item
from storyline.serve.security import require_json, require_token

router = APIRouter(prefix="/api", tags=["api"])


class TextIn(BaseModel):
    """One text to compare: its body, and optionally its headline and date."""

    text: str = Field("", max_length=MAX_CHARS, description="The body (may be empty with a title).")
    title: str | None = Field(None, max_length=2_000)
    published: str | None = Field(None, max_length=64, description="ISO 8601 date or datetime.")


class PairIn(BaseModel):
    """Two texts to compare."""

    a: TextIn
    b: TextIn


@router.post(
    "/similarity",
    summary="Same-story score of two texts, with its reasons",
    dependencies=[Depends(require_token), Depends(require_json)],
    responses={401: {}, 413: {}, 415: {}, 422: {}},
)
def post_similarity(body: PairIn) -> dict[str, Any]:
    """Return the score, the bar it must reach, the engine's decision and each channel's part."""
    items = [text_item(t.text, t.title or "", t.published) for t in (body.a, body.b)]
    return similarity(items[0], items[1]).to_json()
