"""Time each text stage on adversarial texts of growing size: seconds per MB and growth ratio.

Every stage must be at most linear in the length of its text. The inputs are what a hostile or
broken page holds: one long run without spaces, thousands of quotes, thousands of capitalised
words, deeply nested markup, "Contact: @" before a long run of letters, thousands of e-mail-like
and link-like fragments. For each (stage, input) it prints the seconds per MB at each size and
the ratio of time at the largest size to time at the smallest, divided by the size ratio (1.0 is
linear; 2.0 at a 4x size step would mean quadratic).

    python benchmarks/adversarial_text.py                      # 0.25, 0.5, 1 MB
    python benchmarks/adversarial_text.py --sizes 20000 80000  # quick, in characters
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from storyline.analyze.align import align
from storyline.analyze.entities import find_mentions
from storyline.analyze.quotes import extract_quotes
from storyline.clean.html import extract_html
from storyline.clean.text import clean_text
from storyline.cluster.features import extract

MB = 1_000_000


def _fill(unit: str, size: int) -> str:
    """Repeat unit to exactly size characters."""
    return (unit * (size // len(unit) + 1))[:size]


def _lines(unit: str, size: int) -> str:
    """Repeat a line (with its newline) to about size characters."""
    return _fill(unit + "\n", size)


# name -> size -> text. Each is a shape a real scraped page can take, blown up.
INPUTS: dict[str, Callable[[int], str]] = {
    "letters-run": lambda n: "Breaking news today. " + _fill("a", n),
    "contact-at": lambda n: "Contact: @" + _fill("a", n),
    "at-runs": lambda n: _fill("ab.cd+ef@", n),
    "dots-run": lambda n: "www." + _fill("a.", n),
    "quotes": lambda n: _fill('"Yes," he said. "No," she said. ', n),
    "open-quotes": lambda n: _fill('He said "', n),
    "unnamed-quotes": lambda n: _fill('One man left. "Yes, we are fine," he said. ', n),
    "capitals": lambda n: _fill("Anna Berta Carl Dora Emil ", n),
    "capitals-lines": lambda n: _lines("The Mayor Of New Springfield Said On Monday", n),
    "labels": lambda n: _lines("Read more: Contact us | Home | Sign up", n),
    "punctuation": lambda n: _fill("!?.,;:-", n),
    "one-sentence-lines": lambda n: _lines("The council met on Monday to discuss the plan.", n),
}
HTML_INPUTS: dict[str, Callable[[int], str]] = {
    "nested-divs": lambda n: "<html><body>" + "<div>" * (n // 10) + "Text. " + "</div>" * (n // 10),
    "many-paragraphs": lambda n: (
        "<html><body>"
        + _fill("<p>The council met on Monday to discuss the plan again.</p>", n)
        + "</body></html>"
    ),
    "unclosed-tags": lambda n: "<html><body><p>Start. " + _fill("<b><i>word ", n),
}


def _align_two(text: str) -> object:
    return align({"a": text, "b": text[: len(text) // 2]})


STAGES: dict[str, Callable[[str], object]] = {
    "clean.text": clean_text,
    "analyze.quotes": extract_quotes,
    "analyze.entities": find_mentions,
    "analyze.align": _align_two,
    "cluster.features": lambda text: extract("A title", text, None),
}


def timed(stage: Callable[[str], object], text: str) -> float:
    """Return the seconds one call takes."""
    started = time.perf_counter()
    stage(text)
    return time.perf_counter() - started


def _html(text: str) -> object:
    try:
        return extract_html(text)
    except Exception:
        return None


def cases() -> list[tuple[str, str, Callable[[str], object], Callable[[int], str]]]:
    """List every (stage, input, function, generator) pair measured."""
    out = [(stage, name, fn, make) for stage, fn in STAGES.items() for name, make in INPUTS.items()]
    out += [("clean.html", name, _html, make) for name, make in HTML_INPUTS.items()]
    return out


def main() -> None:
    """Print seconds per MB at each size and the growth of time over the growth of size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[MB // 4, MB // 2, MB])
    parser.add_argument("--only", default="", help="run only stages whose name holds this")
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    head = " ".join(f"{s / MB:>9.2f}MB" for s in sizes)
    print(f"{'stage':18} {'input':20} {head}  growth (s/MB, then t_max/t_min / size ratio)")
    for stage, name, fn, make in cases():
        if args.only not in stage:
            continue
        per_mb = [timed(fn, make(size)) / size * MB for size in sizes]
        growth = per_mb[-1] / per_mb[0] if per_mb[0] > 0 else float("nan")
        row = " ".join(f"{v:>11.3f}" for v in per_mb)
        print(f"{stage:18} {name:20} {row}  {growth:6.2f}", flush=True)


if __name__ == "__main__":
    main()
