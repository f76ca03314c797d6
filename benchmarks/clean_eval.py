"""Evaluate text cleaning on real articles with real junk inserted: char precision/recall, docs/s.

Base articles: the giveme5w1h news-cluster texts (383 articles, 69 events). Junk inserted into them:
- promo / navigation lines harvested from the scrapinghub pages: every leaf block of a page that is
  not part of that page's gold article body (menus, share and sign-up prompts, related headlines,
  footers), English pages only, 1-40 words; sometimes a menu of several lines from one page;
- site boilerplate: per giveme5w1h source with >= 3 articles, one or two harvested lines put into
  every article of that source (the cleaner learns them with learn_site_profile, as in production);
- source lists: a "Sources"-style heading and link lines built from the scrapinghub page URLs;
- off-topic articles: another giveme5w1h article of a different event, appended or embedded,
  with or without its title, kept in paragraphs or glued into one line (as in seed 001).
The junk-insertion set is synthetic. Events and scrapinghub pages are split with
benchmarks/splits.py (`part_of("giveme5w1h", event id)`, `part_of("scrapinghub", page id)`):
rules are fitted on `fit`, figures are reported from `check`. Scores count non-space characters:
a removed character is right when it was inserted. Text the cleaner removes from the original
articles counts as wrong, although the giveme5w1h originals carry real junk of their own
("Advertisement Continue reading the main story" ...); with --base scrapinghub the hosts are gold
article bodies, so every removed original character is an error. --show lists such removals.

    python benchmarks/clean_eval.py --part check            # the held-out part
    python benchmarks/clean_eval.py --part fit --show 20    # with wrongly removed lines
    python benchmarks/clean_eval.py --gold all --part check # removed-text precision on gold bodies

--gold scores the cleaner against gold article bodies instead (clean_gold.py): scrapinghub's
articleBody and the html-extraction-dev sets, where every removed character of the gold is an error.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import justext
import lxml.html
from trafilatura.utils import decode_file

from clean_gold import SETS, evaluate
from splits import part_of
from storyline.clean import clean_text, learn_site_profile
from storyline.clean.tokens import WordCodes
from storyline.models import CleanedText

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SH = SHARED / "scrapinghub-article-extraction-benchmark"
G5 = SHARED / "giveme5w1h-news-cluster" / "news_cluster" / "data"
WORD = re.compile(r"\w+")
LEAF_TAGS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "td", "dd", "dt", "figcaption",
    "blockquote", "button", "section", "article", "header", "footer", "nav", "aside", "ul", "ol",
    "form", "label", "span", "a",
}  # fmt: skip
STOP = justext.get_stoplist("English")
HEADINGS = ["Sources", "References", "Source:", "Links", "Further reading"]
LIST_STYLES = ["{n}/ {u}", "[{n}] {u}", "{n}. {u}", "{u}", "Source: {u}"]


@dataclass
class Doc:
    """One noisy evaluation text and the classes of its inserted spans."""

    key: str
    source: str
    parts: list[tuple[str, str | None]] = field(default_factory=list)  # (text, inserted class)
    sep: str = "\n"
    title: str = ""  # the host article's title, as ingest stores it beside the text
    text: str = ""  # set by render()
    inserted: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, class)

    def render(self) -> Doc:
        """Join the parts into the text and record the inserted spans; return self."""
        pieces, self.inserted, pos = [], [], 0
        for k, (part, cls) in enumerate(self.parts):
            if k:
                pieces.append(self.sep)
                pos += len(self.sep)
            if cls:
                self.inserted.append((pos, pos + len(part), cls))
            pieces.append(part)
            pos += len(part)
        self.text = "".join(pieces)
        return self


def english(text: str) -> bool:
    """Tell whether a text reads as English (share of English stop words)."""
    toks = [t.lower() for t in WORD.findall(text)]
    return bool(toks) and sum(t in STOP for t in toks) / len(toks) >= 0.25


def junk_lines(key: str, body: str) -> list[str]:
    """Return a scrapinghub page's leaf blocks of 1-40 ASCII words that its gold body lacks."""
    tree = lxml.html.fromstring(
        decode_file(gzip.decompress((SH / "html" / f"{key}.html.gz").read_bytes()))
    )
    for bad in tree.xpath("//script|//style|//noscript|//template|//svg|//head"):
        bad.drop_tree()
    lines: dict[str, None] = {}
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag not in LEAF_TAGS:
            continue
        if any(isinstance(c.tag, str) and c.tag in LEAF_TAGS for c in el.iterdescendants()):
            continue
        t = " ".join(el.text_content().split())
        if t and t.lower() not in body and 1 <= len(WORD.findall(t)) <= 40 and t.isascii():
            lines[t] = None
    return list(lines)


