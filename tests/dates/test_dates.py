"""storyline.dates: any common date reads to the same instant and precision; UTC order; display."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline import api, pipeline
from storyline.config import IngestConfig
from storyline.dates import (
    DateError,
    earliest_latest,
    in_order,
    overlaps_of,
    parse_date,
    read,
    show,
    sort_key,
    tie_blocks,
    tied,
)
from storyline.store import Store

OFFSETS = st.integers(min_value=-12 * 4, max_value=14 * 4).map(
    lambda q: timezone(timedelta(minutes=15 * q))
)
MOMENTS = st.datetimes(
    min_value=datetime(1980, 1, 2), max_value=datetime(2090, 12, 31), timezones=OFFSETS
)
# Abbreviations a US or European news page prints, with the offsets they stand for.
NAMED = {"EST": -5, "EDT": -4, "PST": -8, "CET": 1, "CEST": 2, "GMT": 0, "JST": 9}


def instant(stored: str | None) -> datetime:
    pub = read(stored)
    assert pub is not None, stored
    return pub.start


@pytest.mark.parametrize(
    ("raw", "stored", "precision"),
    [
        ("Nov 19, 2019 5:04 PM EST", "2019-11-19T17:04-05:00", "minute"),
        ("Tue, 19 Nov 2019 17:04:05 +0100", "2019-11-19T17:04:05+01:00", "second"),
        ("2019-11-19 10:00 CET", "2019-11-19T10:00+01:00", "minute"),
        ("Updated: 2019-11-19 17:04", "2019-11-19T17:04", "minute"),
        ("1574200000", "2019-11-19T21:46:40+00:00", "second"),
        ("19 November 2019", "2019-11-19", "day"),
        ("2017-09-15T00:00:00", "2017-09-15T00:00:00", "day"),  # a scraper's day-only date
        ("2019-11-20T13:42:06.250+08:00", "2019-11-20T13:42:06.250+08:00", "millisecond"),
    ],
)
def test_common_forms_keep_pm_zone_and_precision(raw: str, stored: str, precision: str) -> None:
    assert parse_date(raw) == stored
    pub = read(stored)
    assert pub is not None and pub.precision == precision


def test_epochs_are_utc_whatever_the_machine_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    assert parse_date(1574200000) == "2019-11-19T21:46:40+00:00"
    assert parse_date(1574200000123) == "2019-11-19T21:46:40.123+00:00"
    assert read(parse_date("1574200000123")).precision == "millisecond"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "raw", ["soonish", "Nov 19 5:04 PM", "2019-13-45", "10:00 XYZT 2019-11-19"]
)
def test_unreadable_dates_raise_date_error(raw: str) -> None:
    with pytest.raises(DateError):
        parse_date(raw)


@settings(max_examples=300, deadline=None)
@given(MOMENTS, st.sampled_from(["iso", "iso-z", "rfc2822", "epoch-s", "epoch-ms", "iso-ms"]))
def test_round_trip_gives_the_same_instant_and_precision(moment: datetime, form: str) -> None:
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    whole = moment.replace(microsecond=0)
    text, want, precision = {
        "iso": (whole.isoformat(), whole, "second"),
        "iso-z": (whole.astimezone(UTC).isoformat().replace("+00:00", "Z"), whole, "second"),
        "iso-ms": (moment.isoformat(timespec="milliseconds"), moment, "millisecond"),
        "rfc2822": (format_datetime(whole), whole, "second"),
        "epoch-s": (str(int(whole.timestamp())), whole, "second"),
        "epoch-ms": (str(round(moment.timestamp() * 1000)), moment, "millisecond"),
    }[form]
    stored = parse_date(text)
    pub = read(stored)
    assert pub is not None and pub.start == want and pub.precision == precision, (text, stored)


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2090, 12, 31)),
    st.sampled_from(sorted(NAMED)),
    st.sampled_from(["%b %d, %Y %I:%M %p {z}", "%d %B %Y %H:%M {z}", "%Y-%m-%d %H:%M:%S {z}"]),
)
def test_prose_with_zone_names_round_trips(local: datetime, zone: str, pattern: str) -> None:
    local = local.replace(second=0 if "%S" not in pattern else local.second, microsecond=0)
    text = local.strftime(pattern).replace("{z}", zone)
    want = local.replace(tzinfo=timezone(timedelta(hours=NAMED[zone])))
    pub = read(parse_date(text))
    assert pub is not None and pub.start == want
    assert pub.precision == ("second" if "%S" in pattern else "minute")


def test_story_first_and_last_compare_in_utc() -> None:
    # 13:42 at +08:00 is 05:42 UTC, before 06:35 UTC: as strings it sorted last.
    first, last = earliest_latest(["2019-11-20T06:35:39+00:00", "2019-11-20T13:42:06+08:00"])
    assert (first, last) == ("2019-11-20T13:42:06+08:00", "2019-11-20T06:35:39+00:00")


def test_a_day_does_not_sort_before_the_times_of_that_day() -> None:
    dated = ["2019-11-19", "2019-11-19T17:04-05:00", "2019-11-19T09:00:00+00:00"]
    assert sorted(dated, key=sort_key) == [
        "2019-11-19T09:00:00+00:00",
        "2019-11-19T17:04-05:00",
        "2019-11-19",
    ]
    day, timed = read("2019-11-19"), read("2019-11-19T09:00:00+00:00")
    assert day is not None and timed is not None and day.overlaps(timed)


def test_display_shows_zone_and_days_as_days() -> None:
    assert show("2019-11-19T17:04-05:00") == "2019-11-19 17:04 UTC-05:00"
    assert show("2019-11-19T22:04:05.120+00:00") == "2019-11-19 22:04:05.120 UTC"
    assert show("2017-09-15T00:00:00") == "2017-09-15"
    assert show("2016-07-14T21:32:16") == "2016-07-14 21:32:16 (no zone)"


def test_ingest_keeps_an_undated_article_and_counts_its_warning(tmp_path: Path) -> None:
    lines = [
        {"text": "The council voted on the budget.", "date_publish": "Updated: 2019-11-19 17:04"},
        {"text": "The mayor resigned on Tuesday.", "date_publish": "some time ago"},
        {"text": "Markets fell sharply.", "date_publish": 1574200000},
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    with Store.open(tmp_path / "s.db") as store:
        report = pipeline.ingest(store, [str(tmp_path / "a.jsonl")], IngestConfig())
        stored = sorted((a.text, a.published) for a in store.iter_articles())
        warnings = store.warnings()
    assert (report.ingested, report.rejected, report.date_warnings) == (3, 0, 1)
    assert "unreadable dates 1" in report.summary()
    assert stored == [
        ("Markets fell sharply.", "2019-11-19T21:46:40+00:00"),
        ("The council voted on the budget.", "2019-11-19T17:04"),
        ("The mayor resigned on Tuesday.", None),
    ]
    assert len(warnings) == 1 and "some time ago" in str(warnings[0]["message"])
    with Store.open(tmp_path / "s.db") as store:
        undated = next(a.id for a in store.iter_articles() if a.published is None)
        assert "some time ago" in api.article_detail(store, undated)["warnings"][0]


def test_web_pages_show_times_with_their_zone() -> None:
    from storyline.serve.app import format_day

    assert format_day("2019-11-19T17:04-05:00") == "19 Nov 2019 17:04 UTC-05:00"
    assert format_day("2017-09-15T00:00:00") == "15 Sep 2017"  # a day, not "00:00"
    assert format_day(None) == "undated"


# A stored date at any precision: a clock with an offset (or none), a day, a month, a year.
_CLOCKS = {"minute": "minutes", "second": "seconds", "millisecond": "milliseconds"}
_CLOCKS["microsecond"] = "microseconds"


@st.composite
def stored_dates(draw: st.DrawFn) -> str:
    """Draw a date as storyline stores one, at a random precision and offset."""
    moment = draw(MOMENTS)
    precision = draw(st.sampled_from([*_CLOCKS, "day", "month", "year", "naive", "midnight"]))
    if precision in _CLOCKS:
        return moment.isoformat(timespec=_CLOCKS[precision])
    if precision == "naive":
        return moment.replace(tzinfo=None).isoformat(timespec="seconds")
    if precision == "midnight":  # how scrapers write a day-only date
        return moment.date().isoformat() + "T00:00:00"
    return moment.date().isoformat()[: {"day": 10, "month": 7, "year": 4}[precision]]


@settings(max_examples=300, deadline=None)
@given(st.lists(stored_dates(), min_size=2, max_size=6))
def test_date_order_is_a_total_preorder_of_intervals(texts: list[str]) -> None:
    pubs = [read(t) for t in texts]
    assert all(p is not None for p in pubs)
    for a, pa in zip(texts, pubs, strict=True):
        for b, pb in zip(texts, pubs, strict=True):
            assert pa is not None and pb is not None
            if pa.end <= pb.start:  # surely earlier: always first
                assert sort_key(a) < sort_key(b)
            if pa.start <= pb.start and pb.end <= pa.end and pa != pb:  # b inside a
                assert sort_key(b) <= sort_key(a)  # the finer first, never a day as midnight
            same = (pa.start, pa.precision) == (pb.start, pb.precision)
            assert (sort_key(a) == sort_key(b)) == same  # ties of the key: equal intervals only
    blocks = tie_blocks(texts)
    assert sorted(i for block in blocks for i in block) == list(range(len(texts)))
    flat = [i for block in blocks for i in block]
    assert [sort_key(texts[i]) for i in flat] == sorted(sort_key(t) for t in texts)
    for n, block in enumerate(blocks):  # blocks are ordered: nothing of a later one overlaps
        for later in blocks[n + 1 :]:
            assert all(not tied(texts[i], texts[j]) for i in block for j in later)
    for i, others in enumerate(overlaps_of(texts)):
        assert others == [j for j in range(len(texts)) if j != i and tied(texts[i], texts[j])]


@settings(max_examples=300, deadline=None)
@given(st.lists(MOMENTS, min_size=2, max_size=6), st.sampled_from(list(_CLOCKS)))
def test_exact_times_sort_as_their_utc_instants(moments: list[datetime], precision: str) -> None:
    texts = [m.isoformat(timespec=_CLOCKS[precision]) for m in moments]
    by_key = sorted(texts, key=sort_key)
    assert [instant(t) for t in by_key] == sorted(instant(t) for t in texts)


def test_a_millisecond_goes_before_the_second_that_holds_it() -> None:
    # AP's second (22:35:39 UTC) holds Xinhua's millisecond: they are tied, the finer first.
    second, milli = "2019-11-19T17:35:39-05:00", "2019-11-20T06:35:39.250+08:00"
    assert sort_key(milli) < sort_key(second) < sort_key("2019-11-19")
    assert earliest_latest([second, milli]) == (milli, second)
    assert tied(second, milli) and tied(milli, "2019-11-19")
    assert in_order([second, "2019-11-19", milli, None], lambda d: d, str) == [
        milli,
        second,
        "2019-11-19",
        None,
    ]
