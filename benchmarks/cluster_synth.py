"""Seeded generator of news events reported by several outlets, with same-kind hard negatives.

Every event has a kind (earthquake, shooting, election, ...); all events of a kind are written
from one pool of sentence templates, so two earthquakes share most of their words and differ
in places, people, organisations, numbers and dates, as real hard negatives do. Each report
of an event picks its own sentences, synonyms, order and length (paraphrase, not copy).

    from cluster_synth import generate_events
    for rec in generate_events(1000, seed=1):   # {id, title, text, published, source, event, kind}
        ...
"""

from __future__ import annotations

import heapq
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = _words(
    "James Maria Ahmed Olga Kenji Fatima Lucas Priya Tomas Aisha Daniel Elena Samuel Ingrid "
    "Rafael Mei Victor Amara Pavel Chloe Omar Sofia Hugo Nadia Felix Yara Bruno Leila Arjun "
    "Greta Mateo Hana Idris Clara Tariq Zofia Emeka Lena Marco Sakura Diego Anya Kofi Irene"
)
LAST = _words(
    "Okafor Lindqvist Moreau Tanaka Haddad Kowalski Brennan Castillo Novak Achebe Petrov "
    "Delgado Nakamura Fischer Mensah Rossi Varga Osei Jansen Ibrahim Keller Santos Dubois "
    "Yilmaz Horvat Mbeki Larsen Quispe Demir Sato Ferreira Walsh Nilsen Abara Kuznetsov Ortiz"
)
PLACE_A = _words("North South East West New Port Lake Fort Saint Upper Lower Great Old")
PLACE_B = _words(
    "Avalon Brennick Corvale Dunmore Elsworth Farrowby Glenrock Harlan Isenbury Jarrow "
    "Kestrel Lindale Marrowgate Norbury Oakhurst Pellston Quarry Ravenna Stourton Tamsworth "
    "Ulverton Valdera Westmoor Yarrow Zennor Ashcombe Birchwood Caldera Drayton Emberly "
    "Fenwick Garrow"
)
SYLLABLES = _words(
    "ka lo ver tan mi ro sel dan or bri ze pol nu fa gre hal lin mor pe ras sto tul vi wen"
)
SUFFIXES = _words("ton ville burg field port dale ford mouth wick stead vik")
COUNTRIES = _words(
    "Norland Veridia Casmira Oltenia Pravia Zembla Lusitra Kordova Ardenne Sylvania Tavros "
    "Quellen Marovia Estrand Valmora Ibria Danubia Corsova Helvara Nubria"
)
ORG_A = _words("National United Federal Global Pacific Atlantic Northern Central Royal Metro")
ORG_B = _words("Energy Airlines Bank Motors Telecom Foods Health Robotics Shipping Mining Media")
OUTLETS = (
    "Daily Ledger", "Morning Star", "Evening Courier", "Global Wire", "City Herald",
    "Coastal Times", "Metro Post", "National Observer", "World Dispatch", "Valley Tribune",
    "Harbor Gazette", "Capital Report",
)  # fmt: skip

FILLER = (
    "Officials {said|stated|confirmed} more details would be released later.",
    "The situation {remains|is still} {fluid|developing}, {authorities|officials} {said|added}.",
    "{Residents|Locals} {shared|posted} {images|videos} on social media.",
    "{Analysts|Observers} {said|noted} the coming days would be {critical|decisive}.",
    "{Further|More} updates {are expected|will follow} {later today|in the coming hours}.",
)

# Details only one event has (real reports of two earthquakes differ in more than names).
DETAILS = (
    "Witnesses {described|mentioned} the {d1} near the {d2}.",
    "The {d3} had been {closed|inspected} {days|weeks} before, {p2} said.",
    "{Images|Footage} showed the {d1} {damaged|surrounded} by {d4}.",
    "Officials linked the {d3} to the {d4}.",
)

