"""Entities are typed by what they do in the story and their aliases merge into one."""

from __future__ import annotations

import pytest

from storyline.analyze.entities import extract_entities
from support import entity_types

CASES = [
    (
        "CHICAGO — The Cubs won the World Series on Wednesday night, beating Cleveland 8-7 in "
        "ten innings. The Cubs had not won the title since 1908.",
        "Cubs",
        "ORG",
    ),
    (
        "Equifax said on Thursday that hackers had stolen the personal data of 143 million "
        "Americans. Shares of Equifax fell 13 percent. Equifax said in a statement that it had "
        "hired a security firm.",
        "Equifax",
        "ORG",
    ),
    (
        "Boko Haram militants attacked a village in northeastern Nigeria, killing 15 people. "
        "Boko Haram claimed responsibility for the attack in a video.",
        "Boko Haram",
        "ORG",
    ),
    (
        "Harambe, a 17-year-old western lowland gorilla, was shot dead at the Cincinnati Zoo "
        "after a boy fell into his enclosure. Zoo director Thane Maynard said Harambe was not "
        "attacking the child.",
        "Harambe",
        "PERSON",
    ),
]
NOT_ENTITIES = [
    (
        "SpaceX launched its Falcon Heavy rocket from Cape Canaveral on Tuesday. The Falcon "
        "Heavy is the most powerful rocket in operation, Elon Musk said.",
        "Falcon Heavy",
    ),
    (
        "The Philadelphia Eagles beat the New England Patriots 41-33 in the Super Bowl on "
        "Sunday. Nick Foles was named the Super Bowl MVP.",
        "Super Bowl",
    ),
    ("Hide Caption 1 of 30 Photos: Scenes from the crash. Police said the driver fled.", "Hide"),
]


@pytest.mark.parametrize(("text", "name", "kind"), CASES)
def test_a_name_is_typed_by_what_it_does(text: str, name: str, kind: str) -> None:
    assert entity_types(text).get(name) == kind


@pytest.mark.parametrize(("text", "word"), NOT_ENTITIES)
def test_events_products_and_chrome_are_no_person(text: str, word: str) -> None:
    persons = [n for n, t in entity_types(text).items() if t == "PERSON"]
    assert not [n for n in persons if word in n]


def test_kim_jong_un_spellings_are_one_person() -> None:
    texts = [
        "Kim Jong-un oversaw the launch, state media said.",
        "Analysts say Kim Jong Un wants leverage before any talks.",
        "Kim Jong-Un has ignored the warnings of the United Nations.",
    ]
    kims = [e for e in extract_entities(texts) if e.name.startswith("Kim")]
    assert len(kims) == 1 and kims[0].count == 3 and kims[0].type == "PERSON"


def test_a_family_name_alone_joins_the_full_name() -> None:
    text = (
        "Chinese Foreign Ministry spokeswoman Hua Chunying told a regular briefing that China "
        "opposes the launch. Hua said all parties should exercise restraint."
    )
    huas = [e for e in extract_entities([text]) if "Hua" in e.name]
    assert [(e.name, e.count) for e in huas] == [("Hua Chunying", 2)]


def test_the_administration_of_a_person_stays_a_person() -> None:
    text = (
        "Donald Trump spoke on Friday. The Trump administration said the talks would go on. "
        "Trump said he was confident."
    )
    assert entity_types(text).get("Donald Trump") == "PERSON"


def test_a_family_name_in_a_statement_stays_the_person() -> None:
    text = (
        "President Donald Trump spoke to Shinzo Abe by phone on Friday. Trump said in a "
        "statement that the launch was a threat. Trump added that all options were open."
    )
    types = entity_types(text)
    assert types.get("Donald Trump") == "PERSON" and "Trump" not in types


def test_a_camel_cased_family_name_links_to_the_person() -> None:
    text = (
        "Jonathan McDowell, an astrophysicist at the Harvard-Smithsonian Center for "
        "Astrophysics, tracks the station. McDowell said most of it would burn up on re-entry."
    )
    entities = {e.name: (e.type, e.count) for e in extract_entities([text])}
    assert entities.get("Jonathan McDowell") == ("PERSON", 2)


def test_a_company_suffix_is_an_alias() -> None:
    text = (
        "Equifax Inc. said on Thursday that hackers stole the data of 143 million Americans. "
        "In a statement, Equifax said it had hired a cybersecurity firm."
    )
    firms = [(e.name, e.type, e.count) for e in extract_entities([text]) if "Equifax" in e.name]
    assert firms == [("Equifax", "ORG", 2)]
