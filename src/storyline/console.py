"""The `storyline` console script: a light module, so worker processes start fast.

A spawned worker re-imports the script that started the run; this module imports the command
line (click, rich, the whole pipeline) only when the script runs, not when a worker loads it.
"""

from __future__ import annotations


def main() -> None:
    """Run the storyline command line."""
    from storyline.cli import main as cli_main

    cli_main()
