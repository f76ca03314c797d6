"""The line-shape rules and the topic-break test, each on small hand-made texts."""

from __future__ import annotations

import pytest

from storyline.clean import clean_text
from storyline.clean.shape import judge_lines, shape_of
from storyline.clean.tokens import WordCodes

ARTICLE = [
    "The city council of Rivermouth voted on Tuesday to close the old Harbor Bridge to trucks.",
    "Engineers found cracks in two steel girders of the Harbor Bridge in a May inspection.",
    "Council member Dana Ortiz said the Harbor Bridge closure would last until repairs finish.",
    "Trucks will be diverted to the Eastside ring road, adding about twenty minutes to deliveries.",
    "The repairs to the Harbor Bridge girders are expected to cost 4.2 million dollars, she said.",
    "Hauliers warned that the Eastside detour would raise delivery prices for Rivermouth shops.",
]
FOREIGN = [
    "Scientists at a marine institute have tagged forty humpback whales off the coast of Norway.",
    "The humpback whales carry satellite tags that report their dives and migration routes.",
    "Researchers hope the whale tags reveal where the humpback population feeds during winter.",
    "The institute said the whale migration data would be published in a marine biology journal.",
]


def reasons(lines: list[str]) -> dict[str, str]:
    """Return {removed line: reason} after cleaning the lines joined as paragraphs."""
    text = "\n\n".join(lines)
    return {text[s.start : s.end]: s.reason for s in clean_text(text).removed}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Read or share this story with friends: https://exm.pl/2sag7Cz", "navigation"),
        ("Also read: Ten gadgets that will change your kitchen forever", "navigation"),
        ("Published: April 27, 2024, 08:32 IST", "navigation"),
        ("[Five things to know about the new tax law]", "navigation"),
        ("Home", "navigation"),
        ("Connect with us", "navigation"),
        (
            "Unlock a world of perks! Everything in one place, just a click away! Log in now!",
            "promo",
        ),
        ("Chat with us on Messenger and tell us what you think.", "promo"),
    ],
)
def test_junk_line_in_an_article_is_removed_for_its_shape(line: str, reason: str) -> None:
    assert reasons([*ARTICLE[:3], line, *ARTICLE[3:]]) == {line: reason}


@pytest.mark.parametrize(
    "line",
    [
        "Harbor Bridge closure",  # a subheading sharing the article's words
        "“You will see the bridge open again next spring,” Ortiz told residents.",  # quoted speech
        "Ortiz said:",  # introduces a quote
        "Rivermouth council closes Harbor Bridge to trucks after girder cracks",  # the headline
    ],
)
def test_article_lines_of_junk_like_shape_are_kept(line: str) -> None:
    assert reasons([*ARTICLE[:3], line, *ARTICLE[3:]]) == {}


def test_a_heading_over_link_lines_is_part_of_the_source_list() -> None:
    got = reasons([*ARTICLE, "Sources", "1/ https://example.com/a", "2/ https://example.com/b"])
    assert list(got.values()) == ["source-list"]
    assert next(iter(got)).startswith("Sources")


def test_a_run_of_link_lines_is_a_source_list_and_a_lone_link_line_stays() -> None:
    links = [
        "1/ https://www.example.com/news/world/harbor-bridge-closure-1234.html",
        "2/ https://www.example.com/news/world/harbor-bridge-history-5678.html",
    ]
    assert reasons([*ARTICLE, *links]) == {"\n\n".join(links): "source-list"}
    # a project's site or a contact address on its own line is part of many gold bodies
    assert reasons([*ARTICLE[:3], links[0], *ARTICLE[3:]]) == {}


def test_repeated_line_keeps_its_first_occurrence() -> None:
    lines = [ARTICLE[0], *ARTICLE]
    shapes = [shape_of(line, WordCodes()) for line in lines]
    assert judge_lines(shapes) == {1: "duplicate"}


