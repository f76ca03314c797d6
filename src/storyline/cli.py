"""The `storyline` command: a thin shell over the library."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from storyline import api, pipeline
from storyline.config import MB, IngestConfig, parse_field_map
from storyline.errors import NotFoundError, StorylineError, UsageError
from storyline.store import Store

F = TypeVar("F", bound=Callable[..., Any])
DB_OPTION = click.option(
    "--db",
    "db",
    envvar="STORYLINE_DB",
    default=None,
    metavar="FILE",
    help="SQLite database (default: $STORYLINE_DB or ./storyline.db).",
)
JSON_OPTION = click.option(
    "--json", "as_json", is_flag=True, help="Print stable JSON instead of a table."
)


def handle_errors(func: F) -> F:
    """Turn StorylineError into a one-line message and an exit status."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UsageError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except NotFoundError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except StorylineError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def emit_json(data: Any) -> None:
    """Print data as indented, stable JSON."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@contextmanager
def progress_bar(label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """Yield a tick function driving a rich progress bar on a terminal (silent otherwise)."""
    if not sys.stdout.isatty():
        yield lambda _n: None
        return
    columns = [SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn()]
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyline")
def main() -> None:
    """storyline: turn a pile of scraped news into stories."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--source", default=None, help="Outlet name to record for every article.")
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="FIELD=PATH",
    help="Read FIELD from PATH in JSON/CSV records, e.g. --map text=body.",
)
@click.option("--strict", is_flag=True, help="Stop at the first rejection and store nothing.")
@click.option("--no-clean", is_flag=True, help="Keep texts as ingested (skip cleaning).")
@click.option(
    "--max-text-bytes",
    type=int,
    default=5 * MB,
    show_default=True,
    help="Reject articles whose text is larger.",
)
@click.option(
    "--max-raw-bytes",
    type=int,
    default=50 * MB,
    show_default=True,
    help="Reject files or records that (decompressed) are larger.",
)
@handle_errors
def ingest(
    paths: tuple[str, ...],
    db: str | None,
    source: str | None,
    maps: tuple[str, ...],
    strict: bool,
    no_clean: bool,
    max_text_bytes: int,
    max_raw_bytes: int,
) -> None:
    """Ingest articles from files, directories, globs or - (JSONL on stdin)."""
    config = IngestConfig(
        source=source,
        field_map=parse_field_map(maps),
        strict=strict,
        max_text_bytes=max_text_bytes,
        max_raw_bytes=max_raw_bytes,
    )
    with Store.open(db) as store, progress_bar("ingesting") as tick:
        report = pipeline.ingest(store, paths, config, stdin=sys.stdin.buffer, tick=tick)
        if not no_clean:
            pipeline.clean(store)
    for rejection in report.rejections[:20]:
        where = (
            rejection.path if rejection.record is None else f"{rejection.path}#{rejection.record}"
        )
        click.echo(f"rejected {where}: {rejection.reason}", err=True)
    if report.rejected > 20:
        click.echo(f"... and {report.rejected - 20} more: see `storyline rejected`", err=True)
    click.echo(report.summary())
    if not report.read_anything and report.rejected:
        sys.exit(2)
    sys.exit(1 if report.rejected else 0)


@main.command()
@DB_OPTION
@JSON_OPTION
@click.option("--limit", type=int, default=None, help="Show at most this many.")
@click.option("--offset", type=int, default=0, help="Skip this many first.")
@handle_errors
def articles(db: str | None, as_json: bool, limit: int | None, offset: int) -> None:
    """List stored articles."""
    with Store.open(db) as store:
        rows = api.list_articles(store, limit=limit, offset=offset)
    if as_json:
        emit_json(rows)
        return
    table = Table("id", "published", "source", "title", "words")
    for row in rows:
        table.add_row(
            row["id"],
            row["published"] or "",
            row["source"] or "",
            (row["title"] or "")[:60],
            str(len(row["text"].split())),
        )
    Console().print(table)


