"""Commands over stored articles: ingest, list, show, rejected."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.table import Column, Table

from storyline import api, pipeline
from storyline.cli.shell import (
    DB_OPTION,
    JSON_OPTION,
    MAP_OPTION,
    SOURCE_OPTION,
    emit_json,
    handle_errors,
    id_column,
    main,
    progress_bar,
)
from storyline.config import MB, IngestConfig, parse_field_map
from storyline.dates import show as show_date
from storyline.outlets import outlet_name
from storyline.store import Store


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@SOURCE_OPTION
@MAP_OPTION
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
    with Store.open(db, must_exist=True) as store:
        rows = api.list_articles(store, limit=limit, offset=offset)
    if as_json:
        emit_json(rows)
        return
    table = Table(
        id_column(rows),
        Column("published", min_width=10, overflow="fold"),
        "source",
        "title",
        "words",
    )
    for row in rows:
        table.add_row(
            row["id"],
            show_date(row["published"]),
            outlet_name(row["source"], row["url"]) or "",
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
    with Store.open(db, must_exist=True) as store:
        view = api.article_detail(store, article_id)
    if as_json:
        emit_json(view)
        return
    console = Console(highlight=False)
    console.print(f"[bold]{view['title'] or view['id']}[/bold]", markup=True)
    shown = {
        "published": show_date(view["published"]),
        "source": outlet_name(view["source"], view["url"]) or "",
    }
    for key in ("id", "source", "published", "url", "path"):
        console.print(f"{key}: {shown.get(key, view[key]) or ''}", markup=False)
    console.print()
    console.print(view["text"], markup=False)
    for span in view["removed"]:
        console.print(
            f"\n[removed {span['reason']} {span['start']}-{span['end']}] {span['text'][:80]!r}",
            markup=False,
        )
    for dup in view.get("duplicates", []):
        console.print(
            f"\n[duplicate of {dup['id']}: jaccard {dup['jaccard']:.2f}, "
            f"{dup['containment_in']:.0%} of this inside it, "
            f"{dup['containment_of']:.0%} of it here]",
            markup=False,
        )


@main.command()
@DB_OPTION
@JSON_OPTION
@handle_errors
def rejected(db: str | None, as_json: bool) -> None:
    """List rejected input records with the reason."""
    with Store.open(db, must_exist=True) as store:
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
