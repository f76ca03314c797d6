"""Judge single lines by their shape: link lists, navigation labels, promos, repeats.

Precision first: a line goes only on strong evidence, since headings, list items, captions and
asides have the same shapes as junk. The evidence: site chrome learned from repetition across
sites ("Privacy Policy", "Advertisement"; _chrome_lines.py); a run of link lines; a reading or
credit label ("Also read: ...", "(Image: Reuters)"); a line printed twice in a row; a call to a
platform action ("Download the app ...") or the outlet talking to the reader ("Follow us ...")
that shares no content word with the rest of the text. Text that does not read as English is
judged on links and repeats only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import KeysView, Sequence
from dataclasses import dataclass
from itertools import chain

from storyline.clean._chrome_lines import CHROME_LINES
from storyline.clean.tokens import WordCodes, content_terms, tally, words

_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|co|uk|ly|me|tv|info|news|in|de|ru|cn)/\S*",
    re.IGNORECASE,
)
_PAGE_LINK = re.compile(r"[\w-]\.[a-z]{2,}/[^\s/]", re.IGNORECASE)
# "[email protected]" is what Cloudflare's address obfuscation leaves in scraped text. The
# look-behind starts an address only where a run of address characters starts: without it the
# scan retried from every letter of a long run and read the rest of it each time (quadratic).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.]+|\[email\W{0,3}protected\]", re.IGNORECASE)
_PROSE_MARKS = frozenset(".!?…:;,。！？")
_CLOSERS = "\"'”’)]」』"
_DIGIT = re.compile(r"\d")
_ASCII_DIGITS = bytes.maketrans(b"0123456789", b"0000000000")
_LABEL = re.compile(r"^([^\W\d_][\w'’&-]+(?:[ \t]+[^\W\d_][\w'’&-]*){0,2})[ \t]*[:|][ \t]*(.*)$")
_SENTENCE_BREAK = re.compile(r"[a-z]{2}[.!?][\"'”’)]*\s+[\"'“‘(]*[A-Z]")
_BRACKETED = re.compile(r"^(?:\[[^\[\]]*\]|\([^()]*\))$")
# Calls to action: a sentence opening with one of these verbs asks for a platform action
# ("Download the app", "Sign up"). Verbs that also open prose (Read, Get, See, Share, Like) are
# left out: "Read the original article" and "See it now" are part of some gold bodies.
_CTA_VERBS = (
    r"(?:Subscribe|Sign|Log|Register|Download|Install|Click|Tap|Follow|Join|Unlock|Contact|"
    r"Email)\s"
)
# two patterns, not one with "(?:^|...)": a search starting with a character set scans faster
_CALL_TO_ACTION_AT_START = re.compile(_CTA_VERBS)
_CALL_TO_ACTION_AFTER = re.compile(r"[.!?]\s+" + _CTA_VERBS)
# A short line holding a link that it asks to read, share or follow is a link, not report text.
_LINK_PROMPT = re.compile(r"(?:Read|Share|Follow|Watch|See|Click|Visit|More|Listen)\b")
_QUOTES = re.compile(r"[\"“”«»]")
_OUTLET = frozenset({"us", "our", "ours", "we"})  # the outlet speaking...
_YOU = frozenset({"you", "your", "yours", "yourself"})  # ...to the reader
_PLATFORM = frozenset(
    [
        "subscribe",
        "subscribing",
        "subscribed",
        "newsletter",
        "newsletters",
        "app",
        "facebook",
        "twitter",
        "instagram",
        "whatsapp",
        "messenger",
        "inbox",
        "contact",
        "email",
        "e-mail",
        "tips",
        "follow",
        "download",
        "sign",
    ]
)
# Labels that introduce a link, a related headline, a credit or a time stamp, not report text.
NAV_LABELS = frozenset(
    (
        "also read", "read also", "read more", "more", "related", "see also", "also see", "watch",
        "also watch", "listen", "recommended", "trending", "must read", "don't miss",
        "related topics", "related articles", "related stories", "related content",
        "related coverage", "more on this", "published", "updated", "posted", "last updated",
        "source", "sources",
    )
)  # fmt: skip

MAX_SHORT_WORDS = 4
DUPLICATE_WINDOW = 3  # a short line repeated within this many lines is a glitch
MIN_LINK_SHARE = 0.5  # a line mostly made of links is a source or link list
MAX_LINK_LINE_WORDS = 12  # a short line holding a link is a link ("Read the story: https://")
MIN_SHARED = 1 / 3  # a non-sentence line is kept when it shares this share of its words
MAX_PROMO_WORDS = 60  # longer lines are paragraphs: the topic test judges them
MAX_READER_PROMO_WORDS = 20  # longer reader-addressing lines are more often prose (blogs, how-tos)
MAX_BRACKETED_WORDS = 12
MAX_DUPLICATE_WORDS = 20  # a paragraph printed twice may be meant (and loses nothing if kept)
MIN_BRACKETED_WORDS = 4  # "[CNET]", "[10]" are citations
MAX_LIST_HEADING_WORDS = 3  # "Sources", "Further reading"
MIN_PROSE_WORDS = 15  # headlines and labels are shorter; longer lines are text even unpunctuated
MIN_REST_TERMS = 12  # below this the rest of the text is too small to judge overlap against
# English prose has over half of its words from the generic list (the, of, said, ...); other
# languages and tables far fewer. The shape and topic rules are English; below this share only
# the language-free ones apply (links, repeats, a source's own boilerplate).
MIN_ENGLISH_SHARE = 0.45


@dataclass(frozen=True, slots=True)
class Shape:
    """What one line looks like."""

    key: str  # the normalised text (digits folded), for chrome and site lookups
    exact: str  # the text with case and spacing folded, for repeat detection
    n_words: int
    n_common: int  # words that are English function or generic words
    bag: Counter[str]  # content stems and their counts (read only)
    prose: bool  # ends like a sentence or a clause
    exclaims: int  # outside quoted speech
    url_share: float  # share of the line's non-space characters in links or e-mail addresses
    label: str | None  # "also read" for "Also read: ..."
    label_has_terms: bool
    rest_prose: bool  # whether the text after the label reads like a sentence
    bracketed: bool  # wholly in brackets, at most MAX_BRACKETED_WORDS
    line_kind: str  # its first character
    question: bool
    imperative: bool  # at most MAX_PROMO_WORDS, and a sentence opens with a call to action
    outlet: bool  # the outlet talks to the reader (we/us and you, or we/us and a platform)
    chrome: bool  # a learned site-chrome line (menu item, share button, footer link)
    nav_label: bool  # its label introduces a link, headline, credit or date (NAV_LABELS)
    link_prompt: bool  # opens by asking to read, share or follow (a link on the line)
    page_link: bool  # holds a link with a path ("example.com/story"), not just a domain
    email: bool  # holds an e-mail address
    opens: bool  # ends with a colon: introduces what follows ("Ortiz said:", "Related topics:")
    text: str  # the line itself

    @property
    def terms(self) -> KeysView[str]:
        """Return the line's distinct content stems."""
        return self.bag.keys()


