"""Where the labelled datasets live and how each is read into plain records."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import tarfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from benchmarks.splits import part_of

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
CACHE = ROOT / "benchmarks" / "out" / "eval-cache"
ECB_DATE = "2020-01-01"  # ECB+ carries no dates: every record gets this one (see README)

_BLOCK_TAG = re.compile(
    r"</?(?:p|div|section|article|h[1-6]|li|ul|ol|br|tr|td|th|table|blockquote|pre|figure|"
    r"figcaption|header|footer|dd|dt|dl)\b[^>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^>]*>")
_CLEANEVAL_MARK = re.compile(r"^\s*<[phl]>", re.MULTILINE)


@dataclass(frozen=True)
class Page:
    """One HTML page of an extraction set with its gold main text."""

    id: str
    html: bytes
    gold: str


@dataclass(frozen=True)
class Record:
    """One news article as a news-please-like record, with its gold cluster label."""

    id: str
    title: str | None
    text: str
    published: str | None
    source: str | None
    url: str | None
    label: str
    html: str | None = None  # an HTML page's file: storyline ingests it, not the text

    def to_json(self) -> dict[str, str | None]:
        """Return the news-please fields storyline's ingest reads."""
        return {
            "id": self.id,
            "title": self.title,
            "maintext": self.text,
            "date_publish": self.published,
            "source_domain": self.source,
            "url": self.url,
        }


def extraction_pages(name: str, part: str | None, limit: int | None) -> list[Page] | None:
    """Return the pages of one extraction set's part (sorted by id), or None when missing."""
    if name == "scrapinghub":
        return _scrapinghub(part, limit)
    tar = DATA / "html-extraction-dev" / f"{name}.tar.xz"
    if not tar.is_file():
        return None
    folder = _untar(tar, name)
    ids = sorted(p.stem for p in (folder / "input").glob("*.html"))
    ids = [i for i in ids if part is None or part_of(name, i) == part][:limit]
    pages = []
    for i in ids:
        raw = (folder / "GoldStandard" / f"{i}.txt").read_text(encoding="utf-8", errors="replace")
        gold = _readability_gold(raw) if name == "readability" else _cleaneval_gold(raw)
        pages.append(Page(i, (folder / "input" / f"{i}.html").read_bytes(), gold))
    return pages


def _scrapinghub(part: str | None, limit: int | None) -> list[Page] | None:
    folder = DATA / "scrapinghub-article-extraction-benchmark"
    if not (folder / "ground-truth.json").is_file():
        return None
    gold = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    ids = [i for i in sorted(gold) if part is None or part_of("scrapinghub", i) == part][:limit]
    return [
        Page(
            i,
            gzip.decompress((folder / "html" / f"{i}.html.gz").read_bytes()),
            gold[i]["articleBody"],
        )
        for i in ids
    ]


def _untar(tar: Path, name: str) -> Path:
    """Unpack a set once into the cache; return its folder."""
    folder = CACHE / name
    if not (folder / "GoldStandard").is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tar) as tf:
            tf.extractall(CACHE, filter="data")
    return folder


def _readability_gold(raw: str) -> str:
    """Strip the expected cleaned HTML to text, a line break at every block tag."""
    return html.unescape(_ANY_TAG.sub("", _BLOCK_TAG.sub("\n", raw)))


def _cleaneval_gold(raw: str) -> str:
    """Drop the first 'URL:' line and the <p>/<h>/<l> block markers."""
    lines = raw.split("\n")
    if lines and lines[0].startswith("URL:"):
        lines = lines[1:]
    return _CLEANEVAL_MARK.sub("\n", "\n".join(lines))