def test_trailing_unrelated_block_is_off_topic() -> None:
    got = reasons([*ARTICLE, *FOREIGN])
    assert list(got.values()) == ["off-topic"]
    assert next(iter(got)) == "\n\n".join(FOREIGN)


def test_embedded_unrelated_block_glued_into_one_line_is_off_topic() -> None:
    glued = " ".join(FOREIGN)
    assert reasons([*ARTICLE[:2], glued, *ARTICLE[2:]]) == {glued: "off-topic"}


def test_a_related_background_paragraph_is_kept() -> None:
    background = (
        "The Harbor Bridge opened in 1931 and carried the Rivermouth tram line until 1968, "
        "when trucks became its main traffic."
    )
    assert reasons([*ARTICLE, background]) == {}


def test_a_short_article_is_not_judged_against_a_larger_block() -> None:
    # with too little article left, which side is foreign cannot be told: nothing goes
    assert reasons([ARTICLE[0], *FOREIGN]) == {}


def test_a_call_to_action_is_a_promo() -> None:
    line = "Get the latest city news on our app. Download it now to get daily updates."
    assert reasons([*ARTICLE[:3], line, *ARTICLE[3:]]) == {line: "promo"}


def test_short_lines_repeated_far_apart_are_list_items_not_glitches() -> None:
    lines = [*ARTICLE[:2], "Step one", *ARTICLE[2:5], "Step one", *ARTICLE[5:]]
    shapes = [shape_of(line, WordCodes()) for line in lines]
    assert "duplicate" not in judge_lines(shapes).values()
    twice = [*ARTICLE[:2], "Step one", "Step one", *ARTICLE[2:]]
    assert judge_lines([shape_of(x, WordCodes()) for x in twice])[3] == "duplicate"


def test_text_that_is_not_english_is_judged_on_links_and_repeats_only() -> None:
    lines = [
        "先日、不正に改造したiPhoneを販売したとして、商標法違反の疑いで男性が逮捕されました。",
        "報道によると、今回販売されたのは、いわゆる「脱獄」したiPhone。",
        "ホーム",
        "「脱獄」とは、iPhoneのiOSを改造して機能制限を解除することです。",
        "https://example.com/iphone",
        "https://example.com/jailbreak",
    ]
    assert reasons(lines) == {
        "https://example.com/iphone\n\nhttps://example.com/jailbreak": "source-list"
    }


SIDE_STORY = [
    "Dana Ortiz grew up in Rivermouth and crossed the Harbor Bridge to school every day.",
    "Her father drove a delivery van over the bridge for thirty years, neighbours recalled.",
    "Friends remember a family of musicians who played at every Rivermouth street festival.",
]


def test_a_trailing_block_sharing_the_storys_names_is_kept() -> None:
    # it shares few content words with the head, but names its people and places
    victims = [
        "Relatives identified the driver as Tomas Ortiz, who lived with his wife near Eastside.",
        "Tomas Ortiz coached the Eastside youth football team for twelve seasons, they said.",
        "The Eastside school where his wife teaches held a vigil with candles and songs on Friday.",
    ]
    assert reasons([*ARTICLE, *victims]) == {}


def test_a_foreign_block_inside_the_article_is_kept_unless_glued_into_one_line() -> None:
    assert reasons([*ARTICLE[:3], *FOREIGN, *ARTICLE[3:]]) == {}


def test_a_contact_block_of_an_address_and_a_domain_is_kept() -> None:
    contact = ["reporter@rivermouth-herald.example.com", "www.rivermouth-herald.example.com"]
    assert reasons([*ARTICLE, *contact]) == {}


def test_a_title_printed_twice_loses_its_copy_but_a_repeated_paragraph_stays() -> None:
    title = "Rivermouth closes the Harbor Bridge to trucks"
    assert reasons([title, title, *ARTICLE]) == {title: "duplicate"}
    long = " ".join(ARTICLE[:3])
    assert reasons([*ARTICLE, long, long]) == {}
