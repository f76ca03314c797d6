"""Commands over stories: list them, show one with its analysis."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from storyline.cli.shell import (
    DB_OPTION,
    JSON_OPTION,
    MIN_SIZE_OPTION,
    STORY_KEYS,
    emit_json,
    handle_errors,
    id_column,
    main,
)
from storyline.dates import show as show_date
from storyline.outlets import outlet_name
from storyline.store import Store


@main.command()
@DB_OPTION
@JSON_OPTION
@click.option("--limit", type=int, default=None, help="Show at most this many.")
@click.option("--offset", type=int, default=0, help="Skip this many first.")
@MIN_SIZE_OPTION
@handle_errors
def stories(db: str | None, as_json: bool, limit: int | None, offset: int, min_size: int) -> None:
    """List stories, most recent first."""
    from storyline.stories import list_stories

    with Store.open(db, must_exist=True) as store:
        rows = list_stories(store, limit=limit, offset=offset, min_size=min_size)
    if as_json:
        emit_json([{k: r[k] for k in STORY_KEYS} for r in rows])
        return
    table = Table(id_column(rows), "articles", "first", "last", "title")
    for row in rows:
        table.add_row(
            row["id"],
            str(len(row["article_ids"])),
            show_date(row["first_published"]),
            show_date(row["last_published"]),
            (row["title"] or "")[:70],
        )
    Console(highlight=False).print(table)


@main.command()
@click.argument("query", nargs=-1, required=True)
@DB_OPTION
@JSON_OPTION
@click.option(
    "--sort",
    "order",
    type=click.Choice(["relevance", "recent"]),
    default="relevance",
    show_default=True,
    help="Best match first (titles weigh most), or newest first.",
)
@click.option("--since", default=None, help="Stories with an article from this ISO day on.")
@click.option("--until", default=None, help="Stories with an article up to this ISO day.")
@click.option("--source", default=None, help="Only stories this outlet carries.")
@click.option("--limit", type=int, default=20, show_default=True, help="Show at most this many.")
@handle_errors
def search(
    query: tuple[str, ...],
    db: str | None,
    as_json: bool,
    order: str,
    since: str | None,
    until: str | None,
    source: str | None,
    limit: int,
) -> None:
    """Find stories: words, "a phrase", a OR b, prefix*, -excluded."""
    from storyline.api import StorySearch, search_stories

    with Store.open(db) as store:
        rows, total = search_stories(
            store, StorySearch(" ".join(query), since, until, source, order), limit=limit
        )
    if as_json:
        emit_json({"total": total, "items": rows})
        return
    table = Table("id", "articles", "first", "last", "title", caption=f"{total} found")
    for row in rows:
        table.add_row(
            row["id"],
            str(row["size"]),
            row["first_published"] or "",
            row["last_published"] or "",
            escape((row["title"] or "")[:70]),
        )
    Console(highlight=False).print(table)


@main.command()
@click.argument("story_id")
@DB_OPTION
@JSON_OPTION
@handle_errors
def story(story_id: str, db: str | None, as_json: bool) -> None:
    """Show one story: its articles and why each belongs to it."""
    from storyline.stories import story_detail

    with Store.open(db, must_exist=True) as store:
        view = story_detail(store, story_id)
    if as_json:
        emit_json(view)
        return
    console = Console(highlight=False)
    console.print(f"[bold]{escape(view['title'] or view['id'])}[/bold]")
    first = view["first_published"]
    first_date = first.get("date") if isinstance(first, dict) else first
    console.print(
        f"id: {view['id']}  articles: {len(view['article_ids'])}  "
        f"{show_date(first_date) or '?'} .. {show_date(view['last_published']) or '?'}",
        markup=False,
    )
    for item in view["articles"]:
        role = (
            f"[{item['role']}{' of ' + item['based_on'] if item.get('based_on') else ''}] "
            if item.get("role")
            else ""
        )
        outlet = outlet_name(item.get("source"), item.get("url")) or "unknown outlet"
        console.print(
            f"- {show_date(item['published']) or '?'} {outlet} {item['id']}: "
            f"{role}{item['title'] or ''}",
            markup=False,
        )
        console.print(f"    {item['reason']}", markup=False)
    for event in view["events"]:
        console.print(
            f"event {event['kind']}: {event['story']} <- {', '.join(event['others'])}", markup=False
        )
    print_analysis(console, view)


def print_analysis(console: Console, view: dict[str, Any]) -> None:
    """Print a story's first publisher, summary, additions and quotes (when analysed)."""
    first = view.get("first_published")
    if isinstance(first, dict) and first.get("article_id"):
        tied = f" (tied with {', '.join(first['tied_with'])})" if first.get("tied_with") else ""
        console.print(
            f"\nfirst published by {first['article_id']} on {show_date(first['date'])}{tied}",
            markup=False,
        )
    if view.get("summary"):
        console.print("\nsummary:", markup=False)
        for line in view["summary"]:
            cited = ", ".join(line["article_ids"])
            console.print(f"  - {line['sentence']} [{cited}]", markup=False)
    for article_id, sentences in (view.get("additions") or {}).items():
        if sentences:
            console.print(f"\nonly in {article_id}:", markup=False)
            for sentence in sentences[:5]:
                console.print(f"  + {sentence}", markup=False)
    for article_id, sentences in (view.get("appended") or {}).items():
        console.print(f"\nglued onto {article_id}, not about this story:", markup=False)
        for sentence in sentences[:3]:
            console.print(f"  ~ {sentence}", markup=False)
    for quote in (view.get("quotes") or [])[:5]:
        console.print(
            f"\n\u201c{quote['text'][:300]}\u201d \u2014 {quote['speaker'] or '?'} "
            f"[{len(quote['article_ids'])} articles]",
            markup=False,
        )
