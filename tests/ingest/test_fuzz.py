"""Fuzz each reader (issue 22): mutated real inputs among good records never crash or lose any.

The mutations and the harness are benchmarks/fuzz_readers.py (whose long run does 100,000
inputs per reader); here hypothesis drives them, derandomized: 60 to 300 examples per reader.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storyline.store import Store

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "fuzz_readers.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_readers", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_readers"] = module
    spec.loader.exec_module(module)
    return module


fz = _load()
EXAMPLES = {"json": 300, "jsonl": 300, "csv": 300, "text": 150, "html": 60, "warc": 100}


def cases(reader: str) -> st.SearchStrategy[object]:
    """Cases of one reader: a seed fixture, one to three mutations, a wrapping."""
    op = st.tuples(st.sampled_from(fz.OPS), st.floats(0, 0.999), st.integers(0, 1 << 16))
    return st.builds(
        fz.Case,
        reader=st.just(reader),
        seed=st.integers(0, 63),
        ops=st.lists(op, min_size=1, max_size=3).map(tuple),
        wrap=st.sampled_from(fz.GZIP_MODES),
    )


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        yield opened


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def check(store: Store, folder: Path, case: object) -> None:
    tag = f"t{abs(hash(case))}"
    lost, error = fz.run_case(store, case, folder, tag)
    assert error is None, error
    assert lost == 0, case


def field_case(reader: str, field: str, value: int, wrap: str = "plain") -> object:
    """A case giving one field the hostile value VALUES[value]."""
    where = (list(fz.FIELDS).index(field) + 0.5) / len(fz.FIELDS)
    return fz.Case(reader, 0, (("field", where, value),), wrap)


SURROGATE, HUGE_DATE = 24, 2


def run(reader: str):  # type: ignore[no-untyped-def]
    return settings(
        max_examples=EXAMPLES[reader],
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )


@run("json")
@given(case=cases("json"))
@example(case=field_case("json", "language", SURROGATE))
@example(case=field_case("json", "authors", SURROGATE))
@example(case=field_case("json", "date_publish", HUGE_DATE))
def test_fuzz_json(store: Store, folder: Path, case: object) -> None:
    check(store, folder, case)


@run("jsonl")
@given(case=cases("jsonl"))
@example(case=field_case("jsonl", "date_publish", HUGE_DATE))
@example(case=fz.Case("jsonl", 0, (("insert", 0.5, 11),), "plain"))  # nested 100,000 deep
@example(case=field_case("jsonl", "source_domain", SURROGATE, "gzip"))
def test_fuzz_jsonl(store: Store, folder: Path, case: object) -> None:
    check(store, folder, case)


@run("csv")
@given(case=cases("csv"))
@example(case=fz.Case("csv", 0, (("insert", 0.5, 4),), "plain"))  # one byte 0xff
@example(case=fz.Case("csv", 0, (("insert", 0.9, 4),), "gzip-cut"))
def test_fuzz_csv(store: Store, folder: Path, case: object) -> None:
    check(store, folder, case)


@run("text")
@given(case=cases("text"))
@example(case=fz.Case("text", 0, (("insert", 0.5, 3),), "plain"))  # CESU-8 surrogate bytes
def test_fuzz_text(store: Store, folder: Path, case: object) -> None:
    check(store, folder, case)


@run("html")
@given(case=cases("html"))
@example(case=fz.Case("html", 0, (("insert", 0.9, 1), ("insert", 0.0, 22)), "plain"))
def test_fuzz_html(  # the example: a unicode_escape charset turns \\udc80 into a surrogate
    store: Store, folder: Path, case: object
) -> None:
    check(store, folder, case)


@run("warc")
@given(case=cases("warc"))
@example(case=fz.Case("warc", 1, (("flip", 0.5, 1),), "plain"))  # URL http://[::1/x
@example(case=fz.Case("warc", 1, (("flip", 0.5, 7),), "plain"))  # an empty target URI
def test_fuzz_warc(store: Store, folder: Path, case: object) -> None:
    check(store, folder, case)