@main.command()
@click.argument("article_id")
@DB_OPTION
@JSON_OPTION
@handle_errors
def article(article_id: str, db: str | None, as_json: bool) -> None:
    """Show one article with its raw input, cleaned text and removed spans."""
    with Store.open(db) as store:
        view = api.article_detail(store, article_id)
    if as_json:
        emit_json(view)
        return
    console = Console(highlight=False)
    console.print(f"[bold]{view['title'] or view['id']}[/bold]", markup=True)
    for key in ("id", "source", "published", "url", "path"):
        console.print(f"{key}: {view[key] or ''}", markup=False)
    console.print()
    console.print(view["text"], markup=False)
    for span in view["removed"]:
        console.print(
            f"\n[removed {span['reason']} {span['start']}-{span['end']}] {span['text'][:80]!r}",
            markup=False,
        )


@main.command()
@DB_OPTION
@JSON_OPTION
@handle_errors
def rejected(db: str | None, as_json: bool) -> None:
    """List rejected input records with the reason."""
    with Store.open(db) as store:
        rows = api.list_rejections(store)
    if as_json:
        emit_json(rows)
        return
    table = Table("path", "record", "reason")
    for row in rows:
        table.add_row(
            row["path"], "" if row["record"] is None else str(row["record"]), row["reason"]
        )
    Console().print(table)


@main.command()
@DB_OPTION
@click.option("--full", is_flag=True, help="Recluster every article from scratch.")
@handle_errors
def cluster(db: str | None, full: bool) -> None:
    """Group articles that report the same event into stories (incremental)."""
    from storyline.cluster.run import cluster_store, duplicate_groups

    with Store.open(db) as store, progress_bar("clustering") as tick:
        report = cluster_store(store, duplicates=duplicate_groups(store), full=full, tick=tick)
    click.echo(report.summary())


@main.command()
@DB_OPTION
@JSON_OPTION
@click.option("--limit", type=int, default=None, help="Show at most this many.")
@click.option("--offset", type=int, default=0, help="Skip this many first.")
@click.option("--min-size", type=int, default=1, show_default=True,
              help="Only stories with at least this many articles.")
@handle_errors
def stories(db: str | None, as_json: bool, limit: int | None, offset: int, min_size: int) -> None:
    """List stories, most recent first."""
    from storyline.cluster.api import list_stories

    with Store.open(db) as store:
        rows = list_stories(store, limit=limit, offset=offset, min_size=min_size)
    if as_json:
        emit_json([{k: r[k] for k in STORY_KEYS} for r in rows])
        return
    table = Table("id", "articles", "first", "last", "title")
    for row in rows:
        table.add_row(row["id"], str(len(row["article_ids"])), row["first_published"] or "",
                      row["last_published"] or "", (row["title"] or "")[:70])
    Console(highlight=False).print(table)


STORY_KEYS = ("id", "title", "article_ids", "first_published", "last_published", "sources")


@main.command()
@click.argument("story_id")
@DB_OPTION
@JSON_OPTION
@handle_errors
def story(story_id: str, db: str | None, as_json: bool) -> None:
    """Show one story: its articles and why each belongs to it."""
    from storyline.cluster.api import story_detail

    with Store.open(db) as store:
        view = story_detail(store, story_id)
    if as_json:
        emit_json(view)
        return
    console = Console(highlight=False)
    console.print(f"[bold]{escape(view['title'] or view['id'])}[/bold]")
    console.print(f"id: {view['id']}  articles: {len(view['article_ids'])}  "
                  f"{view['first_published'] or '?'} .. {view['last_published'] or '?'}", markup=False)
    for item in view["articles"]:
        console.print(f"- {item['published'] or '?'} {item['source'] or ''} {item['id']}: "
                      f"{item['title'] or ''}", markup=False)
        console.print(f"    {item['reason']}", markup=False)
    for event in view["events"]:
        console.print(f"event {event['kind']}: {event['story']} <- {', '.join(event['others'])}",
                      markup=False)


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="Port to listen on.")
@click.option("--token", envvar="STORYLINE_TOKEN", default=None,
              help="Require `Authorization: Bearer TOKEN` on write endpoints.")
@handle_errors
def serve(db: str | None, host: str, port: int, token: str | None) -> None:
    """Serve the web UI and REST API (docs at /docs) until Ctrl+C."""
    from storyline.serve import ServeConfig, run
    from storyline.store import resolve_db_path

    run(ServeConfig(db=resolve_db_path(db), host=host, port=port, token=token), announce=click.echo)
