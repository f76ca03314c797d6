"""Record types that cross stage boundaries: small, frozen, typed."""

from __future__ import annotations

from dataclasses import dataclass, field

DATE_KEPT = "kept without a publication date"  # how a warning about an unreadable date ends


@dataclass(frozen=True)
class Article:
    """One news article as ingested: metadata, text and the raw input kept verbatim."""

    id: str
    text: str
    path: str = ""
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601; "YYYY-MM-DD" when only the day is known
    authors: tuple[str, ...] = ()
    language: str | None = None
    raw: str = ""  # the input record verbatim (file text, JSON line, CSV row, HTML)
    raw_format: str = "text"  # text | json | csv | html | warc
    content_hash: str = ""
    ingested_at: str = ""
    version: int = 1
    warnings: tuple[str, ...] = ()  # what ingest repaired, or could not read but kept (a date)


@dataclass(frozen=True)
class Rejection:
    """An input record that could not be used, with where it came from and why."""

    path: str
    record: int | None
    reason: str


@dataclass(frozen=True)
class RemovedSpan:
    """A span of the raw text that cleaning removed, and why."""

    start: int
    end: int
    reason: str  # promo | navigation | source-list | site-boilerplate | off-topic | ...


@dataclass(frozen=True)
class CleanedText:
    """The result of cleaning one text: what is kept and what was removed."""

    text: str
    removed: tuple[RemovedSpan, ...] = ()


# Rejections kept in memory for the report: every one is stored, a hostile file can make
# millions of them, so the report keeps the first ones and a count.
KEPT_REJECTIONS = 1000


@dataclass
class IngestReport:
    """Counts of one ingest run."""

    ingested: int = 0
    unchanged: int = 0
    new_versions: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)  # the first KEPT_REJECTIONS
    date_warnings: int = 0  # articles kept without a date because theirs did not read
    warned: int = 0  # articles stored with a warning (invalid characters replaced, a date)

    def reject(self, rejection: Rejection) -> None:
        """Count a rejection, keeping only the first KEPT_REJECTIONS in memory."""
        self.rejected += 1
        if len(self.rejections) < KEPT_REJECTIONS:
            self.rejections.append(rejection)

    @property
    def read_anything(self) -> bool:
        """Tell whether any record was usable (stored now or already stored)."""
        return (self.ingested + self.unchanged + self.new_versions) > 0

    def summary(self) -> str:
        """Render the one-line summary printed at the end of an ingest."""
        line = (
            f"ingested {self.ingested}, unchanged {self.unchanged}, "
            f"new versions {self.new_versions}, rejected {self.rejected}"
        )
        line += f", unreadable dates {self.date_warnings}" if self.date_warnings else ""
        return line + (f", with warnings {self.warned}" if self.warned else "")


# -- between the cluster stage and the store (storyline.cluster.ports) ------------------------
@dataclass(frozen=True)
class ClusterInput:
    """A current article as clustering sees it before reading its text."""

    article_id: str
    doc: int
    published: str | None


@dataclass(frozen=True)
class MemberKey:
    """The part of a membership an incremental run compares with the current articles."""

    doc: int
    order_key: str
    dup_group: str | None
    story: str


@dataclass(frozen=True)
class MemberRow:
    """One stored story membership with its link."""

    article_id: str
    doc: int
    story: str
    order_key: str
    dup_group: str | None
    link_to: str | None
    link_kind: str
    score: float
    shared_entities: tuple[str, ...]
    shared_terms: tuple[str, ...]
    days_apart: float | None


# -- between follow and the store (storyline.ingest.follow.ports) -----------------------------
@dataclass(frozen=True)
class SourceRow:
    """A followed source as stored, with the validators of its last good fetch."""

    url: str
    kind: str
    parent: str | None
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class FrontierRow:
    """A page URL waiting to be fetched."""

    url: str
    source: str
    attempts: int
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class FetchOutcome:
    """What became of one fetch: the state to record and what the server said."""

    state: str
    status: int = 0
    error: str | None = None
    article_id: str | None = None
    etag: str | None = None
    last_modified: str | None = None
