"""Site profiles: lines repeated across a source's unrelated articles, and clean_articles."""

from __future__ import annotations

from dataclasses import replace

from storyline import pipeline
from storyline.clean import SiteProfile, clean_articles, clean_text, learn_site_profile
from storyline.clean.profile import learn_profiles, source_key
from storyline.models import Article
from storyline.store import Store
from support import store_articles

FOOTER = "Copyright 2017 The Daily Planet. All rights reserved. Do not redistribute."
STORIES = [
    [
        "The city council of Rivermouth voted on Tuesday to close the old Harbor Bridge to trucks.",
        "Engineers found cracks in two steel girders of the bridge during an inspection in May.",
    ],
    [
        "A marine institute tagged forty humpback whales off the coast of Norway this summer.",
        "The satellite tags report the whales' dives and migration routes to the researchers.",
    ],
    [
        "The regional orchestra announced a free concert series in the central park for August.",
        "No tickets are needed, but seats on the lawn will fill quickly, the organisers said.",
    ],
    [
        "Wheat farmers in the northern valley expect a record harvest after a mild and wet spring.",
        "Grain prices at the valley cooperative fell two percent on the forecast, traders said.",
    ],
]


def with_footer(paragraphs: list[str], year: int = 2017) -> str:
    """Return a story with the site's footer line appended."""
    return "\n\n".join([*paragraphs, FOOTER.replace("2017", str(year))])


def test_a_line_repeated_across_unrelated_articles_is_boilerplate() -> None:
    profile = learn_site_profile(with_footer(s, 2015 + k) for k, s in enumerate(STORIES))
    assert profile.docs == 4
    assert FOOTER in profile  # the year differs per article: digits are folded
    assert STORIES[0][0] not in profile
    result = clean_text(with_footer(STORIES[1]), profile=profile)
    assert [s.reason for s in result.removed] == ["site-boilerplate"]
    assert FOOTER not in result.text


def test_lines_shared_by_near_copies_are_not_boilerplate() -> None:
    copies = [
        "\n\n".join([*STORIES[0], f"Update {k}: traffic is slow on the detour."]) for k in "abc"
    ]
    profile = learn_site_profile(copies)
    assert STORIES[0][0] not in profile
    assert profile.lines == frozenset()


def test_too_few_articles_learn_nothing() -> None:
    assert learn_site_profile(with_footer(s) for s in STORIES[:2]).lines == frozenset()
    assert "anything" not in SiteProfile()


def articles(source: str | None) -> list[Article]:
    """Return the four stories of one source as articles."""
    return [
        Article(id=f"{source}-{k}", text=with_footer(s), source=source)
        for k, s in enumerate(STORIES)
    ]


def test_clean_articles_learns_profiles_per_source_in_a_bounded_first_pass() -> None:
    stream = articles("planet.example") + articles(None)
    out = list(clean_articles(iter(stream), warmup=len(stream)))
    assert [a.id for a, _ in out] == [a.id for a in stream]
    for article, cleaned in out:
        reasons = [s.reason for s in cleaned.removed]
        assert reasons == (["site-boilerplate"] if article.source else [])


def test_clean_articles_applies_given_profiles_to_a_stream() -> None:
    profiles = learn_profiles(articles("planet.example"))
    later = Article(id="late", text=with_footer(STORIES[2]), source="Planet.Example")
    ((article, cleaned),) = clean_articles([later], profiles=profiles)
    assert article is later
    assert [s.reason for s in cleaned.removed] == ["site-boilerplate"]


def test_articles_after_the_warmup_use_the_learned_profiles() -> None:
    stream = articles("planet.example") * 2
    out = list(clean_articles(stream, warmup=4))
    assert len(out) == 8
    assert all([s.reason for s in c.removed] == ["site-boilerplate"] for _, c in out)


def test_source_key_falls_back_to_the_url_host() -> None:
    assert (
        source_key(Article(id="a", text="", url="https://News.Example.com/x")) == "news.example.com"
    )
    assert source_key(Article(id="a", text="", source="Reuters", url="https://x.y/")) == "reuters"
    assert source_key(Article(id="a", text="")) is None


def store_batch(store: Store, batch: list[Article]) -> None:
    """Store a batch of articles as one ingest batch."""
    store_articles(store, *(replace(article, content_hash=article.id) for article in batch))


def test_a_later_batch_is_cleaned_with_its_sources_stored_articles(store: Store) -> None:
    hosted = [replace(a, url=f"https://planet.example/{a.id}") for a in articles(None)]
    store_batch(store, articles("planet.example") + articles("other.example") + hosted)
    assert pipeline.clean(store) == 12
    late = Article(id="late", text=with_footer(STORIES[2]), source="Planet.Example")
    late_host = Article(
        id="late-host", text=with_footer(STORIES[3]), url="https://planet.example/z"
    )
    store_batch(store, [late, late_host])
    assert pipeline.clean(store) == 2
    for article_id in ("late", "late-host"):
        cleaned = store.get_cleaned(article_id)
        assert cleaned is not None and FOOTER not in cleaned.text


def test_articles_are_read_by_source_case_folded_and_bounded(store: Store) -> None:
    spelled = [replace(a, id=a.id + "-caps", source="PLANET.example") for a in articles("x")]
    store_batch(store, articles("planet.example") + articles("other.example") + spelled)
    found = list(store.iter_by_source({"planet.example"}, per_source=6))
    assert len(found) == 6 and {a.source.lower() for a in found if a.source} == {"planet.example"}
    assert [a.id for a in found][:4] == [a.id for a in articles("planet.example")]  # by doc


def gallery_page(story: list[str], n: int) -> str:
    """Return a story followed by a gallery: its sentences again as captions, with a counter."""
    captions = [f"{line} Hide Caption {k + 1} of {n}" for k, line in enumerate(story)]
    return "\n\n".join([*story, "Photos of the day", *captions])


def test_a_caption_counter_recurring_across_a_sites_pages_is_cut_off_the_caption() -> None:
    profile = learn_site_profile(gallery_page(s, 8 + k) for k, s in enumerate(STORIES))
    text = gallery_page(STORIES[0], 30)
    result = clean_text(text, profile=profile)
    assert "Hide Caption" not in result.text
    assert result.text.count(STORIES[0][1]) == 2
    assert [text[s.start : s.end] for s in result.removed] == [
        "Photos of the day",  # a whole line recurring on the site's pages
        "Hide Caption 1 of 30",
        "Hide Caption 2 of 30",
    ]
    assert {s.reason for s in result.removed} == {"site-boilerplate"}
    assert clean_text(result.text, profile=profile).removed == ()


def test_a_sentence_end_is_never_a_chrome_tail() -> None:
    said = [f"{s[0]} Officials said so on Monday." for s in STORIES]
    doubled = ["\n\n".join([line, line.replace("Officials", "Aides")]) for line in said]
    profile = learn_site_profile(doubled)
    assert profile.tails == frozenset()
    assert clean_text(doubled[0], profile=profile).removed == ()
