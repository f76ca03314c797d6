"""Who published first, and who copied or rewrote whom.

Publication dates, never ingestion times, decide the order. A date is an interval in UTC
(storyline.dates): a timestamp covers one unit of the precision it declares (a minute, a second,
a millisecond), "YYYY-MM-DD" (or a naive midnight "T00:00:00", which is how scrapers write a
day-only date) covers the whole day, "YYYY-MM" the month, "YYYY" the year. Naive times are taken as
UTC. Article X is *before* Y only when X's interval ends before Y's starts; otherwise the two are
*tied*: millisecond times order exactly, and a day-only date ties with the times of its day.
Articles whose intervals overlap, directly or through a chain, form one block. Inside a block the
clock still decides wherever it can (no article goes before one that is surely earlier), and
only among articles that may be the earlier the order is a documented convention, not a claim:
an article whose text (before
cleaning) wraps another one of the block, carrying it whole plus extra material, comes after it
(copies wrap their source in boilerplate and additions; originals do not wrap copies); then the
article whose text needed less cleaning comes first (reposting sites carry promos, "also read"
links and source lists; the share of words cleaning removed is compared in 10% steps); then the
dates' one order, storyline.dates.sort_key (the more precise date first, so a day-only date does
not go before a time of its day as if it were midnight; then the earlier); then the id. Articles
without a usable date come last, as one block, and are never the first publisher; when no article
has a date, there is no first publisher.

Edges go from a later article to an earlier one (copy -> source), at most one per article, to the
candidate that explains it best:

* copy: most of its text is the source's, verbatim (word 5-gram containment >= ``copy``), or it
  reproduces nearly all of the source (>= ``reproduce``);
* update: a later version of the same report by the same outlet (same source or URL): verbatim
  overlap as for a copy, or the same title with overlap as for a rewrite;
* rewrite: its own text, but a good share of its sentences align with the source's (exact, fuzzy or
  paraphrase, share of words >= ``rewrite``).

An article with no edge is an ``original``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from storyline.analyze.align import Alignment, Coverage, coverage
from storyline.analyze.overlaps import Overlaps
from storyline.analyze.shingles import Shingles
from storyline.analyze.texts import StoryTexts
from storyline.analyze.ties import TieOrder, TieRules
from storyline.dates import read as read_date
from storyline.dates import tie_blocks


@dataclass(frozen=True)
class StoryArticle:
    """What the analysis needs of one article of a story."""

    id: str
    text: str  # cleaned text
    source: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    raw_text: str | None = None  # text before cleaning: copies often wrap their source in extras


@dataclass(frozen=True)
class PubDate:
    """A publication date as the interval [start, end) it may denote, and its precision."""

    raw: str | None
    start: datetime | None
    end: datetime | None
    precision: str  # year | month | day | minute | second | millisecond | microsecond | unknown

    @property
    def known(self) -> bool:
        """Tell whether the date could be read."""
        return self.start is not None

    def before(self, other: PubDate) -> bool:
        """Tell whether this date is surely earlier than other."""
        return self.end is not None and other.start is not None and self.end <= other.start


@dataclass(frozen=True)
class ProvenanceConfig:
    """Thresholds of the copy graph."""

    copy: float = 0.6  # share of an article's 5-grams found in the source: a copy
    reproduce: float = 0.8  # share of the source's 5-grams the article carries: a copy
    rewrite: float = 0.25  # share of its words in sentences the source also carries: a rewrite
    wrap: float = 0.8  # tie-break: share of a tied article's raw text another carries to wrap it
    prefer_source: float = 0.1  # a copy beats its own source as a rewrite's source only by this
    prefer_copy: float = 0.05  # the same for a verbatim copy's source
    explained: float = 0.05  # sources explaining this much less than the best are passed over
    shingle: int = 5  # words per shingle
    passages: int = 5  # shared passages kept per edge
    passage_chars: int = 300  # characters kept per passage


@dataclass(frozen=True)
class FirstPublished:
    """The first publisher of a story and how sure that is."""

    article_id: str | None
    date: str | None
    precision: str
    tied_with: tuple[str, ...]  # articles that may have been published as early
    basis: str  # one line on how it was decided


@dataclass(frozen=True)
class CopyEdge:
    """A directed edge copy -> source with its evidence."""

    copy: str
    source: str
    kind: str  # copy | update | rewrite
    similarity: float  # share of the copy's words in sentences the source carries
    containment: float  # share of the copy's word 5-grams found in the source
    reproduced: float  # share of the source's word 5-grams found in the copy
    shared_passages: tuple[str, ...]


@dataclass(frozen=True)
class Provenance:
    """The publication order, first publisher, copy graph and role of every article."""

    order: tuple[str, ...]
    first: FirstPublished
    edges: tuple[CopyEdge, ...]
    roles: tuple[tuple[str, str], ...]  # (article id, original | copy | rewrite | update)

    def role(self, article_id: str) -> str:
        """Return an article's role."""
        return dict(self.roles)[article_id]

    def edge_of(self, article_id: str) -> CopyEdge | None:
        """Return the edge from an article to its source, if it has one."""
        return next((e for e in self.edges if e.copy == article_id), None)


