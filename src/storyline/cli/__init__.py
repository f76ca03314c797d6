"""The `storyline` command: a thin shell over the library."""

from storyline.cli import articles, corpus, outputs, similarity, stories  # noqa: F401  (register commands)
from storyline.cli.shell import main

__all__ = ["main"]
