"""Commands that also work on corpus files: dedup and cluster."""

from __future__ import annotations

import click

from storyline import pipeline
from storyline.cli.shell import (
    DB_OPTION,
    SEMANTIC_OPTION,
    engine_options,
    handle_errors,
    main,
    progress_bar,
)
from storyline.errors import UsageError
from storyline.store import Store


@main.command()
@click.argument("inputs", nargs=-1, metavar="[IN]...")
@click.option(
    "-o",
    "--output",
    metavar="OUT",
    help="Corpus mode: file (.jsonl[.gz], .parquet) "
    "or directory to write the annotated records to.",
)
@DB_OPTION
@click.option(
    "--keep",
    type=click.Choice(["earliest", "longest", "first"]),
    default="earliest",
    show_default=True,
    help="Corpus mode: which record of a cluster is kept.",
)
@click.option("--drop-duplicates", is_flag=True, help="Corpus mode: write kept records only.")
@click.option(
    "--text-field",
    default=None,
    help="Corpus mode: field holding the text (default: text, else maintext).",
)
@click.option(
    "--threshold",
    type=float,
    default=0.4,
    show_default=True,
    help="Share of one text inside the other that links two texts.",
)
@click.option("--ngram", type=int, default=3, show_default=True, help="Words per shingle.")
@click.option(
    "--num-perm",
    type=int,
    default=128,
    show_default=True,
    help="MinHash signature size (a power of two).",
)
@engine_options
@handle_errors
def dedup(
    inputs: tuple[str, ...],
    output: str | None,
    db: str | None,
    keep: str,
    drop_duplicates: bool,
    text_field: str | None,
    threshold: float,
    ngram: int,
    num_perm: int,
    engine: str,
    scheduler: str | None,
    workers: int,
) -> None:
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
        report = dedup_corpus_on_cluster(
            inputs, output, config, options, dask, announce=lambda line: click.echo(line, err=True)
        )
    else:
        with progress_bar("dedup records") as tick:
            report = dedup_corpus(inputs, output, config, options, tick=tick)
    for example in report.examples:
        click.echo(f"skipped {example}", err=True)
    click.echo(report.summary())


@main.command()
@click.argument("inputs", nargs=-1, metavar="[IN]...")
@click.option(
    "-o",
    "--output",
    metavar="DIR",
    help="Corpus mode: directory to write every record to, with its story (part-NNNNN.jsonl.gz).",
)
@DB_OPTION
@click.option("--full", is_flag=True, help="Recluster every article from scratch.")
@SEMANTIC_OPTION
@engine_options
@click.option(
    "--blocks",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Corpus mode: cluster independent blocks of articles in N bins in parallel "
    "(0: one story engine, the exact serial stories; see README).",
)
@handle_errors
def cluster(
    inputs: tuple[str, ...],
    output: str | None,
    db: str | None,
    full: bool,
    semantic: bool | None,
    engine: str,
    scheduler: str | None,
    workers: int,
    blocks: int,
) -> None:
    """Group articles that report the same event into stories (incremental), or (IN... -o DIR)
    the records of JSONL/Parquet files, such as `storyline dedup` writes them."""
    if inputs or output:
        from storyline.cluster.dask_engine import cluster_files
        from storyline.cluster.model import ClusterConfig
        from storyline.dedup.dask_client import DaskOptions

        config = ClusterConfig.semantic() if semantic else ClusterConfig()
        if not (inputs and output):
            raise UsageError("corpus mode needs IN and -o: storyline cluster IN... -o DIR")
        dask = DaskOptions(scheduler=scheduler, workers=workers) if engine == "dask" else None
        click.echo(
            cluster_files(
                inputs,
                output,
                config=config,
                dask=dask,
                blocks=blocks,
                workers=workers,
                announce=lambda line: click.echo(line, err=True),
            ).summary()
        )
        return
    if engine == "dask":
        raise UsageError("--engine dask is for corpus mode: storyline cluster IN... -o DIR")
    with Store.open(db) as store, progress_bar("clustering") as tick:
        report = pipeline.cluster(store, semantic=semantic, full=full, tick=tick)
    click.echo(report.summary())