def shape_of(line: str, codes: WordCodes) -> Shape:
    """Measure the shape of one stripped line (`codes`: the caller's memo of word codes)."""
    toks = words(line)
    bag, n_common = tally(toks, codes)
    low = line.lower()
    label = _LABEL.match(line) if ":" in line or "|" in line else None  # a label ends in one
    rest = label.group(2) if label else ""
    label_text = " ".join(label.group(1).lower().split()) if label else None
    key = _fold(low)
    quoted = _QUOTES.search(line) is not None  # quoted shouts and appeals are speech
    return Shape(
        key=key,
        exact=" ".join(low.split()),
        n_words=len(toks),
        n_common=n_common,
        bag=bag,
        prose=_is_prose(line, len(toks)),
        exclaims=0 if quoted else line.count("!"),
        url_share=_link_share(line, low),
        label=label_text,
        label_has_terms=bool(label and content_terms(label.group(1))),
        rest_prose=_ends_prose(rest) and len(words(rest)) >= MAX_SHORT_WORDS,
        bracketed=line[:1] in "[("
        and len(toks) <= MAX_BRACKETED_WORDS
        and bool(_BRACKETED.match(line)),
        line_kind=line[:1],
        question=line.rstrip("\"'”’)").endswith("?"),
        imperative=not quoted and len(toks) <= MAX_PROMO_WORDS and _calls_to_action(line),
        outlet=not quoted and len(toks) <= MAX_READER_PROMO_WORDS and _outlet_talks(toks),
        chrome=key in CHROME_LINES or key.rstrip(":") in CHROME_LINES,
        nav_label=_nav_label(label_text, line),
        link_prompt=_LINK_PROMPT.match(line) is not None,
        page_link="/" in line and _PAGE_LINK.search(line) is not None,
        email="@" in line and _EMAIL.search(line) is not None,
        opens=line.endswith(":"),
        text=line,
    )


