"""The suite's own pieces on hand-made input: bootstrap, scoring, dataset readers, the CLI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from benchmarks.eval import cluster, data, provenance, quotes
from benchmarks.eval.core import Row, bootstrap, render, skipped
from benchmarks.eval.extraction import page_f1


def test_bootstrap_is_seeded_and_brackets_the_mean() -> None:
    values = [0.0, 1.0] * 20

    def mean(idx: list[int]) -> float:
        return sum(values[i] for i in idx) / len(idx)

    first = bootstrap(len(values), mean, lambda idx: 0.25)
    assert first == bootstrap(len(values), mean, lambda idx: 0.25)
    (lo, hi), delta = first
    assert lo < 0.5 < hi
    assert delta is not None and delta[0] == pytest.approx(lo - 0.25)


def test_article_scores_average_to_the_shared_bcubed() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
    pred = {"a": "1", "b": "1", "c": "1", "d": "2"}  # e in no story: a singleton
    scores = cluster.article_scores(gold, pred)
    p = sum(s[0] for s in scores.values()) / len(scores)
    r = sum(s[1] for s in scores.values()) / len(scores)
    assert (p, r) == pytest.approx(cluster.bcubed(gold, pred)[:2])
    stat = cluster.event_stat(gold, pred, "bcubed_f1")
    assert stat(range(3)) == pytest.approx(cluster.bcubed(gold, pred)[2])


def test_baseline_joins_near_copies_and_keeps_strangers_apart() -> None:
    def rec(i: str, text: str) -> data.Record:
        return data.Record(i, None, text, None, None, None, "g")

    records = [
        rec("1", "The volcano erupted on Tuesday near the village of Ketapang, ash fell."),
        rec("2", "The volcano erupted on Tuesday near Ketapang village and ash fell."),
        rec("3", "Shares of the chip maker rose after quarterly earnings beat forecasts."),
        rec("4", ""),
    ]
    labels = cluster.baseline_clusters(records)
    assert labels["1"] == labels["2"] != labels["3"]
    assert labels["4"] not in {labels["1"], labels["3"]}


def test_gold_text_readers() -> None:
    assert "Fast" in data._cleaneval_gold("URL: http://x\n<p>Body text\n<l> * Fast")
    assert "URL" not in data._cleaneval_gold("URL: http://x\n<p>Body text")
    gold = data._readability_gold("<div><p>One<b>word</b></p><p>Two &amp; three</p></div>")
    assert gold.split() == ["Oneword", "Two", "&", "three"]
    assert data._detokenize(["He", "said", ",", "``", "it", "'s", "over", "''", "."]) == (
        "He said, `` it's over ''."
    )


def test_page_f1() -> None:
    assert page_f1((1.0, 0.0, 0.0)) == 1.0
    assert page_f1((0.5, 0.5, 0.0)) == pytest.approx(2 / 3)
    assert page_f1((0.0, 0.5, 0.5)) == 0.0


def test_regex_floor_finds_a_quote_and_its_speaker() -> None:
    text = 'The rally was loud. "We will win this state," Smith said on Monday.'
    [q] = quotes.regex_quotes(text)
    assert q.speaker == "Smith"
    assert text[q.parts[0][0] : q.parts[0][1]] == "We will win this state,"


def test_rows_render_and_skip() -> None:
    row = Row("cluster", "ecbplus", "check", "bcubed_f1", 8, 0.9, (0.8, 0.95), 0.7, (0.1, 0.3))
    assert row.delta == pytest.approx(0.2)
    assert "0.900" in render(row) and "+0.200" in render(row)
    assert "skipped: missing" in render(skipped("quotes", "polnear", "check", "missing"))


def test_cli_rejects_an_unknown_stage(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.eval.__main__ import main

    with pytest.raises(SystemExit):
        main(["--stage", "nonsense"])
    assert "unknown stage" in capsys.readouterr().err


def test_missing_data_is_skipped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(data, "DATA", tmp_path)
    assert data.extraction_pages("readability", "check", 2) is None
    assert data.ecb_records("check") is None
    assert data.giveme_records("check") is None
    rows = cluster.run_set("ecbplus", "check", 2)
    assert rows[0].note == "skipped: missing"


def test_first_publisher_gold_respects_declared_precision() -> None:
    def rec(i: str, published: str) -> data.Record:
        return data.Record(i, None, "t", published, None, None, "e")

    # a day-only date overlaps every time of its day; seconds order exactly
    day, early, late = (
        rec("d", "2017-09-15T00:00:00"),
        rec("a", "2017-09-15T08:00:10"),
        rec("b", "2017-09-15T08:00:40"),
    )
    assert provenance.gold_first([early, late]) == {"e": {"a"}}
    assert provenance.gold_first([day, early, late]) == {"e": {"d", "a"}}
    assert provenance.judge(("a", {"a", "d"}), {"a", "d"}) == (1.0, 1.0)
    assert provenance.judge(("a", {"a"}), {"a", "d"}) == (0.0, 1.0)  # the tie is not shown
    assert provenance.judge(("b", {"a", "b"}), {"a"}) == (0.0, 0.0)  # a minute-wide tie is wrong


def test_goals_read_check_rows_only() -> None:
    from benchmarks.eval import goals

    rows = [
        Row("cluster", "ecbplus", "check", "bcubed_f1", 16, 0.96),
        Row("cluster", "ecbplus", "fit", "bcubed_f1", 50, 0.10),
        Row("extraction", "readability", "check", "f1", 52, 0.90, baseline=0.92),
    ]
    found = {goal: ok for goal, ok, _ in goals.check(rows)}
    assert found == {
        "ECB+ dev B-cubed F1 >= 0.95": True,
        "extraction F1 >= trafilatura on readability": False,
    }


def test_speed_goal_is_judged_on_wall_and_on_cpu_seconds() -> None:
    from benchmarks.eval import goals

    rows = [
        Row("extraction", "scrapinghub", "check", "pages_per_s", 10, 9.0, baseline=10.0,
            seconds=1.25, baseline_seconds=1.0),
        Row("extraction", "scrapinghub", "check", "cpu_pages_per_s", 10, 9.0, baseline=10.0,
            seconds=1.1, baseline_seconds=1.0),
    ]  # fmt: skip
    found = {goal: (ok, figure) for goal, ok, figure in goals.check(rows)}
    assert found["extraction speed >= 0.8x trafilatura (wall)"] == (True, "0.80x")
    assert found["extraction speed >= 0.8x trafilatura (CPU seconds)"] == (True, "0.91x")


def test_declared_precision_sets_the_interval_of_a_time() -> None:
    span = provenance.interval
    assert span("2017-09-15T08:00+02:00") == (
        datetime(2017, 9, 15, 6, 0, tzinfo=UTC),
        datetime(2017, 9, 15, 6, 1, tzinfo=UTC),
    )  # a minute covers its minute
    start, end = span("2017-09-15T08:00:10.000Z") or (None, None)
    assert start is not None and end is not None and end - start == timedelta(milliseconds=1)
    assert provenance.timed(span("2017-09-15T08:00:10") or (start, start))
    assert not provenance.timed(span("2017-09-15T00:00:00") or (start, start))  # a naive day


def test_stories_as_clustered_show_ties_only_where_precisions_overlap() -> None:
    def rec(i: str, published: str) -> data.Record:
        return data.Record(i, None, "t", published, None, None, "e")

    records = [
        rec("a", "2017-09-15T08:00:10.250+02:00"),
        rec("b", "2017-09-15T06:00:10.251Z"),  # one millisecond later: surely after a
        rec("d", "2017-09-15T00:00:00"),  # a day-only date: may be first
        rec("x", "2017-09-16T09:00:00"),
        rec("y", "2017-09-16T09:00:01"),
    ]
    stories = {"a": "s1", "b": "s1", "d": "s1", "x": "s2", "y": "s2"}
    answers = {"s1": ("a", {"a", "d"}), "s2": ("x", {"x", "y"})}  # s2 shows a tie that is none
    verdicts = provenance.story_verdicts(records, stories, answers.__getitem__)
    assert verdicts == [(False, 1.0), (True, 0.0)]
    answers["s2"] = ("x", {"x"})
    assert provenance.story_verdicts(records, stories, answers.__getitem__)[1] == (True, 1.0)


def test_millisecond_feed_keeps_the_order_of_seconds_and_days() -> None:
    ms = data.in_milliseconds
    assert ms("2017-09-15T00:00:00", "k") == "2017-09-15T00:00:00"  # a day stays a day
    times = ["2017-09-15T08:00:10", "2017-09-15T08:00:11", "2017-09-15T08:00:12"]
    moved = [ms(t, f"k{n}") for n, t in enumerate(times)]
    starts = [provenance.interval(m) for m in moved]
    assert all(s is not None and s[1] - s[0] == timedelta(milliseconds=1) for s in starts)
    assert [s[0] for s in starts if s] == sorted(s[0] for s in starts if s)
