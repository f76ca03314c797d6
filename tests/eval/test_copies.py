"""The copy-graph evaluation's makers: made copies know their parents, and so do generated ones."""

from __future__ import annotations

import random

from benchmarks.eval.copies import Derived, derive_event, kin
from benchmarks.eval.data import Record

from support import corpus_gen

BODY = "\n".join(
    f"Paragraph {k} of the council report says the bridge needs repairs costing {k} million."
    for k in range(1, 7)
)


def _event() -> list[Record]:
    return [
        Record(f"a{k}", "Bridge closes", BODY + f"\nOutlet {k} adds a line of its own.",
               "2023-05-02T09:30:00", f"outlet{k}.example", f"https://outlet{k}.example/b", "e1")
        for k in range(3)
    ]  # fmt: skip


def test_made_copies_follow_their_parents() -> None:
    members = _event()
    other = [Record("z", "Other", "Another story entirely.\nWith a second line.", None,
                    "z.example", None, "e2")]  # fmt: skip
    made = derive_event(members, other, random.Random("t"))
    assert {d.how for d in made} == {"repost", "excerpt", "spun", "copy2", "update"}
    by_id = {d.record.id: d for d in made}
    for d in made:
        assert d.parent in by_id or d.parent in {m.id for m in members}
        if d.how == "update":  # the same outlet's later version
            parent = next(m for m in members if m.id == d.parent)
            assert d.record.source == parent.source
        else:
            assert d.record.source not in {m.source for m in members}
        if d.record.published and d.how != "copy2":
            assert d.record.published > "2023-05-02T09:30:00"
    copy2 = next(d for d in made if d.how == "copy2")
    assert by_id[copy2.parent].how == "spun"


def test_kin_bans_descendants_and_siblings() -> None:
    def made(ident: str, parent: str) -> Derived:
        return Derived(Record(ident, None, "", None, None, None, "e"), parent, "repost")

    family = [made("s", "o"), made("c", "s"), made("r", "o")]
    banned = kin(family)
    assert banned["s"] == {"c", "r"}  # its copy, and a sibling
    assert banned["c"] == set()  # its parent's sibling is a wrong source, not a backward one
    assert banned["r"] == {"s"}  # its sibling; the sibling's copy is a cousin


def test_generated_copies_name_an_earlier_parent_of_their_family() -> None:
    records = list(corpus_gen().generate(400, 3, parents=True))
    seen: dict[str, str] = {}
    copies = 0
    for r in records:
        if r.get("parent"):
            copies += 1
            assert seen[r["parent"]] == r["cluster"]
        seen[r["id"]] = r["cluster"]
    assert copies > 20
    plain = list(corpus_gen().generate(400, 3))
    assert [dict(r, parent=None) for r in plain] == [dict(r, parent=None) for r in records]