def _outlet_talks(toks: Sequence[str]) -> bool:
    """Tell whether the outlet talks to the reader: "Follow us", "Tell us what you think"."""
    low = {t.lower() for t in toks if not t.isupper()}
    return not _OUTLET.isdisjoint(low) and not (_YOU.isdisjoint(low) and _PLATFORM.isdisjoint(low))


def _nav_label(label: str | None, line: str) -> bool:
    """Tell whether a line's label, or the label inside its brackets, is a navigation label."""
    if label is None and line[:1] in "[(" and ":" in line:
        inner = _LABEL.match(line[1:])
        label = " ".join(inner.group(1).lower().split()) if inner else None
    return label in NAV_LABELS


def _calls_to_action(line: str) -> bool:
    """Tell whether a sentence of the line opens with a call to action."""
    return bool(_CALL_TO_ACTION_AT_START.match(line) or _CALL_TO_ACTION_AFTER.search(line))


def _link_share(line: str, low: str) -> float:
    """Return the share of a line's non-space characters in links or e-mail addresses."""
    link_chars = 0
    # every link form holds "/" or "www."; every address form "@" or "[": skip the scans if not
    if "/" in line or "www." in low:
        link_chars += sum(len(m.group()) for m in _URL.finditer(line))
    if "@" in line or "[" in line:
        link_chars += sum(len(m.group()) for m in _EMAIL.finditer(line))
    dense = (len(line) - line.count(" ")) or 1
    return min(1.0, link_chars / dense)


def _ends_prose(text: str) -> bool:
    """Tell whether a text ends like a sentence or a clause, closing quotes and brackets aside."""
    if text.endswith("\n"):  # as a regex's "$" would, look past one final newline
        text = text[:-1]
    return text.rstrip(_CLOSERS)[-1:] in _PROSE_MARKS


def _is_prose(line: str, n_words: int) -> bool:
    """Tell whether a line reads as sentences rather than a label or a headline."""
    if n_words < 2:
        return False
    if line.endswith(":"):  # "Related topics:" is a label, "He told reporters on Monday:" a clause
        return n_words > MAX_SHORT_WORDS
    return _ends_prose(line) or bool(_SENTENCE_BREAK.search(line)) or n_words >= MIN_PROSE_WORDS


def normalize(line: str) -> str:
    """Normalise a line for repeat detection: case, digits and spacing folded."""
    return _fold(line.lower())


def normalize_site(line: str) -> str:
    """Normalise a line for site profiles: case, digits, spacing and links folded."""
    return site_key(_fold(line.lower()))


def site_key(key: str) -> str:
    """Return a line's key for site profiles: its links folded too.

    "Read or share this story: <a link of its own>" then recurs across a site's pages.
    """
    return _URL.sub("<link>", key) if "/" in key or "www." in key else key


def _fold(low: str) -> str:
    """Fold the digits and spacing of a lowercased line."""
    if low.isascii():  # bytes.translate is a table lookup per byte; \d also matches other digits
        folded = low.encode("ascii").translate(_ASCII_DIGITS).decode("ascii")
    else:
        folded = _DIGIT.sub("0", low)
    return " ".join(folded.split())


def reads_english(shapes: Sequence[Shape]) -> bool:
    """Tell whether the lines read as English prose (share of generic English words)."""
    n = sum(s.n_words for s in shapes)
    return n > 0 and sum(s.n_common for s in shapes) / n >= MIN_ENGLISH_SHARE


def judge_lines(shapes: Sequence[Shape], *, english: bool = True) -> dict[int, str]:
    """Return {line index: reason} for the lines whose shape marks them as not article text.

    For text that does not read as English only links and repeats are judged.
    """
    all_terms, multi = _term_spread(shapes) if english else (0, frozenset())
    verdicts: dict[int, str] = {}
    for i, s in enumerate(shapes):
        if 0 < s.n_words <= MAX_DUPLICATE_WORDS and i and shapes[i - 1].exact == s.exact:
            verdicts[i] = "duplicate"  # a title or caption printed twice in a row: a glitch
            continue
        if s.opens and i == len(shapes) - 1 and s.nav_label:
            verdicts[i] = "navigation"  # "Related topics:" with nothing after it
            continue
        if english:
            judgeable = all_terms - len(s.terms) >= MIN_REST_TERMS
            reason = _judge(s, shared=len(s.terms & multi), judgeable=judgeable)
            if reason:
                verdicts[i] = reason
    _mark_link_runs(shapes, verdicts, multi)
    _mark_list_headers(shapes, verdicts)
    return verdicts