def giveme_records(part: str | None, variant: str = "full") -> list[Record] | None:
    """Return giveme5w1h articles of a part; variant 'titles' (text = title), 'nodates',
    'ms-titles' (text = title, each time of day to the millisecond in one of five zones),
    'sentences' (_sentence_briefs: many short items per event) or 'briefs' (_headline_briefs)."""
    folder = DATA / "giveme5w1h-news-cluster" / "news_cluster" / "data"
    if not folder.is_dir():
        return None
    out = []
    for path in sorted(folder.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        event = str(d["newsCluster"]["EventId"])
        if part is not None and part_of("giveme5w1h", event) != part:
            continue
        if variant == "sentences":
            out += _sentence_briefs(path.stem, d, event)
            continue
        if variant == "briefs":
            out += _headline_briefs(path.stem, d, event)
            continue
        title = d.get("title") or None
        text = (title or "") if variant.endswith("titles") else d.get("text") or ""
        published = None if variant == "nodates" else d.get("date_publish")
        if variant == "ms-titles":
            published = in_milliseconds(published, path.stem)
        out.append(
            Record(path.stem, title, text, published, d.get("source_domain"), d.get("url"), event)
        )
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")
_CAPITALISED = re.compile(r"[A-Z][a-z]+")
BRIEFS_PER_ARTICLE = 12


def _sentence_briefs(key: str, d: dict[str, Any], event: str) -> list[Record]:
    """Return an article's sentences as a headline feed's items (synthetic stress set).

    Sentences of 8+ words naming 2+ capitalised words after the first, no quotation, cut to 16
    words, as title and text; each 7 minutes and a few milliseconds after the one before, from
    the article's time. An event of a few articles becomes a story of dozens of short items
    whose wording drifts, as a headline feed's long story does (harder: sentences share fewer
    words than headlines of one event do).
    """
    out = []
    text, base = d.get("text") or "", d.get("date_publish")
    picked = []
    for para in text.split("\n"):
        for sentence in _SENTENCE_END.split(para.strip()):
            words = sentence.split()
            named = [w for w in words[1:] if _CAPITALISED.match(w)]
            if len(words) >= 8 and len(named) >= 2 and '"' not in sentence and "“" not in sentence:
                picked.append(" ".join(words[:16]))
    for i, line in enumerate(picked[:BRIEFS_PER_ARTICLE]):
        published = base
        if base and len(base) > 10 and not base.endswith("T00:00:00"):
            stamp = datetime.fromisoformat(base)
            stamp = stamp.replace(tzinfo=stamp.tzinfo or UTC)
            stamp += timedelta(minutes=7 * i, milliseconds=37 * i)
            published = stamp.isoformat(timespec="milliseconds")
        out.append(Record(f"{key}-{i}", line, line, published, d.get("source_domain"), None, event))
    return out


BRIEF_WORDS = 25


def _headline_briefs(key: str, d: dict[str, Any], event: str) -> list[Record]:
    """Return an article's title and its outlet's own summary (`description`, first 25 words)
    as two items of a headline feed: real short texts, twice as many a story as titles only."""
    lines = [d.get("title") or "", " ".join((d.get("description") or "").split()[:BRIEF_WORDS])]
    published, source = d.get("date_publish"), d.get("source_domain")
    return [
        Record(f"{key}-{k}", line, line, published, source, None, event)
        for k, line in enumerate(lines)
        if line.strip()
    ]


_ZONES = tuple(timezone(timedelta(minutes=m)) for m in (0, -300, 60, 330, 540))


def in_milliseconds(published: str | None, key: str) -> str | None:
    """Restate a time to the second as one to the millisecond, in a zone, the key choosing both.

    The instant moves by under a second (so seconds keep their order); a day-only date stays one.
    """
    if not published or published.endswith("T00:00:00") or len(published) <= 10:
        return published
    stamp = datetime.fromisoformat(published)
    stamp = stamp.replace(tzinfo=stamp.tzinfo or UTC)
    digest = int(hashlib.blake2b(key.encode("utf-8"), digest_size=4).hexdigest(), 16)
    stamp += timedelta(milliseconds=digest % 1000)
    return stamp.astimezone(_ZONES[digest % len(_ZONES)]).isoformat(timespec="milliseconds")


LABELS = ROOT / "benchmarks" / "eval" / "labels"


def scrapinghub_event_records(part: str | None) -> list[Record] | None:
    """Return scrapinghub's pages with our same-event labels (labels/scrapinghub_events.tsv).

    The pipeline ingests each HTML page itself (record.html); the record's title, text, date
    and source are what storyline's ingest and clean make of the page, so the baseline and
    the fitting tools read the same input. The split is by event: a whole event on one side.
    """
    folder = DATA / "scrapinghub-article-extraction-benchmark"
    if not (folder / "ground-truth.json").is_file():
        return None
    labels = {}
    pages = sorted(p.name.split(".")[0] for p in (folder / "html").glob("*.html.gz"))
    for line in (LABELS / "scrapinghub_events.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            prefix, event, _ = line.split("\t", 2)
            (page,) = [k for k in pages if k.startswith(prefix)]
            labels[page] = event
    chosen = [
        p for p in pages if part is None or part_of("scrapinghub-events", labels.get(p, p)) == part
    ]
    out = []
    for page, fields in zip(chosen, _cleaned(folder, chosen), strict=True):
        path = str(folder / "html" / f"{page}.html.gz")
        out.append(Record(page, *fields, label=labels.get(page, page), html=path))
    return out


Fields = tuple[str | None, str, str | None, str | None, str | None]


def _cleaned(folder: Path, pages: list[str]) -> list[Fields]:
    """Return storyline's title, cleaned text, date, source and URL of each page, in order."""
    import tempfile

    from storyline import pipeline
    from storyline.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "pages.db") as store:
        pipeline.ingest(store, [str(folder / "html" / f"{p}.html.gz") for p in pages])
        pipeline.clean(store)
        out = []
        for page in pages:
            art, cleaned = store.get_article(page), store.get_cleaned(page)
            assert art is not None and cleaned is not None, page
            out.append((art.title, cleaned.text, art.published, art.source, art.url))
        return out


def ecb_records(part: str | None) -> list[Record] | None:
    """Return ECB+ documents (Train = fit, Dev = check) as records: no title, a constant date."""
    files = {"fit": ["ECB_Train_corpus.txt"], "check": ["ECB_Dev_corpus.txt"]}
    names = files[part] if part else files["fit"] + files["check"]
    paths = [DATA / "ecbplus-train-dev" / n for n in names]
    if not all(p.is_file() for p in paths):
        return None
    sentences: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 4:
                sentences[cols[0]][cols[1]].append(cols[3])
    out = []
    for doc, sents in sorted(sentences.items()):
        text = "\n".join(_detokenize(sents[k]) for k in sorted(sents, key=int))
        topic, _, rest = doc.partition("_")
        label = f"{topic}{'ecbplus' if rest.endswith('ecbplus') else 'ecb'}"
        out.append(Record(f"ecb-{doc}", None, text, ECB_DATE, None, None, label))
    return out


_NO_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s|n't|'re|'ve|'ll|'d|'m)(?=\s|$)")
_NO_SPACE_AFTER = re.compile(r"([(\[{$]) ")


def _detokenize(tokens: list[str]) -> str:
    """Join tokens into readable text: no space before closing punctuation or clitics."""
    text = " ".join(tokens)
    return _NO_SPACE_AFTER.sub(r"\1", _NO_SPACE_BEFORE.sub(r"\1", text))
