"""Commands that run everything or show it: run, report, serve."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from storyline import pipeline
from storyline.cli.shell import (
    DB_OPTION,
    JSON_OPTION,
    MAP_OPTION,
    MIN_SIZE_OPTION,
    SEMANTIC_OPTION,
    SOURCE_OPTION,
    STORY_KEYS,
    emit_json,
    handle_errors,
    main,
    stage_progress,
)
from storyline.config import IngestConfig, parse_field_map
from storyline.errors import UsageError
from storyline.store import Store

TABLE_ROWS = 50  # stories the run's table shows: a terminal is not the place for thousands


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@JSON_OPTION
@SOURCE_OPTION
@MAP_OPTION
@SEMANTIC_OPTION
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that clean, extract cluster features and analyze "
    "(default: 2, at most the cores).",
)
@handle_errors
def run(
    paths: tuple[str, ...],
    db: str | None,
    as_json: bool,
    source: str | None,
    maps: tuple[str, ...],
    semantic: bool | None,
    workers: int | None,
) -> None:
    """Run ingest, clean, dedup, cluster and analyze on PATHS; list the stories."""
    from storyline.analyze.run import story_overviews

    config = IngestConfig(source=source, field_map=parse_field_map(maps))
    with Store.open(db) as store, stage_progress() as (tick, stage):
        report = pipeline.run(
            store,
            paths,
            config,
            semantic=semantic,
            stdin=sys.stdin.buffer,
            workers=workers,
            tick=tick,
            stage=stage,
        )
        rows = story_overviews(store, limit=None if as_json else TABLE_ROWS)
        total = store.count_stories()
    for rejection in report.ingest.rejections[:20]:
        click.echo(f"rejected {rejection.path}: {rejection.reason}", err=True)
    if as_json:
        emit_json([{k: r[k] for k in (*STORY_KEYS, "first_publisher")} for r in rows])
    else:
        Console(highlight=False).print(story_table(rows))
        if total > len(rows):
            click.echo(
                f"the {len(rows)} most recent of {total:,} stories; "
                "list them all with `storyline stories`"
            )
        click.echo(report.summary())
    if not report.ingest.read_anything and report.ingest.rejected:
        sys.exit(2)


def story_table(rows: list[dict[str, Any]]) -> Table:
    """Lay out story overviews as a table: id, size, first publisher and date, copies, title."""
    table = Table("id", "n", "first publisher", "copies", "title")
    table.columns[0].min_width = max((len(r["id"]) for r in rows), default=2)
    table.columns[2].min_width = max(
        (len(str((r["first_publisher"] or {}).get("article_id"))) for r in rows), default=2
    )
    for row in rows:
        first = row["first_publisher"] or {}
        table.add_row(
            row["id"],
            str(len(row["article_ids"])),
            f"{first.get('article_id') or '?'}\n{first.get('date') or ''}",
            str(row["copies"]),
            (row["title"] or "")[:120],
        )
    return table


@main.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    metavar="DIR",
    help="Folder to write index.html and one page per story into.",
)
@DB_OPTION
@MIN_SIZE_OPTION
@handle_errors
def report(out_dir: str, db: str | None, min_size: int) -> None:
    """Write a static HTML report: one self-contained page per story."""
    from storyline.analyze.report import write_store_report

    if min_size < 1:
        raise UsageError("--min-size must be >= 1")
    with Store.open(db, must_exist=True) as store:
        paths = write_store_report(store, out_dir, min_size=min_size)
    click.echo(f"wrote {len(paths) - 1} story pages; open {paths[0]}")


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--token",
    envvar="STORYLINE_TOKEN",
    default=None,
    help="Require `Authorization: Bearer TOKEN` on write endpoints.",
)
@handle_errors
def serve(db: str | None, host: str, port: int, token: str | None) -> None:
    """Serve the web UI and REST API (docs at /docs) until Ctrl+C."""
    from storyline.serve import ServeConfig, run
    from storyline.store import resolve_db_path

    run(ServeConfig(db=resolve_db_path(db), host=host, port=port, token=token), announce=click.echo)