def _article_sentence(s: Shape, multi: frozenset[str]) -> bool:
    """Tell whether a line is a paragraph of the article: long, no link list, sharing its words."""
    if s.n_words < MIN_PROSE_WORDS or s.url_share >= MIN_LINK_SHARE:
        return False
    return len(s.terms & multi) >= MIN_SHARED * len(s.terms)


def _mark_link_runs(
    shapes: Sequence[Shape], verdicts: dict[int, str], multi: frozenset[str]
) -> None:
    """Mark a run of lines made of links to pages, two or more or under a heading: a source list.

    A lone link line is often part of the text (a project's site), and so are contact blocks
    (an address, a bare domain): a run needs a link with a path and holds no e-mail address.
    Sources and further reading come after the article's last paragraph (a long line sharing
    its words with the text; `multi`: the words found on several lines, none for text that is
    not English); links above it (a shopping list's product links, an embedded post, an
    infobox) are the article's.
    """
    last = max((i for i, s in enumerate(shapes) if _article_sentence(s, multi)), default=-1)
    run: list[int] = []
    for i in range(last + 1, len(shapes) + 1):
        s = shapes[i] if i < len(shapes) else None
        if s is not None and s.url_share >= MIN_LINK_SHARE and not s.email and i not in verdicts:
            run.append(i)
            continue
        headed = bool(run) and run[0] > 0 and _list_heading(shapes[run[0] - 1])
        if (len(run) > 1 or headed) and any(shapes[k].page_link for k in run):
            verdicts.update((k, "source-list") for k in run)
        run = []


def _list_heading(s: Shape) -> bool:
    """Tell whether a line can head a list: a few words, no sentence ("Sources", "Links:")."""
    return s.n_words <= MAX_LIST_HEADING_WORDS and not s.prose and s.url_share == 0


def _term_spread(shapes: Sequence[Shape]) -> tuple[int, frozenset[str]]:
    """Return how many lines each stem occurs in, summed over stems, and the stems in several."""
    counts = Counter(chain.from_iterable(s.terms for s in shapes))
    return sum(counts.values()), frozenset(t for t, c in counts.items() if c > 1)


def _judge(s: Shape, *, shared: int, judgeable: bool) -> str | None:
    """Return the reason one line is not article text, or None to keep it."""
    if s.chrome:
        return "navigation"  # "Privacy Policy", "Advertisement", "Share on Facebook"
    if s.nav_label and not s.rest_prose and s.n_words <= MAX_PROMO_WORDS:
        return "navigation"  # "Also read: <headline>", "Published: <date>", "(Image: Reuters)"
    if s.url_share > 0 and s.link_prompt and s.n_words <= MAX_LINK_LINE_WORDS:
        return "navigation"  # "Read or share this story: https://..."
    if not judgeable:
        return None
    unrelated = shared < max(1.0, MIN_SHARED * len(s.terms))
    if s.bracketed and s.line_kind == "[" and unrelated and s.n_words >= MIN_BRACKETED_WORDS:
        return "navigation"  # "[Another story's headline]": a related link
    if shared:
        return None
    if s.imperative and s.n_words <= MAX_PROMO_WORDS:
        return "promo"  # "Download the app to get daily updates."
    if s.question or s.n_words > MAX_READER_PROMO_WORDS:
        return None  # asks something (an interview, a rhetorical question), or is a paragraph
    if s.exclaims > 1 or (s.outlet and not s.opens):
        return "promo"  # shouts, or the outlet talks to the reader about nothing in the article
    return None


def _mark_list_headers(shapes: Sequence[Shape], verdicts: dict[int, str]) -> None:
    """Mark a short heading line that introduces a run of link lines ("Sources", "Links")."""
    for i in range(len(shapes) - 1):
        if (
            _list_heading(shapes[i])
            and verdicts.get(i) in (None, "navigation")
            and verdicts.get(i + 1) == "source-list"
        ):
            verdicts[i] = "source-list"
