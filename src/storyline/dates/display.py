"""Show publication dates to people: local time with its zone, or restated in UTC."""

from __future__ import annotations

from datetime import datetime, timedelta

from storyline.dates.parse import format_at, read


def show(text: str | None) -> str:
    """Render a stored date for people: its local time with its zone, a day as a day."""
    pub = read(text)
    if pub is None:
        return text or ""
    if not pub.timed:
        return pub.text[: {"day": 10, "month": 7, "year": 4}[pub.precision]]
    local = datetime.fromisoformat(pub.text.replace(" ", "T", 1).replace("Z", "+00:00"))
    clock = local.strftime("%Y-%m-%d %H:%M")
    if pub.precision != "minute":
        clock += local.strftime(":%S")
    if pub.precision in ("millisecond", "microsecond"):
        clock += f".{local.microsecond:06d}"[: 4 if pub.precision == "millisecond" else 7]
    if not pub.zoned:
        return f"{clock} (no zone)"
    offset = local.utcoffset() or timedelta(0)
    return f"{clock} UTC" if not offset else f"{clock} UTC{_offset(offset)}"


def in_utc(text: str | None) -> str | None:
    """Restate a stored date in UTC at its precision (a day, or a time without a zone, as is)."""
    pub = read(text)
    if pub is None or not pub.timed or not pub.zoned:
        return text
    return format_at(pub.start, pub.precision)


def show_utc(text: str | None) -> str:
    """Render a stored date in UTC (for a range whose ends came in different zones)."""
    return show(in_utc(text))


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"
