"""The `storyline` command: a thin shell over the library."""

from storyline.cli import (  # noqa: F401  (register the commands)
    articles,
    corpus,
    follow,
    outputs,
    similarity,
    stories,
)
from storyline.cli.shell import main

__all__ = ["main"]