# Sentence pools per kind: {alt|alt} picks a synonym; slots: {place} {country} {p1} {p2}
# {org} {n1} {n2} {n3} {day}.
KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "earthquake": {
        "title": (
            "Magnitude {n3} earthquake {strikes|hits|rocks} {place}, {n1} {dead|killed}",
            "{Deadly|Powerful} quake {jolts|shakes} {place} in {country}",
            "{place} earthquake: rescuers search rubble as toll {rises|climbs} to {n1}",
        ),
        "body": (
            "A magnitude {n3} earthquake {struck|hit|shook} {place} in {country} on {day}.",
            "At least {n1} people were {killed|confirmed dead} and {n2} {injured|hurt}.",
            "{Rescuers|Rescue teams|Emergency crews} {searched|dug through} collapsed buildings"
            " in {place}.",
            "The {quake|tremor|earthquake} was centred {n2} kilometres {beneath|under} {place}.",
            "{p1}, who leads the {country} disaster agency, said the toll could rise.",
            "{Aftershocks|Several aftershocks} {rattled|shook} {place}"
            " {overnight|through the night}.",
            "{p2}, a resident of {place}, said the ground shook for nearly a minute.",
            "The {org} sent {tents|shelters} and water to {place}.",
            "Roads into {place} were {blocked|cut} by {landslides|debris}.",
            "No tsunami warning was issued for the coast near {place}.",
        ),
    },
    "shooting": {
        "title": (
            "{n1} {killed|dead} in {shooting|gun attack} at {place} {mall|concert|school}",
            "Gunman opens fire in {place}, police say",
            "{place} shooting: suspect named as {p1}",
        ),
        "body": (
            "A gunman opened fire {at a|inside a} {mall|concert|school} in {place} on {day}.",
            "Police said {n1} people were killed and {n2} {wounded|injured}.",
            "The suspect, identified as {p1}, {was arrested|died at the scene}.",
            "{p2}, the {place} police chief, said the {attacker|gunman} acted alone.",
            "{Witnesses|Survivors} described {panic|chaos} as shots rang out.",
            "The {org} {condemned|denounced} the attack in {place}.",
            "A vigil for the victims was held in {place} {on the evening of|after} {day}.",
            "{Investigators|Detectives} were still searching for a motive, {p2} said.",
            "The weapon was a {rifle|handgun} bought {legally|last year}, police said.",
        ),
    },
    "election": {
        "title": (
            "{p1} wins {country} {presidential|general} election",
            "{country} votes: {p1} {defeats|beats} {p2}",
            "{p1} claims victory in {country} election with {n1} percent",
        ),
        "body": (
            "{p1} won the {presidential|general} election in {country}, results showed on {day}.",
            "{p1} took {n1} percent of the vote, ahead of {p2} with {n2} percent.",
            "Turnout {reached|was} {n3} percent, the {election commission|electoral board} said.",
            "{p2} {conceded|refused to concede} and {congratulated|criticised} {p1}.",
            "Supporters {celebrated|gathered} in the streets of {place}, the capital.",
            "The {org} {welcomed|praised} the {peaceful|orderly} vote.",
            "{p1} promised to {fight corruption|create jobs|cut taxes} in {country}.",
            "Observers reported {minor|few} irregularities at polling stations in {place}.",
        ),
    },
    "plane_crash": {
        "title": (
            "{org} plane crashes near {place}, {n1} on board",
            "{n1} killed as {passenger plane|jet} {crashes|goes down} in {country}",
            "{place} crash: {org} flight lost contact after takeoff",
        ),
        "body": (
            "An {org} {passenger plane|jet} crashed near {place} in {country} on {day}.",
            "The aircraft was carrying {n1} passengers and {n2} crew members.",
            "{p1}, a spokesperson for {org}, said the cause was not yet known.",
            "The plane lost contact with air traffic control {n2} minutes after takeoff.",
            "{Investigators|Crash investigators} recovered the flight recorders near {place}.",
            "Weather near {place} was {poor|clear} at the time, officials said.",
            "{p2}, the {country} transport minister, visited the crash site.",
            "Families gathered at the airport in {place} awaiting news.",
        ),
    },
    "wildfire": {
        "title": (
            "Wildfire {forces|prompts} evacuation of {place}",
            "{place} fire: {n1} homes destroyed as blaze spreads",
            "Firefighters battle {huge|massive} wildfire near {place}",
        ),
        "body": (
            "A wildfire {forced|prompted} thousands to flee {place} in {country} on {day}.",
            "The {blaze|fire} has burned {n1} hectares and destroyed {n2} homes.",
            "{Strong winds|Hot, dry winds} {fanned|pushed} the flames toward {place}.",
            "{p1}, the regional fire chief, said the fire was {n3} percent contained.",
            "The {org} opened shelters for evacuees from {place}.",
            "{p2}, who lives near {place}, said the smoke turned the sky orange.",
            "Water-bombing aircraft were deployed over the hills around {place}.",
        ),
    },
    "acquisition": {
        "title": (
            "{org} to buy {org2} for {n1} billion",
            "{org} agrees {n1} billion deal for {org2}",
            "{org2} accepts {org} takeover offer",
        ),
        "body": (
            "{org} agreed to {buy|acquire} {org2} for {n1} billion dollars on {day}.",
            "The deal values {org2} at {n2} dollars a share, a premium of {n3} percent.",
            "{p1}, chief executive of {org}, said the deal would create a {leader|champion}.",
            "Shares of {org2} {jumped|rose|climbed} {n3} percent on the news.",
            "{p2}, an analyst, said regulators in {country} could examine the deal.",
            "The companies expect the deal to close {next year|within months}.",
            "{org2} is based in {place} and employs {n2} people.",
        ),
    },
    "storm": {
        "title": (
            "{Storm|Cyclone|Hurricane} {p1} {batters|slams} {place}",
            "{n1} dead as {storm|cyclone} hits {country}",
            "{place} floods after {storm|cyclone} {p1} makes landfall",
        ),
        "body": (
            "{Storm|Cyclone|Hurricane} {p1} made landfall near {place} in {country} on {day}.",
            "At least {n1} people died and {n2} were {evacuated|moved to shelters}.",
            "Winds reached {n3} kilometres an hour, the weather service said.",
            "{Flooding|Floodwater} cut power to much of {place}.",
            "{p2}, the mayor of {place}, urged residents to stay indoors.",
            "The {org} {sent|deployed} boats to rescue stranded families.",
            "Forecasters said the storm would weaken as it moved inland from {place}.",
        ),
    },
    "verdict": {
        "title": (
            "{p1} found {guilty|not guilty} in {place} {fraud|corruption} trial",
            "Court {convicts|acquits} {p1} of {fraud|bribery}",
            "{p1} sentenced to {n1} years in prison",
        ),
        "body": (
            "A court in {place} found {p1} {guilty|not guilty} of {fraud|bribery} on {day}.",
            "{p1} was sentenced to {n1} years in prison and fined {n2} dollars.",
            "Prosecutors said {p1} {took|accepted} bribes from the {org}.",
            "{p2}, a lawyer for {p1}, said they would appeal.",
            "The trial in {place} lasted {n3} weeks and heard from dozens of witnesses.",
            "{Protesters|Supporters} gathered outside the {place} courthouse.",
        ),
    },
}