def parse_published(value: str | None) -> PubDate:
    """Read a stored publication date into the UTC interval its declared precision denotes."""
    pub = read_date(value)
    if pub is None:
        return PubDate(value, None, None, "unknown")
    return PubDate(value, pub.start, pub.end, pub.precision)


def publication_order(
    articles: Sequence[StoryArticle],
    config: ProvenanceConfig | None = None,
    *,
    texts: StoryTexts | None = None,
) -> list[list[StoryArticle]]:
    """Group articles into tie blocks, in publication order, each block in its documented order.

    texts: the story's memo of words and shingles, shared with build_provenance.
    """
    config = config or ProvenanceConfig()
    dates = {a.id: parse_published(a.published) for a in articles}
    blocks: list[list[StoryArticle]] = []
    for block in tie_blocks([a.published for a in articles]):  # the views' own tie blocks
        members = [articles[i] for i in block]
        if dates[members[0].id].known:
            blocks.append(sorted(members, key=lambda a: _date_key(dates[a.id], a.id)))
        else:
            blocks.append(sorted(members, key=lambda a: a.id))  # the undated, last
    shingles = Shingles(config.shingle, texts)
    return [_order_block(block, dates, shingles, config) for block in blocks]


def _date_key(date: PubDate, article_id: str) -> tuple[datetime, datetime, str]:
    assert date.start is not None and date.end is not None
    return date.start, date.end, article_id


def _order_block(
    block: list[StoryArticle],
    dates: Mapping[str, PubDate],
    shingles: Shingles,
    config: ProvenanceConfig,
) -> list[StoryArticle]:
    """Order a tie block: surely-earlier first, then the convention (unwrapped, cleaner, ...)."""
    if len(block) == 1:
        return block
    tie = TieOrder(block, shingles, TieRules(config.copy, config.wrap, config.shingle))
    far = datetime.max.replace(tzinfo=UTC)
    pending = sorted(block, key=tie.key)
    out = []
    while pending:
        # An article may go next only if no pending one surely precedes it (its date ends first).
        first_end = min((dates[a.id].end or far for a in pending), default=far)
        pick = next(
            a
            for a in pending
            if (dates[a.id].start or far) < first_end or dates[a.id].start is None
        )
        out.append(pick)
        pending.remove(pick)
    return out


def first_publisher(blocks: Sequence[Sequence[StoryArticle]]) -> FirstPublished:
    """Return the first article of the first dated block, with the peers that may be as early.

    A peer is tied only when no article is surely earlier than it: a day-only date ties with the
    first time of its day, not with every later time that day.
    """
    if not blocks or not parse_published(blocks[0][0].published).known:
        return FirstPublished(None, None, "unknown", (), "no article has a publication date")
    first, *rest = blocks[0]
    dates = {a.id: parse_published(a.published) for a in blocks[0]}
    far = datetime.max.replace(tzinfo=UTC)
    earliest_end = min(d.end or far for d in dates.values())
    tied = [a for a in rest if (dates[a.id].start or far) < earliest_end]
    date = dates[first.id]
    if tied:
        basis = (
            f"earliest {date.precision}; tied with {len(tied)} other(s) whose dates overlap at "
            "their declared precision: the tie goes to the article that does not wrap another's "
            "text, then to the one that needed less cleaning, then to the earliest start"
        )
    else:
        basis = f"earliest publication date ({date.precision} precision)"
    peers = tuple(a.id for a in tied)
    return FirstPublished(first.id, first.published, date.precision, peers, basis)


