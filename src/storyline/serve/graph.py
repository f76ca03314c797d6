"""Lay out a story's copy graph for an inline SVG: day columns, arrows from copy to source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from storyline.dates import in_order, sort_key
from storyline.dates import read as read_date
from storyline.outlets import outlet_name

NODE_W, NODE_H = 204, 52
COL_GAP, ROW_GAP, PAD, TOP = 80, 34, 12, 30
MAX_NODES = 60  # larger stories draw the articles on an edge first, then the earliest


@dataclass(frozen=True)
class Node:
    """One article drawn as a box."""

    id: str
    x: int
    y: int
    label: str
    day: str
    role: str


@dataclass(frozen=True)
class Edge:
    """One copy drawn as an arrow from the copy to its source."""

    copy: str
    source: str
    path: str  # SVG path data
    kind: str  # copy | rewrite | update
    label: str  # similarity, shown beside the arrow
    label_x: int
    label_y: int


@dataclass(frozen=True)
class Day:
    """A column heading."""

    x: int
    label: str


@dataclass(frozen=True)
class Graph:
    """A laid-out graph and the size of its drawing."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    days: tuple[Day, ...]
    width: int
    height: int
    hidden: int  # articles left out of the drawing


def layout(articles: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]]) -> Graph:
    """Place articles in day columns (earliest left) and route one arrow per copy edge."""
    drawn = _pick(articles, edges)
    columns: dict[str, list[Mapping[str, Any]]] = {}
    for article in in_order(drawn, lambda a: a.get("published"), lambda a: str(a["id"])):
        columns.setdefault(day_of(article), []).append(article)
    nodes: dict[str, Node] = {}
    days = []
    for col, (day, members) in enumerate(columns.items()):
        x = PAD + col * (NODE_W + COL_GAP)
        days.append(Day(x, _day_label(day)))
        for row, article in enumerate(members):
            label = outlet_name(article.get("source"), article.get("url")) or "unknown outlet"
            role = str(article.get("role") or "")
            nodes[article["id"]] = Node(
                article["id"], x, TOP + row * (NODE_H + ROW_GAP), label, day, role
            )
    arrows = tuple(
        _edge(nodes[e["copy"]], nodes[e["source"]], e)
        for e in edges
        if e.get("copy") in nodes and e.get("source") in nodes and e["copy"] != e["source"]
    )
    rows = max((len(m) for m in columns.values()), default=1)
    width = PAD * 2 + len(columns) * (NODE_W + COL_GAP) - COL_GAP + (COL_GAP // 2)
    height = TOP + rows * (NODE_H + ROW_GAP) - ROW_GAP + PAD
    return Graph(
        tuple(nodes.values()),
        arrows,
        tuple(days),
        max(width, NODE_W + 2 * PAD),
        height,
        len(articles) - len(drawn),
    )


def day_of(article: Mapping[str, Any]) -> str:
    """Return the (UTC) publication day of an article (YYYY-MM-DD), or 'undated'."""
    pub = read_date(article.get("published"))
    return pub.start.date().isoformat() if pub is not None else "undated"


def _day_label(day: str) -> str:
    try:
        return date.fromisoformat(day).strftime("%-d %b %Y")
    except ValueError:
        return day


def _pick(
    articles: Sequence[Mapping[str, Any]], edges: Sequence[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """Keep at most MAX_NODES articles: those on an edge first, then the earliest."""
    if len(articles) <= MAX_NODES:
        return list(articles)
    linked = {e.get("copy") for e in edges} | {e.get("source") for e in edges}
    ranked = sorted(
        articles, key=lambda a: (a["id"] not in linked, sort_key(a.get("published")), a["id"])
    )
    return ranked[:MAX_NODES]


def _edge(copy: Node, source: Node, edge: Mapping[str, Any]) -> Edge:
    """Route a curved arrow from the copy's box to the source's box."""
    similarity = edge.get("similarity")
    label = f"{float(similarity):.0%}" if isinstance(similarity, int | float) else ""
    kind = str(edge.get("kind") or "copy")
    y1, y2 = copy.y + NODE_H // 2, source.y + NODE_H // 2
    if copy.x > source.x:  # the usual case: the copy is later, further right
        x1, x2 = copy.x, source.x + NODE_W + 2
        bend = (x1 - x2) // 2
        path = f"M{x1},{y1} C{x1 - bend},{y1} {x2 + bend},{y2} {x2},{y2}"
        return Edge(copy.id, source.id, path, kind, label, (x1 + x2) // 2, (y1 + y2) // 2 - 6)
    if copy.x == source.x and abs(copy.y - source.y) == NODE_H + ROW_GAP:  # neighbours in a column
        x = copy.x + NODE_W * 3 // 4
        above = copy.y > source.y
        start, end = (copy.y, source.y + NODE_H + 2) if above else (copy.y + NODE_H, source.y - 2)
        path = f"M{x},{start} L{x},{end}"
        return Edge(copy.id, source.id, path, kind, label, x + 22, (start + end) // 2 + 4)
    # Further apart in one day, or a copy dated before its source: loop out on the right-hand
    # side, entering the source low so the arrow stays clear of arrows from later days.
    x1, x2 = copy.x + NODE_W, source.x + NODE_W + 2
    y2 = source.y + NODE_H - 10
    reach = max(x1, x2) + COL_GAP // 2 + abs(y1 - y2) // 6
    path = f"M{x1},{y1} C{reach},{y1} {reach},{y2} {x2},{y2}"
    return Edge(copy.id, source.id, path, kind, label, reach - 4, (y1 + y2) // 2 + 4)
