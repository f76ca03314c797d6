"""Seeded, streaming generator of a news-like corpus with ground-truth copy clusters.

    from corpus_gen import generate
    for record in generate(100_000, seed=7):   # {id, text, published, source, title, cluster}
        ...

Every original article opens a cluster (``cluster`` is the id of the original); its copies are
emitted later in the stream (within a bounded window, so memory stays flat at any ``n``) and
are dressed up the way real reposts are: outlet boilerplate added, an unrelated article (a press
release, another story) appended, sentences dropped or inserted, paragraphs reordered, a
truncated copy, 5-20 % of the words changed (article spinning), case/punctuation/whitespace and
unicode noise (curly quotes, non-breaking spaces). Copies are of the original, so two copies of
one original are duplicates of each other too.

Hard negatives that a duplicate detector must NOT merge are built in:
  * event siblings: several outlets report one event in their own words; they share the event's
    names and the same verbatim quotes,
  * template siblings: automated stories (earnings, sports, weather) from one template share a
    fixed skeleton with different slot values,
  * outlet siblings: one outlet's articles share its header/footer boilerplate.

Profile v2 (the default; `--profile v1` gives the earlier stream byte for byte) adds the cases
that break precision at scale, with the same ground truth (a copy is in its original's cluster):
  * reused spam: a pool of 150 press-release blocks, glued onto 5 % of originals and 12 % of
    copies (a few blocks everywhere): texts that share only a block are NOT duplicates,
  * excerpts: 2-5 sentences of another recent article appended ("Related: ..."), to 3 % of
    originals and 8 % of copies: NOT a duplicate of that article,
  * templated families: 10 % of originals fill one of 60 skeletons with their own facts (names,
    numbers at fixed slots; 5-gram Jaccard about 0.3-0.4 between members): hard negatives,
  * copies of copies: a fifth of the copies are copied again (up to three generations), and
    stay in the root original's cluster,
  * quoted passages: reports of one event quote the same 2-4 sentences (hard negatives).

    python benchmarks/corpus_gen.py 1000 --seed 1 > corpus.jsonl
"""

from __future__ import annotations

import argparse
import heapq
import json
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

_FUNCTION_WORDS_TEXT = """
the of to and a in that is for on it with as was he said by at from his be have are has an not
they this but had were which their will been would who its more after than about we also over
new one two last up out she her when there all other into could people year government officials
told week percent first state country minister president city police report million company
since before under while during against between three because some what them if can no so says
according added spokesman statement monday tuesday wednesday thursday friday saturday sunday may
just now most only such many time years day national public local group former high well back
where how those any both including through told despite expected plan market support however
several
"""
FUNCTION_WORDS = tuple(_FUNCTION_WORDS_TEXT.split())

_SYLLABLES_TEXT = """
ka lo ver tan mi ro sel dan or bri ze pol nu fa gre hal lin mor pe qua ras sto tul vi wen xa yor
zul ab ar en il on un bel cor dar fen gal hor jun kel
"""
SYLLABLES = tuple(_SYLLABLES_TEXT.split())

SPIN_NOISE = ("\u00a0", "  ", "\n", " \n ")
CURLY = str.maketrans({'"': "\u201c", "'": "\u2019"})


@dataclass
class Outlet:
    """A publisher with its site boilerplate."""

    name: str
    header: list[str]
    footer: list[str]
    boiler_rate: float


@dataclass
class Event:
    """A news event: names and quotes every report of it shares."""

    names: list[str]
    quotes: list[str]
    day: date
    reports_left: int
    topic: list[str]  # words every report of the event uses


@dataclass
class Template:
    """An automated-story template: sentences with slots."""

    sentences: list[list[str]]  # tokens; slots: "{N}" number, "{E}" name, "{V}" a slot word
    slot_words: list[str]
    topic: list[str]


@dataclass(order=True)
class _Pending:
    due: int
    seq: int
    original: _Doc = field(compare=False)


@dataclass
class _Doc:
    id: str
    title: str
    paragraphs: list[list[str]]
    published: date
    source: str
    cluster: str = ""  # v2: the id of the original at the root of its copy chain
    text: str | None = None  # v2: the text as emitted (noise applied); paragraphs stay clean
    depth: int = 0  # v2: 0 original, 1 copy, 2 copy of a copy, ...
    parent: str = ""  # v2: the id of the article a copy was made from


