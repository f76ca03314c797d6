"""Precision at scale: shared passages are not copies, and clusters hold only verified members."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.dedup.corpus import dedup_corpus
from storyline.dedup.engine import find_duplicates
from storyline.dedup.graph import components
from storyline.dedup.links import LinkRule, confirm
from storyline.dedup.tokens import I64
from storyline.dedup.verify import PairEvidence
from support import templated_reports

RELEASE = (
    "About Norvale Analytics: Norvale Analytics is a leading provider of cloud based revenue "
    "intelligence for mid market retailers across North America and Europe. Founded in 2011 "
    "and headquartered in Leeds, the company serves more than 4,300 customers, including "
    "Fenwick Stores and Harbor Lane Outfitters, and was named a category leader by Grayson "
    "Research for the third year running. Its flagship platform, Norvale Pulse, combines "
    "demand forecasting with automated price testing and connects to every major point of sale "
    "system. For more information visit the Norvale Analytics newsroom or contact Priya Osei, "
    "head of communications, at the London office. Norvale Analytics and Norvale Pulse are "
    "registered trademarks of Norvale Analytics Limited."
)
FLOOD = (
    "Residents of Carrow Bridge were told to leave their homes on Tuesday after the river Senn "
    "burst its banks for the second time in a month. Emergency crews evacuated 212 people from "
    "the lower town, and the county council opened the sports hall on Mill Road as a shelter. "
    "Council leader Martin Ebbs said pumps from three neighbouring districts had been brought "
    "in overnight, and that the bridge would stay closed until engineers had inspected it. "
    "Shopkeepers on the quay spent the afternoon stacking sandbags against their doors, and "
    "the rail line to Ashby was suspended after water covered the tracks near the old mill."
)
BUDGET = (
    "The finance ministry of Ostrava Province presented a budget on Monday that cuts spending on "
    "regional roads by 9 percent while raising school funding. Minister Helena Kratka told the "
    "assembly that the deficit would fall to 1.8 percent of output next year. Opposition leader "
    "Tomas Vrba called the plan a gamble on optimistic tax forecasts and said his party would "
    "table amendments before the vote in March. Hospital staff unions welcomed the extra money "
    "for clinics but warned that the province still lacks nurses in its northern valleys, where "
    "two wards closed last winter."
)
TRANSFER = (
    "Midfielder Andre Couto has completed his move from Vila Serena to Aldgate Rovers for a fee "
    "reported to be around 14 million euros. The 24 year old signed a four year contract and "
    "could make his debut against Penbury on Saturday. Rovers manager Sean Maddox praised his "
    "passing range, while Vila Serena supporters protested outside the club offices on Sunday "
    "evening. Couto scored 11 goals in all competitions last season and was a regular for the "
    "national under 21 side, though a knee injury kept him out for most of the autumn."
)


def _write(path: Path, texts: list[str]) -> Path:
    rows = [{"id": f"a{i}", "text": text} for i, text in enumerate(texts)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _clusters(path: Path) -> list[int | None]:
    return [json.loads(line)["dup_cluster"] for line in path.read_text().splitlines()]


def test_articles_glued_to_one_press_release_are_not_copies_but_a_repost_is(
    tmp_path: Path,
) -> None:
    # the release is glued into each article's last paragraph (the extractor merged them), so
    # no closing line gives it away: only the passage shared by unrelated articles does
    repost = "Carrow Gazette | News | Weather\n\n" + FLOOD.replace(" on Tuesday", "")
    texts = [
        f"{FLOOD} {RELEASE}",
        f"{BUDGET} {RELEASE}",
        f"{TRANSFER} {RELEASE}",
        f"{repost} {RELEASE}",
    ]
    out = tmp_path / "out.jsonl"
    dedup_corpus([str(_write(tmp_path / "in.jsonl", texts))], str(out))
    assert _clusters(out) == [0, None, None, 0]


def test_a_lowercased_copy_does_not_chain_two_templated_reports() -> None:
    first, second = templated_reports()
    labels = find_duplicates([first, second, first.lower()]).labels
    assert labels.tolist() == [0, 1, 0]


def _evidence(left: I64, right: I64, sizes: I64, shared: I64) -> PairEvidence:
    return PairEvidence(left, right, shared, sizes[left], sizes[right])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 30).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
            st.lists(st.integers(0, 3), min_size=n, max_size=n),
        )
    )
)
def test_confirmed_clusters_refine_the_links_and_every_member_matches_its_first_text(
    case: tuple[int, list[tuple[int, int]], list[int]],
) -> None:
    n, edges, group = case
    left = np.array([a for a, _ in edges], dtype=np.int64)
    right = np.array([b for _, b in edges], dtype=np.int64)
    labels = components(n, left, right)
    truth = np.array(group, dtype=np.int64)
    sizes = np.full(n, 100, dtype=np.int64)
    names = np.zeros(n, dtype=np.int64)

    def check(a: I64, b: I64) -> tuple[PairEvidence, PairEvidence]:
        same = truth[a] == truth[b]  # texts of one group share all, others nothing
        return _evidence(a, b, sizes, np.where(same, 100, 0)), _evidence(a, b, names, names[a])

    out, _ = confirm(labels, left, right, LinkRule(), check)
    assert np.array_equal(out, components(n, out, np.arange(n)))  # each label its smallest
    assert (labels[out] == labels).all()  # never joins what the links did not
    members = np.flatnonzero(out != np.arange(n))
    assert (truth[members] == truth[out[members]]).all()  # every member matches its rep


MARKETS = (
    "Copper prices rose on Thursday as stocks in London warehouses fell to 41,250 tonnes, the "
    "lowest level since 2019. Three month copper traded at 9,870 dollars a tonne, up from 9,615 "
    "dollars a week earlier, while aluminium slipped to 2,284 dollars. Traders said imports into "
    "the country climbed to 1,204,000 tonnes in the first half, and that smelters had cut output "
    "by 3,400 tonnes a day after power shortages. Zinc closed at 2,715 dollars and nickel at "
    "16,930 dollars, with 18,600 lots changing hands. Warehouse stocks of zinc stood at 27,150 "
    "tonnes and lead at 6,480 tonnes, against 5,925 tonnes a month ago."
)
# the same report reposted by a scraper that drops commas and rewords a few verbs
MARKETS_REPOST = (
    "Copper prices climbed on Thursday as stocks in London warehouses dropped to 41250 tonnes the "
    "lowest level since 2019. Three month copper sold at 9870 dollars a tonne up from 9615 "
    "dollars a week before while aluminium eased to 2284 dollars. Dealers said imports into "
    "the country rose to 1204000 tonnes in the first half and that smelters had reduced output "
    "by 3400 tonnes a day after power cuts. Zinc ended at 2715 dollars and nickel at "
    "16930 dollars with 18600 lots trading. Warehouse stocks of zinc stood at 27150 "
    "tonnes and lead at 6480 tonnes against 5925 tonnes a month ago.\n\n"
    "Read more commodities news at the Northline Post. Sign up for our Morning Markets newsletter."
)


def test_a_repost_without_thousands_separators_is_a_copy_and_keeps_its_figures() -> None:
    # "41,250" read as the words 41 and 250 split every figure's shingles and numbers: the
    # figures of a market report then disagreed with its own repost
    assert find_duplicates([MARKETS, MARKETS_REPOST, BUDGET]).labels.tolist() == [0, 0, 2]


def _reword(text: str, every: int = 11) -> str:
    """Swap every `every`-th word for another (what spinning tools do to a repost)."""
    swap = ("quickly", "reportedly", "nearby", "officials", "latest", "major", "several")
    words = text.split(" ")
    return " ".join(
        swap[i // every % len(swap)] if i % every == 3 else w for i, w in enumerate(words)
    )


def test_a_reworded_copy_with_copies_of_its_own_joins_its_source() -> None:
    source = FLOOD + "\n\n" + BUDGET
    repost = _reword(source) + "\n\nIn other news. " + " ".join([TRANSFER, RELEASE, MARKETS])
    texts = [
        source,
        "Carrow Gazette | News | Weather\n\n" + source + "\n\nCopyright Carrow Gazette.",
        repost,  # about 0.6 of the source, the source a third of it: a weak link
        "Riverside Daily | Home\n\n" + repost,
        repost + "\n\nShare this story with your friends.",
    ]
    # both ends were in clusters already, so the weak link alone merged nothing: the copy of a
    # copy and its own copies stayed apart from their source
    assert find_duplicates(texts).labels.tolist() == [0, 0, 0, 0, 0]


def test_an_excerpt_glued_to_one_copy_does_not_merge_two_stories() -> None:
    excerpt = " ".join(BUDGET.split(". ")[:3]) + "."
    texts = [
        FLOOD + " " + TRANSFER,
        "Carrow Gazette | News\n\n" + FLOOD + " " + TRANSFER,
        BUDGET,
        BUDGET + "\n\nCopyright Ostrava Courier.",
        FLOOD + " " + TRANSFER + "\n\nRelated: " + excerpt,  # inside it: half the budget
    ]
    # the excerpt links the last copy to the budget story, but the two stories' first texts
    # share nothing: the clusters stay apart
    assert find_duplicates(texts).labels.tolist() == [0, 0, 2, 2, 0]
