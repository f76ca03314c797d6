"""Judge extracted blocks: what trafilatura lets through that is not the article.

Each rule returns a reason or None. Rules look at one block and its neighbours only:
- the headline, date line or reading-time line repeated at the top of the body;
- section labels ("Related", "Read more:", "DON'T MISS", "Tags");
- reader prompts (share this, sign up for the newsletter, follow us on Twitter, comments);
- runs of link-only headlines (related-article lists), and a link behind a "Read more:" label.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.clean.html_blocks import Block

_WORD = re.compile(r"\w+")
_LEAD_SCAN = 5  # leading blocks examined for a repeated headline, date line or prompt
_MAX_HEADLINE_WORDS = 25
_KICKER_WORDS = 3
_HEADLINE_OVERLAP = 0.6
_LINK_LIST_RATIO = 0.8  # share of a block's characters in links for it to be a link
_LINK_LABEL_RATIO = 0.4  # "Read more: <link>": the label plus a link

_LABEL = re.compile(
    r"^(?:related(?: posts?| articles?| stories| content| coverage| links)?|read (?:more|also|next)"
    r"|see (?:more|also)|more(?: from [\w .]+| on this(?: story)?| stories| news)?"
    r"|also(?: on [\w.]+| read)?|don'?t miss|you (?:may|might) also like|recommended(?: for you)?"
    r"|most (?:read|popular|viewed)(?: in [\w ]+)?|popular(?: stories| posts)?|trending(?: now)?"
    r"|top stories|further reading|leggi anche|lesen sie auch|lire aussi|leia (?:também|mais)"
    r"|veja também|ver también|tags?|filed under|categor(?:y|ies)"
    r"|share(?: this(?: article| story| post)?)?|\d* ?comments?)\s*[:.…|-]*$",
    re.IGNORECASE,
)
_LINK_LABEL = re.compile(
    r"^\[?(?:related(?: [\w ]{1,20})?|read (?:more|also|next)|see (?:more|also)|more|also read"
    r"|also(?: on [\w.]+)?|watch|listen|recommended|click here|leggi anche|lesen sie auch"
    r"|lire aussi|veja também|leia também)\s*[:|–-]|^also on [\w-]+\.[\w.]+\b",
    re.IGNORECASE,
)
_TAG_LINE = re.compile(r"^(?:tags?|filed under|categories|category|topics)\s*:", re.IGNORECASE)
# Credit and contact lines closing an article: who reported, edited or compiled it, where
# to write to the author. Kept short: a sentence mentioning "reporting by" is prose.
_CREDIT = re.compile(
    r"^\(?(?:additional |with )?(?:reporting|writing|editing|compiled|research) by\b"
    r"|\bcontributed (?:reporting|to this (?:report|story|article))\b"
    r"|^(?:source|sources)\s*:|^with .{0,40}\bwires?\.?$"
    r"|^(?:write to|e-?mail|contact|reach)\b.{0,80}(?:@|\bon twitter\b)|\bmay be reached at\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^[Bb]y\s+[A-Z][\w.'’-]*(?:,? (?:[A-Z][\w.'’-]*|and|&|de|van|von))*$")
_MAX_CREDIT_WORDS = 40
_MAX_JUDGED_WORDS = 60
_PROMPT = re.compile(
    "|".join(
        (
            r"\bshare (?:it|this)(?: (?:story|article|post))? with\b",
            r"^like this (?:story|article)\b",
            r"\bsign up (?:for|to)\b.*\b(?:newsletter|inbox|e-?mail)",
            r"\bsubscribe to\b.*\b(?:newsletter|channel|podcast)",
            r"\bdelivered (?:straight |right |directly )?(?:to|in)(?:to)? your inbox\b",
            r"\bright in your inbox\b",
            r"^follow\b.{0,80}\b(?:on|at) (?:twitter|facebook|instagram|linkedin|youtube)\b",
            r"^follow\b.{0,60}\bcoverage\b",
            r"^(?:tell us what you think|leave a (?:comment|reply))",
            r"^join the (?:conversation|discussion)",
            r"^get (?:the latest|access to|our)\b.*\b(?:newsletter|subscription|inbox|app)\b",
            r"\bclick here (?:for more|to (?:subscribe|read|sign up))",
            r"^this copy is for your personal, non-commercial use",
            r"^(?:order reprints|print article|an error has occurred)\b",
            r"^this article has been sent to\b",
            r"\bif you (?:enjoyed|liked) this article\b",
            r"^(?:we use|this (?:web)?site uses) cookies",
            r"^(?:tempo de leitura|(?:estimated )?reading time|lesezeit|temps de lecture)\s*:",
        )
    ),
    re.IGNORECASE,
)
# Every branch of _PROMPT and _CREDIT needs one of these words: a block holding none of them
# is not searched (each search tries ~20 branches at every position of the text).
_PROMPT_WORDS = (
    "share ", "like this ", "sign up ", "subscribe to", "delivered ", "right in your inbox",
    "follow", "tell us what you think", "leave a ", "join the ", "get ", "click here ",
    "this copy is for", "order reprints", "print article", "an error has occurred",
    "this article has been sent to", "if you ", "cookies", "tempo de leitura", "reading time",
    "lesezeit", "temps de lecture",
)  # fmt: skip
_CREDIT_WORDS = (
    "reporting by", "writing by", "editing by", "compiled by", "research by", "contributed ",
    "source", "wire", "@", "on twitter", "may be reached at",
)  # fmt: skip
_DATEISH = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d\d\b")
_URLISH = re.compile(r"^\S+(?:@|://|www\.)\S+$|^\S+\.(?:com|org|net|co\.\w+)\S*$", re.I)
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "'", ":", ";", "。", "！", "？", "」", "』", "…")


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def may_hold(text: str, words: Sequence[str]) -> bool:
    """Tell whether a text may match a pattern whose every branch needs one of these words."""
    if not text.isascii():
        return True  # case-insensitive matching folds some other letters to ASCII ones (K, ſ)
    lower = text.lower()
    return any(word in lower for word in words)


def _prompt(text: str) -> bool:
    return may_hold(text, _PROMPT_WORDS) and _PROMPT.search(text) is not None


def _credit(text: str) -> bool:
    return may_hold(text, _CREDIT_WORDS) and _CREDIT.search(text) is not None


def is_headline_repeat(block: Block, headlines: Sequence[str]) -> bool:
    """Tell whether a block repeats one of the page's headline wordings."""
    text = _norm(block.text)
    if not text:
        return False
    for headline in headlines:
        head = _norm(headline)
        if not head:
            continue
        # one may carry a site suffix or a kicker prefix the other lacks, nothing longer
        shorter, longer = sorted((text, head), key=len)
        if longer.startswith(shorter) and len(shorter) >= _HEADLINE_OVERLAP * len(longer):
            return True
    return False


