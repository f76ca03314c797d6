"""Oracle partitions that say where clustering loses against gold labels (for cluster_bench.py).

Neither is a clusterer: both read the gold labels. They bound what a kind of change could gain.
"""

from __future__ import annotations

from collections import Counter

from storyline.cluster.features import parse_timestamp

DAY = 86_400.0


def cut_at_silences(
    gold: dict[str, str], published: dict[str, str | None], days: float
) -> dict[str, str]:
    """Return the gold events cut wherever their reports fall silent for more than days."""
    by_event: dict[str, list[tuple[float, str]]] = {}
    for article, event in gold.items():
        stamp = parse_timestamp(published.get(article)) or 0.0
        by_event.setdefault(event, []).append((stamp, article))
    cut: dict[str, str] = {}
    for event, dated in by_event.items():
        part, last = 0, None
        for stamp, article in sorted(dated):
            if last is not None and stamp - last > days * DAY:
                part += 1
            last = stamp
            cut[article] = f"{event}/{part}"
    return cut


def place_near_main(
    gold: dict[str, str], pred: dict[str, str], published: dict[str, str | None], days: float
) -> tuple[dict[str, str], int]:
    """Move the strays published near their event's main story into it; count them.

    A stray is an article outside its event's main story (the story holding most of the
    event's articles) in a story of that event alone, published within days of the main
    story's first or last article. Wrong merges are left as they are.
    """
    stamp = {a: parse_timestamp(published.get(a)) or 0.0 for a in gold}
    events: dict[str, list[str]] = {}
    for article in sorted(gold):
        events.setdefault(gold[article], []).append(article)
    pure = _pure_stories(gold, pred)
    placed, moved = dict(pred), 0
    for articles in events.values():
        main = Counter(pred[a] for a in articles).most_common(1)[0][0]
        times = [stamp[a] for a in articles if pred[a] == main]
        low, high = min(times) - days * DAY, max(times) + days * DAY
        for article in articles:
            if pred[article] != main and pred[article] in pure and low <= stamp[article] <= high:
                placed[article] = main
                moved += 1
    return placed, moved


def _pure_stories(gold: dict[str, str], pred: dict[str, str]) -> set[str]:
    """Return the predicted stories whose articles all belong to one gold event."""
    events: dict[str, set[str]] = {}
    for article, story in pred.items():
        events.setdefault(story, set()).add(gold[article])
    return {story for story, found in events.items() if len(found) == 1}
