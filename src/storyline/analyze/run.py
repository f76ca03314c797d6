"""Analyse the stories of a store, keeping each analysis until its story changes.

Each story's analysis is stored as JSON with a fingerprint of everything it was computed from:
the members' ids, dates, outlets, titles, URLs, raw and cleaned texts, and ANALYSIS_VERSION. A run
recomputes only the stories whose fingerprint changed, and drops analyses of vanished stories.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

import xxhash

from storyline.analyze.ports import AnalysisStore
from storyline.analyze.provenance import StoryArticle
from storyline.analyze.stems import Stemmer
from storyline.analyze.story import AnalysisConfig, analyze_story
from storyline.workers import worker_pool
from storyline.young import young_only

# Bump when the analysis changes what it computes: stored records of another version are redone.
# 6: hyphenated given names. 5: copy graph by what explains; glued-on tails. 4: dates at precision
ANALYSIS_VERSION = "6"

BATCH_STORIES = 32  # stories per worker task: enough work to pay for sending the texts

Tick = Callable[[int], None]
# One story to (re)compute: its id, its fingerprint and its articles.
Job = tuple[str, str, list[StoryArticle]]
# A worker's task: the settings, the run's stemmer (sent without its cache) and the stories.
Batch = tuple[AnalysisConfig | None, Stemmer, list[Job]]


def _noop(_: int) -> None:
    return None


@dataclass
class AnalyzeReport:
    """What one analysis run did."""

    analysed: int = 0  # stories (re)computed
    reused: int = 0  # stories whose stored analysis was still current
    pruned: int = 0  # analyses of stories that no longer exist, deleted

    def summary(self) -> str:
        """Render the one-line summary printed after a run."""
        return f"analysed {self.analysed} stories, {self.reused} unchanged, {self.pruned} pruned"


def load_story_articles(store: AnalysisStore, article_ids: Iterable[str]) -> list[StoryArticle]:
    """Read a story's current article versions, with cleaned text when there is one."""
    out = []
    for article_id in article_ids:
        article = store.get_article(article_id)
        if article is None:
            continue  # removed since clustering: the story is analysed without it
        cleaned = store.get_cleaned(article_id)
        out.append(
            StoryArticle(
                id=article.id,
                text=cleaned.text if cleaned is not None else article.text,
                source=article.source,
                published=article.published,
                title=article.title,
                url=article.url,
                raw_text=article.text,
            )
        )
    return out


