"""The `similarity` command: how alike two texts are as reports of one story."""

from __future__ import annotations

from pathlib import Path

import click

from storyline.cli.shell import JSON_OPTION, emit_json, handle_errors, main
from storyline.errors import InputError


@main.command()
@click.argument("text_a")
@click.argument("text_b")
@click.option("--files", is_flag=True, help="TEXT_A and TEXT_B are paths of text files.")
@click.option("--title-a", default="", help="Headline of the first text.")
@click.option("--title-b", default="", help="Headline of the second text.")
@click.option("--date-a", default=None, help="ISO 8601 publication time of the first text.")
@click.option("--date-b", default=None, help="ISO 8601 publication time of the second text.")
@JSON_OPTION
@handle_errors
def similarity(
    text_a: str,
    text_b: str,
    files: bool,
    title_a: str,
    title_b: str,
    date_a: str | None,
    date_b: str | None,
    as_json: bool,
) -> None:
    """Score two texts as reports of one story, with the reasons."""
    from storyline.cluster.similarity import similarity as score
    from storyline.cluster.similarity import text_item

    a = text_item(_read(text_a) if files else text_a, title_a, date_a)
    b = text_item(_read(text_b) if files else text_b, title_b, date_b)
    result = score(a, b)
    if as_json:
        emit_json(result.to_json())
        return
    verdict = "same story" if result.same_story else "different stories"
    click.echo(f"{verdict}: score {result.score:.3f} (needs {result.needed:.3f})")
    for reason in result.reasons[:-1]:
        click.echo(f"  {reason}")


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
