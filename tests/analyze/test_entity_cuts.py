"""Names are cut whole and typed by their words and deeds, on sentences as pages print them."""

from __future__ import annotations

from storyline.analyze.entities import extract_entities
from storyline.analyze.entity_context import THING, vote
from storyline.analyze.quotes import extract_quotes
from support import entity_types


def test_words_before_a_place_that_opens_a_firm_name_belong_to_it() -> None:
    """'Sierra Nevada Corporation': one firm, not 'Sierra' and 'Nevada Corporation'."""
    types = entity_types(
        "NASA picked Sierra Nevada Corporation to fly cargo to the station. Sierra Nevada "
        "Corporation builds the Dream Chaser, and the Carnegie Moscow Center studied the deal."
    )
    assert types.get("Sierra Nevada Corporation") == "ORG"
    assert types.get("Carnegie Moscow Center") == "ORG"
    assert not {"Sierra", "Nevada Corporation", "Moscow Center"} & set(types)


def test_a_label_in_capitals_names_only_what_the_gazetteer_knows() -> None:
    """A map's labels ('LAS VEGAS BLVD. ... FESTIVAL GROUNDS') make no acronym organisation."""
    text = (
        "Vehicles stopped to pick up victims. LAS VEGAS BLVD. E. RENO AVE. V.I.P. area FESTIVAL "
        "GROUNDS 200 FEET CROWD MAIN STAGE People fled.\nMOST READ IN NEWS 'DAD WAS A PAEDO' "
        "Joan Collins' son claims his father was a paedophile. Gordon Ramsay ERUPTION ALERT "
        "Bali's volcano has erupted."
    )
    types = entity_types(text)
    assert types.get("Las Vegas") == "PLACE"
    assert types.get("Gordon Ramsay") == "PERSON"
    assert not {"BLVD", "PAEDO", "Gordon Ramsay ERUPTION ALERT"} & set(types)


def test_two_acronyms_side_by_side_still_name_an_organisation() -> None:
    """'BFM TV' is a broadcaster's name, not a shout."""
    types = entity_types(
        "The attack was shown live on BFM TV, and the channel said it would continue."
    )
    assert types.get("BFM TV") == "ORG"


def test_a_word_cut_off_before_its_number_is_no_place() -> None:
    """'at Route 91', 'in May 2016', 'in Article 5': the preposition reads no place there."""
    types = entity_types(
        "Shooting at Route 91 A post shared by a fan on Oct 1. The gunfire interrupted the "
        "performance of a singer at the Route 91 Harvest Festival. The agency said in May 2016 "
        "that the rule in Article 5 applied. Officers arrived in Croydon within minutes."
    )
    assert not {"Route", "May", "Article"} & set(types)
    assert types.get("Croydon") == "PLACE"


def test_a_common_word_in_capitals_is_no_acronym() -> None:
    """'NORTH' on a map, 'VIDEO' before a clip: the story writes the word in lowercase too."""
    types = entity_types(
        "People fled in this direction NORTH By The New York Times\nThe crowd ran north. VIDEO "
        "The video shows NATO planes over the base."
    )
    assert types.get("NATO") == "ORG" and types.get("New York Times") == "ORG"
    assert not {"NORTH", "VIDEO"} & set(types)


def test_newspaper_and_company_name_endings_type_an_organisation() -> None:
    """'Des Moines Register', 'Experian Plc', 'Delta Air Lines': the last word says firm."""
    types = entity_types(
        "A poll by the Des Moines Register showed him ahead. Experian Plc said its systems were "
        "safe, and Delta Air Lines said flights would resume. Photo: Getty Images"
    )
    for name in ("Des Moines Register", "Experian Plc", "Delta Air Lines", "Getty Images"):
        assert types.get(name) == "ORG", name


