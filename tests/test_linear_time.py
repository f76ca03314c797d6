"""Every text stage grows at most linearly on adversarial texts (benchmarks/adversarial_text.py).

No absolute time limit: the time at 4x the size must stay under GROWTH times the time at 1x
(16x would be quadratic). Timings on a shared machine are noisy, so a case over the bound is
measured again (best of three) before it fails.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "adversarial_text.py"
SMALL, LARGE = 20_000, 80_000
GROWTH = 8.0  # at 4x the size; linear is 4, quadratic 16
FLOOR = 0.005  # seconds: below this a timing is mostly noise (a page fault, a collection)


def _bench() -> ModuleType:
    """Import benchmarks/adversarial_text.py, which holds the inputs and the stages."""
    spec = importlib.util.spec_from_file_location("adversarial_text", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("adversarial_text", module)
    spec.loader.exec_module(module)
    return module


BENCHMARK = _bench()
CASES = {f"{stage}:{name}": (fn, make) for stage, name, fn, make in BENCHMARK.cases()}


def _growth(fn: Callable[[str], object], make: Callable[[int], str], runs: int) -> float:
    """Return the ratio of the time at LARGE to the time at SMALL (best of runs each)."""
    small, large = make(SMALL), make(LARGE)
    t_small = min(BENCHMARK.timed(fn, small) for _ in range(runs))
    t_large = min(BENCHMARK.timed(fn, large) for _ in range(runs))
    return max(t_large, FLOOR) / max(t_small, FLOOR)


@pytest.mark.parametrize("case", sorted(CASES))
def test_stage_is_linear_on_adversarial_text(case: str) -> None:
    """A stage takes at most about linear time more on a 4x longer hostile text."""
    fn, make = CASES[case]
    growth = _growth(fn, make, runs=1)
    if growth >= GROWTH:
        growth = _growth(fn, make, runs=3)
    assert growth < GROWTH, f"{case}: {growth:.1f}x the time at 4x the size"


def test_contact_line_is_linear() -> None:
    """'Contact: @' before a long run of letters (the fuzzed inputs of issue 22) cleans fast."""
    from storyline.clean.text import clean_text

    def run(n: int) -> float:
        return float(BENCHMARK.timed(clean_text, "Contact: @" + "a" * n))

    assert max(run(LARGE), FLOOR) / max(run(SMALL), FLOOR) < GROWTH
