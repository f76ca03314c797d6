"""Removed-text precision of the text cleaner against gold article bodies (used by clean_eval.py).

Each page of a gold set is extracted with storyline's HTML extractor, then cleaned as production
does (site profiles learned over the pages of the part, one per source). Every removed line is
scored against the page's gold body, on `\\w+` word characters:
- a line of 4+ tokens: its tokens inside a 4-gram that the gold body holds are wrongly removed;
- a shorter line: all of it is wrongly removed when it is a whole block (line) of the gold body;
- either way, a line that is a whole gold block is counted by copies: a page printing it more
  often than the gold holds it (a title or table header printed twice) has spare copies, and
  removing one of those is right.
Removed-text precision = 1 - wrongly removed / removed. "lost" is the wrongly removed share of the
gold words that the extracted text held. Junk recall is the share of the extracted text outside the
gold (the same rule) that the cleaner removed: real page junk, no insertion.

Two modes: `all` applies every rule (as for text and JSON input), `extracted` only the rules that
production applies to text extracted from HTML (site boilerplate, off-topic).
"""

from __future__ import annotations

import gzip
import json
import re
import tarfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from splits import part_of
from storyline.clean import extract_html, learn_site_profile
from storyline.clean.profile import EXTRACTED_REASONS, SiteProfile
from storyline.clean.text import clean_text

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SH = SHARED / "scrapinghub-article-extraction-benchmark"
DEV = SHARED / "html-extraction-dev"
TOKEN = re.compile(r"\w+")
SETS = ("scrapinghub", "readability", "cleaneval-dev")
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "tr",
        "pre",
        "blockquote",
        "figcaption",
        "section",
        "dd",
        "dt",
    ]
)


@dataclass(frozen=True)
class GoldPage:
    """One page of a gold set: its key, source (for site profiles), HTML and gold body."""

    key: str
    source: str
    html: bytes
    gold: str
    url: str | None = None


def scrapinghub_pages(part: str) -> Iterator[GoldPage]:
    """Yield the scrapinghub pages of a part."""
    truth = json.loads((SH / "ground-truth.json").read_text("utf-8"))
    for key, rec in sorted(truth.items()):
        if part_of("scrapinghub", key) != part:
            continue
        html = gzip.decompress((SH / "html" / f"{key}.html.gz").read_bytes())
        host = re.sub(r"^https?://(www\.)?", "", rec["url"]).split("/")[0]
        yield GoldPage(key, host, html, rec["articleBody"], rec["url"])


def dev_pages(name: str, part: str) -> Iterator[GoldPage]:
    """Yield the pages of one html-extraction-dev set, gold text as its SOURCE.md says."""
    with tarfile.open(DEV / f"{name}.tar.xz") as tf:
        members = {m.name: m for m in tf if m.isfile()}
        for path in sorted(members):
            if "/input/" not in path:
                continue
            key = Path(path).stem
            gold_path = f"{name}/GoldStandard/{key}.txt"
            if part_of(name, key) != part or gold_path not in members:
                continue
            html = _read(tf, members[path])
            gold = _read(tf, members[gold_path]).decode("utf-8", "replace")
            yield GoldPage(key, f"{name}:{key}", html, _gold_text(name, gold))


