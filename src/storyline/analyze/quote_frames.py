"""Read the attribution frame around a quote: the cue verb and the speaker's noun phrase.

Frames after a quote (', he added.' / ', said Jane Doe, a spokeswoman.' / ', according to X.')
and before it ('X said on Friday: "' / 'According to X, "' / 'X said the plan was "...') are
matched on word tokens, so titles, appositives and adverbs between speaker and cue are allowed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.analyze.names import DAYS_MONTHS, STOP_CAPS, Token, tokenize, wordlist

# Cue verbs; the -s forms in noun_like are mostly plural nouns in news text ("Trump made similar
# comments") and count only right before the quote ('The ad claims "...').
NOUN_LIKE = wordlist("noun_like")
CUES = (wordlist("cues") | wordlist("participles")) - NOUN_LIKE
# Verbs that report speech itself (not a judgement or a feeling about it).
CORE_CUES = wordlist("core_cues") | {"according to"}
# Cue verbs that may come before their speaker ('", said Blinken').
INVERTIBLE = frozenset(c for c in CUES if not c.endswith("ing")) - wordlist("not_invertible")
SKIPPABLE = wordlist("skippable")
DETERMINERS = wordlist("determiners")
SPEAKER_HEADS = wordlist("speaker_heads")  # person, role and institution nouns (PolNeAR train)
PRONOUNS = wordlist("pronouns")
RELATIVES = frozenset(("who", "which"))
NOT_IN_NP = wordlist("not_in_np")
CONJUNCTIONS = wordlist("conjunctions")
NP_STOP = wordlist("np_stop")
MAX_NP_WORDS = 10
_PAREN = re.compile(r"\([^()\n]{0,40}\)")
_LEAD_WORDS = wordlist("lead_words")
_LEAD_PHRASES = wordlist("lead_phrases")
# 'Michael P. McDonald: "' and the roundup form 'David Frum, The Atlantic: "' / 'X (CNN): "'.
# Matched from a fixed start (the sentence's, or after its last ' - ' separator): linear.
_LABEL = re.compile(
    r"([A-Z][\w.'’-]*(?:[ \xa0][A-Z][\w.'’-]*){0,4})"
    r"(?:,[ \xa0]+[A-Z][\w.'’&-]*(?:[ \xa0][A-Z][\w.'’&-]*){0,5}|[ \xa0]*\([^()\n]{1,60}\))?"
    r"[ \xa0]*:[ \xa0]*"
)
_DASH_SEP = re.compile(r"\s[-—–]\s+")
# A US lawmaker's party and state after the name: "Sen. Ben Sasse, R-Neb., called"
_PARTY_TAG = re.compile(r"[RDI]-[A-Z][A-Za-z]{1,12}")


@dataclass(frozen=True)
class Frame:
    """A matched attribution: speaker noun phrase span, cue and where the frame ends."""

    np_start: int
    np_end: int
    cue: str
    end: int  # end of the frame text (a following quote may continue the same attribution)
    kind: str  # trailing | leading | embedded; subject | unsure | verb (quote_subjects.py)


def gap(text: str, left: Token | int, right: Token | int) -> str:
    """Return the text between two tokens (or offsets)."""
    a = left if isinstance(left, int) else left.end + (2 if left.possessive else 0)
    b = right if isinstance(right, int) else right.start
    return text[a:b]


def frame_words(text: str, start: int, end: int) -> list[Token]:
    """Tokenise text[start:end], leaving out words inside parentheses ("(D-Ore.)", "(AP)")."""
    toks = tokenize(text, start, end)
    if "(" not in text[start:end]:
        return toks
    inside = [(m.start(), m.end()) for m in _PAREN.finditer(text, start, end)]
    return [t for t in toks if not any(a <= t.start < b for a, b in inside)]


def _adjacent(text: str, toks: Sequence[Token], j: int) -> bool:
    """Tell whether toks[j] and toks[j + 1] are separated by spaces only."""
    return not gap(text, toks[j], toks[j + 1]).strip()


def _valid_np(words: Sequence[str]) -> bool:
    """Tell whether words can be a speaker: pronoun, name, or determiner-led noun phrase."""
    if not words or len(words) > MAX_NP_WORDS:
        return False
    first = words[0]
    if first.lower() in PRONOUNS or first in RELATIVES:  # 'X, who said': resolved to X later
        return len(words) == 1
    if any(w in NOT_IN_NP for w in words):  # lowercase only: 'Will Doyle' is a name
        return False
    return (
        first[0].isupper()
        or first.lower() in DETERMINERS
        or words[-1][0].isupper()
        or (len(words) <= 3 and _plural(words[-1]))
    )


def _plural(word: str) -> bool:
    """Tell whether a lowercase word reads as a plural noun ('residents', 'people')."""
    return word.islower() and (word.endswith("s") or word in _IRREGULAR_PLURALS)


def _cue_at(toks: Sequence[Token], i: int, *, inverted: bool = False) -> str | None:
    """Return the cue starting at toks[i] ("said", "according to", "pointed out"), if any."""
    word = toks[i].text.lower()
    nxt = toks[i + 1].text.lower() if i + 1 < len(toks) else ""
    if word == "according":
        return "according to" if nxt == "to" else None
    if word in ("pointed", "points", "pointing") and nxt != "out":
        return None
    if word in ("shot", "fired", "hit", "pushed") and nxt != "back":
        return None
    if word in ("went", "goes", "began", "begins", "chimed") and nxt not in ("on", "in", "to"):
        return None
    if word in ("read", "reads") and not inverted:
        return None
    return toks[i].text if word in CUES else None


def _np_after(text: str, toks: Sequence[Token], i: int) -> tuple[int, int] | None:
    """Return the speaker span that follows a cue at toks[i] (', said Jane Doe, a ...')."""
    words: list[Token] = []
    for j in range(i, len(toks)):
        if j > i and re.search(r"[^\s]", gap(text, toks[j - 1], toks[j])):
            break
        if (toks[j].text.lower() in NP_STOP or toks[j].text == "that") and words:
            break  # 'said one owner of a shop that sells ...': the relative clause is not his name
        words.append(toks[j])
        if toks[j].possessive:
            break
    if not _valid_np([t.text for t in words]):
        return None
    return words[0].start, words[-1].end


_RELATIVE = frozenset({"which", "whom", "where", "whereby"})
_IRREGULAR_PLURALS = frozenset({"people", "men", "women", "children", "police"})


def _np_before(text: str, toks: Sequence[Token], cue: int, floor: int) -> tuple[int, int] | None:
    """Return the speaker span that ends right before the cue at toks[cue] (skipping adverbs)."""
    j = cue - 1
    while j >= 0 and toks[j].text.lower() in SKIPPABLE and _adjacent(text, toks, j):
        j -= 1
    if j < 0:
        return None
    # 'Sen. Ben Sasse, R-Neb., (the panel chairman,) called': a party tag is no segment
    segments = [s for s in _comma_segments(text, toks[: j + 1], floor) if not _party_tag(s)]
    if not segments:
        return None
    if (
        _PAREN.sub("", gap(text, toks[j], toks[j + 1])).strip(" \xa0") == ","
        and toks[j] in segments[-1]
    ):
        # 'Trump, the Republican nominee, said': skip the appositive.
        if len(segments) < 2:
            return None
        segments = segments[:-1]
    words = segments[-1]
    # 'billboards in which people say, "...': a relative clause's own subject speaks
    opener = max((k for k, t in enumerate(words[:-1]) if t.text.lower() in _RELATIVE), default=-1)
    words = words[opener + 1 :]
    while words and words[0].text.lower() in CONJUNCTIONS:
        words = words[1:]
    if not _valid_np([t.text for t in words]):
        return _name_before(text, words)
    return words[0].start, words[-1].end


def _name_before(text: str, words: Sequence[Token]) -> tuple[int, int] | None:
    """Return the name or pronoun right before a cue in a long clause ('what Gilbert called')."""
    k = len(words)
    while k > 0 and words[k - 1].is_cap and not (k < len(words) and words[k - 1].possessive):
        if k < len(words) and gap(text, words[k - 1], words[k]).strip():
            break
        k -= 1
    if k < len(words) and words[k].text not in STOP_CAPS:
        return words[k].start, words[-1].end
    if words and words[-1].text.lower() in PRONOUNS and words[-1].text.lower() != "it":
        return words[-1].start, words[-1].end
    return None


def sentence_subject(text: str, toks: Sequence[Token], floor: int) -> tuple[int, int] | None:
    """Return the subject of the sentence starting at floor: a pronoun or a capitalised name."""
    toks = [t for t in toks if t.start >= floor]
    # 'Last month, he ...': the subject follows the aside; without one, keep the first words.
    return opening_subject(text, toks, aside=True) or opening_subject(text, toks, aside=False)


def opening_subject(text: str, toks: Sequence[Token], *, aside: bool) -> tuple[int, int] | None:
    """Return the sentence's subject, skipping an opening aside when asked."""
    for k in range(min(len(toks) - 1, 8)):  # skip a dateline: 'WASHINGTON (AP) — '
        if re.search(r"\s[—–-]+\s", gap(text, toks[k], toks[k + 1])):
            toks = toks[k + 1 :]
            break
    i = 0
    if toks and (toks[0].text in _LEAD_WORDS or toks[0].text in DAYS_MONTHS):
        i = 1
    elif toks and (toks[0].text in _LEAD_PHRASES or (aside and _opens_aside(text, toks))):
        while i + 1 < len(toks) and "," not in gap(text, toks[i], toks[i + 1]):
            i += 1
        i += 1
    if i >= len(toks):
        return None
    if toks[i].text.lower() in PRONOUNS:
        return toks[i].start, toks[i].end
    if toks[i].text.lower() in DETERMINERS:
        return _described_subject(text, toks, i)
    j = i
    while (
        j < len(toks)
        and toks[j].is_cap
        and not toks[j].possessive
        and (j == i or not gap(text, toks[j - 1], toks[j]).strip())
    ):
        j += 1
    if j == i or (j < len(toks) and toks[j].possessive):
        return None
    return toks[i].start, toks[j - 1].end


