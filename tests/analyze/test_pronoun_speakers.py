"""A quote attributed through a pronoun ('..., he said') names the person the text means."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.analyze.quotes import extract_quotes
from storyline.clean import clean_text

GOLD = Path(__file__).parent / "fixtures_quotes" / "pronoun_speakers.jsonl"
NEWS = Path("giveme5w1h-news-cluster") / "news_cluster" / "data"
PRONOUNS = {"he", "she", "they", "it"}


def gold_rows() -> list[dict[str, object]]:
    """Return the labelled rows of the pronoun speaker set (its header line aside)."""
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, lines) if "header" not in row]


def test_pronoun_set_loads() -> None:
    """Every row names its article, event, part, quote and a gold speaker."""
    rows = gold_rows()
    assert len(rows) >= 150
    assert {row["part"] for row in rows} == {"fit", "check"}
    for row in rows:
        assert set(row) == {"doc", "event", "part", "start", "prefix", "gold"}
        gold = str(row["gold"])
        assert gold == "unclear" or gold.startswith("unnamed: ") or gold[0].isupper()


def test_pronoun_set_quotes_are_found(shared_data: Path) -> None:
    """Every row's quote is still extracted where the set says, framed by a pronoun."""
    rows = gold_rows()
    for doc in sorted({str(row["doc"]) for row in rows}):
        raw = json.loads((shared_data / NEWS / f"{doc}.json").read_text(encoding="utf-8"))
        text = clean_text(raw["text"]).text
        quotes = {q.quote_span[0]: q for q in extract_quotes(text)}
        for row in (r for r in rows if r["doc"] == doc):
            start = int(str(row["start"]))
            assert text.startswith(str(row["prefix"]), start), row
            quote = quotes.get(start)
            assert quote is not None and quote.speaker_span is not None, row
            assert text[slice(*quote.speaker_span)].lower() in PRONOUNS, row


def pronoun_speaker(text: str, prefix: str) -> str | None:
    """Return the speaker of the quote that starts with prefix."""
    (quote,) = [q for q in extract_quotes(text) if q.text.startswith(prefix)]
    return quote.speaker


def test_a_person_named_as_an_object_is_not_he() -> None:
    """'a phone conversation with Donald Trump': he is the subject, Abe, not the object."""
    text = (
        'Japanese Prime Minister Shinzo Abe also branded the provocative action a "most serious '
        'and grave" threat.\n'
        "Abe had a 40 minute phone conversation with Donald Trump following the launch saying the "
        "two leaders had agreed to call for an immediate emergency meeting of the UN security "
        'council "and increase the pressure towards North Korea."\n'
        'He added that the US President reiterated his assertion that the U.S. "stands with Japan '
        '100 per cent".\n'
    )
    assert pronoun_speaker(text, "stands with Japan") == "Shinzo Abe"


def test_a_speaker_in_apposition_is_he() -> None:
    """'a local member of parliament, Eric Ciotti, told France Info. He said ...'."""
    text = (
        "The man also had opened fire on the crowd, local government chief Christian Estrosi told "
        "reporters, citing the discovery of weapons and grenades after the driver was killed.\n"
        '"It\'s a scene of horror," a local member of parliament, Eric Ciotti, told France Info. '
        'He said the truck sped along the pavement "mowing down several hundred people".\n'
    )
    assert pronoun_speaker(text, "mowing down") == "Eric Ciotti"


def test_a_speaker_named_after_the_cue_is_he() -> None:
    """'..., says economist Felipe Chapman. "...," he says': the inverted speaker."""
    text = (
        "But opposition lawmaker Zulay Rodriguez says Panama's leaders spend too much time hiding "
        "behind nationalistic rhetoric.\n"
        "Panama's offshore industry, now only a small part of the economy, will inevitably "
        "change, says economist Felipe Chapman. \"It's going to die out for the uses that it has "
        'been criticized for," he says.\n'
    )
    assert pronoun_speaker(text, "It's going to die out") == "Felipe Chapman"


