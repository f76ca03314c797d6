"""An extractive multi-document summary of a story, each sentence citing the articles carrying it.

A sentence scores by (1) support: how many independent articles carry it (a copy and its source
count once: copies inflate nothing), (2) centrality: how much it uses the words most of the story's
articles use, and (3) position: leads of news articles carry the gist. Sentences are picked best
first, skipping any that repeats an already picked one (matched to it, or sharing most of its
content words), so every line says something new. The headline is the most central article title,
or, for untitled stories, the top summary sentence cut at a clause break to a headline's length.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.analyze.align import Alignment
from storyline.analyze.provenance import Provenance

# A wire dateline opening a sentence: "SEOUL/WASHINGTON (Reuters) - ", "BEIJING, Sept 15 (AP) -- ".
_DATELINE = re.compile(
    r"^[A-Z][A-Z/.' -]{1,60}[A-Z.](?:,[^()\n]{1,30})?(?:\s*\([A-Za-z .]{2,30}\))?"
    r"\s*(?:-{1,2}|–|—)\s+"
)
# A line that ends a sentence: . ! ? or … before any closing quotes or brackets.
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")


@dataclass(frozen=True)
class SummaryConfig:
    """How long the summary is and how sentences are weighed."""

    sentences: int = 4  # at most this many summary sentences
    max_words: int = 60  # longer sentences are run-ons or extraction glitches
    headline_words: int = 18  # a derived headline is cut to this many words
    support: float = 0.45  # weight of independent support
    centrality: float = 0.35  # weight of the story's common words
    position: float = 0.2  # weight of being early in its article
    redundancy: float = 0.5  # share of content stems shared with a picked sentence to skip it
    # A line that ends no sentence (a photo caption, an embedded post, a bullet, a headline)
    # scores this share less: prose that says as much is picked before it.
    unended: float = 0.06


@dataclass(frozen=True)
class SummaryLine:
    """One summary sentence and the articles (in publication order) that carry it."""

    sentence: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    """A story's headline and its cited summary."""

    headline: str
    lines: tuple[SummaryLine, ...]


def summarise(
    alignment: Alignment,
    provenance: Provenance,
    titles: Mapping[str, str | None] | None = None,
    config: SummaryConfig | None = None,
) -> Summary:
    """Pick a few central, well-supported sentences and a headline for the story."""
    config = config or SummaryConfig()
    rank = {a: i for i, a in enumerate(provenance.order)}
    scores = score_sentences(alignment, provenance, config)
    picked: list[int] = []
    for i in sorted(scores, key=lambda i: (-scores[i], i)):
        if len(picked) >= config.sentences:
            break
        if not any(_repeats(alignment, i, j, config) for j in picked):
            picked.append(i)
    lines = tuple(
        SummaryLine(
            _DATELINE.sub("", " ".join(alignment.sentences[i].text.split()), count=1),
            tuple(sorted(alignment.carriers(i), key=lambda a: rank.get(a, len(rank)))),
        )
        for i in picked
    )
    return Summary(headline(alignment, lines, titles or {}, config), lines)


def score_sentences(
    alignment: Alignment, provenance: Provenance, config: SummaryConfig
) -> dict[int, float]:
    """Score every candidate sentence (position in alignment.sentences -> score)."""
    family = _families(provenance)
    families = max(1, len(set(family.values())))
    weights = alignment.idf
    # Sentences of one kind (copies repeat theirs) have the same stems and the same carriers:
    # their centrality and support are computed once per kind.
    kind_of = alignment.links.kind_of
    central_of: dict[int, float] = {}
    support_of: dict[int, int] = {}
    raw_centrality = {}
    for i, sentence in enumerate(alignment.sentences):
        if config.max_words >= sentence.words >= alignment.config.min_words:
            central = central_of.get(kind_of[i])
            if central is None:
                stems = alignment.stems[i]
                # fsum: exact, so the set's (hash-seeded) order never changes a score or a tie.
                central = math.fsum(weights[s] for s in stems) / math.sqrt(len(stems) or 1)
                central_of[kind_of[i]] = central
            raw_centrality[i] = central
    top = max(raw_centrality.values(), default=1.0) or 1.0
    scores = {}
    for i, central in raw_centrality.items():
        support = support_of.get(kind_of[i])
        if support is None:  # carriers(i) as a set is the kind's carriers (its own among them)
            roots = {family.get(a, a) for a in alignment.carriers(i)}
            support = support_of[kind_of[i]] = len(roots)
        support_share = (support - 1) / (families - 1) if families > 1 else 0.0
        sentence = alignment.sentences[i]
        position = 1.0 - min(sentence.index, 10) / 20
        scores[i] = (
            config.support * support_share
            + config.centrality * central / top
            + config.position * position
        )
        if not _ENDS_SENTENCE.search(sentence.text):
            scores[i] *= 1.0 - config.unended
    return scores


def _families(provenance: Provenance) -> dict[str, str]:
    """Map each article to the root of its copy chain (copies and updates share their source's)."""
    parent = {e.copy: e.source for e in provenance.edges if e.kind in ("copy", "update")}
    out = {}
    for article in provenance.order:
        root, seen = article, {article}
        while root in parent and parent[root] not in seen:
            root = parent[root]
            seen.add(root)
        out[article] = root
    return out


def _repeats(alignment: Alignment, i: int, j: int, config: SummaryConfig) -> bool:
    """Tell whether sentence i says what the picked sentence j already says."""
    mine = alignment.partners_of(i)
    if j in mine or mine & alignment.partners_of(j):
        return True
    a, b = alignment.stems[i], alignment.stems[j]
    return bool(a) and len(a & b) / min(len(a), len(b) or 1) >= config.redundancy


def headline(
    alignment: Alignment,
    lines: Sequence[SummaryLine],
    titles: Mapping[str, str | None],
    config: SummaryConfig,
) -> str:
    """Return the most central title, or the top summary sentence cut to a headline."""
    candidates = [" ".join(t.split()) for t in titles.values() if t and t.strip()]
    if candidates:
        weights = alignment.idf
        stemmer = alignment.stemmer

        def centrality(title: str) -> float:
            stems = stemmer.stems(title)
            return math.fsum(weights.get(s, 0.0) for s in stems) / math.sqrt(len(stems) or 1)

        return max(candidates, key=centrality)
    return _cut(lines[0].sentence, config.headline_words) if lines else ""


def _cut(sentence: str, limit: int) -> str:
    """Cut a sentence to a headline: at its last clause break within limit words, else at limit."""
    words = sentence.rstrip(".").split()
    if len(words) <= limit:
        return " ".join(words)
    breaks = [i for i, w in enumerate(words[:limit]) if w.endswith((",", ";", ":"))]
    if breaks and breaks[-1] + 1 >= limit // 2:
        return " ".join(words[: breaks[-1] + 1]).rstrip(",;:")
    return " ".join(words[:limit]).rstrip(",;:") + "…"