def _opens_aside(text: str, toks: Sequence[Token]) -> bool:
    """Tell whether a sentence opens with a short aside before a comma ('Last month, he ...')."""
    first = toks[0].text
    if first not in STOP_CAPS or first.lower() in PRONOUNS or first.lower() in DETERMINERS:
        return False
    return any("," in gap(text, toks[k], toks[k + 1]) for k in range(min(len(toks) - 1, 5)))


def _described_subject(text: str, toks: Sequence[Token], i: int) -> tuple[int, int] | None:
    """Return 'The retired neurosurgeon' of 'The retired neurosurgeon has ...' (a head noun)."""
    end = None
    for j in range(i + 1, min(len(toks), i + 6)):
        if gap(text, toks[j - 1], toks[j]).strip():
            break
        if toks[j].text.lower() in SPEAKER_HEADS:
            end = toks[j].end
    return None if end is None else (toks[i].start, end)


def _comma_segments(text: str, toks: Sequence[Token], floor: int) -> list[list[Token]]:
    """Split tokens at commas and clause punctuation; drop words before the floor offset."""
    segments: list[list[Token]] = [[]]
    for k, tok in enumerate(toks):
        if tok.start < floor:
            continue
        if segments[-1] and re.search(r"[,;:—–]", _PAREN.sub("", gap(text, toks[k - 1], tok))):
            segments.append([])
        segments[-1].append(tok)
    return [s for s in segments if s] or [[]]


