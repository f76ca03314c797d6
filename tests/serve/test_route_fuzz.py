"""Fuzz every route's path, query parameters and bodies through the test client: never a 500.

Seeded (derandomize) with a fixed number of examples, so CI runs the same inputs in seconds;
STORYLINE_FUZZ_EXAMPLES=N runs N per test for a longer search (see the README of this issue).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_from_bytes

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.serve import ServeConfig, create_app
from storyline.serve.placer import Placer
from storyline.store import Store

EXAMPLES = int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
GETS = (
    "/api/stories", "/api/stories/{id}", "/api/articles", "/api/articles/{id}", "/api/sources",
    "/", "/stories", "/stories.json", "/stories/{id}", "/stories/{id}.json", "/articles/{id}",
    "/articles/{id}.json", "/sources", "/sources.json", "/docs", "/openapi.json",
)  # fmt: skip
PARAMS = ("limit", "offset", "q", "since", "until", "source", "a", "b")
SENT: list[int] = []  # requests sent, for the closing count


def _noop(store: Store, ids: set[str]) -> None:
    """Place nothing: the fuzz is about the answers, the placing pass has its own tests."""


@pytest.fixture(scope="module")
def client(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    copy = tmp_path_factory.mktemp("fuzz") / "f.db"
    shutil.copy(seeded_db, copy)
    app = create_app(ServeConfig(db=copy, place_wait=0.0, max_body_bytes=256_000))
    app.state.placer = Placer(copy, place=_noop)
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as opened:
        yield opened


def _encoded(value: str | bytes) -> str:
    """Percent-encode a value for a URL (bytes as they are, text as UTF-8 when it can be)."""
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 100, 101, 2**63 - 1, 2**63, 2**64, -(2**63) - 1]),
).map(str)
VALUES = st.one_of(
    NUMBERS,
    st.text(max_size=40),
    st.binary(max_size=20),
    st.sampled_from(["", "nan", "inf", "1e999", "2024-02-30", "9999-12-31", "0000-01-01", "*"]),
)
QUERIES = st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=4)
IDS = st.one_of(
    st.text(min_size=1, max_size=30), st.binary(min_size=1, max_size=20), st.just("004_8a40a684")
)


@given(route=st.sampled_from(GETS), ident=IDS, query=QUERIES)
@FUZZ
def test_no_get_answers_500(
    client: TestClient, route: str, ident: str | bytes, query: dict[str, str | bytes]
) -> None:
    path = route.replace("{id}", _encoded(ident))
    qs = "&".join(f"{k}={_encoded(v)}" for k, v in query.items())
    answer = client.get(f"{path}?{qs}" if qs else path)
    SENT.append(1)
    assert answer.status_code < 500, (path, qs, answer.text[:300])


LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.sampled_from(["\udc80", "a\ud800b", "2024-06-03", "Infinity", "", " "]),
)
JSON_VALUES = st.recursive(
    LEAVES, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)  # fmt: skip
FIELDS = ("id", "title", "text", "maintext", "published", "date_publish", "source", "url",
          "authors", "language", "source_domain")  # fmt: skip
RECORDS = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=6).map(
    lambda r: {"text": "A report on the flooded valley and the farmers there.", **r}
)
BODIES = st.one_of(RECORDS, st.lists(RECORDS, max_size=3), JSON_VALUES)


@given(route=st.sampled_from(["/api/articles", "/api/match"]), body=BODIES)
@FUZZ
def test_no_post_answers_500(client: TestClient, route: str, body: object) -> None:
    raw = json.dumps(body, ensure_ascii=True, allow_nan=True).encode("ascii")
    answer = client.post(route, content=raw, headers={"content-type": "application/json"})
    SENT.append(1)
    assert answer.status_code < 500, (route, raw[:300], answer.text[:300])


@given(raw=st.one_of(st.binary(max_size=200), st.just(b"[" * 5000), st.just(b'{"a":' * 3000)))
@FUZZ
def test_no_raw_body_answers_500(client: TestClient, raw: bytes) -> None:
    for route in ("/api/articles", "/api/match"):
        answer = client.post(route, content=raw, headers={"content-type": "application/json"})
        SENT.append(1)
        assert answer.status_code < 500, (route, raw[:100], answer.text[:300])


def test_zz_report_the_count() -> None:
    """Say how many requests the fuzz sent (pytest -s shows it)."""
    print(f"\nroute fuzz: {len(SENT)} requests, none answered 500")
