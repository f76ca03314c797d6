"""Copy graph layout."""

from __future__ import annotations

from storyline.serve.graph import MAX_NODES, layout

ARTICLES = [
    {"id": "a", "published": "2024-04-26", "role": "original", "source": "one.example"},
    {"id": "b", "published": "2024-04-27", "role": "original"},
    {"id": "c", "published": "2024-04-27", "role": "copy"},
    {"id": "d", "published": None, "role": "rewrite"},
]


def test_days_left_to_right_and_one_arrow_per_edge() -> None:
    graph = layout(
        ARTICLES,
        [
            {"copy": "c", "source": "b", "similarity": 0.93},
            {"copy": "d", "source": "a", "similarity": 0.4, "kind": "rewrite"},
        ],
    )
    x = {n.id: n.x for n in graph.nodes}
    assert x["a"] < x["b"] == x["c"] < x["d"]
    assert [d.label for d in graph.days] == ["26 Apr 2024", "27 Apr 2024", "undated"]
    assert [(e.copy, e.source, e.label, e.kind) for e in graph.edges] == [
        ("c", "b", "93%", "copy"),
        ("d", "a", "40%", "rewrite"),
    ]
    assert all(n.x + 100 < graph.width and n.y < graph.height for n in graph.nodes)
    # An article without a known outlet is not named by its id (a 64-character hash, often).
    assert {n.label for n in graph.nodes} == {"one.example", "unknown outlet"}


def test_edges_to_unknown_articles_are_dropped() -> None:
    graph = layout(ARTICLES, [{"copy": "c", "source": "zzz"}, {"copy": "c", "source": "c"}])
    assert graph.edges == ()


def test_large_stories_keep_linked_articles() -> None:
    many = [
        {"id": f"n{i:03}", "published": f"2024-01-{1 + i % 28:02}"} for i in range(MAX_NODES + 15)
    ]
    graph = layout(many, [{"copy": "n070", "source": "n071"}])
    assert len(graph.nodes) == MAX_NODES and graph.hidden == 15
    assert {"n070", "n071"} <= {n.id for n in graph.nodes} and len(graph.edges) == 1
