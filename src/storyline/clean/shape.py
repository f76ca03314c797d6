"""Judge single lines by their shape: link lists, navigation labels, promos, repeats.

Shapes: mostly links; a generic label before a headline ("Also read: ..."); a bracketed line;
one or two words without sentence punctuation; a call to action ("Download the app ..."); a
shout or a line talking to the reader. Apart from links and labels, a line is only junk when it
also shares (almost) no content word with the rest of the text: the same shapes sharing the
article's words (a headline, a subheading, a quote) are kept. Text that does not read as English
is judged on links and repeats only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import KeysView, Sequence
from dataclasses import dataclass
from itertools import chain

from storyline.clean.tokens import WordCodes, content_terms, tally, words

_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|co|uk|ly|me|tv|info|news|in|de|ru|cn)/\S*",
    re.IGNORECASE,
)
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
# Calls to action: a sentence opening with one of these verbs addresses the reader ("Download
# the app", "Sign up", "Read more"). Verbs that also open news sentences as nouns or
# prepositions (Share, Order, Like) are left out.
_CTA_VERBS = (
    r"(?:Subscribe|Sign|Log|Register|Download|Install|Click|Tap|Follow|Join|Watch|"
    r"Listen|Read|Get|Unlock|Discover|Explore|Shop|Buy|Visit|Check|Contact|Email|Call|Send|Stay|"
    r"See|Find|Learn|Try|Claim|Grab)\s"
)
# two patterns, not one with "(?:^|...)": a search starting with a character set scans faster
_CALL_TO_ACTION_AT_START = re.compile(_CTA_VERBS)
_CALL_TO_ACTION_AFTER = re.compile(r"[.!?]\s+" + _CTA_VERBS)
_QUOTES = re.compile(r"[\"“”«»]")
_READER = frozenset({"you", "your", "yours", "yourself", "us", "our", "ours"})

MAX_SHORT_WORDS = 4
DUPLICATE_WINDOW = 3  # a short line repeated within this many lines is a glitch
MIN_LINK_SHARE = 0.5  # a line mostly made of links is a source or link list
MAX_LINK_LINE_WORDS = 12  # a short line holding a link is a link ("Read the story: https://")
MAX_LABEL_WORDS = 2  # a line this short without sentence punctuation is never report text
MIN_SHARED = 1 / 3  # a non-sentence line is kept when it shares this share of its words
MAX_PROMO_WORDS = 60  # longer lines are paragraphs: the topic test judges them
MAX_READER_PROMO_WORDS = 20  # longer reader-addressing lines are more often prose (blogs, how-tos)
MAX_BRACKETED_WORDS = 12
MAX_LIST_HEADING_WORDS = 3  # "Sources", "Further reading"
MIN_PROSE_WORDS = 15  # headlines and labels are shorter; longer lines are text even unpunctuated
MIN_REST_TERMS = 12  # below this the rest of the text is too small to judge overlap against
# English prose has over half of its words from the generic list (the, of, said, ...); other
# languages and tables far fewer. The shape and topic rules are English; below this share only
# the language-free ones apply (links, repeats, a source's own boilerplate).
MIN_ENGLISH_SHARE = 0.45
# A bounded memo of word codes shared by all lines: it holds words only, never article state, and
# makes the per-word work a dict lookup in C (news vocabulary is Zipfian).
_CODES = WordCodes()


@dataclass(frozen=True, slots=True)
class Shape:
    """What one line looks like."""

    key: str  # the normalised text, for repeat detection
    n_words: int
    n_common: int  # words that are English function or generic words
    bag: Counter[str]  # content stems and their counts (read only)
    prose: bool  # ends like a sentence or a clause
    exclaims: int  # outside quoted speech
    url_share: float  # share of the line's non-space characters in links or e-mail addresses
    reader: bool  # a short line (MAX_READER_PROMO_WORDS) that addresses the reader (you, our)
    label: str | None  # "also read" for "Also read: ..."
    label_has_terms: bool
    rest_prose: bool  # whether the text after the label reads like a sentence
    bracketed: bool
    question: bool
    imperative: bool  # at most MAX_PROMO_WORDS, and a sentence opens with a call to action
    opens: bool  # ends with a colon: introduces what follows ("Ortiz said:", "Related topics:")

    @property
    def terms(self) -> KeysView[str]:
        """Return the line's distinct content stems."""
        return self.bag.keys()


