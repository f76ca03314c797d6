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

def engine_options(func: F) -> F:
    """Add the corpus-mode engine options (--engine, --scheduler, --workers) to a command."""
    options = [
        click.option("--engine", type=click.Choice(["single", "dask"]), default="single",
                     show_default=True,
                     help="Corpus mode: run in this process, or on a Dask cluster."),
        click.option("--scheduler", metavar="ADDRESS", default=None,
                     help="With --engine dask: the scheduler of an existing cluster "
                     "(default: start a local cluster)."),
        click.option("--workers", type=int, default=2, show_default=True,
                     help="With --engine dask and no --scheduler: local worker processes."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


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
@click.argument("inputs", nargs=-1, metavar="[IN]...")
@click.option("-o", "--output", metavar="OUT", help="Corpus mode: file (.jsonl[.gz], .parquet) "
              "or directory to write the annotated records to.")
@DB_OPTION
@click.option("--keep", type=click.Choice(["earliest", "longest", "first"]), default="earliest",
              show_default=True, help="Corpus mode: which record of a cluster is kept.")
@click.option("--drop-duplicates", is_flag=True, help="Corpus mode: write kept records only.")
@click.option("--text-field", default=None, help="Corpus mode: field holding the text "
              "(default: text, else maintext).")
@click.option("--threshold", type=float, default=0.4, show_default=True,
              help="Share of one text inside the other that links two texts.")
@click.option("--ngram", type=int, default=3, show_default=True, help="Words per shingle.")
@click.option("--num-perm", type=int, default=128, show_default=True,
              help="MinHash signature size (a power of two).")
@engine_options
@handle_errors
def dedup(inputs: tuple[str, ...], output: str | None, db: str | None, keep: str,
          drop_duplicates: bool, text_field: str | None, threshold: float, ngram: int,
          num_perm: int, engine: str, scheduler: str | None, workers: int) -> None:
    """Find copies: among stored articles, or (IN... -o OUT) in JSONL/Parquet files."""
    from storyline.dedup import DedupConfig
    from storyline.dedup.corpus import CorpusOptions, dedup_corpus

    config = DedupConfig(ngram=ngram, num_perm=num_perm, threshold=threshold).check()
    if not inputs:
        if output:
            raise UsageError("-o/--output needs input files: storyline dedup IN... -o OUT")
        if engine == "dask":
            raise UsageError("--engine dask is for corpus mode: storyline dedup IN... -o OUT")
        with Store.open(db) as store, progress_bar("dedup") as tick:
            click.echo(pipeline.dedup(store, config=config, tick=tick).summary())
        return
    if not output:
        raise UsageError("corpus mode needs an output: storyline dedup IN... -o OUT")
    options = CorpusOptions(keep=keep, drop_duplicates=drop_duplicates, text_field=text_field)
    if engine == "dask":
        from storyline.dedup.dask_client import DaskOptions
        from storyline.dedup.dask_corpus import dedup_corpus_on_cluster

        dask = DaskOptions(scheduler=scheduler, workers=workers)
        report = dedup_corpus_on_cluster(inputs, output, config, options, dask,
                                         announce=lambda line: click.echo(line, err=True))
    else:
        with progress_bar("dedup records") as tick:
            report = dedup_corpus(inputs, output, config, options, tick=tick)
    for example in report.examples:
        click.echo(f"skipped {example}", err=True)
    click.echo(report.summary())


@main.command()
@click.argument("inputs", nargs=-1, metavar="[IN]...")
@click.option("-o", "--output", metavar="DIR", help="Corpus mode: directory to write every "
              "record to, with its story (part-NNNNN.jsonl.gz).")
@DB_OPTION
@click.option("--full", is_flag=True, help="Recluster every article from scratch.")
@click.option("--semantic", is_flag=True,
              help="Also compare MiniLM sentence embeddings (needs storyline[semantic]).")
@engine_options
@handle_errors
def cluster(inputs: tuple[str, ...], output: str | None, db: str | None, full: bool,
            semantic: bool, engine: str, scheduler: str | None, workers: int) -> None:
    """Group articles that report the same event into stories (incremental), or (IN... -o DIR)
    the records of JSONL/Parquet files, such as `storyline dedup` writes them."""
    from storyline.cluster.model import ClusterConfig
    from storyline.cluster.run import cluster_store, duplicate_groups

    config = ClusterConfig(semantic_weight=0.3) if semantic else ClusterConfig()
    if inputs or output:
        from storyline.cluster.dask_engine import cluster_files
        from storyline.dedup.dask_client import DaskOptions

        if not (inputs and output):
            raise UsageError("corpus mode needs IN and -o: storyline cluster IN... -o DIR")
        dask = DaskOptions(scheduler=scheduler, workers=workers) if engine == "dask" else None
        click.echo(cluster_files(inputs, output, config=config, dask=dask,
                                 announce=lambda line: click.echo(line, err=True)).summary())
        return
    if engine == "dask":
        raise UsageError("--engine dask is for corpus mode: storyline cluster IN... -o DIR")
    with Store.open(db) as store, progress_bar("clustering") as tick:
        report = cluster_store(store, config, duplicates=duplicate_groups(store), full=full,
                               tick=tick)
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
    first = view["first_published"]
    first_date = first.get("date") if isinstance(first, dict) else first
    console.print(f"id: {view['id']}  articles: {len(view['article_ids'])}  "
                  f"{first_date or '?'} .. {view['last_published'] or '?'}", markup=False)
    for item in view["articles"]:
        role = f"[{item['role']}{' of ' + item['based_on'] if item.get('based_on') else ''}] " \
            if item.get("role") else ""
        console.print(f"- {item['published'] or '?'} {item['source'] or ''} {item['id']}: "
                      f"{role}{item['title'] or ''}", markup=False)
        console.print(f"    {item['reason']}", markup=False)
    for event in view["events"]:
        console.print(f"event {event['kind']}: {event['story']} <- {', '.join(event['others'])}",
                      markup=False)
    print_analysis(console, view)


def print_analysis(console: Console, view: dict[str, Any]) -> None:
    """Print a story's first publisher, summary, additions and quotes (when analysed)."""
    first = view.get("first_published")
    if isinstance(first, dict) and first.get("article_id"):
        tied = f" (tied with {', '.join(first['tied_with'])})" if first.get("tied_with") else ""
        console.print(f"\nfirst published by {first['article_id']} on {first['date']}{tied}",
                      markup=False)
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
    for quote in (view.get("quotes") or [])[:5]:
        console.print(f"\n\u201c{quote['text'][:300]}\u201d \u2014 {quote['speaker'] or '?'} "
                      f"[{len(quote['article_ids'])} articles]", markup=False)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@JSON_OPTION
@click.option("--source", default=None, help="Outlet name to record for every article.")
@click.option("--map", "maps", multiple=True, metavar="FIELD=PATH",
              help="Read FIELD from PATH in JSON/CSV records, e.g. --map text=body.")
@handle_errors
def run(paths: tuple[str, ...], db: str | None, as_json: bool, source: str | None,
        maps: tuple[str, ...]) -> None:
    """Run ingest, clean, dedup, cluster and analyze on PATHS; list the stories."""
    from storyline.analyze.run import story_overviews

    config = IngestConfig(source=source, field_map=parse_field_map(maps))
    with Store.open(db) as store, progress_bar("running") as tick:
        report = pipeline.run(store, paths, config, stdin=sys.stdin.buffer, tick=tick)
        rows = story_overviews(store)
    for rejection in report.ingest.rejections[:20]:
        click.echo(f"rejected {rejection.path}: {rejection.reason}", err=True)
    if as_json:
        emit_json([{k: r[k] for k in (*STORY_KEYS, "first_publisher")} for r in rows])
    else:
        table = Table("id", "n", "first publisher", "copies", "title")
        table.columns[0].min_width = max((len(r["id"]) for r in rows), default=2)
        table.columns[2].min_width = max((len(str((r["first_publisher"] or {}).get("article_id")))
                                          for r in rows), default=2)
        for row in rows:
            first = row["first_publisher"] or {}
            table.add_row(row["id"], str(len(row["article_ids"])),
                          f"{first.get('article_id') or '?'}\n{first.get('date') or ''}",
                          str(row["copies"]), (row["title"] or "")[:120])
        Console(highlight=False).print(table)
        click.echo(report.summary())
    if not report.ingest.read_anything and report.ingest.rejected:
        sys.exit(2)


@main.command()
@click.option("--out", "out_dir", required=True, metavar="DIR",
              help="Folder to write index.html and one page per story into.")
@DB_OPTION
@click.option("--min-size", type=int, default=1, show_default=True,
              help="Only stories with at least this many articles.")
@handle_errors
def report(out_dir: str, db: str | None, min_size: int) -> None:
    """Write a static HTML report: one self-contained page per story."""
    from storyline.analyze.report import write_store_report
    from storyline.store import resolve_db_path

    if min_size < 1:
        raise UsageError("--min-size must be >= 1")
    if not (path := resolve_db_path(db)).exists():
        raise UsageError(f"database {path} does not exist: run `storyline run PATH...` first")
    with Store.open(db) as store:
        paths = write_store_report(store, out_dir, min_size=min_size)
    click.echo(f"wrote {len(paths) - 1} story pages; open {paths[0]}")


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