def test_a_name_before_a_firms_noun_is_an_organisation_not_a_role_or_adjective() -> None:
    """'Blue Origin spokesman', 'Time magazine' name firms; 'Former Obama spokesman' does not."""
    types = entity_types(
        "A Blue Origin spokesman declined to comment, Time magazine reported. Former Obama "
        "spokesman Robert Gibbs said the anchor of a Spanish-language channel had asked first, "
        "and a Baton Rouge newspaper agreed."
    )
    assert types.get("Blue Origin") == "ORG" and types.get("Time") == "ORG"
    assert types.get("Robert Gibbs") == "PERSON"
    assert not {"Former Obama", "Spanish-language", "Baton Rouge"} & {
        n for n, t in types.items() if t == "ORG"
    }


def test_a_name_that_acts_on_its_own_things_is_an_organisation() -> None:
    """'Blue Origin launched its rocket ... Blue Origin said': a firm, though it speaks."""
    types = entity_types(
        "Blue Origin launched its New Shepard rocket from West Texas on Tuesday. Blue Origin "
        "said the capsule landed safely. Officials visited Huntsville and its space industries."
    )
    assert types.get("Blue Origin") == "ORG"
    assert types.get("Huntsville") != "ORG"


def test_a_name_after_a_kind_of_firm_is_an_organisation() -> None:
    """'the newspaper Haaretz', 'the automaker Nabisco': the noun before says what it is."""
    types = entity_types(
        "Haaretz reported the remarks first. Netanyahu told the newspaper Haaretz he was "
        "surprised. Layoffs at the snack maker were announced by the manufacturer Nabisco, and "
        "Nabisco said 600 jobs would go. The gas giant Jupiter rose before sunrise."
    )
    assert types.get("Haaretz") == "ORG" and types.get("Nabisco") == "ORG"
    assert types.get("Jupiter") != "ORG"


def test_a_word_the_story_reads_as_a_place_opens_no_persons_name() -> None:
    """'in Croydon, south London' makes 'Croydon' a place, not 'Croydon Advertiser's' first word."""
    types = entity_types(
        "A tram overturned in Croydon, south London, on Wednesday. The Croydon Advertiser Chief "
        "Reporter said Croydon had never seen such a crash. Rescuers worked in Croydon all day. "
        "Turnout was high in Latino neighborhoods, Latino Decisions said."
    )
    assert types.get("Croydon") == "PLACE"
    assert types.get("Latino") != "PLACE"


def test_a_name_that_reports_earnings_or_has_a_chief_executive_is_an_organisation() -> None:
    """'Acme reported quarterly earnings', 'Blue Origin Chief Executive Bob Smith'."""
    types = entity_types(
        "Corvane reported quarterly earnings that beat forecasts on Tuesday. Corvane said "
        "demand was strong. Blue Origin Chief Executive Bob Smith said the rocket was ready."
    )
    assert types.get("Corvane") == "ORG" and types.get("Blue Origin") == "ORG"
    assert types.get("Bob Smith") == "PERSON"


def test_an_opening_common_word_and_of_are_cut_off_a_name() -> None:
    """'Shares of Blue Origin fell': the firm is Blue Origin, and its shares say so."""
    types = entity_types(
        "Shares of Blue Origin fell 5 percent on Monday after the shares had risen for a week. "
        "Supporters of Hillary Clinton cheered, and other supporters wept. The University of "
        "Oklahoma said little."
    )
    assert types.get("Blue Origin") == "ORG"
    assert types.get("Hillary Clinton") == "PERSON"
    assert types.get("University of Oklahoma") == "ORG"
    assert not any(n.startswith(("Shares", "Supporters")) for n in types)


def test_words_before_a_place_that_opens_a_place_name_belong_to_it() -> None:
    """'Ronald Reagan Washington National Airport' is one airport."""
    types = entity_types("He landed at Ronald Reagan Washington National Airport late on Monday.")
    assert types.get("Ronald Reagan Washington National Airport") == "PLACE"
    assert "Washington National Airport" not in types