class _Words:
    """Vocabulary and sampling of words, names, numbers and sentences (buffered for speed)."""

    def __init__(self, rng: np.random.Generator, size: int = 30_000) -> None:
        self.rng = rng
        words: set[str] = set()
        while len(words) < size:
            k = rng.integers(2, 5, size=size)
            picks = rng.integers(0, len(SYLLABLES), size=(size, 4))
            words.update(
                "".join(SYLLABLES[j] for j in row[:n]) for row, n in zip(picks, k, strict=False)
            )
        content = np.array(sorted(words)[:size], dtype=object)
        rng.shuffle(content)
        # Zipf-Mandelbrot: a flat head, so no content word is in every other sentence.
        weights = 1.0 / (np.arange(size, dtype=np.float64) + 30.0) ** 1.05
        fweights = 1.0 / (np.arange(len(FUNCTION_WORDS), dtype=np.float64) + 1.0)
        self.vocab = np.concatenate([np.array(FUNCTION_WORDS, dtype=object), content])
        self.cum = np.cumsum(
            np.concatenate([0.45 * fweights / fweights.sum(), 0.55 * weights / weights.sum()])
        )
        # inverse CDF on a 2**20 grid: one gather per draw instead of a binary search
        grid = (np.arange(1 << 20) + 0.5) / (1 << 20) * self.cum[-1]
        self._table = np.minimum(np.searchsorted(self.cum, grid), len(self.vocab) - 1)
        self._tok: list[str] = []
        self._tpos = 0
        self._flt: list[float] = []
        self._fpos = 0

    def tokens(self, n: int) -> list[str]:
        """Draw n words: ~45 % function words, the rest Zipf-distributed content words."""
        if self._tpos + n > len(self._tok):
            at = self.rng.integers(0, 1 << 20, size=max(n, 1 << 17))
            self._tok = self.vocab[self._table[at]].tolist()
            self._tpos = 0
        out = self._tok[self._tpos : self._tpos + n]
        self._tpos += n
        return out

    def floats(self, n: int) -> list[float]:
        """Draw n uniform floats in [0, 1)."""
        if self._fpos + n > len(self._flt):
            self._flt = self.rng.random(max(n, 1 << 16)).tolist()
            self._fpos = 0
        out = self._flt[self._fpos : self._fpos + n]
        self._fpos += n
        return out

    def one(self) -> float:
        """Draw one uniform float in [0, 1)."""
        if self._fpos >= len(self._flt):
            self._flt = self.rng.random(1 << 16).tolist()
            self._fpos = 0
        self._fpos += 1
        return self._flt[self._fpos - 1]

    def below(self, k: int) -> int:
        """Draw an int in [0, k)."""
        return int(self.one() * k)

    def name(self) -> str:
        """Make a capitalised proper name."""
        u = self.floats(3)
        n = 2 + int(u[0] * 2)
        return "".join(SYLLABLES[int(x * len(SYLLABLES))] for x in u[1 : 1 + n]).title() + (
            SYLLABLES[int(u[0] * 997) % len(SYLLABLES)] if n == 2 else ""
        )

    def number(self) -> str:
        """Make a number the way news writes them."""
        r, v = self.floats(2)
        if r < 0.3:
            return str(2 + int(v * 98))
        if r < 0.6:
            return f"{v * 100:.1f}"
        if r < 0.8:
            return f"{1000 + int(v * 98999):,}"
        return str(1990 + int(v * 36))

    def sentences(self, count: int, names: list[str], topic: list[str] | None = None) -> list[str]:
        """Make count sentences of 8-30 words, sprinkled with names, numbers and topic words."""
        u = self.floats(4 * count)
        lengths = [8 + int(x * 23) for x in u[:count]]
        toks = self.tokens(sum(lengths))
        if topic:  # every third word from the topic: reports of one event share vocabulary
            at = self.rng.integers(0, len(topic), size=len(toks[1::3]))
            toks[1::3] = np.asarray(topic, dtype=object)[at].tolist()
        out, pos = [], 0
        for i, n in enumerate(lengths):
            r1, r2, r3 = u[count + 3 * i : count + 3 * i + 3]
            if names and r1 < 0.6:
                toks[pos + int(r2 * n)] = names[int(r3 * len(names))]
            if r3 < 0.3:
                toks[pos + int(r2 * (n - 1))] = self.number()
            if n > 12 and r2 < 0.5:
                toks[pos + n // 2] += ","
            toks[pos] = toks[pos].capitalize()
            out.append(" ".join(toks[pos : pos + n]) + ".")
            pos += n
        return out

    def topic(self, size: int = 80) -> list[str]:
        """Draw the vocabulary of an event or a template family."""
        return self.tokens(size * 3)[::3]

    def quote(self, names: list[str], topic: list[str] | None = None) -> str:
        """Make a quoted statement attributed to one of the names."""
        body = self.sentences(1, [], topic)[0].rstrip(".")
        speaker = names[self.below(len(names))] if names else self.name()
        return f'"{body}," said {speaker} {self.name()}.'


class CorpusGenerator:
    """Stateful generator behind `generate`; all randomness comes from one seeded Generator."""

    def __init__(self, seed: int, *, copy_rate: float = 0.3, window: int = 2000) -> None:
        self.rng = np.random.default_rng(seed)
        self.words = _Words(self.rng)
        self.copy_rate = copy_rate
        self.window = window
        self.outlets = [self._outlet(i) for i in range(200)]
        self.templates = [self._template() for _ in range(40)]
        self.events: list[Event] = []
        self.day0 = date(2024, 1, 1)

    def u(self) -> float:
        """Draw a uniform float in [0, 1)."""
        return self.words.one()

    def ri(self, lo: int, hi: int) -> int:
        """Draw an int in [lo, hi)."""
        return lo + int(self.u() * (hi - lo))

    def _outlet(self, i: int) -> Outlet:
        w = self.words
        name = f"{w.name()} {['Times', 'Post', 'Daily', 'News', 'Herald', 'Wire'][i % 6]}"
        header = [f"{name} | {w.name()} | {w.name()} | Subscribe", *w.sentences(1, [name])]
        footer = [
            *w.sentences(self.ri(1, 4), [name]),
            f"Copyright {name}. All rights reserved. Follow us on {w.name()} and {w.name()}.",
        ]
        return Outlet(name, header, footer, (0.0, 0.5, 0.9)[self.ri(0, 3)])

    def _template(self) -> Template:
        """Make a template: sentences with a slot (number, name, slot word) every 3-4 words."""
        topic = self.words.topic()
        sents = []
        for s in self.words.sentences(self.ri(8, 13), [], topic):
            toks = s.split()
            for j in range(self.ri(0, 3), len(toks), self.ri(3, 5)):
                toks[j] = ("{N}", "{E}", "{V}")[self.ri(0, 3)]
            sents.append(toks)
        return Template(sents, self.words.tokens(8), topic)

    # -- originals -------------------------------------------------------------
    def _event(self, index: int) -> Event:
        """Pick a live event (hard negatives: sibling reports) or start a new one."""
        if self.events and self.u() < 0.35:
            ev = self.events[self.ri(0, len(self.events))]
            ev.reports_left -= 1
            if ev.reports_left <= 0:
                self.events.remove(ev)
            return ev
        names = [self.words.name() for _ in range(self.ri(2, 6))]
        topic = self.words.topic()
        quotes = [self.words.quote(names, topic) for _ in range(self.ri(1, 4))]
        ev = Event(names, quotes, self.day0 + timedelta(days=index // 3000), self.ri(0, 4), topic)
        if ev.reports_left:
            self.events = [*self.events[-199:], ev]
        return ev

    def _paragraphs(self, sentences: list[str]) -> list[list[str]]:
        out, i = [], 0
        while i < len(sentences):
            k = self.ri(1, 5)
            out.append(sentences[i : i + k])
            i += k
        return out

    def _body(self, index: int) -> tuple[list[str], list[str], date]:
        if self.u() < 0.12:  # automated story from a template
            tpl = self.templates[self.ri(0, len(self.templates))]
            names = [self.words.name() for _ in range(3)]
            fixed = [self._fill(t, names, tpl.slot_words) for t in tpl.sentences]
            extra = self.words.sentences(self.ri(3, 7), names, tpl.topic)
            return fixed + extra, names, self.day0 + timedelta(days=index // 3000)
        ev = self._event(index)
        sents = self.words.sentences(self.ri(12, 40), ev.names, ev.topic)
        for q in ev.quotes:
            if self.u() < 0.7:
                sents.insert(self.ri(0, len(sents) + 1), q)
        return sents, ev.names, ev.day

    def _fill(self, tokens: list[str], names: list[str], slot_words: list[str]) -> str:
        w = self.words
        fill = {
            "{N}": w.number,
            "{E}": lambda: names[self.ri(0, len(names))],
            "{V}": lambda: slot_words[self.ri(0, len(slot_words))],
        }
        return " ".join(fill[t]() if t in fill else t for t in tokens)

    def original(self, index: int) -> _Doc:
        """Make an original article."""
        sents, names, day = self._body(index)
        title = " ".join(self.words.tokens(self.ri(5, 11))).title()
        if names:
            title = f"{names[0]} {title}"
        outlet = self.outlets[self.ri(0, len(self.outlets))]
        paras = self._paragraphs(sents)
        if self.u() < outlet.boiler_rate:
            paras = [outlet.header, *paras, outlet.footer]
        return _Doc(f"d{index:07d}", title, paras, day, outlet.name)

    # -- copies ----------------------------------------------------------------
    def copy(self, orig: _Doc, index: int) -> _Doc:
        """Make a copy of orig with a random mix of the edits real reposts show."""
        p = self.words.floats(9)
        paras = [list(s) for s in orig.paragraphs]
        if p[0] < 0.3:  # drop 5-25 % of sentences
            rate = 0.05 + 0.2 * self.u()
            paras = [[s for s in para if self.u() > rate] for para in paras]
            paras = [para for para in paras if para]
        if p[1] < 0.3:  # insert sentences
            for _ in range(self.ri(1, 5)):
                paras.insert(self.ri(0, len(paras) + 1), self.words.sentences(1, []))
        if p[2] < 0.2 and len(paras) > 2:  # reorder paragraphs
            paras = [paras[int(j)] for j in self.rng.permutation(len(paras))]
        if p[3] < 0.15:  # truncated copy
            paras = paras[: max(1, int(len(paras) * (0.5 + 0.4 * self.u())))]
        if p[4] < 0.5:  # article spinning: change 5-20 % of words
            paras = self._spin(paras, 0.05 + 0.15 * self.u())
        outlet = self.outlets[self.ri(0, len(self.outlets))]
        if p[5] < 0.5:  # the copier's boilerplate, with an "Also read" promo inside
            paras = [outlet.header, *paras, outlet.footer]
            promo = f"Also read: {' '.join(self.words.tokens(8)).title()}"
            paras.insert(self.ri(1, len(paras)), [promo])
        if p[6] < 0.25:  # an unrelated article appended (press release, another story)
            extra = self.words.sentences(self.ri(8, 30), [self.words.name()])
            paras += self._paragraphs(extra)
        text = "\n\n".join(" ".join(para) for para in paras)
        if p[7] < 0.5:
            text = self._noise(text)
        title = orig.title if p[8] < 0.7 else orig.title.upper()
        day = orig.published + timedelta(days=self.ri(0, 4))
        return _Doc(f"d{index:07d}", title, [[text]], day, outlet.name)

    def _spin(self, paras: list[list[str]], rate: float) -> list[list[str]]:
        """Replace a share of the words with other words (what spinning tools do)."""
        out = []
        for para in paras:
            toks = " ".join(para).split(" ")
            hits = [j for j, x in enumerate(self.words.floats(len(toks))) if x < rate]
            for j, w in zip(hits, self.words.tokens(len(hits)), strict=False):
                toks[j] = w
            out.append([" ".join(toks)])
        return out

    def _noise(self, text: str) -> str:
        r = self.words.floats(4)
        if r[0] < 0.3:
            text = text.translate(CURLY)
        if r[1] < 0.3:
            text = text.lower() if r[2] < 0.5 else text.upper()
        if r[2] < 0.4:
            text = text.replace(",", "").replace(". ", ".  ")
        if r[3] < 0.4:
            noise = SPIN_NOISE[self.ri(0, len(SPIN_NOISE))]
            text = text.replace(" the ", f"{noise}the ")
        return text

    def _copies(self) -> int:
        r = self.u()
        if r < 0.01:
            return self.ri(10, 60)  # a viral wire story
        if r < self.copy_rate:
            return int(self.rng.geometric(0.55)) + int(self.u() < 0.3)
        return 0

    def records(self, n: int) -> Iterator[dict[str, str]]:
        """Yield n records; copies follow their original within the window."""
        pending: list[_Pending] = []
        seq = 0
        for i in range(n):
            if pending and pending[0].due <= i:
                original = heapq.heappop(pending).original
                yield self._record(self.copy(original, i), original.id)
                continue
            doc = self.original(i)
            for _ in range(self._copies()):
                seq += 1
                heapq.heappush(pending, _Pending(i + 1 + self.ri(0, self.window), seq, doc))
            yield self._record(doc, doc.id)

    def _record(self, doc: _Doc, cluster: str) -> dict[str, str]:
        text = "\n\n".join(" ".join(para) for para in doc.paragraphs)
        return {
            "id": doc.id,
            "text": text,
            "published": doc.published.isoformat(),
            "source": doc.source,
            "title": doc.title,
            "cluster": cluster,
        }


class CorpusGeneratorV2(CorpusGenerator):
    """Profile v2: v1 plus the cases that break precision at scale (see module doc)."""

    def __init__(self, seed: int, *, copy_rate: float = 0.3, window: int = 2000) -> None:
        super().__init__(seed, copy_rate=copy_rate, window=window)
        self.parents = False  # emit each copy's parent id (copy-graph evaluation)
        self.spam = [self._press_release() for _ in range(150)]
        self.families = [self._family() for _ in range(60)]
        self.recent: deque[_Doc] = deque(maxlen=500)  # originals whose text others excerpt
        self.passages: dict[int, tuple[Event, list[str]]] = {}  # event -> sentences outlets quote
        self.last_event: Event | None = None

    def _press_release(self) -> list[str]:
        """Make a press-release block: company boilerplate that spammers glue onto articles."""
        company = f"{self.words.name()} {('Inc', 'Group', 'Holdings', 'Labs')[self.ri(0, 4)]}"
        body = self.words.sentences(self.ri(3, 8), [company])
        contact = f"Media contact: press@{company.split()[0].lower()}.com"
        return [f"About {company}:", *body, contact]

    def _family(self) -> list[tuple[list[str], list[int]]]:
        """Make a template family: sentences with fixed fact slots every 14-20 words."""
        sents = self.words.sentences(self.ri(10, 16), [], self.words.topic())
        return [
            (t, list(range(self.ri(0, 4), len(t), self.ri(14, 21))))
            for t in (s.split() for s in sents)
        ]

    def _glue(
        self, paras: list[list[str]], spam_rate: float, chunk_rate: float, own: str
    ) -> list[list[str]]:
        """Append a reused spam block and/or an excerpt of another recent article."""
        if self.u() < spam_rate:  # a Zipf-ish pick: a few blocks are everywhere
            paras = [*paras, self.spam[int(len(self.spam) * self.u() ** 2)]]
        if self.recent and self.u() < chunk_rate:
            other = self.recent[self.ri(0, len(self.recent))]
            if other.cluster != own:
                sents = [s for para in other.paragraphs for s in para]
                k = max(1, min(self.ri(2, 6), int(0.35 * len(sents))))
                at = self.ri(0, max(1, len(sents) - k + 1))
                paras = [*paras, [f"Related: {other.title}.", *sents[at : at + k]]]
        return paras

    def _body(self, index: int) -> tuple[list[str], list[str], date]:
        if self.u() < 0.1:  # a templated family: one skeleton, different facts per member
            base = self.families[self.ri(0, len(self.families))]
            names = [self.words.name() for _ in range(3)]
            sents = [
                self._refact(toks, slots, names)
                if self.u() < 0.95
                else self.words.sentences(1, names)[0]
                for toks, slots in base
            ]
            return sents, names, self.day0 + timedelta(days=index // 3000)
        self.last_event: Event | None = None
        sents, names, day = super()._body(index)
        ev = self.last_event
        if ev is not None:  # outlets quote the same 2-4 sentences of the event
            key = id(ev)  # the dict holds ev, so its id is not reused while the key lives
            if key not in self.passages:
                quoted = self.words.sentences(self.ri(2, 5), ev.names, ev.topic)
                self.passages = {**dict(list(self.passages.items())[-199:]), key: (ev, quoted)}
            if self.u() < 0.8:
                at = self.ri(0, len(sents) + 1)
                sents[at:at] = self.passages[key][1]
        return sents, names, day

    def _event(self, index: int) -> Event:
        self.last_event = super()._event(index)
        return self.last_event

    def _refact(self, toks: list[str], slots: list[int], names: list[str]) -> str:
        """Fill a family sentence's slots with this member's own facts (names, numbers)."""
        out = list(toks)
        for j in slots:
            out[j] = self.words.number() if self.u() < 0.5 else names[self.ri(0, 3)]
        return " ".join(out)

    def original(self, index: int) -> _Doc:
        """Make an original, sometimes with a spam block or another article's excerpt."""
        doc = super().original(index)
        doc.cluster = doc.id
        doc.paragraphs = self._glue(doc.paragraphs, 0.05, 0.03, doc.id)
        self.recent.append(doc)
        return doc

    def copy(self, orig: _Doc, index: int) -> _Doc:
        """Make a copy (of an original or of an earlier copy) that stays re-copyable."""
        p = self.words.floats(8)
        paras = [list(s) for s in orig.paragraphs]
        if p[0] < 0.3:  # drop 5-25 % of sentences
            rate = 0.05 + 0.2 * self.u()
            paras = [q for q in ([s for s in para if self.u() > rate] for para in paras) if q]
        if p[1] < 0.3:  # insert sentences
            for _ in range(self.ri(1, 5)):
                paras.insert(self.ri(0, len(paras) + 1), self.words.sentences(1, []))
        if p[2] < 0.2 and len(paras) > 2:  # reorder paragraphs
            paras = [paras[int(j)] for j in self.rng.permutation(len(paras))]
        if p[3] < 0.12:  # truncated copy (keeps at least 60 %)
            paras = paras[: max(1, int(len(paras) * (0.6 + 0.35 * self.u())))]
        if p[4] < 0.5:  # article spinning: change 5-15 % of words
            paras = self._spin(paras, 0.05 + 0.1 * self.u())
        outlet = self.outlets[self.ri(0, len(self.outlets))]
        if p[5] < 0.5:  # the copier's boilerplate, with an "Also read" promo inside
            promo = f"Also read: {' '.join(self.words.tokens(8)).title()}"
            paras = [outlet.header, *paras, [promo], outlet.footer]
        paras = self._glue(paras, 0.12, 0.08, orig.cluster)
        text = "\n\n".join(" ".join(para) for para in paras)
        if p[6] < 0.5:
            text = self._noise(text)
        title = orig.title if p[7] < 0.7 else orig.title.upper()
        day = orig.published + timedelta(days=self.ri(0, 4))
        return _Doc(
            f"d{index:07d}", title, paras, day, outlet.name, orig.cluster, text, orig.depth + 1,
            orig.id,
        )  # fmt: skip

    def records(self, n: int) -> Iterator[dict[str, str]]:
        """Yield n records; copies (and copies of copies) follow within the window."""
        pending: list[_Pending] = []
        seq = 0
        for i in range(n):
            if pending and pending[0].due <= i:
                doc = self.copy(heapq.heappop(pending).original, i)
                if doc.depth < 3 and self.u() < 0.2:  # someone copies the copy
                    seq += 1
                    heapq.heappush(pending, _Pending(i + 1 + self.ri(0, self.window), seq, doc))
            else:
                doc = self.original(i)
                for _ in range(self._copies()):
                    seq += 1
                    heapq.heappush(pending, _Pending(i + 1 + self.ri(0, self.window), seq, doc))
            yield self._record(doc, doc.cluster)

    def _record(self, doc: _Doc, cluster: str) -> dict[str, str]:
        record = super()._record(doc, cluster)
        if doc.text is not None:
            record["text"] = doc.text
        if self.parents and doc.parent:
            record["parent"] = doc.parent
        return record


PROFILES = {"v1": CorpusGenerator, "v2": CorpusGeneratorV2}


def generate(
    n: int, seed: int = 0, *, copy_rate: float = 0.3, profile: str = "v2", parents: bool = False
) -> Iterator[dict[str, str]]:
    """Yield n news-like records {id, text, published, source, title, cluster}, reproducibly.

    parents (v2): a copy's record also names the article it was made from ("parent").
    """
    generator = PROFILES[profile](seed, copy_rate=copy_rate)
    if parents:
        generator.parents = True  # type: ignore[attr-defined]
    return generator.records(n)


def main() -> None:
    """Write a generated corpus as JSONL on stdout."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        default="v2",
        help="v1: the generator of the earlier figures; v2 (default): v1 plus "
        "reused spam blocks, excerpts of other articles, templated families, "
        "copies of copies and quoted passages",
    )
    args = parser.parse_args()
    for record in generate(args.n, args.seed, profile=args.profile):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
