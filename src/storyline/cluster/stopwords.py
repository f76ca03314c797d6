"""Function words and news boilerplate words that say nothing about which event a text reports."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words(
    "a about above according across after afterwards again against ago all almost alone along "
    "already also although always am among amongst an and another any anyhow anyone anything "
    "anyway anywhere are around as at back be became because become becomes becoming been "
    "before beforehand behind being below beside besides between beyond both but by can cannot "
    "could did do does doing done down during each either else elsewhere enough etc even ever "
    "every everyone everything everywhere except few first for former formerly from further get "
    "gets getting give given go goes going got had has have having he her here hereafter hereby "
    "herein hers herself him himself his how however i if in indeed into is it its itself just "
    "last latter least less like made make makes many may me meanwhile might more moreover most "
    "mostly much must my myself namely neither never nevertheless next no nobody none noone nor "
    "not nothing now nowhere of off often on once one only onto or other others otherwise our "
    "ours ourselves out over own per perhaps please put quite rather re really s said same say "
    "saying says see seem seemed seeming seems several she should since so some somehow someone "
    "something sometime sometimes somewhere still such t than that the their theirs them "
    "themselves then thence there thereafter thereby therefore therein these they this those "
    "though through throughout thru thus to together too toward towards under until up upon us "
    "very via was we well were what whatever when whence whenever where whereafter whereas "
    "whereby wherein whereupon wherever whether which while whither who whoever whole whom "
    "whose why will with within without would yet you your yours yourself yourselves told tell "
    "tells telling added adding asked stated statement reportedly report reported reports "
    "reporting read click share shares comment comments advertisement photo photos image images "
    "video videos getty caption copyright subscribe newsletter follow twitter facebook "
    "instagram email updated update published pm gmt est bst edt et monday tuesday wednesday "
    "thursday friday saturday sunday today yesterday tomorrow mr mrs ms dr don doesn didn isn "
    "wasn aren weren won wouldn couldn shouldn ll ve"
)

# Capitalised words that name no person, place or organisation of an event.
ENTITY_STOPWORDS = _words(
    "a an the i it he she we they you his her its our their this that these those mr mrs ms dr "
    "sir monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow "
    "january february march april may june july august september october november december jan "
    "feb mar apr jun jul aug sep sept oct nov dec am pm gmt est edt bst utc et read more click "
    "share photo video image getty images advertisement updated"
)

# Titles and roles that precede a name ("President Donald Trump", "CEO Richard Smith").
ROLE_WORDS = _words(
    "president vice prime minister secretary chancellor premier king queen prince princess "
    "pope senator sen rep representative congressman congresswoman governor gov mayor judge "
    "justice attorney general gen lt col colonel captain capt sgt officer chief executive ceo "
    "cfo coo chairman chairwoman chair director interim acting former deputy foreign interior "
    "defence defense finance spokesman spokeswoman spokesperson editor correspondent reporter "
    "professor prof lord lady dame saint st minister's leader commander ambassador envoy "
    "founder co-founder analyst economist coach manager striker goalkeeper star singer actor "
    "actress rapper columnist contributor senior"
)

# Legal forms and suffixes after a name ("Equifax Inc", "Tesco PLC", "Rego Barros Jr").
LEGAL_FORMS = _words("inc corp co ltd llc plc sa ag gmbh nv bv lp llp limited incorporated")
