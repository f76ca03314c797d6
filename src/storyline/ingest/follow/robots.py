"""robots.txt rules of one origin, read with urllib.robotparser."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309: crawlers may ignore what lies beyond 500 KiB


@dataclass(frozen=True)
class Robots:
    """What one origin allows: everything, nothing, or its parsed rules."""

    parser: RobotFileParser | None = None  # None: no rules apply
    deny_all: bool = False

    def allows(self, url: str, agent: str) -> bool:
        """Tell whether agent may fetch url."""
        if self.deny_all:
            return False
        return self.parser is None or self.parser.can_fetch(agent, url)

    def delay(self, agent: str) -> float:
        """Return the seconds robots.txt asks between requests (0 when it says nothing)."""
        if self.parser is None:
            return 0.0
        delay = self.parser.crawl_delay(agent)
        rate = self.parser.request_rate(agent)
        per_rate = rate.seconds / rate.requests if rate and rate.requests > 0 else 0.0
        return max(float(delay or 0.0), float(per_rate))


def robots_from(status: int, body: bytes) -> Robots:
    """Read the rules from a robots.txt answer (RFC 9309 for the error cases)."""
    if 400 <= status < 500:
        return Robots()  # no robots.txt: everything is allowed
    if status != 200:
        return Robots(deny_all=True)  # unreachable or 5xx: assume complete disallow this round
    text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return Robots(parser=parser)