def harvest(part: str) -> tuple[list[list[str]], list[str], list[dict[str, str]]]:
    """Return the junk lines of each scrapinghub page of the part, the URLs and gold bodies."""
    gold = json.loads((SH / "ground-truth.json").read_text("utf-8"))
    pages, urls, bodies = [], [], []
    for key, rec in sorted(gold.items()):
        if part_of("scrapinghub", key) != part or not english(rec["articleBody"]):
            continue
        body = " ".join(rec["articleBody"].split()).lower()
        lines = junk_lines(key, body)
        if lines:
            pages.append(lines)
            urls.append(rec["url"])
        bodies.append({
            "id": key, "event": key, "title": "", "text": rec["articleBody"],
            "source": urlsplit(rec["url"]).hostname or key,
        })  # fmt: skip
    return pages, urls, bodies


def load_articles(part: str) -> list[dict[str, str]]:
    """Return the giveme5w1h articles of the part."""
    out = []
    for p in sorted(G5.glob("*.json")):
        d = json.loads(p.read_text("utf-8"))
        if part_of("giveme5w1h", str(d["newsCluster"]["EventId"])) == part:
            out.append({
                "id": d["dId"], "event": d["newsCluster"]["EventId"], "title": d["title"] or "",
                "source": d["source_domain"], "text": d["text"],
            })  # fmt: skip
    return out


def build(
    arts: list[dict[str, str]], pages: list[list[str]], urls: list[str], seed: int
) -> list[Doc]:
    """Insert junk into every article, deterministically for a seed."""
    docs = []
    site_lines = _site_boilerplate(arts, pages, seed)
    for a in arts:
        rng = random.Random(f"{seed}:{a['id']}")
        paras = [p.strip() for p in a["text"].split("\n") if p.strip()]
        doc = Doc(a["id"], a["source"], [(p, None) for p in paras], rng.choice(["\n", "\n\n"]))
        doc.title = a["title"]
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 3)):
                line = rng.choice(rng.choice(pages))
                doc.parts.insert(rng.randint(0, len(doc.parts)), (line, "promo/nav"))
        if rng.random() < 0.25:
            page = rng.choice(pages)
            menu = rng.sample(page, min(len(page), rng.randint(2, 6)))
            at = 0 if rng.random() < 0.5 else len(doc.parts)
            doc.parts[at:at] = [(m, "promo/nav") for m in menu]
        if rng.random() < 0.5:
            _insert_foreign(doc, rng, [b for b in arts if b["event"] != a["event"]])
        if rng.random() < 0.15:
            doc.parts.extend(_source_list(rng, urls))
        for line, at_top in site_lines.get(a["source"], []):
            doc.parts.insert(0 if at_top else len(doc.parts), (line, "site-boilerplate"))
        docs.append(doc.render())
    return docs


def _site_boilerplate(
    arts: list[dict[str, str]], pages: list[list[str]], seed: int
) -> dict[str, list[tuple[str, bool]]]:
    """Pick one or two harvested lines per source with >= 3 articles, with a fixed place."""
    per_source = defaultdict(int)
    for a in arts:
        per_source[a["source"]] += 1
    out = {}
    for source, n in sorted(per_source.items()):
        if n >= 3:
            rng = random.Random(f"{seed}:{source}")
            page = rng.choice(pages)
            out[source] = [(rng.choice(page), rng.random() < 0.5) for _ in range(rng.randint(1, 2))]
    return out


def _insert_foreign(doc: Doc, rng: random.Random, others: list[dict[str, str]]) -> None:
    """Append or embed (part of) an article about another event."""
    other = rng.choice(others)
    paras = [p.strip() for p in other["text"].split("\n") if p.strip()]
    paras = paras[: rng.randint(1, len(paras))] if rng.random() < 0.5 else paras
    if rng.random() < 0.5:
        paras = [" ".join(paras)]
    if rng.random() < 0.5 and other["title"]:
        paras.insert(0, other["title"])
    # embedded after the article's first paragraph at the earliest: its head defines the article
    host = [k for k, (_, cls) in enumerate(doc.parts) if cls is None]
    at = len(doc.parts)
    if rng.random() >= 0.6 and len(host) > 1:
        at = host[rng.randint(1, len(host) - 1)]
    doc.parts[at:at] = [(p, "off-topic") for p in paras]


