"""The `storyline` command: a thin shell over the library."""

from storyline.cli import articles, corpus, follow, outputs, stories  # noqa: F401  (register)
from storyline.cli.shell import main

__all__ = ["main"]