def test_a_subject_after_a_heading_line_is_he() -> None:
    """A heading line before 'Euan Graham, director of ..., told CNN' leaves him the subject."""
    text = (
        '"The United States should know that the nuclear button is on my desk," Kim said.\n'
        "Softened tone\n"
        "Euan Graham, director of the International Security Program at the Lowy Institute, "
        "told CNN the softened tone toward South Korea was a surprise.\n"
        "\"The olive branch of trying to reach out to the South, that's the most significant "
        'change," he said.\n'
    )
    assert pronoun_speaker(text, "The olive branch") == "Euan Graham"


def test_a_subject_after_an_opening_phrase_is_he() -> None:
    """'Earlier in the day, Lai Mohammed, the minister of information, denied ...'."""
    text = (
        '"We want to ensure that we bring these girls back alive," Mr. Yemi Osinbajo said.\n'
        "Relatives of the girls rejoiced, even before they knew whether their kin were among "
        "those freed.\n"
        "Earlier in the day, Lai Mohammed, the minister of information and culture, denied "
        "preliminary reports that Boko Haram fighters might have been released in exchange.\n"
        '"Please note that this is not a swap," he said.\n'
    )
    assert pronoun_speaker(text, "Please note") == "Lai Mohammed"


def test_a_subject_after_a_bullet_is_he() -> None:
    """'• Eric Dartell was eating at a restaurant ...' opens its sentence after the bullet."""
    text = (
        '"We cannot deny that it was a terror attack," President François Hollande said.\n'
        "• Maryam Violet, a witness, said she was walking along the beach.\n"
        "• Eric Dartell was eating at a restaurant on the street where the incident happened. "
        '"You can see wreckage all along the way," he said.\n'
    )
    assert pronoun_speaker(text, "You can see wreckage") == "Eric Dartell"


def test_a_name_after_said_that_goes_on_is_no_speaker() -> None:
    """'X, a former adviser, said Obama "understood ..."': Obama is what X said, not who."""
    text = (
        "John Podesta, a former senior White House adviser who supported an aggressive climate "
        'policy, said Barack Obama "understood he couldn\'t have a diplomatic outcome."\n'
        '"That was his focus, to get the domestic side right," he said.\n'
    )
    assert pronoun_speaker(text, "That was his focus") == "John Podesta"


def test_according_to_names_a_speaker_not_an_object() -> None:
    """'According to Phil Kerpen, ...' then 'He needled ...': to is no object's preposition."""
    text = (
        "Reines asked the reporter to join him on an instant messaging service, Hillary Clinton "
        "said.\n"
        "According to Phil Kerpen, the word was in reference to a tweet Labott posted.\n"
        'He needled the reporter, saying, "A reporter who Tweets on request!"\n'
    )
    assert pronoun_speaker(text, "A reporter who Tweets") == "Phil Kerpen"


def test_a_person_brought_in_with_a_capitalised_modifier_is_he() -> None:
    """'A Downing Street spokesman said ...' then 'He stressed': the spokesman, unnamed."""
    text = (
        '"This is the most terrible attack we have ever experienced," Christian Estrosi said.\n'
        "A Downing Street spokesman said PM Theresa May was being kept up to date with "
        'developments in France. He stressed: "Our thoughts are with those affected."\n'
    )
    assert pronoun_speaker(text, "Our thoughts") == "A Downing Street spokesman"


def test_a_subject_after_a_role_noun_title_is_he() -> None:
    """'Brit tourist Kevin Harris left ...': a lowercase role noun before a name is its title."""
    text = (
        'Local politician Eric Ciotti described the promenade as "a scene of horror".\n'
        "Brit tourist Kevin Harris left the promenade just minutes before the attack.\n"
        'He told Good Morning Britain: "After a minute of being back in the hotel we heard it."\n'
    )
    assert pronoun_speaker(text, "After a minute") == "Kevin Harris"
