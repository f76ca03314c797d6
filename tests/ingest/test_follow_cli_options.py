"""The follow command's fetch options are FollowConfig's fields, so they build it by name."""

from __future__ import annotations

import dataclasses

import click

from storyline.cli.follow import fetch_options
from storyline.config import FollowConfig


def test_every_fetch_option_names_a_followconfig_field() -> None:
    @click.command()
    @fetch_options
    def command(**fetch: object) -> None:
        """Take the fetch options."""

    names = {p.name for p in command.params}
    assert names <= {f.name for f in dataclasses.fields(FollowConfig)}
    assert len(names) == 7
