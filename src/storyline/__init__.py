"""storyline: turn a pile of scraped news into stories."""

from __future__ import annotations

__version__ = "0.1.0"
