"""Write a digest of what a run stored, to compare two runs line by line (same output?).

    python benchmarks/store_digest.py A.db a.txt && python benchmarks/store_digest.py B.db b.txt
    cmp a.txt b.txt

One line per cleaned text (its hash), per dedup group entry, per story (as `storyline stories`
lists it) and per story analysis (the stored JSON); wall-clock stamps are left out.
"""

from __future__ import annotations

import hashlib
import json
import sys

from storyline.store import Store


def main(db: str, out: str) -> None:
    """Write the digest of the store at db to out."""
    with Store.open(db) as store, open(out, "w", encoding="utf-8") as handle:
        rows = store.conn.execute(
            "SELECT a.id, c.text, c.removed FROM articles a JOIN cleaned c ON c.doc = a.doc "
            "WHERE a.is_current = 1 ORDER BY a.id"
        )
        for article_id, text, removed in rows:
            digest = hashlib.md5((text + removed).encode("utf-8", "surrogatepass")).hexdigest()
            handle.write(json.dumps(["cleaned", article_id, digest]) + "\n")
        groups = "SELECT article_id, grp, is_duplicate FROM dedup_groups ORDER BY article_id"
        for row in store.conn.execute(groups):
            handle.write(json.dumps(["group", *row]) + "\n")
        for story in store.list_stories():
            handle.write(json.dumps(["story", story], sort_keys=True, default=str) + "\n")
            analysis = store.get_analysis(story["id"])
            line = ["analysis", story["id"], analysis]
            handle.write(json.dumps(line, sort_keys=True, default=str) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
