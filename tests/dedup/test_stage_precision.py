"""Store mode decides as corpus mode: shared passages are not copies, members are confirmed,
and the groups do not depend on how the articles were split into runs."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.dedup.corpus import dedup_corpus
from storyline.dedup.stage import dedup_store
from storyline.models import Article
from storyline.store import Store
from support import corpus_gen, store_articles, templated_reports

RELEASE = (
    "About Halden Freight Systems: Halden Freight Systems is a leading provider of cold chain "
    "logistics software for grocers and pharmacies in Scandinavia and the Baltic states. "
    "Founded in 2009 and based in Gothenburg, the company tracks more than 61,000 refrigerated "
    "trailers for customers including Norrsken Foods and Vesta Pharma, and was named logistics "
    "innovator of the year by the Nordic Freight Council in 2022. Its platform, Halden Track, "
    "combines live temperature monitoring with route planning and customs paperwork. Media "
    "contact: Ingrid Solberg, director of communications, at the Gothenburg head office. Halden "
    "Track is a registered trademark of Halden Freight Systems AB."
)
STORIES = {
    "fire": (
        "A fire broke out on Thursday night in a warehouse on the edge of the Brackley industrial "
        "estate, and crews from four stations fought the blaze until the early morning. Station "
        "commander Paul Hendry said the roof had partly collapsed and that nobody was inside when "
        "the fire started. Residents of the nearby Linden Road houses were told to keep their "
        "windows shut because of the smoke, and the bypass was closed for six hours. The cause "
        "of the fire is being investigated, and the owners said the building held furniture."
    ),
    "school": (
        "Parents at Greyfield Primary School have started a petition against plans to merge it "
        "with St Aldric's across the valley. The county education board says falling pupil "
        "numbers leave both schools with empty classrooms, and that one site would save about "
        "420,000 pounds a year. Head teacher Miriam Cole told a packed meeting on Monday that "
        "the youngest children would face a forty minute bus ride each way. A decision is due "
        "in February after a consultation that the board promised would be genuine."
    ),
    "match": (
        "Kestrel Town came from two goals down to beat Harrowgate 3-2 on Saturday, with striker "
        "Dele Amoah scoring twice in the last ten minutes. Harrowgate had led through a penalty "
        "from Marco Teixeira and a header from their captain Liam Ross before the break. Town "
        "manager Rachel Burke said her side had shown great character, while Harrowgate's coach "
        "blamed tired legs after a midweek cup replay. The win lifts Kestrel to fifth place, "
        "three points off the playoff places with eight games left."
    ),
}


def _put(store: Store, texts: dict[str, str]) -> None:
    store_articles(
        store,
        *(
            Article(id=k, text=t, content_hash=str(hash(t)), published="2024-03-01")
            for k, t in texts.items()
        ),
    )


def _glued() -> dict[str, str]:
    # the release glued into each article's last paragraph, as extractors merge them
    texts = {k: f"{v} {RELEASE}" for k, v in STORIES.items()}
    texts["fire-repost"] = (
        "Brackley Echo | Local news\n\n"
        + STORIES["fire"].replace(" on Thursday night", "")
        + f" {RELEASE}"
    )
    return texts


def test_articles_glued_to_one_press_release_are_not_copies_but_a_repost_is(store: Store) -> None:
    _put(store, _glued())
    dedup_store(store)
    assert store.duplicate_groups() == {"fire": "fire", "fire-repost": "fire"}


def test_a_release_that_turns_common_in_a_later_run_unlinks_the_earlier_pair(
    store: Store,
) -> None:
    texts = _glued()
    _put(store, {k: texts[k] for k in ("fire", "school")})
    dedup_store(store)  # two texts cannot tell a release from a shared article
    _put(store, {k: texts[k] for k in ("match", "fire-repost")})
    dedup_store(store)
    assert store.duplicate_groups() == {"fire": "fire", "fire-repost": "fire"}


def test_a_lowercased_copy_does_not_chain_two_templated_reports(store: Store) -> None:
    first, second = templated_reports()
    _put(store, {"first": first, "second": second, "lower": first.lower()})
    dedup_store(store)
    assert store.duplicate_groups() == {"first": "first", "lower": "first"}


def _generated(n: int) -> list[Article]:
    gen = corpus_gen()
    return [
        Article(id=r["id"], text=r["text"], content_hash=r["id"], published=r["published"])
        for r in gen.generate(n, 1, profile="v2")
    ]


def _groups(path: Path, parts: list[list[Article]]) -> dict[str, str]:
    with Store.open(path) as store:
        for part in parts:
            store_articles(store, *part)
            dedup_store(store)
        return store.duplicate_groups()


def test_one_run_and_several_runs_give_the_same_groups(tmp_path: Path) -> None:
    articles = _generated(600)
    whole = _groups(tmp_path / "one.db", [articles])
    runs = _groups(tmp_path / "runs.db", [articles[:150], articles[150:420], articles[420:]])
    assert runs == whole
    assert len(set(whole.values())) > 30  # real groups, not an empty answer


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.integers(1, 299), min_size=1, max_size=4, unique=True))
def test_any_split_into_runs_gives_the_groups_of_one_run(tmp_path: Path, cuts: list[int]) -> None:
    articles = _generated(300)
    bounds = [0, *sorted(cuts), len(articles)]
    parts = [articles[a:b] for a, b in pairwise(bounds)]
    name = "-".join(map(str, bounds))
    assert _groups(tmp_path / f"runs{name}.db", parts) == _groups(
        tmp_path / f"one{name}.db", [articles]
    )


def test_store_mode_finds_the_groups_of_corpus_mode(tmp_path: Path) -> None:
    articles = _generated(600)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n" for a in articles))
    dedup_corpus([str(source)], str(tmp_path / "out.jsonl"))
    corpus: dict[int, set[str]] = {}
    for line in (tmp_path / "out.jsonl").read_text().splitlines():
        row = json.loads(line)
        if row["dup_cluster"] is not None:
            corpus.setdefault(row["dup_cluster"], set()).add(row["id"])
    stored: dict[str, set[str]] = {}
    for aid, grp in _groups(tmp_path / "s.db", [articles]).items():
        stored.setdefault(grp, set()).add(aid)
    same = {frozenset(g) for g in corpus.values()} & {frozenset(g) for g in stored.values()}
    assert len(same) >= 0.95 * len(corpus)


AP_FOOTER = (
    "Copyright 2017 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.\n"
    "The Associated Press is an independent global news organization dedicated to factual "
    "reporting since 1846."
)
AP_BRIEFS = [
    "BOSTON (AP) — The state's highest court ruled Thursday that a 1970s murder conviction must "
    "be reviewed after new DNA tests pointed to another man.",
    "HOUSTON (AP) — Floodwaters receded from most city streets on Friday, two days after storms "
    "dropped more than a foot of rain on the region.",
    "ATLANTA (AP) — Delta Air Lines said Monday it will add nonstop flights to three European "
    "cities next summer as travel demand keeps climbing.",
    "SEATTLE (AP) — Boeing said Wednesday it will cut 3,000 jobs at its commercial airplanes "
    "unit as orders for its jets slowed this year. The company said most of the cuts would "
    "come through buyouts.",
]


def test_a_shared_wire_footer_makes_no_duplicates_in_the_store(store: Store) -> None:
    texts = {f"ap{i}": f"{brief}\n{AP_FOOTER}" for i, brief in enumerate(AP_BRIEFS)}
    texts["ap3-repost"] = f"{AP_BRIEFS[3]}\nSign up for our newsletter today!\n{AP_FOOTER}"
    _put(store, texts)
    dedup_store(store)
    assert store.duplicate_groups() == {"ap3": "ap3", "ap3-repost": "ap3"}