def fingerprint(articles: Iterable[StoryArticle]) -> str:
    """Hash everything the analysis reads of a story's articles (and the analysis version)."""
    digest = xxhash.xxh3_128(ANALYSIS_VERSION.encode())
    for a in sorted(articles, key=lambda a: a.id):
        for value in (a.id, a.published, a.source, a.title, a.url, a.text, a.raw_text):
            digest.update((value or "").encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
    return digest.hexdigest()


def analyze_stored_story(
    store: AnalysisStore,
    story_id: str,
    article_ids: Iterable[str],
    config: AnalysisConfig | None = None,
    *,
    save: bool = True,
    stemmer: Stemmer | None = None,
) -> tuple[dict[str, Any], bool] | None:
    """Return (analysis JSON, recomputed?) of a story, recomputing only when its members changed.

    None when none of its articles exists any more. With save=False nothing is written.
    stemmer: the caller's, to share its stems across stories (None: a new one).
    """
    articles = load_story_articles(store, article_ids)
    if not articles:
        return None
    key = fingerprint(articles)
    stored = store.get_analysis(story_id)
    if stored is not None and stored[0] == key:
        return stored[1], False
    data = analyze_story(story_id, articles, config, stemmer=stemmer).to_json()
    if save:
        with store.transaction():
            store.save_analysis(story_id, key, data)
    return data, True


def analyze_store(
    store: AnalysisStore,
    config: AnalysisConfig | None = None,
    *,
    workers: int | None = None,
    tick: Tick = _noop,
) -> AnalyzeReport:
    """Bring every story's stored analysis up to date; drop those of vanished stories.

    The changed stories are analysed in `workers` processes (None: default_workers()), in
    batches; the results are stored here, in story order, whatever the number of workers.
    """
    report = AnalyzeReport()
    stories = store.list_stories()
    jobs = _changed(store, stories, report, tick)
    stemmer = Stemmer()  # this run's: in this process every story shares its stems
    with worker_pool(workers) as pool:
        batches = iter(lambda: list(islice(jobs, BATCH_STORIES)), [])
        for done in pool.map(_analyze_batch, ((config, stemmer, b) for b in batches)):
            with store.transaction():
                for story_id, key, data in done:
                    store.save_analysis(story_id, key, data)
            report.analysed += len(done)
            tick(len(done))
    with store.transaction():
        report.pruned = store.prune_analyses(s["id"] for s in stories)
    return report


def _changed(
    store: AnalysisStore, stories: Iterable[Mapping[str, Any]], report: AnalyzeReport, tick: Tick
) -> Iterator[Job]:
    """Yield the stories whose stored analysis is missing or stale; count the current ones."""
    for story in stories:
        articles = load_story_articles(store, story["article_ids"])
        if not articles:
            tick(1)
            continue
        key = fingerprint(articles)
        stored = store.get_analysis(story["id"])
        if stored is not None and stored[0] == key:
            report.reused += 1
            tick(1)
            continue
        yield story["id"], key, articles


def _analyze_batch(job: Batch) -> list[tuple[str, str, dict[str, Any]]]:
    """Analyse a batch of stories (in a worker process); return (id, fingerprint, JSON) each."""
    config, stemmer, batch = job
    with young_only():
        return [
            (story_id, key, analyze_story(story_id, articles, config, stemmer=stemmer).to_json())
            for story_id, key, articles in batch
        ]


def with_analysis(store: AnalysisStore, story: Mapping[str, Any]) -> dict[str, Any]:
    """Return a story view (as the cluster stage shows it) extended with its analysis.

    Uses the stored analysis when it is current, else computes it without writing. The analysis
    replaces `title` (the same name, storyline.headline.story_name) and `first_published` (then
    {article_id, date, ...}), lists the articles in publication order (ties as the analysis
    ordered them) and adds role, copy_of and based_on to each.
    """
    result = analyze_stored_story(store, story["id"], story.get("article_ids") or [], save=False)
    view = dict(story)
    if result is None:
        return view
    analysis = result[0]
    roles = {a["id"]: a for a in analysis.get("articles", [])}
    view.update({k: v for k, v in analysis.items() if k not in ("id", "articles")})
    view["title"] = analysis.get("title") or story.get("title")
    rank = {article_id: n for n, article_id in enumerate(roles)}  # publication order, in UTC
    members = sorted(
        story.get("articles") or [{"id": i} for i in roles],
        key=lambda a: rank.get(a["id"], len(rank)),
    )
    view["articles"] = [
        {**a, **{k: roles.get(a["id"], {}).get(k) for k in ("role", "copy_of", "based_on")}}
        for a in members
    ]
    return view


def current_analyses(
    store: AnalysisStore, *, min_size: int = 1, tick: Tick = _noop
) -> Iterator[dict[str, Any]]:
    """Yield the up-to-date analysis of every story with at least min_size articles."""
    stemmer = Stemmer()
    for story in store.list_stories(min_size=min_size):
        result = analyze_stored_story(store, story["id"], story["article_ids"], stemmer=stemmer)
        if result is not None:
            yield result[0]
        tick(1)


def story_overviews(store: AnalysisStore, *, limit: int | None = None) -> list[dict[str, Any]]:
    """List stories, most recent first, with their first publisher and copy counts."""
    out = []
    for story in store.list_stories(limit=limit):
        stored = store.get_analysis(story["id"])
        analysis = stored[1] if stored is not None else {}
        roles = [a.get("role") for a in analysis.get("articles", [])]
        out.append(
            {
                **story,
                "title": analysis.get("title") or story.get("title"),
                "first_publisher": analysis.get("first_published"),
                "copies": roles.count("copy"),
                "summary": analysis.get("summary", []),
            }
        )
    return out
