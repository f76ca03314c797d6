"""Options of the web server: where the store is, who may write, how much a request may carry."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storyline.config import MB, FollowConfig


@dataclass(frozen=True)
class ServeConfig:
    """How `storyline serve` runs: database, bind address, write token and request bounds."""

    db: Path
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None  # when set, write endpoints need `Authorization: Bearer <token>`
    max_body_bytes: int = 8 * MB  # larger request bodies are refused with 413
    max_display_chars: int = 200_000  # longer texts are cut on HTML pages (JSON keeps them whole)
    follow: FollowConfig = field(default_factory=FollowConfig)  # POST /api/follow rounds
    place_wait: float = 2.0  # seconds a POST waits for its articles' stories before answering

    @property
    def url(self) -> str:
        """Return the address to open in a browser (on this machine when bound to all addresses)."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}/"
