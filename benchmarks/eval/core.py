"""Rows of the evaluation table, the seeded bootstrap, and printing."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

RESAMPLES = 1000
SEED = 0

Stat = Callable[[Sequence[int]], float]


@dataclass(frozen=True)
class Row:
    """One line of the table: a metric of one stage on one dataset part, storyline vs baseline."""

    stage: str
    dataset: str
    part: str
    metric: str
    units: int = 0  # pages, events, documents the figure is over
    storyline: float | None = None
    ci: tuple[float, float] | None = None  # bootstrap 95% interval of the storyline figure
    baseline: float | None = None
    delta_ci: tuple[float, float] | None = None  # bootstrap 95% interval of storyline - baseline
    seconds: float = 0.0  # wall time of storyline's run on this part
    baseline_seconds: float = 0.0
    note: str = ""  # "skipped: missing ..." or what the units are

    @property
    def delta(self) -> float | None:
        """Return storyline minus baseline, when both exist."""
        if self.storyline is None or self.baseline is None:
            return None
        return self.storyline - self.baseline


def skipped(stage: str, dataset: str, part: str, why: str) -> Row:
    """Return the row that says a dataset part could not be run."""
    return Row(stage, dataset, part, "-", note=f"skipped: {why}")


def bootstrap(
    units: int,
    ours: Stat,
    base: Stat | None = None,
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> tuple[tuple[float, float], tuple[float, float] | None]:
    """Return 95% intervals of ours and of ours - base over resamples of the units (seeded)."""
    if units == 0:
        return (float("nan"), float("nan")), None
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, units, size=(resamples, units))
    figures = np.array([ours(list(d)) for d in draws])
    interval = _interval(figures)
    if base is None:
        return interval, None
    deltas = figures - np.array([base(list(d)) for d in draws])
    return interval, _interval(deltas)


def _interval(values: np.ndarray) -> tuple[float, float]:
    lo, hi = np.percentile(values, [2.5, 97.5])
    return float(lo), float(hi)


COUNTS = {"lost_pages", "stories"}  # metrics that are counts, shown as integers


def _num(value: float | None, metric: str) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if metric in COUNTS else f"{value:.3f}"


def _ci(ci: tuple[float, float] | None, signed: bool = False) -> str:
    if ci is None:
        return ""
    fmt = "{:+.3f}" if signed else "{:.3f}"
    return f"[{fmt.format(ci[0])},{fmt.format(ci[1])}]"


HEADER = (
    f"{'stage':<10} {'dataset':<22} {'part':<5} {'n':>4} {'metric':<18} {'storyline':>9} "
    f"{'95% CI':<15} {'baseline':>9} {'delta':>8} {'delta 95% CI':<17} {'time s':>13}  note"
)


def render(row: Row) -> str:
    """Render one row of the table."""
    if row.note.startswith("skipped"):
        return f"{row.stage:<10} {row.dataset:<22} {row.part:<5} {'':>4} {row.note}"
    delta = row.delta
    times = f"{row.seconds:.1f}/{row.baseline_seconds:.1f}"
    return (
        f"{row.stage:<10} {row.dataset:<22} {row.part:<5} {row.units:>4} {row.metric:<18} "
        f"{_num(row.storyline, row.metric):>9} {_ci(row.ci):<15} "
        f"{_num(row.baseline, row.metric):>9} "
        f"{'-' if delta is None else f'{delta:+.3f}':>8} {_ci(row.delta_ci, True):<17} "
        f"{times:>13}  {row.note}"
    )


def write_jsonl(rows: Sequence[Row], path: Path) -> None:
    """Append the rows to a JSON-lines file."""
    with path.open("a", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(asdict(row) | {"delta": row.delta}) + "\n")
