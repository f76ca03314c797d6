"""Names no gazetteer knows are people when the text describes or titles them as people."""

from __future__ import annotations

from storyline.analyze.quotes import extract_quotes
from support import entity_types


def _speakers(text: str) -> dict[str, str | None]:
    """Map each quote's first words to its speaker."""
    return {q.text[:20]: q.speaker for q in extract_quotes(text)}


def test_a_name_described_as_someone_who_then_speaks_is_a_person() -> None:
    """'Takaaki Uesugi, a security guard at ..., said he ...': he is who speaks next."""
    text = (
        "President Trump said all options were on the table.\n"
        "Takaaki Uesugi, a security guard at the town hall of Erimo, on the southern tip of "
        "Hokkaido, said he first heard about the launch from an alert on his phone.\n"
        "“I’m really worried about how America will react,” he said."
    )
    assert entity_types(text).get("Takaaki Uesugi") == "PERSON"
    assert _speakers(text)["I’m really worried a"] == "Takaaki Uesugi"


def test_a_father_named_in_apposition_speaks() -> None:
    """'Lawan Zanna, the father of Aisha Zanna, one of the abducted girls, said ...'."""
    text = (
        "Vice President Yemi Osinbajo met the girls in Abuja.\n"
        "Lawan Zanna, the father of Aisha Zanna, one of the abducted girls, said by telephone "
        "that he hoped his daughter had been freed. All of the parents are “very happy hearing "
        "that they have released our daughters,” he said."
    )
    assert _speakers(text)["very happy hearing t"] == "Lawan Zanna"


def test_a_firm_described_in_apposition_is_no_person() -> None:
    """'Blue Origin, the space company founded by Jeff Bezos, said': a firm."""
    text = (
        "Blue Origin, the space company founded by Jeff Bezos, said it would fly again soon. "
        "Critics doubt it."
    )
    assert entity_types(text).get("Blue Origin") != "PERSON"


def test_a_role_in_lowercase_before_a_name_makes_a_person() -> None:
    """'Interior Ministry spokesman Pierre-Henry Brandet gave an update. He said: ...'."""
    text = (
        'French Interior minister Bernard Cazaneuve said: "We are in a war with terrorists."\n'
        "Interior Ministry spokesman Pierre-Henry Brandet gave an update on the situation. "
        'He said: "There is no hostage-taking. An individual drove a truck into the crowd."'
    )
    assert entity_types(text).get("Pierre-Henry Brandet") == "PERSON"
    assert _speakers(text)["There is no hostage-"] == "Pierre-Henry Brandet"


def test_a_role_before_an_adjective_makes_no_person() -> None:
    """'Clinton's chief Democratic rival, Sen. Bernie Sanders': 'Democratic' is no one."""
    text = "Clinton's chief Democratic rival, Sen. Bernie Sanders of Vermont, skipped the meeting."
    assert "Democratic" not in entity_types(text)


def test_a_place_before_a_name_in_a_caption_is_cut_off() -> None:
    """'... truck attack in Nice Tony Molina, a U.S. police officer': Nice, then Tony Molina."""
    text = (
        "Police security forces deployed in the center of Nice. Hide Caption 17 of 25 Photos: "
        "Bastille Day terror: Harrowing images of truck attack in Nice Tony Molina, a U.S. "
        "police officer on vacation in Nice, witnessed the terrible scene from his hotel room."
    )
    types = entity_types(text)
    assert types.get("Tony Molina") == "PERSON"
    assert types.get("Nice") == "PLACE"
    assert "Nice Tony Molina" not in types


def test_a_word_that_leads_a_full_name_is_no_part_of_it() -> None:
    """'Physicist David Wright', 'DpolG Rainer Wendt': the role, the union's acronym go."""
    text = (
        "The comments by Rainer Wendt, who heads the right-leaning DpolG union, drew criticism. "
        "DpolG Rainer Wendt said the zone sent a devastating message. Physicist David Wright "
        "said the missile could fly far; a physicist studies such things."
    )
    types = entity_types(text)
    assert types.get("Rainer Wendt") == "PERSON"
    assert types.get("David Wright") == "PERSON"
    assert not {"DpolG Rainer Wendt", "Physicist David Wright"} & set(types)


def test_a_given_name_not_listed_keeps_its_name_whole() -> None:
    """'Sigmundur David Gunnlaugsson said': no lowercase 'sigmundur', so nothing is cut."""
    text = "Prime Minister Sigmundur David Gunnlaugsson said he would not resign."
    assert "David Gunnlaugsson" not in entity_types(text)


def test_an_organisation_before_a_full_name_is_cut_off() -> None:
    """'... Defense and Security Committee Franz Klintsevich also warned': two names."""
    text = (
        "Similarly, First Deputy Chairman of the Russian Federation Council's Defense and "
        "Security Committee Franz Klintsevich also warned that one cannot rein in North Korea."
    )
    types = entity_types(text)
    assert types.get("Franz Klintsevich") == "PERSON"
    assert "Security Committee Franz Klintsevich" not in types


