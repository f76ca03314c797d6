"""The extractor never keeps a small block when the page's article is elsewhere (html_choose)."""

from __future__ import annotations

import re
import tarfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import html as lxml_html

from storyline.clean import extract_html
from storyline.clean.html_blocks import Block
from storyline.clean.html_choose import ChoiceConfig, added_prose, is_doubtful, prefer
from storyline.clean.html_repair import Leaf
from storyline.errors import InputError

_ENTRIES = [
    "Dear family, I am so sorry to hear of your loss. I never met her, but I heard only good"
    " things about her from her grandmother, and I know how much she meant to all of you.",
    "I loved her from the day she was born. She fought the illness for five years with more"
    " courage than any of us, and she still found the strength to make us laugh every week.",
    "We worked together at the library for three summers. She organised the reading club for"
    " the children of the town and never once missed a Saturday, even during her treatment.",
    "Her website helped me through my own diagnosis last spring. Reading her account of the"
    " treatment made me less afraid, and I went to my first appointment with a list of questions.",
    "She was my neighbour for ten years. Every winter she shovelled the snow from my steps"
    " before I was awake, and she would never let me thank her for it or pay her back.",
    "Our church group prays for the family every Sunday. She sang in the choir until the last"
    " month, and the hymn she chose for the spring concert is still sung at every service.",
]


def _guestbook_page() -> str:
    """A memorial page: a short intro cell, the remembrances as a list in a scrolling box."""
    entries = "".join(f"<li>{text}<br>A friend (Yorktown, VA)<br><br></li>" for text in _ENTRIES)
    return (
        "<html><head><title>In Memoriam</title></head><body><table width='800'>"
        "<tr><td><font size='4'>In Memoriam</font></td></tr>"
        "<tr><td><font size='2'>We lost her to cancer after a courageous five year battle with the"
        " disease. Through it all, she was an example of strength and optimism to all of us and"
        " she will be sorely missed by all who knew her and loved her.</font></td></tr>"
        "<tr><td><font size='2'>Before she passed away, she kept a website about her battle with"
        " the disease. It has been re-created here for the benefit of others struggling with it:"
        " her account of the discovery, diagnosis and treatment. As you read her words, we hope"
        " you find not only information, but hope, encouragement and even a little humour.</font>"
        "</td></tr><tr><td><font size='2'>If you would like to leave a word of memorial or"
        " encouragement, please click here to view the guest book, where her friends from school,"
        " from the library and from the hospital have written to the family since the"
        " funeral.</font></td></tr>"
        "<tr><td><font size='2'>Following are comments left by friends and family. If you would"
        " like to add your thoughts or remembrances, please follow the link below to the"
        " guestbook. By mousing over the comments, you can stop the scroll.</font></td></tr>"
        "<tr><td><font size='2'><marquee direction='up' class='drumscroll'><ul><br><br>"
        f"{entries}</ul></marquee></font></td></tr>"
        "<tr><td><a href='/guestbook'>Sign the guestbook</a></td></tr></table></body></html>"
    )


def test_remembrances_in_a_list_are_not_lost() -> None:
    text = extract_html(_guestbook_page()).text
    for entry in _ENTRIES:
        assert entry[:60] in text


def _leaves(*texts: str) -> list[Leaf]:
    return [Leaf(lxml_html.fromstring("<p>x</p>"), text, 0.0) for text in texts]


def _blocks(*texts: str, link_chars: int = 0) -> list[Block]:
    return [Block(text, link_chars=link_chars) for text in texts]


_NOTICE = (
    "FAIR USE NOTICE: This site contains copyrighted material the use of which has not always"
    " been specifically authorized by the copyright owner. We believe this constitutes a fair use"
    " of any such copyrighted material as provided for in section 107 of the US Copyright Law."
)
_PROSE = [
    f"The council voted on Tuesday to close the {name} bridge for repairs, after engineers found"
    " cracks in two of its supports during the spring inspection of the river crossings."
    for name in ("north", "south", "east", "west", "old", "rail", "foot", "harbour")
]


def test_a_notice_is_doubted_and_loses_to_the_prose() -> None:
    config = ChoiceConfig()
    notice = _blocks(_NOTICE * 4)  # long enough to pass a fixed length floor
    assert is_doubtful(notice, _leaves(*_PROSE, *_PROSE, *_PROSE), config)
    article = _blocks(*_PROSE)
    assert added_prose(notice, [*article, *notice]) > 0
    assert prefer(notice, [*article, *notice], config) == [*article, *notice]


def test_boilerplate_adds_no_prose() -> None:
    config = ChoiceConfig()
    article = _blocks(*_PROSE)
    links = _blocks(
        *(f"Read the {i} most popular stories of the week here." for i in range(30)), link_chars=40
    )
    menu = _blocks(*(f"Section {i} news and more" for i in range(30)), link_chars=20)
    assert added_prose(article, [*article, *menu, *links]) == 0
    assert prefer(article, [*article, *menu, *links], config) == article


def test_a_long_prose_candidate_is_not_doubted() -> None:
    assert not is_doubtful(_blocks(*_PROSE), _leaves(*_PROSE, _NOTICE), ChoiceConfig())


# Pages of the shared development sets that the old choice lost (precision kept a small block):
# a guestbook in a list, short articles whose first precision block was a heading or a blurb.
LOST_BEFORE = [
    ("cleaneval-dev", "34"),
    ("readability", "title-and-h1-discrepancy"),
    ("readability", "003-metadata-preferred"),
]
_TOKEN = re.compile(r"\w+")
_MARK = re.compile(r"<[^>]{0,20}>")


def _f1(gold: str, text: str) -> float:
    def shingles(value: str) -> Counter[tuple[str, ...]]:
        tokens = _TOKEN.findall(value)
        return Counter(tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3)))

    true, pred = shingles(gold), shingles(text)
    tp = sum((true & pred).values())
    return 2 * tp / (sum(true.values()) + sum(pred.values()))


def _read(archive: Path, name: str, key: str) -> tuple[bytes, str]:
    with tarfile.open(archive) as tar:
        page = tar.extractfile(f"{name}/input/{key}.html")
        gold = tar.extractfile(f"{name}/GoldStandard/{key}.txt")
        assert page is not None and gold is not None
        raw, text = page.read(), gold.read().decode("utf-8", errors="replace")
    lines = text.splitlines()
    if lines and lines[0].startswith("URL:"):
        text = "\n".join(lines[1:])
    return raw, _MARK.sub(" ", text)  # gold markup (block markers, HTML tags) out


@pytest.mark.parametrize(("name", "key"), LOST_BEFORE)
def test_pages_lost_before_are_kept(shared_data: Path, name: str, key: str) -> None:
    archive = shared_data / "html-extraction-dev" / f"{name}.tar.xz"
    if not archive.is_file():
        pytest.skip(f"{archive} is not available")
    raw, gold = _read(archive, name, key)
    assert _f1(gold, extract_html(raw).text) > 0.8


def test_a_page_of_boilerplate_only_is_rejected_with_its_reasons() -> None:
    html = (
        "<html><body><nav><a href='/a'>Home</a> <a href='/b'>News</a></nav><div>"
        "<p>Share this article with a friend</p><p>Related stories</p>"
        "<p>Sign up for our newsletter delivered to your inbox</p></div></body></html>"
    )
    with pytest.raises(InputError, match=r"only 3 boilerplate lines \(.*section-label"):
        extract_html(html)
