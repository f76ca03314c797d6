"""Quotes that no cue verb introduces: framed by the subject of their clause (quote_subjects.py)."""

from __future__ import annotations

import pytest

from storyline.analyze.quotes import Quote, extract_quotes


def only(quotes: list[Quote]) -> Quote:
    """Return the single quote of a list, failing otherwise."""
    assert len(quotes) == 1, quotes
    return quotes[0]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Speaking to reporters in Concord on Monday, Jeb Bush referred to Marco Rubio as "
            "“a bright, charismatic leader” but questioned his record.",
            "Jeb Bush",
        ),
        (
            "Former Arkansas Gov. Mike Huckabee, for his part, is labeling the executive actions "
            "“a blatant, belligerent abuse of power.”",
            "Mike Huckabee",
        ),
        (
            "Paul Ryan’s campaign shrugged off the comments, telling reporters, “Nobody on this "
            "team has ever asked for that endorsement.”",
            "Paul Ryan’s campaign",
        ),
    ],
)
def test_a_partial_quote_goes_to_the_subject_of_its_sentence(text: str, speaker: str) -> None:
    q = only(extract_quotes(text))
    assert q.speaker == speaker


def test_a_quote_opening_a_sentence_goes_to_the_subject_of_the_one_before() -> None:
    text = (
        "The race tightened after the debate. Senator Amy Klobuchar agreed. "
        '"Mainstream Democrats are running out of time to find an alternative."'
    )
    q = only(extract_quotes(text))
    assert q.text.startswith("Mainstream Democrats")
    assert q.speaker == "Amy Klobuchar"


def test_a_headline_before_a_quote_paragraph_names_no_speaker() -> None:
    text = (
        "American tourist Matthew Galat woken by sirens after the launch\n"
        "“That would be the end for his government and thousands of others.”"
    )
    assert extract_quotes(text) == []


def test_a_speaker_then_any_verb_after_the_quote() -> None:
    text = "“Your reputation is amazing,” Trump assured Jones, after the host praised his campaign."
    q = only(extract_quotes(text))
    assert (q.speaker, q.cue) == ("Trump", "assured")


def test_a_noun_after_a_name_is_no_verb_and_the_name_no_speaker() -> None:
    text = (
        "Tesla founder Elon Musk unveiled plans to launch his “midnight cherry red Roadster” "
        "into orbit."
    )
    # never the company in front of his title: the quote is left out or goes to the person
    assert [q.speaker for q in extract_quotes(text)] in ([], ["Elon Musk"])


def test_a_show_title_is_no_quote() -> None:
    text = "Blumenthal was asked about the server on CNN’s “New Day Morning Edition” by the host."
    assert extract_quotes(text) == []


def test_a_scare_quote_without_a_speaking_subject_is_no_quote() -> None:
    assert extract_quotes("The so-called “reform” passed after a “long” night.") == []


def test_a_statement_read_after_the_quote_frames_it() -> None:
    text = (
        "The ministry answered within the hour.\n\n"
        "“We will not accept any interference in our internal affairs,” the statement read."
    )
    q = only(extract_quotes(text))
    assert q.cue == "read"
    assert q.speaker == "the statement"


def test_any_past_verb_then_a_name_after_the_quote() -> None:
    text = (
        "The merger was a gamble.\n\n\"An awful lot of analysts said, 'No, don't do this,' and she "
        'went ahead anyway," remembered Roy Verley, the former chief spokesman of the company, '
        "in an interview."
    )
    q = only(extract_quotes(text))
    assert (q.speaker, q.cue) == ("Roy Verley", "remembered")


@pytest.mark.parametrize(
    "text",
    [
        "Acquired by the Cardinals in 2013 for a late-round pick, Palmer’s strong arm was a great "
        "fit for the coach’s “no risk it, no biscuit” approach.",
        "Only weeks after DC united six of its heroes in “Justice League,” Marvel has struck back "
        "by releasing the trailer for “Avengers: Infinity War,” its biggest film yet.",
        "Chinese journalists were ordered to delete “all content related to the leak” at once.",
    ],
)
def test_no_fragment_speaker_and_no_title_from_a_subject(text: str) -> None:
    # a participle ('Acquired'), a nationality before a plural noun ('Chinese journalists') is
    # no speaker; film titles framed by 'Marvel has' are no quotes
    assert extract_quotes(text) == []


def test_an_opening_time_phrase_is_no_subject_and_an_adverb_no_verb() -> None:
    text = (
        "Foreign policy was a sticking point. Thirteen years earlier, she had voted for the war "
        "from “the perspective of a senator from New York who has seen the attacks up close.”"
    )
    assert all(q.speaker != "Thirteen" for q in extract_quotes(text))
    text = (
        "Some of his supporters kicked and punched a protester, with Donald Trump reportedly "
        "yelling: “Get him the hell out of here!”"
    )
    q = only(extract_quotes(text))
    assert q.speaker == "Donald Trump"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“Meth. We’re on it” is rolling out with TV commercials and billboards in which "
            "people say, “I’m on meth.”",
            "people",
        ),
        (
            "Officials met in a hall where the mayor said, “We will rebuild the bridge this year.”",
            "the mayor",
        ),
    ],
)
def test_a_relative_clause_speaks_for_itself(text: str, speaker: str) -> None:
    # The clause's own subject says it, not a capitalised word before the clause ("TV").
    assert only(extract_quotes(text, keep_unattributed=True)).speaker == speaker
