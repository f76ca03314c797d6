"""Fixtures for clustering tests: a small corpus of same-kind events with gold labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.cluster.model import ClusterItem
from support import FIXTURES

EVENTS = FIXTURES / "cluster_events.jsonl"  # 12 events, 4 kinds x 3 within 3 days, 69 reports


def load_events(path: Path = EVENTS) -> list[dict[str, Any]]:
    """Read the synthetic event corpus (made by benchmarks/cluster_synth.py, seed 5)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def to_items(records: list[dict[str, Any]]) -> list[ClusterItem]:
    """Turn fixture records into clustering items."""
    return [
        ClusterItem(
            id=r["id"],
            text=r["text"],
            title=r["title"],
            published=r["published"],
            source=r["source"],
        )
        for r in records
    ]


@pytest.fixture(scope="session")
def events() -> list[dict[str, Any]]:
    """Return the event corpus records (id, title, text, published, source, event, group)."""
    return load_events()


@pytest.fixture(scope="session")
def items(events: list[dict[str, Any]]) -> list[ClusterItem]:
    """Return the event corpus as clustering items."""
    return to_items(events)
