"""The follow command: fetch feeds, sitemaps and URL lists into stories, round after round."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import click

from storyline.cli.shell import DB_OPTION, JSON_OPTION, F, handle_errors, main
from storyline.config import DEFAULT_USER_AGENT, FollowConfig
from storyline.errors import UsageError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Read '90', '30s', '10m', '1h' or '1d' as seconds."""
    match = _DURATION.match(text.lower())
    if not match or float(match.group(1)) <= 0:
        raise UsageError(f"--every {text!r}: give a duration such as 30s, 10m or 1h")
    return float(match.group(1)) * _UNIT[match.group(2)]


# The options that make the FollowConfig, named as its fields (rate, per_host, ...).
_FETCH_OPTIONS = (
    click.option(
        "--rate",
        type=float,
        default=1.0,
        show_default=True,
        help="Requests per second per host (robots.txt Crawl-delay can lower it).",
    ),
    click.option(
        "--per-host",
        type=int,
        default=2,
        show_default=True,
        help="Requests in flight per host at most.",
    ),
    click.option(
        "--workers",
        type=int,
        default=8,
        show_default=True,
        help="Requests in flight overall at most.",
    ),
    click.option(
        "--timeout",
        type=float,
        default=20.0,
        show_default=True,
        help="Seconds a whole response may take.",
    ),
    click.option(
        "--max-bytes",
        type=int,
        default=FollowConfig.max_bytes,
        show_default=True,
        help="Responses larger than this are dropped.",
    ),
    click.option(
        "--user-agent",
        default=DEFAULT_USER_AGENT,
        show_default=True,
        help="The User-Agent sent, and matched against robots.txt.",
    ),
    click.option(
        "--refetch",
        is_flag=True,
        help="Fetch stored pages again (conditionally) instead of skipping them.",
    ),
)


def fetch_options(func: F) -> F:
    """Add the options of FollowConfig's fields to a command, in their order."""
    for option in reversed(_FETCH_OPTIONS):
        func = option(func)
    return func


@main.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@DB_OPTION
@click.option(
    "--every",
    default="10m",
    show_default=True,
    metavar="DURATION",
    help="Time between the starts of two rounds (30s, 10m, 1h).",
)
@click.option("--once", is_flag=True, help="Do one round and exit (for cron).")
@click.option("--rounds", type=int, default=None, help="Stop after this many rounds.")
@fetch_options
@JSON_OPTION
@handle_errors
def follow(
    sources: tuple[str, ...],
    db: str | None,
    every: str,
    once: bool,
    rounds: int | None,
    as_json: bool,
    **fetch: Any,
) -> None:
    """Follow feeds, sitemaps and URL lists: fetch new pages politely into stories.

    SOURCE is a feed (RSS, Atom, JSON Feed), a sitemap or sitemap index, a URL list, or a
    local file of URLs or feeds (one a line, or OPML). Sources are remembered: without
    SOURCE, the ones followed before are fetched again.
    """
    from storyline.follow import FollowReport
    from storyline.follow import follow as run_follow

    config = FollowConfig(**fetch).check()  # the fetch options are named as its fields

    def announce(report: FollowReport) -> None:
        if as_json:
            click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            click.echo(report.summary())

    try:
        run_follow(
            db,
            sources,
            config,
            every=parse_duration(every),
            rounds=1 if once else rounds,
            announce=announce,
        )
    except KeyboardInterrupt:  # every answer is stored as it comes: the next run resumes
        click.echo("stopped; `storyline follow` resumes where this round stopped", err=True)
        sys.exit(130)