def build_provenance(
    articles: Sequence[StoryArticle],
    alignment: Alignment,
    config: ProvenanceConfig | None = None,
    *,
    blocks: Sequence[Sequence[StoryArticle]] | None = None,
    texts: StoryTexts | None = None,
) -> Provenance:
    """Order the articles, find the first publisher, draw the copy graph and assign roles.

    blocks, when given, must be publication_order(articles, config): it spares ordering again.
    texts: the story's memo of words and shingles (shared with publication_order).
    """
    config = config or ProvenanceConfig()
    blocks = blocks if blocks is not None else publication_order(articles, config, texts=texts)
    order = [a for block in blocks for a in block]
    edges = _edges(order, alignment, Shingles(config.shingle, texts), config) if order[1:] else []
    kinds = {e.copy: e.kind for e in edges}
    roles = tuple((a.id, kinds.get(a.id, "original")) for a in order)
    return Provenance(tuple(a.id for a in order), first_publisher(blocks), tuple(edges), roles)


def _edges(
    order: Sequence[StoryArticle],
    alignment: Alignment,
    shingles: Shingles,
    config: ProvenanceConfig,
) -> list[CopyEdge]:
    """Draw the copy graph: at most one edge from each article to an earlier one."""
    covered = coverage(alignment)
    sets = {a.id: shingles.of(a.text) for a in order}
    overlaps = Overlaps(sets)
    edges: list[CopyEdge] = []
    for k, article in enumerate(order):
        candidates = [_edge(article, b, overlaps, covered, config) for b in order[:k]]
        best = _best_edge([c for c in candidates if c is not None], edges, config)
        if best is not None:
            passages = shingles.passages(
                article.text, sets[best.source], limit=config.passages, chars=config.passage_chars
            )
            edges.append(replace(best, shared_passages=passages))
    return edges


def _edge(
    article: StoryArticle,
    source: StoryArticle,
    overlaps: Overlaps,
    covered: Mapping[tuple[str, str], Coverage],
    config: ProvenanceConfig,
) -> CopyEdge | None:
    """Return the edge article -> source if the evidence supports one."""
    contained = overlaps.containment(article.id, source.id)
    reproduced = overlaps.containment(source.id, article.id)
    pair = covered.get((article.id, source.id))
    aligned = pair.carried if pair is not None else 0.0
    verbatim = contained >= config.copy or reproduced >= config.reproduce
    if not verbatim and aligned < config.rewrite:
        return None
    same_report = verbatim or _same_title(article, source)
    kind = (
        "update"
        if same_report and _same_outlet(article, source)
        else ("copy" if verbatim else "rewrite")
    )
    return CopyEdge(
        article.id,
        source.id,
        kind,
        round(max(aligned, contained), 3),
        round(contained, 3),
        round(reproduced, 3),
        (),
    )


def _best_edge(
    candidates: list[CopyEdge], edges: Sequence[CopyEdge], config: ProvenanceConfig
) -> CopyEdge | None:
    """Pick the source that explains an article best: verbatim first, then the most explained.

    Among sources that explain about as much of the article (within config.explained), the one
    whose own text the article reproduces most wins: a repost of the original, not of a longer
    copy that wraps it; a copy of a spun copy carries its rewording, so the spun copy wins.
    """
    if not candidates:
        return None
    copied = {e.copy: e.source for e in edges if e.kind == "copy"}

    def explained(edge: CopyEdge) -> tuple[bool, float]:
        verbatim = edge.containment >= config.copy or edge.reproduced >= config.reproduce
        value = edge.containment if verbatim else edge.similarity
        # A copy's text is its source's: credit the source unless the copy explains clearly more
        # (verbatim, a copy's own changes are few: a spinner's words, a wrapper's lines).
        margin = config.prefer_copy if verbatim else config.prefer_source
        return verbatim, value - (margin if edge.source in copied else 0.0)

    scored = [(explained(c), c) for c in candidates]
    best = max(score for score, _ in scored)
    if not best[0]:  # rewrites only: the most aligned source
        return max(scored, key=lambda sc: sc[0])[1]
    near = [(score, c) for score, c in scored if score >= (True, best[1] - config.explained)]
    return max(near, key=lambda sc: (sc[1].reproduced, sc[0][1]))[1]


def _same_outlet(a: StoryArticle, b: StoryArticle) -> bool:
    """Tell whether two articles come from the same outlet (same source or same URL)."""
    if a.url and b.url and a.url.rstrip("/") == b.url.rstrip("/"):
        return True
    sa, sb = _outlet(a.source), _outlet(b.source)
    return bool(sa) and sa == sb


def _same_title(a: StoryArticle, b: StoryArticle) -> bool:
    """Tell whether two articles carry the same (non-empty) title, case and spacing aside."""
    ta, tb = (" ".join((t or "").casefold().split()) for t in (a.title, b.title))
    return bool(ta) and ta == tb


def _outlet(source: str | None) -> str:
    return (source or "").strip().casefold().removeprefix("www.")
