"""What every command shares: the group, common options, errors, JSON, progress."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Column
from rich.text import Text

from storyline.errors import MissingStoreError, StorylineError, UsageError

F = TypeVar("F", bound=Callable[..., Any])
DB_OPTION = click.option(
    "--db",
    "db",
    envvar="STORYLINE_DB",
    default=None,
    metavar="FILE",
    help="SQLite database (default: $STORYLINE_DB or ./storyline.db).",
)
# The fields of a story that `stories --json` and `run --json` print (a stable contract).
STORY_KEYS = ("id", "title", "article_ids", "first_published", "last_published", "sources")
SOURCE_OPTION = click.option(
    "--source", default=None, help="Outlet name to record for every article."
)
MAP_OPTION = click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="FIELD=PATH",
    help="Read FIELD from PATH in JSON/CSV records, e.g. --map text=body.",
)
MIN_SIZE_OPTION = click.option(
    "--min-size",
    type=int,
    default=1,
    show_default=True,
    help="Only stories with at least this many articles.",
)
JSON_OPTION = click.option(
    "--json", "as_json", is_flag=True, help="Print stable JSON instead of a table."
)
SEMANTIC_OPTION = click.option(
    "--semantic/--no-semantic",
    default=None,
    help="Also compare MiniLM sentence embeddings (needs storyline[semantic]); a store keeps "
    "the choice for its later runs.",
)


def handle_errors(func: F) -> F:
    """Turn StorylineError into a one-line message and an exit status."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except StorylineError as exc:  # NotFoundError and the rest: 1; bad usage: 2
            click.echo(f"error: {exc}", err=True)
            sys.exit(2 if isinstance(exc, UsageError | MissingStoreError) else 1)

    return wrapper  # type: ignore[return-value]


def engine_options(func: F) -> F:
    """Add the corpus-mode engine options (--engine, --scheduler, --workers) to a command."""
    options = [
        click.option(
            "--engine",
            type=click.Choice(["single", "dask"]),
            default="single",
            show_default=True,
            help="Corpus mode: run in this process, or on a Dask cluster.",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            default=None,
            help="With --engine dask: the scheduler of an existing cluster "
            "(default: start a local cluster).",
        ),
        click.option(
            "--workers",
            type=int,
            default=2,
            show_default=True,
            help="With --engine dask and no --scheduler: local worker processes.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def id_column(rows: list[dict[str, Any]], key: str = "id") -> Column:
    """Return a table column wide enough that no id is ever cut (`article ID` takes it whole)."""
    width = max((len(str(r[key])) for r in rows), default=2)
    return Column("id", no_wrap=True, min_width=width, overflow="fold")


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


class RateColumn(ProgressColumn):
    """Show how many items a second the task does."""

    def render(self, task: Task) -> Text:
        """Render the task's speed, or nothing before there is one."""
        return Text(f"{task.speed:,.0f}/s" if task.speed else "")


@contextmanager
def stage_progress() -> Iterator[tuple[Callable[[int], None], Callable[[str, int | None], None]]]:
    """Yield (tick, stage) driving one bar per stage: name, done/total, rate and ETA.

    stage(name, total) starts a new stage (total None: unknown); tick(n) advances the current one.
    Silent when stdout is not a terminal.
    """
    if not sys.stdout.isatty():
        yield (lambda _n: None), (lambda _name, _total: None)
        return
    columns = [
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, transient=True) as bar:
        current = [bar.add_task("starting", total=None)]

        def stage(name: str, total: int | None) -> None:
            bar.update(current[0], visible=False)
            current[0] = bar.add_task(name, total=total)

        yield (lambda n: bar.advance(current[0], n)), stage


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyline")
def main() -> None:
    """storyline: turn a pile of scraped news into stories."""
