"""The goals of issues 19 and 20 as checks over the suite's check-part rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .core import Row

Lookup = Callable[[str, str, str], Row | None]


def _finder(rows: Sequence[Row]) -> Lookup:
    table = {(r.stage, r.dataset, r.metric): r for r in rows if r.part == "check"}
    return lambda stage, dataset, metric: table.get((stage, dataset, metric))


def _at_least(row: Row | None, floor: float) -> tuple[bool, str] | None:
    if row is None or row.storyline is None:
        return None
    return row.storyline >= floor, f"{row.storyline:.3f} (goal >= {floor})"


def _extraction(find: Lookup) -> list[tuple[str, tuple[bool, str] | None]]:
    out: list[tuple[str, tuple[bool, str] | None]] = []
    for name in ("scrapinghub", "readability", "cleaneval-dev"):
        f1 = find("extraction", name, "f1")
        if f1 is not None and f1.storyline is not None and f1.baseline is not None:
            out.append(
                (
                    f"extraction F1 >= trafilatura on {name}",
                    (f1.storyline >= f1.baseline, f"{f1.storyline:.3f} vs {f1.baseline:.3f}"),
                )
            )
        lost = find("extraction", name, "lost_pages")
        if lost is not None and lost.storyline is not None:
            out.append((f"no lost pages on {name}", (lost.storyline == 0, f"{lost.storyline:.0f}")))
    mean = find("extraction", "mean of 3 sets", "f1")
    if mean is not None and mean.storyline is not None and mean.baseline is not None:
        out.append(
            (
                "extraction mean F1 >= trafilatura + 0.02",
                (
                    mean.storyline >= mean.baseline + 0.02,
                    f"{mean.storyline:.3f} vs {mean.baseline:.3f}",
                ),
            )
        )
    sets = ("scrapinghub", "readability", "cleaneval-dev")
    for metric, clock in (("pages_per_s", "wall"), ("cpu_pages_per_s", "CPU seconds")):
        speeds = [find("extraction", n, metric) for n in sets]
        timed = [r for r in speeds if r is not None and r.seconds]
        if timed:
            ratio = sum(r.baseline_seconds for r in timed) / sum(r.seconds for r in timed)
            out.append(
                (f"extraction speed >= 0.8x trafilatura ({clock})", (ratio >= 0.8, f"{ratio:.2f}x"))
            )
    return out  # fmt: skip


def check(rows: Sequence[Row]) -> list[tuple[str, bool, str]]:
    """Return (goal, met, figure) for every goal whose rows were measured."""
    find = _finder(rows)
    cluster = [
        ("giveme5w1h B-cubed F1 >= 0.95", "giveme5w1h", "bcubed_f1", 0.95),
        ("giveme5w1h ARI >= 0.90", "giveme5w1h", "ari", 0.90),
        ("ECB+ dev B-cubed F1 >= 0.95", "ecbplus", "bcubed_f1", 0.95),
        ("giveme5w1h titles only F1 >= 0.85", "giveme5w1h-titles", "bcubed_f1", 0.85),
        ("giveme5w1h without dates F1 >= 0.93", "giveme5w1h-nodates", "bcubed_f1", 0.93),
    ]
    goals = [
        *_extraction(find),
        *((goal, _at_least(find("cluster", name, metric), floor))
          for goal, name, metric, floor in cluster),
        *((f"first publisher, {name} stories with second/ms times: earliest named first, 100%",
           _at_least(find("provenance", name, "first_timed"), 1.0))
          for name in ("giveme5w1h", "giveme5w1h-ms-titles")),
        ("first publisher, every giveme5w1h story: ties only where precisions overlap, 100%",
         _at_least(find("provenance", "giveme5w1h", "first_story"), 1.0)),
        ("first publisher of each gold event's main story (clustering errors count): 100%",
         _at_least(find("provenance", "giveme5w1h", "first_ok"), 1.0)),
    ]  # fmt: skip
    return [(goal, result[0], result[1]) for goal, result in goals if result is not None]