def trailing_frame(text: str, start: int, limit: int) -> Frame | None:
    """Match an attribution right after a quote ending at start ('," he said.')."""
    toks = frame_words(text, start, limit)[: MAX_NP_WORDS + 12]
    if not toks or re.search(r"[.!?;:]", gap(text, start, toks[0])):
        return None
    for i in range(min(len(toks), MAX_NP_WORDS + 10)):
        cue = _cue_at(toks, i, inverted=True)  # after a quote, "it read" reads the quote
        # '," comments Johnston': right after a quote that ends in a comma and before a name,
        # "comments" is a verb ('." States Texas and Ohio appealed' opens a new sentence)
        inverted_noun = i == 0 and _comma_before(text, start) and _verb_before_name(toks)
        cue = toks[0].text if inverted_noun else cue
        if cue is None:
            continue
        word_after = 2 if cue == "according to" else 1
        if i == 0 and (cue.lower() in INVERTIBLE or cue == "according to" or inverted_noun):
            span = _np_after(text, toks, i + word_after)
        elif i > 0:
            span = _np_before(text, toks, i, start)
            if span and text[start : span[0]].strip(" \xa0,—–-"):
                span = None  # words between quote and speaker: not this quote's frame
        else:
            span = None
        if span is None:
            return None
        end = toks[min(i + word_after, len(toks) - 1)].end
        return Frame(span[0], span[1], cue, max(end, span[1]), "trailing")
    return None