def shape_of(line: str) -> Shape:
    """Measure the shape of one stripped line."""
    toks = words(line)
    bag, n_common = tally(toks, _CODES)
    low = line.lower()
    label = _LABEL.match(line) if ":" in line or "|" in line else None  # a label ends in one
    rest = label.group(2) if label else ""
    quoted = _QUOTES.search(line) is not None  # quoted shouts and appeals are speech
    return Shape(
        key=_fold(low),
        n_words=len(toks),
        n_common=n_common,
        bag=bag,
        prose=_is_prose(line, len(toks)),
        exclaims=0 if quoted else line.count("!"),
        url_share=_link_share(line, low),
        reader=not quoted and len(toks) <= MAX_READER_PROMO_WORDS and _addresses_reader(toks),
        label=" ".join(label.group(1).lower().split()) if label else None,
        label_has_terms=bool(label and content_terms(label.group(1))),
        rest_prose=_ends_prose(rest) and len(words(rest)) >= MAX_SHORT_WORDS,
        bracketed=line[:1] in "[(" and bool(_BRACKETED.match(line)),
        question=line.rstrip("\"'”’)").endswith("?"),
        imperative=not quoted and len(toks) <= MAX_PROMO_WORDS and _calls_to_action(line),
        opens=line.endswith(":"),
    )


def _addresses_reader(toks: Sequence[str]) -> bool:
    """Tell whether a line's words address the reader (you, your, us, our)."""
    return not _READER.isdisjoint(map(str.lower, toks))


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
    seen: dict[str, int] = {}
    for i, s in enumerate(shapes):
        if s.n_words and _repeats(s, i, seen.get(s.key)):
            verdicts[i] = "duplicate"
            continue
        seen[s.key] = i
        if s.opens and i == len(shapes) - 1 and s.n_words <= MAX_SHORT_WORDS:
            verdicts[i] = "navigation"  # "Related topics:" with nothing after it
            continue
        if not english:
            reason = "source-list" if s.url_share >= MIN_LINK_SHARE else None
        else:
            judgeable = all_terms - len(s.terms) >= MIN_REST_TERMS
            reason = _judge(s, shared=len(s.terms & multi), judgeable=judgeable)
        if reason:
            verdicts[i] = reason
    _mark_list_headers(shapes, verdicts)
    return verdicts


def _term_spread(shapes: Sequence[Shape]) -> tuple[int, frozenset[str]]:
    """Return how many lines each stem occurs in, summed over stems, and the stems in several."""
    counts = Counter(chain.from_iterable(s.terms for s in shapes))
    return sum(counts.values()), frozenset(t for t, c in counts.items() if c > 1)


def _repeats(s: Shape, at: int, before: int | None) -> bool:
    """Tell whether a line repeats an earlier one the way scraping glitches do.

    A line right after its twin (a title printed twice) or a whole paragraph twice is a glitch;
    short lines recurring far apart (list items, "Meal 2" ... "Meal 3") belong to the text.
    """
    if before is None:
        return False
    return at - before <= DUPLICATE_WINDOW or s.n_words >= MIN_PROSE_WORDS


def _judge(s: Shape, *, shared: int, judgeable: bool) -> str | None:
    """Return the reason one line is not article text, or None to keep it."""
    if s.url_share >= MIN_LINK_SHARE:
        return "source-list"
    if s.url_share > 0 and s.n_words <= MAX_LINK_LINE_WORDS and not s.rest_prose:
        return "navigation"  # "Read or share this story: https://..."
    if s.label is not None and not s.label_has_terms and not s.rest_prose:
        return "navigation"  # "Also read: <headline>", "Published: <date>"
    if s.bracketed and s.n_words <= MAX_BRACKETED_WORDS:
        return "navigation"  # "[Related headline]", "(Image: Reuters)"
    if not s.prose and s.n_words <= MAX_LABEL_WORDS and not s.opens:
        return "navigation"  # a menu item or button, whatever its words
    if not judgeable:
        return None
    unrelated = shared < max(1.0, MIN_SHARED * len(s.terms))
    if not s.prose and unrelated:
        return "navigation"  # a short label or an unrelated headline
    if s.imperative and unrelated and s.n_words <= MAX_PROMO_WORDS:
        return "promo"  # "Download the app to get daily updates."
    if shared:
        return None
    if s.n_words > MAX_PROMO_WORDS:
        return None
    if s.question:
        return None  # asks something: an interview question or a rhetorical one, not a promo
    if s.exclaims > 1 or (s.reader and s.n_words <= MAX_READER_PROMO_WORDS):
        return "promo"  # shouts or talks to the reader, about nothing in the article
    return None


def _mark_list_headers(shapes: Sequence[Shape], verdicts: dict[int, str]) -> None:
    """Mark a short heading line that introduces a run of link lines ("Sources", "Links")."""
    for i in range(len(shapes) - 1):
        s = shapes[i]
        short = s.n_words <= MAX_LIST_HEADING_WORDS and not s.prose
        if (
            short
            and verdicts.get(i) in (None, "navigation")
            and verdicts.get(i + 1) == "source-list"
        ):
            verdicts[i] = "source-list"
