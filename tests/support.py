"""Constants and helpers shared by tests (importable as `support`)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from storyline.analyze.entities import extract_entities
from storyline.ingest.fields import content_hash
from storyline.models import Article
from storyline.store import Store
from storyline.workers import Workers

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS_GEN = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus_gen.py"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_IDS = [
    "000_2bd1fb441ff5d0f9",
    "001_461bafe483ac535b",
    "002_994e28567f749a12",
    "004_8a40a684c3147605",
]


def run_cli(
    *args: str, db: Path | None = None, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `storyline` entry point in a subprocess."""
    cmd = [sys.executable, "-m", "storyline", *args]
    if db is not None:
        cmd += ["--db", str(db)]
    env = {k: v for k, v in os.environ.items() if k != "STORYLINE_DB"}
    return subprocess.run(
        cmd,
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=600,
        check=False,
    )


def entity_types(text: str) -> dict[str, str]:
    """Map each entity storyline finds in one text to its type."""
    return {e.name: e.type for e in extract_entities([text])}


def run_python(code: str) -> str:
    """Run code in a fresh interpreter on this tree's sources; return what it printed."""
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def make_article(article_id: str, text: str, **fields: Any) -> Article:
    """Build a stored-article record with its content hash and a fixed ingest time."""
    return Article(
        id=article_id,
        text=text,
        content_hash=content_hash(None, text, None),
        ingested_at="2024-01-01T00:00:00+00:00",
        **fields,
    )


def store_articles(store: Store, *articles: Article) -> list[str]:
    """Store articles as one batch in one transaction; return each upsert's outcome."""
    with store.transaction():
        batch = store.new_batch()
        return [store.upsert_article(a, batch) for a in articles]


def corpus_gen() -> ModuleType:
    """Load benchmarks/corpus_gen.py (the seeded news corpus generator), or skip the test."""
    if not CORPUS_GEN.is_file():
        pytest.skip("benchmarks/corpus_gen.py is not available")
    spec = importlib.util.spec_from_file_location("corpus_gen", CORPUS_GEN)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


_TEMPLATE = (
    "{place} police said {n} people were injured when a gunman opened fire outside the "
    "{mall} on {day} evening. Officers arrived at {time} and the suspect, a {age} year old "
    "man from {town}, was arrested at the scene, according to {chief}. Witnesses described "
    "hearing several shots before shoppers ran for cover inside nearby stores. The injured "
    "were taken to {hospital}, where {n2} remain in a serious condition. Police have not "
    "released the name of the suspect and said the motive was not yet known. The {mall} "
    "will remain closed while investigators examine the scene."
)


def templated_reports() -> tuple[str, str]:
    """Return two reports of different shootings filled into one template (a hard negative)."""
    first = _TEMPLATE.format(
        place="Springfield",
        n=14,
        mall="Eastgate Centre",
        day="Friday",
        time="6:40",
        age=31,
        town="Dunmore",
        chief="Chief Joan Alvarez",
        hospital="Mercy General",
        n2=3,
    )
    second = _TEMPLATE.format(
        place="Riverton",
        n=9,
        mall="Parkside Mall",
        day="Sunday",
        time="8:15",
        age=45,
        town="Kelby",
        chief="Captain Omar Haddad",
        hospital="St Agnes Hospital",
        n2=5,
    )
    return first, second


def news_please_feed(
    path: Path, title: str, body: str, reports: list[tuple[str, str, str, str]], *, slug: str
) -> Path:
    """Write one story's reports (id, published, domain, extra text) as news-please lines."""
    rows = [
        {
            "id": key,
            "title": title,
            "maintext": body + extra,
            "date_publish": published,
            "source_domain": source,
            "url": f"https://{source}/world/{slug}",
        }
        for key, published, source, extra in reports
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def count_pool_starts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the worker pools started from now on: each start appends its process count."""
    started: list[int] = []
    start = Workers._start

    def counting(self: Workers) -> Any:
        started.append(self.count)
        return start(self)

    monkeypatch.setattr(Workers, "_start", counting)
    return started