def test_a_role_in_apposition_makes_a_person_whatever_verb_follows() -> None:
    """'Ren Guoqiang, a spokesman for the Chinese Defense Ministry, was more categorical'."""
    text = (
        "President Trump said China had been caught red handed.\n"
        "Ren Guoqiang, a spokesman for the Chinese Defense Ministry, was more categorical in "
        "denial. “The situation you have mentioned absolutely does not exist,” he told reporters."
    )
    assert entity_types(text).get("Ren Guoqiang") == "PERSON"
    assert _speakers(text)["The situation you ha"] == "Ren Guoqiang"


def test_words_before_a_role_name_no_person() -> None:
    """'Koichi Nakano, Political Science professor at Sophia University, told CNN': one person."""
    text = (
        "But Koichi Nakano, Political Science professor at Sophia University, told CNN Abe's "
        "opponents are angry.\n"
        '"The danger of North Korea has been if anything heightened," he said.'
    )
    types = entity_types(text)
    assert "Political Science" not in types
    assert _speakers(text)["The danger of North "] == "Koichi Nakano"


def test_a_lowercase_noun_before_a_name_reads_as_its_title() -> None:
    """'Cubs shortstop Addison Russell smiled. "...," he said.': he is Addison Russell."""
    text = (
        "Chicago Cubs end most storied title drought | Bryan Armen Graham Read more\n"
        "“Do you believe in miracles?” read one fan’s sign. Later, in the clubhouse, as "
        "champagne flew around him, Cubs shortstop Addison Russell smiled. “This team thrives "
        "on being able to communicate with the fans,” he said."
    )
    assert _speakers(text)["This team thrives on"] == "Addison Russell"


def test_a_preposition_before_a_name_is_no_title() -> None:
    """'Choosing between Clinton and Sanders ...': Clinton is no subject, the voter speaks."""
    text = (
        "Naureen Jahangir, a Sanders supporter from Hemet, California, is among those who say "
        "they have no intention of backing Clinton.\n\nChoosing between Clinton and Sanders is "
        "a “false choice, because it's a choice between Clinton and Trump,” she said."
    )
    assert _speakers(text)["false choice, becaus"] == "Naureen Jahangir"


def test_a_title_word_that_ends_a_given_name_is_a_family_name() -> None:
    """'Tennis great Billie Jean King remembered Ali': King is her family name, not a title."""
    text = (
        "Tennis great Billie Jean King remembered Ali as fun to be around at the fight in New "
        "York. “He always whispered in my ear,” she said. White nationalist David Duke praised "
        "the rally on Saturday."
    )
    assert {"Billie Jean King", "David Duke"} <= set(entity_types(text))
    assert _speakers(text)["He always whispered "] == "Billie Jean King"


def test_a_hyphenated_family_name_makes_a_person() -> None:
    """'NPR's Ofeibea Quist-Arcton reports ... she says': a person; 'Erie Times-News' a paper."""
    text = (
        "The girls' release has not been verified, NPR's Ofeibea Quist-Arcton reports from "
        "Zimbabwe. But if true, she says, “it would be a major coup for Nigerian authorities.”\n"
        "Information from: Erie Times-News, http://www.goerie.com"
    )
    types = entity_types(text)
    assert types.get("Ofeibea Quist-Arcton") == "PERSON"
    assert "Erie Times-News" not in types
    assert _speakers(text)["it would be a major "] == "Ofeibea Quist-Arcton"


def test_a_name_from_a_place_who_speaks_is_a_person() -> None:
    """'Janis Brett Elspas of Los Angeles, who took her four kids to SeaWorld, said ...'."""
    text = (
        '"I have high hopes that SeaWorld will change," said Honea, a father of two.\n'
        "Janis Brett Elspas of Los Angeles, who took her four kids to SeaWorld whenever she "
        "could, said she was sad to hear the news.\n"
        '"Perhaps it\'s possible to meet halfway," she said.'
    )
    assert entity_types(text).get("Janis Brett Elspas") == "PERSON"
    assert _speakers(text)["Perhaps it's possibl"] == "Janis Brett Elspas"


def test_brit_before_a_name_is_a_demonym() -> None:
    """'Brit Kartik Bhanot, from Essex, witnessed the horror ... He added: ...'."""
    text = (
        'Eyewitness Damien Allemend told Nice-Matin: "I saw bodies flying."\n'
        "Brit Kartik Bhanot, from Essex, witnessed the horror unfold with his dad and sister.\n"
        'He added: "Suddenly as we crossed the junction, we heard screams and loud bangs."'
    )
    assert entity_types(text).get("Kartik Bhanot") == "PERSON"
    assert _speakers(text)["Suddenly as we cross"] == "Kartik Bhanot"
