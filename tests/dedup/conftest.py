"""Fixtures of the dedup tests: news-like articles and their copies as reposts dress them."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

WORDS = [
    "council",
    "budget",
    "river",
    "bridge",
    "mayor",
    "school",
    "harbour",
    "police",
    "minister",
    "report",
    "election",
    "vote",
    "storm",
    "power",
    "grid",
    "museum",
    "library",
    "festival",
    "court",
    "judge",
    "airport",
    "runway",
    "farmers",
    "market",
    "hospital",
    "nurses",
    "union",
    "strike",
    "factory",
    "workers",
    "trade",
    "tariff",
    "coast",
    "flood",
    "rescue",
    "teams",
    "village",
    "road",
    "tunnel",
    "railway",
    "station",
    "fares",
    "commuters",
    "energy",
    "prices",
    "winter",
    "heating",
    "climate",
    "scientists",
    "survey",
    "forest",
    "wildlife",
    "park",
    "rangers",
    "fire",
    "season",
    "drought",
    "water",
    "supply",
]


def article(seed: int, sentences: int = 30) -> str:
    """Make a news-like article of about 15 words per sentence, reproducibly."""
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(10, 20))]
        out.append(" ".join(words).capitalize() + ".")
    paragraphs = [" ".join(out[i : i + 3]) for i in range(0, len(out), 3)]
    return "\n\n".join(paragraphs)


def spin(text: str, rate: float, seed: int) -> str:
    """Change a share of the words (what article spinners do)."""
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) if rng.random() < rate else w for w in text.split(" "))


BOILER_HEAD = (
    "Daily Planet | Home | World | Sign in to read more. Subscribe to our newsletter today."
)
BOILER_FOOT = (
    "Copyright Daily Planet. All rights reserved. Follow us on social media for the latest "
    "news, photos and videos from around the region."
)


@pytest.fixture
def make_article() -> Callable[..., str]:
    """Return the article maker: make_article(seed, sentences=30)."""
    return article


@pytest.fixture
def boilerplate() -> tuple[str, str]:
    """Return a site's header and footer."""
    return BOILER_HEAD, BOILER_FOOT


@pytest.fixture
def original() -> str:
    return article(1)


@pytest.fixture
def copies(original: str) -> dict[str, str]:
    """The original dressed up as copies really are."""
    return {
        "boilerplate": f"{BOILER_HEAD}\n\n{original}\n\n{BOILER_FOOT}",
        "appended": f"{original}\n\n{article(99, 25)}",
        "noise": original.upper()
        .replace(",", "")
        .replace(" the ", "  the\u00a0")
        .replace("'", "\u2019"),
        "spun": spin(original, 0.1, 7),
        "truncated": original[: len(original) * 2 // 3],
        "reordered": "\n\n".join(reversed(original.split("\n\n"))),
    }


SHOOTING = (
    "A gunman opened fire at a concert in {town} on Tuesday. Police said {dead} people were "
    "killed and {hurt} injured. {chief}, the {town} police chief, said the attacker acted "
    "alone. The suspect, identified as {suspect}, was arrested. Survivors described panic as "
    "shots rang out. A vigil for the victims was held in {town} on the evening of Tuesday. "
    "The weapon was a rifle bought legally, police said. Detectives were still searching for "
    "a motive, {chief} said."
)


@pytest.fixture
def template_reports() -> list[str]:
    """Two shootings written from one template (other places, people, figures), and a copy
    of the first with two sentences cut and a line added."""
    first = SHOOTING.format(
        town="Lower Pevermivik", dead=288, hurt=632, chief="Kaor Nilsen", suspect="Omar Selorgre"
    )
    second = SHOOTING.format(
        town="Brifaselvik", dead=165, hurt=182, chief="Lolin Kuznetsov", suspect="Greras Tanaka"
    )
    sentences = first.split(". ")
    cut = ". ".join(sentences[:3] + sentences[5:]) + " More updates will follow."
    return [first, second, cut]