def test_a_name_someone_founded_or_runs_is_an_organisation() -> None:
    """'a co-founder of Asana', 'chief executive of Hewlett-Packard': the firm's deeds."""
    types = entity_types(
        "Justin Rosenstein is a co-founder of Asana. Carly Fiorina was chief executive of "
        "Hewlett-Packard before she ran."
    )
    assert types.get("Asana") == "ORG" and types.get("Hewlett-Packard") == "ORG"


def test_a_name_within_a_known_place_is_a_place() -> None:
    """'the festival, Cannes, southern France.': Cannes is placed in France."""
    types = entity_types(
        "The actress posed for photographers at the film festival, Cannes, southern France. "
        "Victims were flown from Coralville, Iowa, to a hospital."
    )
    assert types.get("Cannes") == "PLACE" and types.get("Coralville") == "PLACE"


def test_a_photographers_credit_names_a_person() -> None:
    """'(Alastair Grant/Associated Press)': the name before the agency is the photographer's."""
    types = entity_types(
        "Thurman is quoted in The New York Times on Saturday as saying he attacked her in "
        "London. (Alastair Grant/Associated Press)\nCrowds gathered outside. Pool/Getty Images"
    )
    assert types.get("Alastair Grant") == "PERSON"
    assert types.get("Pool") != "PERSON"


def test_a_word_the_story_reads_as_a_place_is_no_guessed_persons_family_name() -> None:
    """'the Hyatt Regency Nice hotel' guessed a person: 'in Nice.' stays the city."""
    text = (
        "A truck drove into a crowd in Nice, killing 84 people. A student living in Nice was "
        "watching from the Hyatt Regency Nice hotel. The driver was shot in Nice on the "
        "promenade. Nice is mourning."
    )
    found = {e.name: (e.type, e.count) for e in extract_entities([text])}
    assert found.get("Nice") == ("PLACE", 4)


def test_a_name_cut_off_before_its_number_is_no_person() -> None:
    """'the Saturn V Apollo 11 moon rocket' is no person; 'Laquan McDonald 16 times' is."""
    types = entity_types(
        "The rocket will lift off from the same pad as the Saturn V Apollo 11 moon rocket. An "
        "officer shot Laquan McDonald 16 times, and the video of Laquan McDonald was released."
    )
    assert "Saturn V Apollo" not in types
    assert types.get("Laquan McDonald") == "PERSON"


def test_a_dateline_in_capitals_names_a_place() -> None:
    """'RENO, Nev. (AP) — ': the line opens on its place, not on an acronym."""
    text = "RENO, Nev. (AP) — Republicans gathered on Saturday. The city hosted them before."
    found = entity_types(text)
    assert found.get("Reno") == "PLACE" and "RENO" not in found


def test_a_party_word_before_a_given_name_is_no_part_of_it() -> None:
    """'Republican Donald Trump', 'Democrat Hillary Clinton': the people, counted as such."""
    found = {
        e.name: (e.type, e.count)
        for e in extract_entities(
            [
                "Polls show Republican Donald Trump trailing Democrat Hillary Clinton. Donald "
                "Trump said the polls were wrong, and Hillary Clinton said nothing."
            ]
        )
    }
    assert found.get("Donald Trump") == ("PERSON", 2)
    assert found.get("Hillary Clinton") == ("PERSON", 2)


def test_state_abbreviations_and_party_tags_are_no_organisations() -> None:
    """'Manchester, N.H.', 'Sen. Bernie Sanders (I-VT)', 'O.K.': no acronym of a firm."""
    types = entity_types(
        "Voters in Manchester, N.H., lined up early. Sen. Bernie Sanders (I-VT) said it was "
        "O.K. to wait, and the U.S. economy came up."
    )
    assert not {"N.H.", "I-VT", "O.K."} & set(types)
    assert types.get("United States") == "PLACE"


