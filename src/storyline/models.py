"""Record types that cross stage boundaries: small, frozen, typed."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    warnings: tuple[str, ...] = ()  # what ingest could not read but kept the article for (a date)


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


@dataclass
class IngestReport:
    """Counts of one ingest run."""

    ingested: int = 0
    unchanged: int = 0
    new_versions: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    date_warnings: int = 0  # articles kept without a date because theirs did not read

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
        return line + (f", unreadable dates {self.date_warnings}" if self.date_warnings else "")
