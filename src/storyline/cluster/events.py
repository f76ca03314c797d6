"""Tell what changed between two partitions of articles into stories: merges, splits, renames."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from storyline.cluster.model import StoryEvent


def diff_stories(
    before: Mapping[str, str], after: Mapping[str, str], arrived: Collection[str] = ()
) -> list[StoryEvent]:
    """Compare article -> story maps; arrived names the articles new or changed since before.

    Only articles present in both maps show a change: an article that merely arrives
    and joins or opens a story is no event.
    """
    olds_of: dict[str, set[str]] = {}
    news_of: dict[str, set[str]] = {}
    for article, old in before.items():
        new = after.get(article)
        if new is None:
            continue
        olds_of.setdefault(new, set()).add(old)
        news_of.setdefault(old, set()).add(new)
    causes: dict[str, list[str]] = {}
    for article in sorted(arrived):
        if article in after:
            causes.setdefault(after[article], []).append(article)
    events = []
    for new, olds in sorted(olds_of.items()):
        if len(olds) > 1:
            events.append(
                StoryEvent("merge", new, tuple(sorted(olds - {new})), tuple(causes.get(new, ())))
            )
    for old, news in sorted(news_of.items()):
        if len(news) > 1:
            cause = tuple(a for n in sorted(news) for a in causes.get(n, ()))
            events.append(StoryEvent("split", old, tuple(sorted(news - {old})), cause))
        elif len(news) == 1:
            (new,) = news
            if new != old and olds_of[new] == {old}:
                events.append(StoryEvent("renamed", new, (old,), tuple(causes.get(new, ()))))
    return events
