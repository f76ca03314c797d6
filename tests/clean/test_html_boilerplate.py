"""Block rules: the word prefilter in front of the prompt and credit patterns changes no verdict."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.clean.html_blocks import Block
from storyline.clean.html_boilerplate import (
    _CREDIT,
    _CREDIT_WORDS,
    _PROMPT,
    _PROMPT_WORDS,
    judge_block,
    may_hold,
)

# Pieces of the patterns' own phrases, in any case, among ordinary words and odd letters
# (the Kelvin sign and the long s match k and s under re.IGNORECASE)
_PHRASES = [
    "Share this story with", "like this article", "Sign up for our", "newsletter", "inbox",
    "Subscribe to", "channel", "delivered straight to your inbox", "right in your inbox",
    "Follow", "on Twitter", "coverage", "Tell us what you think", "Leave a comment",
    "Join the conversation", "Get the latest", "app", "Click here to subscribe",
    "This copy is for your personal, non-commercial use", "Order reprints", "Print article",
    "An error has occurred", "This article has been sent to", "If you enjoyed this article",
    "We use cookies", "This website uses cookies", "Reading time:", "Lesezeit:",
    "Reporting by", "Additional reporting by", "contributed reporting", "Sources:",
    "with AP wires.", "Write to", "jane@example.org", "may be reached at", "e-mail",
    "the", "council", "said", "on", "at", "\u212a", "\u017f", "SHARE", "FOLLOW", "\u00e9",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=8).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_the_prefilter_never_hides_a_match(text: str) -> None:
    for pattern, words in ((_PROMPT, _PROMPT_WORDS), (_CREDIT, _CREDIT_WORDS)):
        if pattern.search(text):
            assert may_hold(text, words)
        if pattern.search(text.lower()):
            assert may_hold(text.lower(), words)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Sign up for our morning newsletter", "reader-prompt"),
        ("Reporting by Jane Doe; editing by John Roe", "credit"),
        ("Write to Jane Doe at jane.doe@example.org", "credit"),
        ("The council said the bridge reopens on Tuesday.", None),
        # the long s reads as "s" to the pattern: the prefilter must not skip non-ASCII text
        ("\u212aeep reading: \u017fign up for our newsletter", "reader-prompt"),
    ],
)
def test_verdicts(text: str, reason: str | None) -> None:
    assert judge_block(Block(text), after_label=False, in_link_run=False) == reason