def _read(tf: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    fh = tf.extractfile(member)
    assert fh is not None
    return fh.read()


def _gold_text(name: str, gold: str) -> str:
    """Return the gold body as text: markup stripped (readability), markers dropped (cleaneval)."""
    if name == "readability":
        tree = lxml.html.fromstring(gold)
        for el in tree.iter():
            if isinstance(el.tag, str) and el.tag in BLOCK_TAGS:
                el.tail = "\n" + (el.tail or "")
        return str(tree.text_content())
    lines = gold.split("\n")
    if lines and lines[0].startswith("URL:"):
        lines = lines[1:]
    return "\n".join(re.sub(r"^\s*<[phl]>", "", ln) for ln in lines)


def pages_of(name: str, part: str) -> list[GoldPage]:
    """Return the pages of a gold set's part."""
    if name == "scrapinghub":
        return list(scrapinghub_pages(part))
    return list(dev_pages(name, part))


def tokens(text: str) -> list[str]:
    """Return the lowercase word tokens of a text."""
    return TOKEN.findall(text.lower())


class Gold:
    """A gold body's 4-grams and its blocks, to tell which parts of a line it holds."""

    def __init__(self, body: str) -> None:
        toks = tokens(body)
        self.grams = {tuple(toks[i : i + 4]) for i in range(len(toks) - 3)}
        self.blocks = Counter(tuple(tokens(b)) for b in body.split("\n") if b.strip())
        self.spare: Counter[tuple[str, ...]] = Counter()  # copies of a block beyond the gold's

    def count_copies(self, text: str) -> None:
        """Note how many copies of each gold block the text holds beyond the gold's."""
        seen = Counter(tuple(tokens(ln)) for ln in text.split("\n") if ln.strip())
        self.spare = Counter({k: n - self.blocks[k] for k, n in seen.items() if k in self.blocks})

    def held(self, line: str) -> tuple[int, int]:
        """Return the word characters of a line, and those the gold body holds."""
        toks = tokens(line)
        total = sum(map(len, toks))
        key = tuple(toks)
        if self.spare[key] > 0:  # one of the copies of a gold block that the gold does not hold
            self.spare[key] -= 1
            return total, 0
        if len(toks) < 4:
            return total, total if key in self.blocks else 0
        covered = [False] * len(toks)
        for i in range(len(toks) - 3):
            if tuple(toks[i : i + 4]) in self.grams:
                covered[i : i + 4] = [True] * 4
        return total, sum(len(t) for t, c in zip(toks, covered, strict=True) if c)


@dataclass
class Tally:
    """Word characters removed, wrongly removed, junk present, junk removed, gold extracted."""

    removed: int = 0
    wrong: int = 0
    junk: int = 0
    junk_removed: int = 0
    gold_kept: int = 0
    wrong_by_reason: dict[str, int] = field(default_factory=dict)

    def result(self) -> dict[str, object]:
        """Return the figures."""
        return {
            "removed_chars": self.removed,
            "wrong_chars": self.wrong,
            "precision": round(1 - self.wrong / max(1, self.removed), 4),
            "lost": round(self.wrong / max(1, self.gold_kept), 5),
            "junk_recall": round(self.junk_removed / max(1, self.junk), 4),
            "wrong_by_reason": dict(sorted(self.wrong_by_reason.items())),
        }


def evaluate(name: str, part: str, *, show: int = 0) -> dict[str, object]:
    """Extract, clean and score the pages of a gold set's part in both modes."""
    pages = pages_of(name, part)
    texts = {p.key: extract_html(p.html, url=p.url).text for p in pages}
    by_source: defaultdict[str, list[str]] = defaultdict(list)
    for p in pages:
        by_source[p.source].append(texts[p.key])
    profiles = {s: learn_site_profile(t) for s, t in by_source.items() if len(t) >= 3}
    out: dict[str, object] = {"set": name, "part": part, "pages": len(pages)}
    for mode in ("all", "extracted"):
        tally, wrong = Tally(), list[tuple[str, str]]()
        for p in pages:
            _score_page(p, texts[p.key], profiles.get(p.source), mode, tally, wrong)
        out[mode] = tally.result()
        for reason, snippet in wrong[:show] if mode == "all" else []:
            print(f"  {name} gold removed [{reason}]: {snippet}")
    return out


def _score_page(
    page: GoldPage,
    text: str,
    profile: SiteProfile | None,
    mode: str,
    tally: Tally,
    wrong: list[tuple[str, str]],
) -> None:
    """Add one page's figures to the tally and its wrongly removed lines to `wrong`."""
    reasons = EXTRACTED_REASONS if mode == "extracted" else None
    result = clean_text(text, profile=profile, reasons=reasons)
    gold = Gold(page.gold)
    gold.count_copies(text)
    for s in result.removed:
        for line in text[s.start : s.end].split("\n"):
            total, held = gold.held(line)
            tally.removed += total
            tally.wrong += held
            tally.junk_removed += total - held
            tally.wrong_by_reason[s.reason] = tally.wrong_by_reason.get(s.reason, 0) + held
            if held:
                wrong.append((s.reason, f"{page.key[:10]} {held}/{total} {line[:150]}"))
    gold.count_copies(text)
    for line in text.split("\n"):
        total, held = gold.held(line)
        tally.junk += total - held
        tally.gold_kept += held
