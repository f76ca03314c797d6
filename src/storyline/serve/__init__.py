"""`storyline serve`: REST API, server-rendered pages and their JSON twins in one app."""

from __future__ import annotations

from storyline.serve.app import create_app, run
from storyline.serve.config import ServeConfig

__all__ = ["ServeConfig", "create_app", "run"]