def _party_tag(segment: Sequence[Token]) -> bool:
    """Tell whether a comma segment is a lawmaker's party and state ("R-Neb.", "D-Calif.")."""
    return len(segment) == 1 and _PARTY_TAG.fullmatch(segment[0].text) is not None


def _comma_before(text: str, start: int) -> bool:
    """Tell whether the quote ending at start ends in a comma, inside or just outside its mark."""
    return text[max(0, start - 4) : start].rstrip("\"”’' \xa0")[-1:] == ","


def _verb_before_name(toks: Sequence[Token]) -> bool:
    """Tell whether a cue spelled like a noun ("comments", "notes") opens 'comments Johnston'."""
    return len(toks) > 1 and toks[0].text.lower() in NOUN_LIKE and toks[1].is_cap


def _label(text: str, floor: int, quote_start: int) -> re.Match[str] | None:
    """Match a label ('Name:', 'Name, Outlet:') filling text[floor:quote_start] or its tail."""
    hit = _LABEL.fullmatch(text, floor, quote_start)
    if hit is not None:
        return hit
    seps = [m.end() for m in _DASH_SEP.finditer(text, floor, quote_start)]
    if not seps or "\n" in text[floor : seps[-1] - 1]:
        return None
    return _LABEL.fullmatch(text, seps[-1], quote_start)  # 'LIVE - Jane Doe: "'


def leading_frame(text: str, floor: int, quote_start: int) -> Frame | None:
    """Match an attribution before a quote ('X said on Friday: "', 'According to X, "').

    The last cue before the quote wins when it introduces the quote directly; for a partial quote
    inside reported speech, an earlier core speech cue ('X said the US had observed "...') wins.
    """
    toks = frame_words(text, floor, quote_start)
    label = _label(text, floor, quote_start)
    if label:  # 'Michael P. McDonald: "...' (transcripts, live blogs)
        return Frame(label.start(1), label.end(1), ":", quote_start, "leading")
    first: Frame | None = None
    for i in range(len(toks) - 1, -1, -1):
        cue = _cue_at(toks, i)
        if cue is None and toks[i].text in NOUN_LIKE and len(toks) - i <= 2:
            cue = toks[i].text if i == len(toks) - 1 or toks[-1].text == "that" else None
        if cue is None:
            continue
        frame = _leading_at(text, toks, i, cue, floor, quote_start)
        if frame is None:
            if first is None:
                return None
            continue
        if frame.kind == "leading" or (first is not None and cue.lower() in CORE_CUES):
            return frame
        first = first or frame
    return first


def _leading_at(
    text: str, toks: Sequence[Token], i: int, cue: str, floor: int, quote_start: int
) -> Frame | None:
    """Build the leading frame whose cue is toks[i], or None when it has no speaker."""
    after = toks[i + (2 if cue == "according to" else 1) :]
    if cue == "according to":
        span = _np_after(text, toks, i + 2)
    elif i == 0 and toks[0].text[0].isupper() and cue.lower() in INVERTIBLE:
        span = _np_after(text, toks, 1)  # 'Said Comey, "The thought ...'
    else:
        # 'X joked ..., but went on to say, "...': the speaker is the sentence's subject.
        joined = i > 0 and toks[i - 1].text.lower() in ("and", "but", "then", "to")
        clause = cue.endswith("ing") and i > 0 and "," in gap(text, toks[i - 1], toks[i])
        if clause or joined:  # 'Trump joked ..., but went on to say, "...' / ', saying "...'
            span = sentence_subject(text, toks[:i], floor)
        else:
            span = _np_before(text, toks, i, floor)
    if span is None:
        return None
    tail = text[toks[-1].end : quote_start].strip()
    direct = len(after) <= 8 and (tail.endswith((":", ",")) or len(after) <= 1)
    return Frame(span[0], span[1], cue, quote_start, "leading" if direct else "embedded")