@dataclass
class _Event:
    kind: str
    slots: dict[str, str]
    day: datetime
    reports: int
    number: int


class EventStream:
    """Draw events and their reports from one seeded random generator."""

    def __init__(self, seed: int, *, per_day: float = 400.0, start: datetime | None = None) -> None:
        self.rng = random.Random(seed)
        self.per_day = per_day
        self.start = start or datetime(2024, 1, 1)
        self.count = 0
        self.countries = [*COUNTRIES, *(self._word(3) + "ia" for _ in range(100))]

    def name(self) -> str:
        """Draw a person's name (made-up names keep the pool as large as the world's)."""
        r = self.rng
        first = r.choice(FIRST) if r.random() < 0.5 else self._word(2)
        return f"{first} {r.choice(LAST) if r.random() < 0.3 else self._word(r.randint(2, 3))}"

    def _word(self, syllables: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()

    def _place(self) -> str:
        r = self.rng
        base = (
            r.choice(PLACE_B)
            if r.random() < 0.2
            else self._word(r.randint(2, 3)) + r.choice(SUFFIXES)
        )
        return f"{r.choice(PLACE_A)} {base}" if r.random() < 0.3 else base

    def event(
        self, kind: str, day: datetime, *, avoid: dict[str, set[str]] | None = None
    ) -> _Event:
        """Draw a new event of a kind with its own places, people, numbers.

        avoid maps a slot to values other events of a group already use (distinct events
        of one kind happen in different places to different people).
        """
        r = self.rng
        used = avoid if avoid is not None else {}
        slots = {
            "place": self._fresh(used, "place", self._place),
            "country": self._fresh(used, "country", lambda: r.choice(self.countries)),
            "p1": self._fresh(used, "p1", self.name),
            "p2": self._fresh(used, "p2", self.name),
            "org": self._fresh(
                used, "org", lambda: f"{r.choice([*ORG_A, self._word(2)])} {r.choice(ORG_B)}"
            ),
            "org2": f"{self._word(2)} {r.choice(ORG_B)}",
            "n1": str(r.randint(3, 400)),
            "n2": str(r.randint(10, 900)),
            "n3": f"{r.randint(4, 8)}.{r.randint(0, 9)}"
            if kind == "earthquake"
            else str(r.randint(5, 95)),
            "day": day.strftime("%A"),
            **{f"d{k}": self._word(r.randint(2, 3)).lower() for k in range(1, 5)},
        }
        self.count += 1
        return _Event(
            kind, slots, day, max(1, min(14, int(r.expovariate(1 / 4.0)) + 1)), self.count
        )

    def _fresh(self, used: dict[str, set[str]], slot: str, draw: Callable[[], str]) -> str:
        """Draw a slot value whose words no other event of the group uses."""
        taken = used.setdefault(slot, set())
        for _ in range(200):
            value = draw()
            if not set(value.split()) & taken:
                break
        taken.update(value.split())
        return value

    def report(self, ev: _Event, index: int) -> dict[str, str]:
        """Write one outlet's report of an event: own sentences, synonyms and order."""
        r = self.rng
        pool = KINDS[ev.kind]
        body = list(pool["body"])
        r.shuffle(body)
        chosen = body[: r.randint(max(3, len(body) // 2), len(body))]
        chosen.sort(key=lambda s: pool["body"].index(s) + r.random() * 3)
        chosen += r.sample(DETAILS, r.randint(1, 3)) + r.sample(FILLER, r.randint(0, 2))
        text = "\n".join(self._fill(s, ev.slots) for s in chosen)
        title = self._fill(r.choice(pool["title"]), ev.slots)
        published = ev.day + timedelta(hours=r.randint(0, 47), minutes=r.randint(0, 59))
        return {
            "id": f"ev{ev.number:06d}-{index:02d}",
            "title": title,
            "text": text,
            "published": published.strftime("%Y-%m-%dT%H:%M:%S"),
            "source": r.choice(OUTLETS),
            "event": f"e{ev.number}",
            "kind": ev.kind,
        }

    def _fill(self, template: str, slots: dict[str, str]) -> str:
        text = re.sub(
            r"\{([^{}|]+\|[^{}]+)\}", lambda m: self.rng.choice(m.group(1).split("|")), template
        )
        text = text.format(**slots)
        return text[0].upper() + text[1:]


def generate_events(
    n: int, seed: int = 0, *, per_day: float = 400.0, late_rate: float = 0.02
) -> Iterator[dict[str, str]]:
    """Yield n reports of synthetic events, in publication order but for a few late ones.

    Reports come out as a feed would deliver them: sorted by publication time within a
    two-day lookahead, except late_rate of them, which arrive up to a day late.
    """
    stream = EventStream(seed, per_day=per_day)
    kinds = sorted(KINDS)
    pending: list[tuple[str, int, dict[str, str]]] = []
    made = emitted = 0
    while emitted < n:
        day = stream.start + timedelta(days=made / per_day)
        horizon = (day - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%S")
        while pending and (pending[0][0] < horizon or made >= n):
            yield heapq.heappop(pending)[2]
            emitted += 1
        if made >= n:
            continue
        ev = stream.event(stream.rng.choice(kinds), day)
        for index in range(min(ev.reports, n - made)):
            rec = stream.report(ev, index)
            due = rec["published"]
            if stream.rng.random() < late_rate:  # arrives up to a day after it was published
                due = (
                    datetime.fromisoformat(due) + timedelta(hours=stream.rng.randint(1, 24))
                ).isoformat()
            heapq.heappush(pending, (due, made, rec))
            made += 1
