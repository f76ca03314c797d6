"""Real reporting that the text cleaner once deleted as off-topic or promo (giveme5w1h articles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.clean import clean_text, learn_profiles
from storyline.config import IngestConfig
from storyline.ingest import read_paths
from storyline.models import Article

NEWS = Path("giveme5w1h-news-cluster") / "news_cluster" / "data"


def article(shared_data: Path, prefix: str) -> Article:
    """Read one giveme5w1h article (by the start of its file name) as ingest stores it."""
    (path,) = (shared_data / NEWS).glob(f"{prefix}*.json")
    (found,) = read_paths([str(path)], IngestConfig())
    assert isinstance(found, Article)
    return found


@pytest.mark.parametrize(
    ("prefix", "sentence"),
    [
        # Costa Rica crash (event 35): the victims' names and their families' words
        (
            "04d3d3b4b3",
            "It is a tragedy that the Drs. Mitchell Weiss and Leslie Weiss and their two children",
        ),
        ("04d3d3b4b3", "The Morton Plant Hospital in Clearwater, where both the Weiss parents"),
        ("255862dfe3", "They identified them as Bruce and Irene Steinberg and their sons"),
        ("31082af8ad", "the deaths of husband and wife Bruce M. Steinberg, 50, and Irene G."),
        ("fc8c01361d", "They identified them as Bruce and Irene Steinberg and their sons"),
        # German consulate attack (event 73): the Taliban's claim of responsibility
        ("d5239a8dab", "Taliban spokesman Zabihullah Mujahid said the “martyrdom attack”"),
        ("d5239a8dab", "German officials in Kabul declined to comment."),
        # Equifax breach (event 72): "US" is the country, not the reader
        (
            "1f90784874",
            "Hackers are also believed to have gained access to 209,000 US credit card numbers",
        ),
        ("5e46270a7d", "Criminals exploited a US website application vulnerability"),
        ("7a14c6a7db", "he also emphasized the military firepower the US can bring to bear."),
    ],
)
def test_reporting_survives_cleaning(shared_data: Path, prefix: str, sentence: str) -> None:
    text = article(shared_data, prefix).text
    assert sentence in text
    assert sentence in clean_text(text).text


def test_the_suns_tip_line_promo_still_goes(shared_data: Path) -> None:
    text = article(shared_data, "1f90784874").text
    promo = "Do you have a story for The Sun Online news team?"
    assert promo in text
    assert promo not in clean_text(text).text


def test_cnn_gallery_counters_learned_from_the_sites_pages_go_and_captions_stay(
    shared_data: Path,
) -> None:
    cnn = [
        a
        for a in read_paths([str(shared_data / NEWS)], IngestConfig())
        if isinstance(a, Article) and a.source == "cnn.com"  # the outlet, edition. or not
    ]
    profile = learn_profiles(cnn)["cnn.com"]
    caption = "Broken windows of the Mandalay Bay are seen early in Las Vegas on Monday."
    (vegas,) = (a for a in cnn if caption in a.text)
    assert f"{caption} Police said" in vegas.text and "Hide Caption 2 of 30" in vegas.text
    cleaned = clean_text(vegas.text, profile=profile).text
    assert caption in cleaned
    assert "Hide Caption 2 of 30" not in cleaned
    assert "Hide Caption 14 of 30" not in cleaned


def paragraphs(text: str) -> list[str]:
    """Return the non-blank lines of a text, stripped."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def test_a_whole_article_embedded_inside_another_goes_and_the_taliban_claim_stays(
    shared_data: Path,
) -> None:
    # the Guardian's Cubs report put after the 4th paragraph of the consulate attack story
    host = paragraphs(article(shared_data, "d5239a8dab").text)
    cubs = paragraphs(article(shared_data, "580907b65c").text)
    cleaned = clean_text("\n".join(host[:4] + cubs + host[4:])).text
    assert all(p in cleaned for p in host)
    assert sum(p not in cleaned for p in cubs) >= 0.9 * len(cubs)


def test_a_menu_above_the_article_does_not_hide_a_glued_article(shared_data: Path) -> None:
    # scraped teaser lines above a short story make a poor head: the story would look foreign
    menu = [
        "Qualcomm says 5G rollout will be faster than 4G, projects 175 million to 225 million "
        "5G handsets in 2020",
        "Best gifts: Practically indestructible gadgets",
        "Log In",
        "36",
        "Incredibly useful gadgets you didn't know you needed",
        "All Writers",
    ]
    host = paragraphs(article(shared_data, "0dc536fd4d").text)
    glued = " ".join(paragraphs(article(shared_data, "69ad8dc456").text))  # CNN: Kim's offer
    cleaned = clean_text("\n".join([*menu, *host, glued])).text
    assert all(p in cleaned for p in host)
    assert glued not in cleaned


def test_the_articles_closing_quote_next_to_an_appended_article_stays(shared_data: Path) -> None:
    # Xinhua on the DPRK launch; a gorilla story glued after its 3rd paragraph, the Cubs at its
    # end. Hua's closing quote shares no word with the Cubs report: it is the article's edge.
    host = paragraphs(article(shared_data, "0046d5ff09").text)
    gorilla = " ".join(paragraphs(article(shared_data, "feb63103e9").text))
    cubs = paragraphs(article(shared_data, "580907b65c").text)
    quote = '"Currently the situation on the Korean Peninsula is complex, sensitive and serious.'
    assert any(p.startswith(quote) for p in host)
    cleaned = clean_text("\n".join([*host[:3], gorilla, *host[3:], *cubs])).text
    assert all(p in cleaned for p in host)
    assert sum(p not in cleaned for p in cubs) >= 0.9 * len(cubs)