def test_a_name_of_common_words_named_often_is_no_person() -> None:
    """'Social Security' named three times is a programme: its words are the story's words."""
    types = entity_types(
        "The hack exposed numbers used by Social Security. Social Security numbers are hard to "
        "change, and security experts said social programmes were at risk. Many fear Social "
        "Security will be targeted again."
    )
    assert types.get("Social Security") != "PERSON"


def test_a_name_ending_in_an_events_noun_is_no_person() -> None:
    """'the Rose Parade', 'the Industrial Revolution': events, not people."""
    types = entity_types(
        "Crowds lined the route of the Rose Parade in Pasadena, a tradition older than most "
        "floats. Historians date it to the Industrial Revolution."
    )
    assert "Rose Parade" not in types and "Industrial Revolution" not in types


def test_words_after_a_label_in_capitals_stay_label_unless_a_rule_names_them() -> None:
    """'MANDALAY BAY RESORT AND CASINO Stairs Hallway Entrance' is a floor plan, not a person."""
    label = "Direction of concert venue MANDALAY BAY RESORT AND CASINO Stairs Hallway Entrance "
    text = (label + "Some suites have doors to adjoining rooms.\n") * 3
    text += (
        "Share CLOSE WHAT YOU NEED TO KNOW ABOUT ELON MUSK Elon Musk reacts to a rumor that he "
        "created the currency, which he denied in a long post on the site this week."
    )
    types = entity_types(text)
    assert "Stairs Hallway Entrance" not in types
    assert types.get("Elon Musk") == "PERSON"


def test_a_people_named_by_its_plural_demonym_is_no_person() -> None:
    """'Muslim Americans' are a people; 'Turquoise Council of Americans' is still a council."""
    types = entity_types(
        "The candidate said Muslim Americans should be watched, and Muslim Americans answered "
        "him. The Turquoise Council of Americans and Eurasians gave money. Muslim Americans "
        "marched on Sunday."
    )
    assert "Muslim Americans" not in types


def test_a_place_based_modifier_is_no_part_of_the_name() -> None:
    text = (
        'Singapore-based Broadcom said the offer was "best and final" on Monday. '
        "Kenyan-born Mo Farah won the race."
    )
    names = {e.name for e in extract_entities([text])}
    assert "Mo Farah" in names
    assert not any("-based" in n or "-born" in n for n in names)
    (quote,) = extract_quotes(text)
    assert quote.speaker == "Broadcom"


def test_hausa_honorifics_are_cut_from_the_name_they_head() -> None:
    text = (
        '"We will not negotiate," Alhaji Lai Mohammed, the information minister, said. '
        '"The girls are safe," said Mallam Garba Shehu.'
    )
    assert [q.speaker for q in extract_quotes(text)] == ["Lai Mohammed", "Garba Shehu"]


def test_a_person_of_a_place_or_firm_is_the_person() -> None:
    text = (
        "Mary Horomanski of Erie said the bill was wrong. Charles Myers of Evercore said the "
        "deal would close. Comedienne Sarah Silverman said she had split with Michael Sheen."
    )
    names = {e.name for e in extract_entities([text])}
    assert {"Mary Horomanski", "Charles Myers", "Sarah Silverman"} <= names
    assert not any(" of " in n or n.startswith("Comedienne") for n in names)


def test_storms_and_operations_are_no_people() -> None:
    text = (
        "Hurricane Harvey flooded Houston, said Peggy Whitson. Hurricane Harvey left the city. "
        "Operation IceBridge flew over the glacier. Operation IceBridge said the crack grew."
    )
    people = {e.name for e in extract_entities([text]) if e.type == "PERSON"}
    assert people == {"Peggy Whitson"}


def test_a_name_in_quotation_marks_of_its_own_is_a_title_of_a_work() -> None:
    text = (
        "The car plays David Bowie's \u201cSpace Oddity\u201d on a loop, Elon Musk said. "
        'Fans still quote "Pulp Fiction," Quentin Tarantino said of the film "Pulp Fiction".'
    )
    names = {e.name for e in extract_entities([text])}
    assert not {"Space Oddity", "Pulp Fiction"} & names
    assert {"David Bowie", "Elon Musk", "Quentin Tarantino"} <= names
    # A quotation that opens on a name and goes on after it says nothing of the name.
    quoted = "\u201cTrayvon Martin\u2019s killer should be in jail,\u201d said Hakeem Jeffries."
    assert vote(quoted, 1, 15) != THING


