"""Shared fixtures: paths to fixtures and shared data, a fresh store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.store import Store
from support import FIXTURES, SHARED


@pytest.fixture
def fixtures() -> Path:
    """Return the folder of small fixtures shipped with the tests."""
    return FIXTURES


@pytest.fixture
def shared_data() -> Path:
    """Return ../shared/data, skipping the test when it is not beside the repo."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip("../shared/data is not available")
    return data


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Open a fresh store in a temporary folder."""
    with Store.open(tmp_path / "test.db") as opened:
        yield opened
