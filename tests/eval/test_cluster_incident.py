"""The written-fact signals of benchmarks/cluster_incident.py on ECB+-like reports."""

from __future__ import annotations

from benchmarks.cluster_incident import SIGNALS, Facts, auc, join_table
from benchmarks.eval.data import Record

from storyline.cluster import ClusterConfig

SURREY = "A fire that ripped through a Waitrose store in Surrey is being treated as suspicious."
WELLINGTON = (
    "A large fire broke out at the Waitrose supermarket in Wellington town centre (July 21)."
)
SURREY_TOO = "Fire crews are still at the Waitrose supermarket in Surrey gutted by the blaze."
RAHMAN = "Wladimir Klitschko stopped Hasim Rahman in the seventh round at SAP Arena on Saturday."
THOMPSON = "Wladimir Klitschko stopped Tony Thompson in the sixth round on Saturday night."


def test_two_towns_conflict_one_town_does_not() -> None:
    places = SIGNALS["places"]
    assert places(Facts(SURREY), Facts(WELLINGTON))
    assert not places(Facts(SURREY), Facts(SURREY_TOO))


def test_two_opponents_named_in_full_conflict() -> None:
    assert SIGNALS["fullnames"](Facts(RAHMAN), Facts(THOMPSON))
    assert not SIGNALS["fullnames"](Facts(RAHMAN), Facts(RAHMAN.replace("seventh", "7th")))


def test_figures_and_weekdays() -> None:
    quake_a = "A 5.6 magnitude earthquake hit Qeshm island on Sunday, injuring 15 people."
    quake_b = "A 6.1 magnitude quake struck Qeshm island on Thursday, killing 10 people."
    assert SIGNALS["figures"](Facts(quake_a), Facts(quake_b))
    assert SIGNALS["weekdays"](Facts(quake_a), Facts(quake_b))
    assert not SIGNALS["figures"](Facts(quake_a), Facts(quake_a.replace("Sunday", "Monday")))


def test_auc_counts_ties_half() -> None:
    assert auc([0.9, 0.8, 0.1], [True, True, False]) == 1.0
    assert auc([0.5, 0.5], [True, False]) == 0.5


def test_join_table_counts_every_join() -> None:
    texts = [("surrey", SURREY), ("wellington", WELLINGTON), ("surrey", SURREY_TOO)]
    records = [
        Record(f"r{i}", None, text, "2020-01-01", None, None, label)
        for i, (label, text) in enumerate(texts)
    ]
    table = join_table(records, ClusterConfig())
    joins = sum(
        n for (verdict, size, name), n in table.items() if name == "all" and size != "merge"
    )
    flagged = sum(n for (_, size, name), n in table.items() if name == "places" and size != "merge")
    assert joins <= 2  # three reports: at most two joins
    assert flagged <= joins