def test_a_party_s_members_are_an_organisation() -> None:
    text = (
        "Angela Merkel's Christian Democrats lost seats on Sunday. The Christian Democrats said "
        "they would talk. Republicans said they were pleased, and Republicans won the vote. "
        "Don't Republicans know better? Majorities of Democrats agreed."
    )
    types = entity_types(text)
    assert types["Christian Democrats"] == "ORG" and types["Republicans"] == "ORG"
    assert not any(n.startswith(("Don", "Majorities")) for n in types)


def test_craft_and_weapons_numbered_with_a_hyphen_are_no_one() -> None:
    text = (
        "Tiangong-1 will fall to Earth, said Jonathan McDowell. Tiangong-1 is out of control. "
        "North Korea fired a Hwasong-12 missile. The Hwasong-12 flew over Japan."
    )
    names = {e.name for e in extract_entities([text])}
    assert "Jonathan McDowell" in names and not any("-1" in n for n in names)


def test_the_domain_of_an_office_is_cut_off_the_name() -> None:
    text = (
        "Deputy Director of Public Prosecution Eva-Marie Persson said the evidence was weak. "
        "Director of Public Prosecutions Max Hill said he would look again. Persson said the "
        "case was closed."
    )
    found = entity_types(text)
    assert found.get("Eva-Marie Persson") == "PERSON" and found.get("Max Hill") == "PERSON"
    assert not any(name.startswith("Prosecution") for name in found)


def test_plural_people_nouns_opening_a_sentence_are_no_one() -> None:
    text = (
        "Officials said the fire started on Monday near Paradise. Experts warned that the smoke "
        "would linger. Doctors said hospitals in Chico were full. Republicans said the bill "
        "would fail."
    )
    found = entity_types(text)
    assert not {"Officials", "Experts", "Doctors"} & set(found)
    assert found.get("Republicans") == "ORG" and found.get("Chico") == "PLACE"


def test_a_month_after_a_given_name_is_a_family_name() -> None:
    text = (
        "Ajmal Jan, a local shopkeeper, said the blast had blown his windows out. "
        '"The explosion was very strong," he told Reuters. Updated Jan 5, 2018. The Met Office '
        "said on Friday June 3 that rain was coming. LONDON Jan 5 (Reuters) - Shares fell. "
        "Vivy stellte Ende April die neue Akte vor."
    )
    found = entity_types(text)
    assert found.get("Ajmal Jan") == "PERSON"
    months = ("Jan", "June", "April")
    assert not any(name.endswith(months) and name != "Ajmal Jan" for name in found), found
    (quote,) = extract_quotes(text)
    assert quote.speaker == "Ajmal Jan"


def test_firm_endings_make_organisations() -> None:
    text = (
        "Ascom signed a distribution deal with GE Healthcare in Europe. Doctors at the Mayo "
        "Clinic in Minnesota tested it. The shares are cheap, said John Petrides, a portfolio "
        "manager at Tocqueville Asset Management. GE Healthcare will sell it."
    )
    found = entity_types(text)
    assert found.get("GE Healthcare") == "ORG" and found.get("Mayo Clinic") == "ORG"
    assert found.get("Tocqueville Asset Management") == "ORG"


def test_common_words_after_in_are_no_places() -> None:
    text = (
        "The study, published in Nature in May, found that the glacier may vanish. Its "
        "authors in Zurich said nature would not wait. The results were shown in Science."
    )
    found = entity_types(text)
    assert not {"Nature", "May"} & set(found)
    assert found.get("Zurich") == "PLACE"
