"""Fixtures of the web tests: a store built by the real pipeline, an app, a client."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline import pipeline
from storyline.serve import ServeConfig, create_app
from storyline.store import Store
from support import FIXTURES

HERE = Path(__file__).parent / "fixtures"
HOSTILE_IDS = ("evil_999", 'x"><svg onload=alert(7)>')


def build_db(path: Path, inputs: list[Path]) -> Path:
    """Run the whole pipeline over the inputs into a new database."""
    with Store.open(path) as store:
        pipeline.run(store, [str(p) for p in inputs])
    return path


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the four seeds and two hostile articles."""
    folder = tmp_path_factory.mktemp("serve")
    return build_db(
        folder / "seeds.db", [FIXTURES / "seeds", HERE / "evil_999.txt", HERE / "hostile.jsonl"]
    )


def make_client(db: Path, **options: object) -> TestClient:
    """Return a client of an app serving db (on the loopback name the app accepts)."""
    return TestClient(create_app(ServeConfig(db=db, **options)), base_url="http://127.0.0.1")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(seeded_db: Path) -> Iterator[TestClient]:
    """A client of the app serving the seeded store."""
    with make_client(seeded_db) as opened:
        yield opened


@pytest.fixture
def writable(seeded_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded store that a test may change."""
    copy = tmp_path / "w.db"
    shutil.copy(seeded_db, copy)
    return copy