def _source_list(rng: random.Random, urls: list[str]) -> list[tuple[str, str | None]]:
    """Build a heading and a few link lines."""
    style = rng.choice(LIST_STYLES)
    lines = [(rng.choice(HEADINGS), "source-list")]
    for n in range(1, rng.randint(2, 4)):
        lines.append((style.format(n=n, u=rng.choice(urls)), "source-list"))
    return lines


def mask(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Return the positions of non-space characters inside the spans."""
    return {i for s, e in spans for i in range(s, e) if not text[i].isspace()}


def clean_all(docs: list[Doc], repeat: int) -> tuple[dict[str, CleanedText], float]:
    """Clean every doc (profiles learned per source, as clean_articles does); return docs/s."""
    by_source = defaultdict(list)
    for d in docs:
        by_source[d.source].append(d.text)
    profiles = {s: learn_site_profile(t) for s, t in by_source.items() if len(t) >= 3}
    t0 = time.perf_counter()
    codes = WordCodes()  # as clean_articles does: one memo of word codes for the stream
    for _ in range(repeat):
        cleaned = {
            d.key: clean_text(d.text, profile=profiles.get(d.source), title=d.title, codes=codes)
            for d in docs
        }
    return cleaned, repeat * len(docs) / (time.perf_counter() - t0)


def score(docs: list[Doc], cleaned: dict[str, CleanedText], show: int) -> dict[str, object]:
    """Score removed non-space characters against the inserted ones."""
    tp = fp = fn = 0
    per_class: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong: list[tuple[str, str]] = []
    wrong_by_reason: defaultdict[str, int] = defaultdict(int)
    for d in docs:
        got = mask(d.text, [(s.start, s.end) for s in cleaned[d.key].removed])
        for s, e, cls in d.inserted:
            m = mask(d.text, [(s, e)])
            per_class[cls][0] += len(m & got)
            per_class[cls][1] += len(m)
        truth = mask(d.text, [(s, e) for s, e, _ in d.inserted])
        tp, fp, fn = tp + len(got & truth), fp + len(got - truth), fn + len(truth - got)
        for s in cleaned[d.key].removed:
            extra = len(mask(d.text, [(s.start, s.end)]) - truth)
            wrong_by_reason[s.reason] += extra
            if extra:
                wrong.append((s.reason, d.text[s.start : s.end][:160].replace("\n", " | ")))
    for reason, snippet in random.Random(0).sample(wrong, min(show, len(wrong))):
        print(f"  kept-text removed [{reason}]: {snippet}")
    p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {
        "docs": len(docs), "precision": round(p, 4), "recall": round(r, 4),
        "f1": round(2 * p * r / max(1e-9, p + r), 4),
        "recall_by_class": {c: round(a / max(1, b), 4) for c, (a, b) in sorted(per_class.items())},
        "wrong_chars_by_reason": dict(sorted(wrong_by_reason.items())),
    }  # fmt: skip


def main() -> None:
    """Parse arguments, build the split's evaluation set and print the scores."""
    ap = argparse.ArgumentParser(description="Text-cleaning evaluation on giveme5w1h + junk.")
    ap.add_argument("--part", choices=["fit", "check"], default="check")
    ap.add_argument("--gold", choices=[*SETS, "all"], help="score against gold bodies instead")
    ap.add_argument(
        "--base", choices=["giveme5w1h", "scrapinghub"], default="giveme5w1h",
        help="host articles: giveme5w1h texts (carry junk of their own) or the scrapinghub gold "
        "article bodies (clean by construction, so every removed original character is an error)",
    )  # fmt: skip
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="evaluate the first N articles only")
    ap.add_argument("--show", type=int, default=0, help="print N wrongly removed spans")
    ap.add_argument("--repeat", type=int, default=1, help="clean the set N times for docs/s")
    args = ap.parse_args()
    if args.gold:
        for name in SETS if args.gold == "all" else [args.gold]:
            print(json.dumps(evaluate(name, args.part, show=args.show)))
        return
    pages, urls, bodies = harvest(args.part)
    arts = load_articles(args.part) if args.base == "giveme5w1h" else bodies
    docs = build(arts, pages, urls, args.seed)[: args.limit or None]
    cleaned, docs_per_s = clean_all(docs, max(1, args.repeat))
    result = score(docs, cleaned, args.show)
    result["docs_per_s"] = round(docs_per_s, 1)
    result.update(part=args.part, base=args.base, seed=args.seed, junk_pages=len(pages))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
