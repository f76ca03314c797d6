"""Features: words, names and dates that clustering compares."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline import language
from storyline.cluster import features
from storyline.cluster.features import (
    count_names,
    count_words,
    extract,
    extract_entities,
    fold,
    headline_names,
    parse_timestamp,
    stem,
    tokenize,
)
from storyline.cluster.model import order_key, story_id_for


def test_tokenize_drops_stopwords_and_folds_plurals() -> None:
    words = tokenize("The missiles were fired over Japan, officials said on Friday.")
    assert "missile" in words and "japan" in words and "fired" in words
    assert not {"the", "were", "said", "friday", "over"} & set(words)


def test_tokenize_keeps_telling_numbers_only() -> None:
    words = tokenize("A magnitude 7.1 quake killed 108 people on the 27th, 2,000 hurt.")
    assert {"#7.1", "#108", "#2000"} <= set(words)
    assert "#27" not in words


def test_stem_is_light_and_predictable() -> None:
    assert stem("missiles") == "missile"
    assert stem("countries") == "country"
    assert stem("crashes") == "crash"
    assert stem("status") == "status"
    assert stem("press") == "press"


def test_entities_keep_names_and_drop_sentence_starts() -> None:
    text = (
        "Turnout reached 54 percent. The U.S. Secretary of State Antony Blinken met Xi Jinping "
        "in Beijing. Blinken said China must act. Police said the talks went well."
    )
    found = extract_entities(text)
    assert {"blinken", "xi jinping", "jinping", "beijing", "china"} <= set(found)
    assert not {"turnout", "police", "the", "antony"} & set(found)
    assert found["blinken"] > 1  # named on its own once and as part of the full name


def test_entities_part_of_a_name_counts_half() -> None:
    found = extract_entities("Shares of Kafa Airlines rose. Analysts cheered Kafa Airlines.")
    assert found["kafa airlines"] == 2.0
    assert found["airlines"] == 1.0  # two half-weight mentions


def test_entities_count_the_inner_words_of_glued_names_but_not_first_words() -> None:
    found = extract_entities("Police sealed off the Las Vegas Mandalay Bay after the attack.")
    assert found["las vegas mandalay bay"] == 1.0
    assert found["vegas"] == found["mandalay"] == found["bay"] == 0.5  # Vegas meets Vegas
    assert "las" not in found  # first words are shared by too many names ("Las Cruces")


def test_entities_drop_titles_before_and_legal_forms_after_a_name() -> None:
    found = extract_entities(
        "Shares of Equifax Inc fell after CEO Richard Smith resigned. Interim Chief Executive "
        "Paulino Barros spoke. President Donald Trump said nothing."
    )
    assert found["equifax"] == 1.0  # the company, not "inc", is the key word
    assert "inc" not in found and "equifax inc" not in found
    assert {"richard smith", "paulino barros", "donald trump"} <= set(found)
    assert not any(name.startswith(("ceo", "interim", "president")) for name in found)


def test_entities_break_at_punctuation() -> None:
    found = extract_entities("They met in Paris, London and Rome on Monday.")
    assert {"paris", "london", "rome"} <= set(found)
    assert "paris london" not in found


def test_parse_timestamp_reads_dates_and_datetimes() -> None:
    day = parse_timestamp("2024-04-27")
    assert day is not None and parse_timestamp("2024-04-27T12:00:00") == day + 12 * 3600
    assert parse_timestamp("2024-04-27T12:00:00+02:00") == day + 10 * 3600
    assert parse_timestamp("not a date") is None and parse_timestamp(None) is None


def test_extract_counts_title_words_extra() -> None:
    features = extract("Quake hits Norbury", "A strong quake hit the town.", "2024-01-02")
    assert features.terms["quake"] == 1 + 2 and features.title == {
        "quake": 1,
        "hit": 1,
        "norbury": 1,
    }
    assert features.timestamp == parse_timestamp("2024-01-02")


def test_words_of_names_count_less_among_the_terms() -> None:
    body = "Rescuers in Isenbury searched the rubble. The quake hit Isenbury at dawn."
    full = extract("", body, None, name_share=1.0)
    half = extract("", body, None, name_share=0.5)
    assert full.terms["isenbury"] == 2 and half.terms["isenbury"] == 1.0
    assert half.terms["rubble"] == full.terms["rubble"] == 1  # event words keep their weight
    assert half.entities == full.entities  # the entity channel is where names are compared


def test_order_key_puts_undated_last_and_ties_by_id() -> None:
    keys = [
        order_key("2024-01-02", "b"),
        order_key(None, "a"),
        order_key("2024-01-02", "a"),
        order_key("2023-12-31T23:00:00-02:00", "z"),
    ]
    assert sorted(keys) == [keys[3], keys[2], keys[0], keys[1]]  # -02:00 is 01:00 UTC


@given(st.text(min_size=1, max_size=40))
def test_story_ids_are_stable_and_distinct(article_id: str) -> None:
    assert story_id_for(article_id) == story_id_for(article_id)
    assert story_id_for(article_id) != story_id_for(article_id + "x")
    assert story_id_for(article_id).startswith("s") and len(story_id_for(article_id)) == 17


@given(st.text(max_size=300))
def test_features_never_fail_on_any_text(text: str) -> None:
    features = extract(text[:20], text, None)
    assert all(count > 0 for count in features.terms.values())
    assert all(weight > 0 for weight in features.entities.values())


def test_names_outside_ascii_are_names_and_meet_their_plain_spelling() -> None:
    found = extract_entities(
        "Talks opened at the Élysée Palace. Later Recep Tayyip Erdoğan flew to İstanbul, "
        "and the Øresund Bridge closed."
    )
    assert {"elysee palace", "erdogan", "istanbul", "oresund bridge"} <= set(found)
    assert tokenize("Erdoğan visited a café in Zürich") == tokenize(
        "Erdogan visited a cafe in Zurich"
    )


@given(st.text(max_size=40))
def test_folding_is_idempotent_and_leaves_ascii_alone(word: str) -> None:
    assert fold(fold(word)) == fold(word)
    assert word.isascii() is False or fold(word) == word


def test_count_names_counts_a_name_and_its_words_once() -> None:
    assert count_names({"las vegas", "vegas", "las", "mandalay bay", "bay", "paddock"}) == 3
    assert count_names(set()) == 0


def test_the_headline_names_are_the_body_names_it_writes_in_full() -> None:
    body = "CoinDesk's Bitcoin Price Index fell. Bitcoin traders in New York and Seoul sold."
    names = extract(
        "Bitcoin Slumps to 3-Month Low Below $6K as New York Sells", body, None
    ).entities
    assert headline_names("Bitcoin Slumps to 3-Month Low Below $6K as New York Sells", names) == {
        "bitcoin",
        "new york",
        "york",
    }
    assert extract("Bitcoin Slumps", body, None).subject == {"bitcoin"}
    assert headline_names("Prices slump", names) == frozenset()  # a headline of no names


@given(st.text(max_size=60), st.lists(st.text(min_size=1, max_size=12), max_size=6))
def test_headline_names_are_names_it_was_given(title: str, names: list[str]) -> None:
    assert headline_names(title, names) <= set(names)


# Texts made of what the scanners treat differently: capitals, lowercase ASCII and non-ASCII
# words, joiners, digits, apostrophes, hyphens, dots, sentence ends and line breaks.
_PIECES = [
    "Xi",
    "Jinping.",
    "U.S.",
    "McDonald's",
    "Jong-un",
    "Bank",
    "of",
    "America",
    "al-Assad",
    "the",
    "The",
    "police",
    "Police",
    "Élysée",
    "élysée",
    "İstanbul",
    "Øresund",
    "&",
    "3Com",
    "abcDef",
    "éDef",
    "a_B",
    "108",
    "7.1",
    "’s",
    "'",
    "-",
    ".",
    ". ",
    "\n",
    " ",
    "  ",
    '"',
    "(",
]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)
# The name scanner's token pattern, lowercase words included: the scan every token made.
EVERY_TOKEN = re.compile(r"[A-Z][\w'’.\-]*|&|[a-z]+|[^\W\d_a-zA-Z][\w'’.\-]*")


@given(texts)
def test_counting_words_equals_counting_the_tokens(text: str) -> None:
    counted = count_words(text)
    assert list(counted.items()) == list(Counter(tokenize(text)).items())  # order too


@given(texts)
def test_names_are_the_same_when_every_token_is_scanned(text: str) -> None:
    """Skipping lowercase words outside a name finds the same names, in the same order."""
    fast = extract_entities(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(features, "_OPENER", EVERY_TOKEN)  # as before: visit every token
        slow = extract_entities(text)
    assert list(fast.items()) == list(slow.items())


@given(texts, texts)
def test_each_df_key_is_df_keys_one_by_one(title: str, body: str) -> None:
    feats = extract(title, body + " Reuters reported on Dunmore.", None)
    keys = list(feats.each_df_key())
    assert len(keys) == len(set(keys)) and set(keys) == feats.df_keys()


PORTUGUESE_POST = (
    "Nunca ouviu as brincadeiras musicais do grupo Serelepe, de Belo Horizonte? Assista a "
    "uma palinha! Eu estou aqui ao lado do Eugênio Tadeu, que é de casa, e agora estamos "
    "preparando uma série de canções com o grupo na Escola de Belas Artes da UFMG. Eles vão "
    "dar a vocês uma pequena amostra do que vem por aí para o blog, com uma canção de "
    "trabalho da Bahia."
)


def test_a_text_in_another_language_loses_its_function_words() -> None:
    """'que', 'de', 'uma' say as little in Portuguese as 'that', 'of', 'a' say in English."""
    got = features.extract("Uma palinha do grupo Serelepe", PORTUGUESE_POST, None)
    assert not {"que", "de", "uma", "para", "do"} & got.terms.keys()
    assert {"brincadeira", "serelepe", "cancao", "bahia"} <= got.terms.keys()
    assert "uma" not in got.title


def test_an_english_text_keeps_the_english_lists_only(monkeypatch: pytest.MonkeyPatch) -> None:
    body = (
        "Para, a small town in the state, said on Monday that the new bridge over the river would "
        "open in May. The mayor told reporters that the work had cost less than planned and that "
        "the old crossing, which is more than a century old, would be kept for walkers."
    )
    assert len(body) >= features.MIN_LANGUAGE_CHARS
    seen: list[str] = []

    def detect(text: str) -> str:
        seen.append(language.detect(text))
        return seen[-1]

    monkeypatch.setattr(features, "detect", detect)
    assert features.extract("Para opens its bridge", body, None).terms["para"] > 0
    assert seen == ["en"]
    assert features.function_stems("en") == frozenset()
