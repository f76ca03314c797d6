"""Stored story analyses: save, read back, replace and prune."""

from __future__ import annotations

from storyline.store import Store
from storyline.store.analysis import AnalysedOrder


def test_save_get_replace_and_prune(store: Store) -> None:
    assert store.get_analysis("s1") is None
    with store.transaction():
        store.save_analysis("s1", "fp1", {"id": "s1", "title": "Brücke – “zu”"})
        store.save_analysis("s2", "fp2", {"id": "s2"})
    assert store.get_analysis("s1") == ("fp1", {"id": "s1", "title": "Brücke – “zu”"})
    with store.transaction():
        store.save_analysis("s1", "fp1b", {"id": "s1", "title": "new"})
    assert store.get_analysis("s1") == ("fp1b", {"id": "s1", "title": "new"})
    with store.transaction():
        assert store.prune_analyses(["s1"]) == 1
    assert store.get_analysis("s2") is None and store.get_analysis("s1") is not None
    with store.transaction():
        assert store.prune_analyses([]) == 1
    assert store.get_analysis("s1") is None


def test_a_current_analysis_orders_a_tie_and_a_stale_one_does_not() -> None:
    # The analysis put the wire's day before the portal's time of that day (the portal wraps it).
    members = [("portal", "2019-11-19T10:00:00Z"), ("wire", "2019-11-19")]  # date order
    analysed = AnalysedOrder((("wire", "2019-11-19"), ("portal", "2019-11-19T10:00:00Z")), 0)
    assert analysed.apply(members) == ["wire", "portal"]
    assert analysed.first_date(members) == "2019-11-19"
    redated = [("portal", "2019-11-19T10:00:00Z"), ("wire", "2019-11-19T11:00:00Z")]
    assert analysed.apply(redated) == ["portal", "wire"] and analysed.first_date(redated) is None
    grown = [("early", "2019-11-18"), *members]
    assert analysed.apply(grown) == ["early", "portal", "wire"]
    # A very long story's analysis leaves members out: they follow, in date order.
    assert AnalysedOrder((("wire", "2019-11-19"),), 1).apply(members) == ["wire", "portal"]
