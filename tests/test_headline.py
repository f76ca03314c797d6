"""The headline an article goes by: its URL's slug stands in for a title naming only the site."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from storyline.headline import headline, names_only_site, url_slug

ABC = (
    "http://abcnews.go.com/Technology/wireStory/"
    "russian-space-experts-regain-control-1st-angola-satellite-52044233"
)
RT = "https://www.rt.com/on-air/414286-angola-satellite-launch-baikonur/"
NPR_SEARCH = "https://www.npr.org/templates/search/index.php?searchinput=Costa+Rica+plane+crash"


def test_titles_that_name_only_the_site_are_told_from_headlines() -> None:
    assert names_only_site("ABC News", ABC)
    assert names_only_site("World news - RT International", RT)
    assert names_only_site("NPR Search : NPR", NPR_SEARCH)
    assert names_only_site("Just a moment...", RT)  # a bot check served instead of the page
    assert names_only_site("", RT)
    assert not names_only_site("Russia regains contact with Angola's satellite", RT)
    assert not names_only_site("ABC News poll: Biden leads", ABC)  # a headline naming the site


def test_the_slug_is_the_last_path_segment_that_reads_as_words() -> None:
    assert url_slug(ABC) == "russian space experts regain control 1st angola satellite"
    assert url_slug(RT) == "angola satellite launch baikonur"
    assert url_slug("https://x.com/2024/04/26/blinken-warns-china/index.html") == (
        "blinken warns china"
    )
    assert url_slug("https://x.com/news/caf%C3%A9-owner_wins_award.html") == "café owner wins award"
    assert url_slug("https://www.reuters.com/world/europe/") is None  # a section
    assert url_slug("https://www.bbc.co.uk/news/world-us-canada-68912345") is None  # and an id


def test_a_search_page_goes_by_its_query_and_tracking_tags_do_not_count() -> None:
    assert url_slug(NPR_SEARCH) == "Costa Rica plane crash"  # what the page lists
    assert url_slug("https://x.com/search?q=fire") is None  # too few words to name anything
    tagged = "https://x.com/?utm_campaign=spring-sale-email-blast&ref=home-page-top-box"
    assert url_slug(tagged) is None


def test_the_headline_replaces_only_a_site_title() -> None:
    assert headline("ABC News", ABC, "abcnews.go.com") == url_slug(ABC)
    assert headline("Angola satellite back in contact", ABC) == "Angola satellite back in contact"
    assert headline("ABC News", None) == "ABC News"
    assert headline("NPR Search : NPR", NPR_SEARCH) == "Costa Rica plane crash"
    assert headline("NPR Search : NPR", "https://www.npr.org/search") == "NPR Search : NPR"


@given(st.text(max_size=80), st.sampled_from([ABC, RT, NPR_SEARCH, "not a url", ""]))
def test_a_title_with_a_word_of_its_own_is_kept(title: str, url: str) -> None:
    own = [w for w in re.findall(r"[^\W_]+", title) if not names_only_site(w, url)]
    if own:
        assert headline(title, url) == title
    assert headline(title, None) == title
