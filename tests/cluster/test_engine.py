"""The streaming engine: placement, hard negatives, duplicates, links, merges, checkpoints."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.cluster.batch import cluster_items, prepare, stories_from
from storyline.cluster.engine import StoryEngine
from storyline.cluster.features import Features, extract
from storyline.cluster.model import ClusterConfig, ClusterItem
from storyline.cluster.prepared import Prepared
from storyline.errors import UsageError


def partition(stories: list[Any]) -> dict[str, str]:
    return {a: s.id for s in stories for a in s.article_ids}


def test_reports_of_one_event_form_one_story(
    events: list[dict[str, Any]], items: list[ClusterItem]
) -> None:
    story_of = partition(cluster_items(items))
    for event in {e["event"] for e in events}:
        members = {story_of[e["id"]] for e in events if e["event"] == event}
        assert len(members) == 1, f"event {event} split into {len(members)} stories"


def test_same_kind_events_stay_apart(
    events: list[dict[str, Any]], items: list[ClusterItem]
) -> None:
    story_of = partition(cluster_items(items))
    event_of = {e["id"]: e["event"] for e in events}
    for story in set(story_of.values()):
        found = Counter(event_of[a] for a, s in story_of.items() if s == story)
        assert len(found) == 1, f"different events merged: {dict(found)}"


def test_entity_gate_is_what_keeps_them_apart(items: list[ClusterItem]) -> None:
    # Without the gate the shared vocabulary of same-kind events merges some of them:
    # the test above would not fail for the right reason if this one did not hold.
    assert len(cluster_items(items, ClusterConfig(entity_gate=0.0))) < len(cluster_items(items))


def test_every_link_keeps_its_reason(items: list[ClusterItem]) -> None:
    for story in cluster_items(items):
        first, *rest = story.links
        assert first.kind == "first" and first.to_article_id is None
        for link in rest:
            assert link.kind == "similar" and link.to_article_id in story.article_ids
            assert link.shared_entities and link.shared_terms and link.days_apart is not None
            assert link.score > 0 and "shared entities" in link.reason()


def test_duplicates_always_share_a_story(
    events: list[dict[str, Any]], items: list[ClusterItem]
) -> None:
    a = next(e for e in events if e["group"] == "earthquake")
    b = next(e for e in events if e["group"] == "election")
    stories = cluster_items(items, duplicates={a["id"]: "g1", b["id"]: "g1"})
    story_of = partition(stories)
    assert story_of[a["id"]] == story_of[b["id"]]
    later = max(a, b, key=lambda e: (e["published"], e["id"]))
    link = next(link for s in stories for link in s.links if link.article_id == later["id"])
    assert (
        link.kind == "duplicate"
        and link.to_article_id == min(a, b, key=lambda e: (e["published"], e["id"]))["id"]
    )


def test_articles_must_come_in_canonical_order(items: list[ClusterItem]) -> None:
    config = ClusterConfig()
    prepared = sorted((prepare(i, config) for i in items[:3]), key=lambda p: p.order_key)
    engine = StoryEngine(config)
    engine.add(prepared[2])
    with pytest.raises(UsageError):
        engine.add(prepared[0])


def test_bridging_article_merges_stories_and_the_older_id_survives() -> None:
    base = "Flooding in Norbury after the dam at Lake Kestrel broke, said mayor Olga Tanaka."
    items = [
        ClusterItem(
            "a",
            "The dam at Lake Kestrel broke on Monday. Engineers inspected it.",
            "Dam breaks at Lake Kestrel",
            "2024-01-01T08:00:00",
        ),
        ClusterItem(
            "b",
            "Flooding hit Norbury overnight, said mayor Olga Tanaka. Roads closed.",
            "Norbury flooded",
            "2024-01-01T09:00:00",
        ),
        ClusterItem("c", base, "Norbury floods as Lake Kestrel dam breaks", "2024-01-01T10:00:00"),
        ClusterItem(
            "d",
            base + " Engineers inspected the dam.",
            "Lake Kestrel dam: Norbury flooded",
            "2024-01-01T11:00:00",
        ),
    ]
    config = ClusterConfig(threshold=0.15)
    prepared = [prepare(i, config) for i in items]
    engine = StoryEngine(config)
    assignments = [engine.add(p) for p in prepared]
    assert assignments[0].story_id != assignments[1].story_id  # two stories at first
    stories = stories_from(engine, assignments)
    assert len(stories) == 1 and stories[0].id == assignments[0].story_id
    assert engine.resolve(assignments[1].story_id) == assignments[0].story_id


def test_stories_leave_the_window_but_duplicates_reopen_them() -> None:
    config = ClusterConfig(window_days=5)
    items = [
        ClusterItem(
            f"n{i}",
            f"Storm Zeta number {i} hits Port Avalon hard.",
            f"Storm {i}",
            f"2024-01-{1 + i * 3:02d}",
        )
        for i in range(8)
    ]
    engine = StoryEngine(config)
    groups = {"n0": "dup", "n7": "dup"}
    assignments = [engine.add(prepare(i, config, groups.get(i.id))) for i in items]
    assert len(engine.stories) < 4  # old stories were evicted
    assert engine.resolve(assignments[7].story_id) == engine.resolve(assignments[0].story_id)


def test_the_cap_of_open_stories_must_be_positive() -> None:
    with pytest.raises(UsageError, match="active_stories must be at least 1"):
        ClusterConfig(active_stories=0)


def test_a_busy_feed_keeps_at_most_the_cap_of_open_stories(
    events: list[dict[str, Any]], items: list[ClusterItem]
) -> None:
    config = ClusterConfig(active_stories=3)
    prepared = sorted((prepare(i, config) for i in items), key=lambda p: p.order_key)
    engine = StoryEngine(config)
    open_counts = []
    for p in prepared:
        engine.add(p)
        open_counts.append(len(engine.stories))
    assert max(open_counts) <= 3 + 1  # the cap, and the story just opened
    assert len(engine.archive) >= 12 - 4  # the stalest went dormant, still findable
    # Dormant stories still take strong matches: the 12 events stay 12 stories, unmixed.
    story_of = partition(cluster_items(items, config))
    assert story_of == partition(cluster_items(items))


@settings(max_examples=15, deadline=None)
@given(split=st.integers(min_value=0, max_value=69), cap=st.sampled_from([20_000, 3]))
def test_checkpoint_round_trip_continues_exactly(
    items: list[ClusterItem], split: int, cap: int
) -> None:
    config = ClusterConfig(active_stories=cap)  # 3: stories go dormant by the cap as well
    prepared = sorted((prepare(i, config) for i in items), key=lambda p: p.order_key)
    straight = StoryEngine(config)
    expected = [straight.add(p) for p in prepared]
    first = StoryEngine(config)
    head = [first.add(p) for p in prepared[:split]]
    restored = StoryEngine.from_json(config, json.loads(json.dumps(first.to_json())))
    tail = [restored.add(p) for p in prepared[split:]]
    assert [a.story_id for a in head + tail] == [a.story_id for a in expected]
    assert [a.link for a in head + tail] == [a.link for a in expected]
    final = {a.article_id: restored.resolve(a.story_id) for a in head + tail}
    assert final == {a.article_id: straight.resolve(a.story_id) for a in expected}


def test_checkpoint_is_a_snapshot_not_a_view(items: list[ClusterItem]) -> None:
    # In-memory checkpoints (Clusterer) keep to_json() as is: it must not follow later adds.
    config = ClusterConfig()
    prepared = sorted((prepare(i, config) for i in items), key=lambda p: p.order_key)
    engine = StoryEngine(config)
    for p in prepared[:30]:
        engine.add(p)
    state = engine.to_json()
    frozen = json.dumps(state, sort_keys=True)
    for p in prepared[30:]:
        engine.add(p)
    assert json.dumps(state, sort_keys=True) == frozen


def test_a_shared_checkpoint_serialises_as_the_copied_one(items: list[ClusterItem]) -> None:
    """to_json(copy=False), packed at once by a run, says what the copied snapshot says."""
    config = ClusterConfig(active_stories=3)  # dormant stories too
    engine = StoryEngine(config)
    for p in sorted((prepare(i, config) for i in items), key=lambda p: p.order_key):
        engine.add(p)
    copied = json.dumps(engine.to_json(), sort_keys=True)
    assert json.dumps(engine.to_json(copy=False), sort_keys=True) == copied


_MENU_WORDS = ("travel", "garden", "finance", "recipes", "fashion", "careers", "weather")


def test_title_boost_joins_a_report_whose_body_failed_to_extract() -> None:
    body = "Rescuers in Lakeport pulled 12 miners from the flooded Sorrel pit, chief Ana Ruiz said."
    title = "Twelve miners rescued from flooded Sorrel pit in Lakeport"
    good = ClusterItem("m1", body, title, "2024-05-02T08:00:00")
    menu = ". ".join(f"Visit Northwind {w} portal for {w} offers" for w in _MENU_WORDS)
    junk = ClusterItem("m2", menu, title, "2024-05-02T09:00:00")  # a site menu, not the report
    assert len(cluster_items([good, junk], ClusterConfig(title_boost=0.0, headline_only=0.0))) == 2
    assert len(cluster_items([good, junk])) == 1


def test_a_body_without_its_headline_words_is_judged_by_its_headline() -> None:
    title = "Twelve miners rescued from flooded Sorrel pit in Lakeport"
    junk = extract(title, "Copyright 1995. All rights reserved. Chat with us on Messenger.", None)
    assert junk.terms == {} and junk.entities == {} and junk.title
    real = extract(title, "Rescuers pulled twelve miners out of the Sorrel pit on Friday.", None)
    assert real.terms and real.title


def test_a_long_headline_over_another_article_is_judged_by_its_headline() -> None:
    title = "Top female music executives protest gender bias in letter to the Recording Academy"
    tour = "Paul Simon will tour one last time. 'I love making music,' Simon said in Vancouver."
    assert extract(title, tour, None).terms == {}  # "music" alone: another article
    letter = "Female executives wrote to the Recording Academy about bias at the Grammys."
    assert extract(title, letter, None).terms


def test_time_penalty_keeps_far_apart_repeats_apart() -> None:
    text = "Wildfire near Glenrock forces evacuations, chief Hana Sato said. Crews fought flames."
    near = [ClusterItem(f"w{i}", text, "Glenrock wildfire", f"2024-07-0{1 + i}") for i in range(2)]
    later = ClusterItem("w9", text, "Glenrock wildfire", "2025-03-01")
    config = ClusterConfig(time_penalty=0.95, time_scale_days=1, window_days=400)
    assert len(cluster_items(near, config)) == 1
    assert len(cluster_items([*near, later], config)) == 2
    no_silence_rule = ClusterConfig(window_days=400, silence_names=0)
    assert len(cluster_items([*near, later], no_silence_rule)) == 1


def test_after_a_silence_a_story_is_continued_only_by_naming_its_names() -> None:
    first = ClusterItem(
        "q1",
        "A magnitude 6.1 earthquake struck Dunmore in Kelvaria on Monday, mayor Ana Ruiz said. "
        "Rescuers from the Red Cross searched collapsed homes. Ruiz said 40 people died.",
        "Earthquake kills 40 in Dunmore",
        "2024-03-04",
    )
    follow_up = ClusterItem(
        "q2",
        "Three weeks after the Dunmore earthquake, mayor Ana Ruiz said the Red Cross had "
        "rehoused most families in Kelvaria. Ruiz said rebuilding will take a year.",
        "Dunmore rebuilds after earthquake",
        "2024-03-25",
    )
    another = ClusterItem(
        "q3",
        "A magnitude 5.8 earthquake struck Dunmore in Kelvaria on Sunday, governor Tomas Berg "
        "said. Rescuers from Civil Guard searched collapsed homes. Berg said 12 people died.",
        "Earthquake kills 12 in Dunmore",
        "2024-03-24",
    )
    # Three weeks on, the follow-up names the mayor, the town and the Red Cross again; the
    # second earthquake shares only the town and the country.
    assert len(cluster_items([first, follow_up])) == 1
    assert len(cluster_items([first, another])) == 2
    assert len(cluster_items([first, another], ClusterConfig(silence_names=0))) == 1


def test_identical_junk_bodies_do_not_bind_different_stories() -> None:
    junk = "Chat with us in Facebook Messenger. Find out what's happening as it unfolds."
    a = ClusterItem("j1", junk, "Gunman kills 58 at Las Vegas concert", "2024-05-02T08:00:00")
    b = ClusterItem("j2", junk, "China accused of letting oil into North Korea", "2024-05-02T09:00")
    group = {"j1": "g", "j2": "g"}  # dedup rightly calls the two bodies copies
    assert len(cluster_items([a, b], duplicates=group)) == 2
    body = " ".join(
        f"A gunman killed {n} people at a Las Vegas concert, police in Las Vegas said on day {n}."
        for n in range(101, 104)
    )
    c = ClusterItem("c1", body, "Gunman kills 58 at Las Vegas concert", "2024-05-02T08:00:00")
    d = ClusterItem("c2", body, "Chinese ships seen near Busan", "2024-05-02T09:00:00")
    assert len(cluster_items([c, d], duplicates={"c1": "g", "c2": "g"})) == 1


def test_a_name_spelled_with_and_without_diacritics_is_one_name() -> None:
    accented = ClusterItem(
        "tr1",
        "Recep Tayyip Erdoğan met Olaf Scholz in Ankara on Tuesday. Erdoğan said Türkiye "
        "would buy Eurofighter jets. Scholz praised Erdoğan and the Akkuyu talks in Mersin, "
        "where Rosatom builds a plant. Hakan Fidan joined them.",
        "Erdoğan and Scholz agree on Eurofighter deal",
        "2024-03-05T10:00:00",
    )
    plain = ClusterItem(
        "tr2",
        "Turkish President Erdogan and German Chancellor Scholz met in the Turkish capital, "
        "Ankara. Erdogan confirmed that Turkiye plans to purchase Eurofighter aircraft, while "
        "Fidan, the foreign minister, attended. Scholz also discussed the Akkuyu project.",
        "Turkiye to buy Eurofighters, Erdogan tells Scholz",
        "2024-03-05T13:00:00",
    )
    (story,) = cluster_items([accented, plain])
    assert "erdogan" in story.links[1].shared_entities


_FIRST = ("Jennifer", "Gina", "Fergie", "Chris", "Luann", "Kelly", "Tomas", "Ingrid", "Rafael")
_LAST = ("Hudson", "Torres", "Duhamel", "Pratt", "Gerber", "Clarkson", "Okafor", "Lindqvist")
_PLACES = ("Chicago", "Atlanta", "Malibu", "Seattle", "Nashville", "Dublin", "Lagos", "Oslo")


def test_a_gallery_under_the_story_headline_joins_it() -> None:
    title = "Maren Holloway and Piet Varga split after four years"
    reports = [
        ClusterItem(
            f"r{i}",
            f"Comedian Maren Holloway and actor Piet Varga have split after four years, {how}. "
            f"Holloway wrote on Twitter that distance ended it; Varga lives in Cardiff while "
            f"Holloway is based in Los Angeles. The pair met on the set of Harbour Lights.",
            title if i == 0 else f"{title}, {how}",
            f"2018-02-05T0{i + 1}:00:00",
        )
        for i, how in enumerate(("blaming distance", "citing distance", "in a joint post"))
    ]
    captions = " ".join(  # a gallery of other couples, as CNN runs under the news
        f"Photos: celebrity splits. {first} {last} and {_FIRST[-1 - k]} {_LAST[-1 - j]} "
        f"announced their separation in {_PLACES[j]} after {k + 2} years of marriage, "
        "according to a statement from a representative. Hide Caption"
        for j, last in enumerate(_LAST)
        for k, first in enumerate(_FIRST[:4])
    )
    gallery = ClusterItem(
        "g",
        "Photos: celebrity splits. Maren Holloway tweeted that she and Piet Varga broke up. "
        + captions,
        title,
        "2018-02-06T10:00:00",
    )
    items = [*reports, gallery]
    assert len(cluster_items(items, ClusterConfig(title_boost=0.0))) == 2  # the body misleads
    assert len(cluster_items(items)) == 1


_COIN_STORY = (
    (
        "Zorblax tumbles as digital currency sell-off deepens",
        "Zorblax fell sharply on Tuesday as the sell-off deepened. Priya Natarajan of Halden "
        "Capital in Oslo said Zorblax traders were rushing for the exits. Erik Solberg, who "
        "advises Nordea Kapital, and the Oslo Bors regulator Kari Haugen expect the Zorblax "
        "price to fall further.",
    ),
    (
        "Zorblax loses a fifth of its value in a day",
        "The Zorblax price dropped by a fifth within a day. Marcus Oyelaran at Brightwater "
        "Research in Lagos blamed margin calls. Adaeze Nwosu of Kanem Trust and Tunde Bakare, "
        "a Zenith Exchange broker, said Zorblax traders were selling and Zorblax buyers hard "
        "to find.",
    ),
    (
        "Traders flee as Zorblax price falls",
        "Zorblax holders sold in a panic, said Ines Carvalho, who runs Tejo Markets in Lisbon. "
        "Rui Almeida of Banco Atlantico and Sofia Mendes at Douro Capital said the Zorblax "
        "price slid for a third day as Zorblax traders fled the sell-off.",
    ),
)


def _coin_report(index: int, title: str, body: str) -> ClusterItem:
    return ClusterItem(f"z{index}", body, title, f"2018-02-06T0{index + 1}:00:00")


def test_a_headline_naming_the_story_subject_lifts_the_name_gate() -> None:
    story = [_coin_report(i, title, body) for i, (title, body) in enumerate(_COIN_STORY)]
    body = (
        "Tomasz Wierzba of Vistula Securities in Gdansk counted heavy losses on Zorblax "
        "holdings this morning. Wierzba said Vistula Securities clients dumped coins overnight. "
        "Anna Kowalczyk of Mazovia Bank said Mazovia Bank desks saw similar outflows, and "
        "Kowalczyk warned Piotr Zielinski at Baltic Ledger about margin."
    )  # the subject once, among people the story never named
    strict = ClusterConfig(entity_gate=0.6)  # a gate that shrinks this report below the bar
    about = _coin_report(3, "Zorblax slumps to three-month low", body)
    assert [s.article_ids for s in cluster_items([*story, about], strict)] == [
        ("z0", "z1", "z2", "z3")
    ]
    # A headline that also names a place the story never named vouches for nothing.
    elsewhere = _coin_report(3, "Zorblax slumps to three-month low in Gdansk", body)
    assert len(cluster_items([*story, elsewhere], strict)) == 2


def _report_features(words: str, names: str, title: str, hour: int) -> Features:
    """Build features by hand: exact words and names, so that only the rule under test decides."""
    return Features(
        terms=dict.fromkeys(words.split(), 1.0),
        title=dict.fromkeys(title.split(), 1),
        entities=dict.fromkeys(names.split(), 1.0),
        timestamp=1_700_000_000.0 + hour * 3600,
        words=200,
    )


def test_a_lone_report_joins_the_story_that_grew_to_name_its_people() -> None:
    lone = _report_features(
        "recall brake owner dealer queue garage part repair wait week",
        "brandt weber",
        "recall",
        0,
    )  # names two people; each later report names one of them, among others
    first = _report_features(
        "recall brake share profit forecast analyst guidance cut outlook bank",
        "brandt orvane stahl koenig rhein essen dortmund bochum",
        "brake",
        1,
    )
    second = _report_features(
        "recall brake regulator inspect factory plant audit line halt order",
        "weber orvane vogt ebner fulda kassel weimar erfurt",
        "brake",
        2,
    )
    engine = StoryEngine(ClusterConfig(background=False))
    placed = [
        engine.add(Prepared(f"r{i}", f"k{i}", f)) for i, f in enumerate((lone, first, second))
    ]
    assert placed[1].story_id != placed[0].story_id  # the first report alone is too far
    assert placed[2].link.to_article_id == "r1"  # the second joins the first, not the lone one
    assert len(engine.stories) == 1  # and the story it grew into takes the lone report in


def test_a_lone_report_dated_with_a_late_bridge_is_timed_against_the_bridge() -> None:
    # An outlet's show page on a shooting, dated weeks after it, together with the outlet's
    # report of the day (the same late date): the show page's words meet the story, its date
    # does not, until the report joins the story and brings it to that date.
    extra = ["crowd", "police", "victims", "fled", "wounded", "motive", "rifles", "window", "suite"]
    story = [
        _report_features(
            "gunman festival concert hotel shots " + " ".join(extra[i : i + 3]),
            "vegas paddock mandalay",
            "shooting",
            i,
        )
        for i in range(8)
    ]
    late = 55 * 24
    show = _report_features(
        "gunman festival concert senator guns debate show host",
        "vegas paddock segerblom",
        "news",
        late,
    )
    report = _report_features(
        "gunman festival concert hotel shots crowd police senator",
        "vegas paddock mandalay",
        "shooting",
        late,
    )
    engine = StoryEngine(ClusterConfig(background=False))
    placed = [engine.add(Prepared(f"r{i}", f"k{i}", f)) for i, f in enumerate(story)]
    alone = engine.add(Prepared("show", "l1", show))
    assert alone.story_id != placed[0].story_id  # words close enough, 55 days too far
    bridge = engine.add(Prepared("report", "l2", report))
    assert bridge.link.to_article_id is not None and bridge.link.to_article_id.startswith("r")
    assert len(engine.stories) == 1
    assert engine.resolve(alone.story_id) == placed[0].story_id


def test_an_early_report_gone_dormant_rejoins_the_story_that_grew_to_meet_it() -> None:
    # A report on a space station out of control, a year before the reports of its fall: the
    # window closed on it, and no later report alone names three of its names (the silence
    # rule), but the story they grow into does, and its words are close: the early report is
    # that story's first, so it must not stay a dormant story of its own.
    early = _report_features(
        "station orbit control fall earth agency module lab reentry debris",
        "tiangong china cmsa",
        "station",
        0,
    )
    year = 400 * 24
    first = _report_features(
        "station orbit control fall earth module reentry debris date ocean",
        "tiangong china esa harvard",
        "station",
        year,
    )
    second = _report_features(
        "station orbit fall earth agency module reentry debris date ocean",
        "tiangong cmsa esa aerospace",
        "station",
        year + 5,
    )
    engine = StoryEngine(ClusterConfig(background=False))
    alone = engine.add(Prepared("early", "k0", early))
    later = engine.add(Prepared("r1", "k1", first))
    assert later.story_id != alone.story_id  # a year on, two shared names do not wake it
    assert alone.story_id in engine.archive.stories
    engine.add(Prepared("r2", "k2", second))
    assert engine.resolve(later.story_id) == alone.story_id  # the older story's id survives
    assert alone.story_id not in engine.archive.stories and len(engine.stories) == 1


def test_a_dormant_report_of_an_earlier_incident_in_the_same_place_stays_apart() -> None:
    # The town's earthquake a year before: the same words, the town and the country, and no
    # one else the new story names. The silence rule keeps it dormant, merged into nothing.
    words = "quake magnitude coast shaking buildings damaged residents shelter aftershock"
    early = _report_features(words, "kushiro japan sato", "quake", 0)
    later = [
        _report_features(words, f"kushiro japan {who}", "quake", 400 * 24 + i)
        for i, who in enumerate(("tanaka nhk", "tanaka jma", "nhk ito"))
    ]
    engine = StoryEngine(ClusterConfig(background=False))
    alone = engine.add(Prepared("early", "k0", early))
    placed = [engine.add(Prepared(f"r{i}", f"k{i + 1}", f)) for i, f in enumerate(later)]
    assert len({engine.resolve(p.story_id) for p in placed}) == 1
    assert engine.resolve(placed[0].story_id) != alone.story_id
    assert alone.story_id in engine.archive.stories