def is_dateline(block: Block) -> bool:
    """Tell whether a block is a short date/time or byline stamp rather than prose."""
    few_words = len(_WORD.findall(block.text)) <= 14
    return (
        few_words and bool(_DATEISH.search(block.text)) and not block.text.endswith(_SENTENCE_END)
    )


def is_link_headline(block: Block) -> bool:
    """Tell whether a block is a whole link reading as a headline (not a URL, not a sentence)."""
    text = block.text
    if not block.whole or block.link_ratio < _LINK_LIST_RATIO or _URLISH.match(text):
        return False
    size = len(_WORD.findall(text))
    return 2 <= size <= _MAX_HEADLINE_WORDS and not text.endswith((".", ":"))


def _is_kicker(block: Block) -> bool:
    """Tell whether a block is a short section label (a kicker such as "TECH" or "Review")."""
    return len(_WORD.findall(block.text)) <= _KICKER_WORDS and not block.text.endswith(
        _SENTENCE_END
    )


def _is_dek(block: Block) -> bool:
    """Tell whether a block is a subheadline: one short line without a sentence ending."""
    return len(_WORD.findall(block.text)) <= _MAX_HEADLINE_WORDS and not block.text.endswith(
        _SENTENCE_END
    )


def drop_lead_repeats(blocks: Sequence[Block], headlines: Sequence[str]) -> int:
    """Count the leading blocks that are the headline (with kicker and dek) or a date stamp."""
    count, after_headline = 0, False
    while count < min(len(blocks), _LEAD_SCAN):
        block = blocks[count]
        headline = is_headline_repeat(block, headlines)
        kicker = (
            _is_kicker(block)
            and count + 1 < len(blocks)
            and is_headline_repeat(blocks[count + 1], headlines)
        )
        dek = after_headline and _is_dek(block)
        stamp = is_dateline(block) or _prompt(block.text) or bool(_URLISH.match(block.text))
        if not (headline or kicker or dek or stamp):
            break
        after_headline = headline
        count += 1
    return count


def judge_block(block: Block, *, after_label: bool, in_link_run: bool) -> str | None:
    """Return why a block is not article text, or None to keep it."""
    text = block.text
    size = len(_WORD.findall(text))
    if size > _MAX_JUDGED_WORDS:
        return None  # labels, prompts, credits and link lines are short; this is a paragraph
    if _LABEL.match(text):
        return "section-label"
    if _prompt(text):
        return "reader-prompt"
    if _LINK_LABEL.match(text) and block.link_ratio >= _LINK_LABEL_RATIO:
        return "related-link"
    if _TAG_LINE.match(text):
        return "tags"
    if size <= _MAX_CREDIT_WORDS and (_credit(text) or _BYLINE.match(text)):
        return "credit"
    if (after_label or in_link_run) and is_link_headline(block):
        return "related-list"
    return None


def filter_blocks(
    blocks: Sequence[Block], headlines: Sequence[str]
) -> tuple[list[Block], list[tuple[Block, str]]]:
    """Split blocks into kept article text and removed blocks with the reason."""
    lead = drop_lead_repeats(blocks, headlines)
    removed = [(block, "headline-or-dateline") for block in blocks[:lead]]
    rest = list(blocks[lead:])
    headline = [is_link_headline(block) for block in rest]
    kept: list[Block] = []
    for i, block in enumerate(rest):
        after_label = i > 0 and bool(_LABEL.match(rest[i - 1].text))
        in_run = (i > 0 and headline[i - 1]) or (i + 1 < len(rest) and headline[i + 1])
        reason = judge_block(block, after_label=after_label, in_link_run=in_run)
        if reason is None:
            kept.append(block)
        else:
            removed.append((block, reason))
    return kept, removed
