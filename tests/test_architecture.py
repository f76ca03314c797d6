"""The package's shape: data flows one way, no import cycles, no reaching into private names."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "storyline"
STAGES = ("ingest", "clean", "dedup", "cluster", "analyze")
# HTML pages become articles at ingest, through clean's extractor: the one edge against the flow,
# kept because an HTML record has no article text until its main text is extracted.
AGAINST_FLOW = {("storyline.ingest.html", "storyline.clean")}


def modules() -> dict[str, Path]:
    """Return every module of the package by dotted name (a package by its own name)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


def imports(path: Path) -> Iterator[tuple[str, str]]:
    """Yield (module, name) for each storyline import, deferred ones too, typing-only ones not."""
    stack: list[ast.AST] = [ast.parse(path.read_text("utf-8"))]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("storyline"):
            yield from ((str(node.module), alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from ((a.name, "") for a in node.names if a.name.startswith("storyline"))
        stack.extend(ast.iter_child_nodes(node))


def stage_of(module: str) -> str | None:
    """Return the stage a dotted module belongs to, if any."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def test_no_stage_imports_a_later_stage() -> None:
    """Ingest, clean, dedup, cluster and analyze import only themselves and earlier stages."""
    wrong = []
    for module, path in modules().items():
        mine = stage_of(module)
        for target, name in imports(path):
            theirs = stage_of(target) or stage_of(f"{target}.{name}")
            allowed = any(module == m and target.startswith(t) for m, t in AGAINST_FLOW)
            if mine and theirs and STAGES.index(theirs) > STAGES.index(mine) and not allowed:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_no_private_name_crosses_a_module() -> None:
    """No module imports another module's _private names."""
    wrong = [
        f"{module} imports {target}.{name}"
        for module, path in modules().items()
        for target, name in imports(path)
        if name.startswith("_") and not name.startswith("__") and target != module
    ]
    assert wrong == []


def test_no_import_cycles() -> None:
    """Module-level and deferred imports form no cycle between modules (typing-only ones may)."""
    known = modules()
    graph: dict[str, set[str]] = {m: set() for m in known}
    for module, path in known.items():
        for target, name in imports(path):
            dep = f"{target}.{name}" if f"{target}.{name}" in known else target
            if dep in known and dep != module and not module.startswith(f"{dep}."):
                graph[module].add(dep)
    assert find_cycle(graph) == []


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """Return one cycle of the graph as a list of nodes, or [] (iterative depth-first search)."""
    colour = dict.fromkeys(graph, 0)  # 0 new, 1 on the path, 2 done
    for root in graph:
        if colour[root]:
            continue
        path, stack = [root], [iter(sorted(graph[root]))]
        colour[root] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                colour[path.pop()] = 2
                stack.pop()
            elif colour[nxt] == 1:
                return [*path[path.index(nxt) :], nxt]
            elif colour[nxt] == 0:
                colour[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph[nxt])))
    return []


@pytest.mark.parametrize(
    ("graph", "has_cycle"),
    [({"a": {"b"}, "b": {"c"}, "c": set()}, False), ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True)],
)
def test_find_cycle_finds_cycles(graph: dict[str, set[str]], has_cycle: bool) -> None:
    """The cycle finder itself can fail: it reports a planted cycle and passes a chain."""
    assert bool(find_cycle(graph)) is has_cycle


# Stages compute, the recipe stores: these stage modules reach the Store only through their
# stage's narrow interface (a Protocol in its ports module), never by importing storyline.store.
THROUGH_PORTS = (
    "storyline.cluster.run",
    "storyline.analyze.run",
    "storyline.analyze.report",
    "storyline.ingest.follow.round",
)


def test_stage_modules_reach_the_store_through_their_ports() -> None:
    """The stage modules that drive a store do not import storyline.store, typing-only or not."""
    known = modules()
    wrong = []
    for module in THROUGH_PORTS:
        for node in ast.walk(ast.parse(known[module].read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            wrong += [f"{module} imports {n}" for n in names if n.startswith("storyline.store")]
    assert wrong == []


def test_the_store_satisfies_each_stage_port(tmp_path: Path) -> None:
    """The Store has every member each port names (mypy checks the signatures: pipeline.py)."""
    from storyline.analyze.ports import AnalysisStore
    from storyline.cluster.ports import ClusterStore, ClusterTables
    from storyline.ingest.follow.ports import FollowStore
    from storyline.store import Store

    with Store.open(tmp_path / "ports.db") as store:
        for port in (ClusterStore, AnalysisStore, FollowStore):
            assert isinstance(store, port), port.__name__
        missing = [
            name
            for name in dir(ClusterTables)
            if not name.startswith("_") and not hasattr(store.clusters, name)
        ]
        assert missing == []
