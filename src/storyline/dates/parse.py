"""Read publication dates: any common form to its stored ISO text, UTC interval and precision."""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser
from dateutil.parser import UnknownTimezoneWarning

PRECISIONS = ("year", "month", "day", "minute", "second", "millisecond", "microsecond")
_NULLS = frozenset({"", "none", "null", "nan", "n/a", "-"})
MAX_DATE_CHARS = 120  # a longer "date" is a sentence, not a timestamp


def _fixed(hours: float) -> timezone:
    return timezone(timedelta(minutes=round(hours * 60)))


# Zone abbreviations news sites print, as name/offset-in-hours pairs: standard and daylight names
# are fixed offsets; the bare US region names (ET, PT) follow their region's rules for the date.
_ZONE_TABLE = """UTC 0 GMT 0 UT 0 Z 0 WET 0 WEST 1 BST 1 IST 5.5 CET 1 CEST 2 MET 1 MEST 2 EET 2
EEST 3 MSK 3 TRT 3 EST -5 EDT -4 CST -6 CDT -5 MST -7 MDT -6 PST -8 PDT -7 AKST -9 AKDT -8 HST -10
AST -4 ADT -3 NST -3.5 NDT -2.5 JST 9 KST 9 HKT 8 SGT 8 PHT 8 AWST 8 WIB 7 ICT 7 PKT 5 GST 4 EAT 3
SAST 2 CAT 2 WAT 1 ACST 9.5 ACDT 10.5 AEST 10 AEDT 11 NZST 12 NZDT 13 BRT -3 ART -3"""
_FIXED_ZONES = _ZONE_TABLE.split()
_REGION_ZONES = {
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
}
ZONES: dict[str, tzinfo] = {
    **{n: _fixed(float(h)) for n, h in zip(_FIXED_ZONES[::2], _FIXED_ZONES[1::2], strict=True)},
    **{name: ZoneInfo(region) for name, region in _REGION_ZONES.items()},
}

# "Updated: 2019-...", "Published on 12 March 2019", "Posted: ..." -- a label before the date.
_LABEL = re.compile(
    r"^(?:(?:last\s+)?(?:updated|modified|published|posted|created|date|dated)"
    r"(?:\s+(?:on|at))?)\s*:?\s*",
    re.IGNORECASE,
)
_EPOCH = re.compile(r"^[+-]?\d{9,14}(?:\.\d+)?$")
_ISO = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<mo>\d{2})(?:-(?P<d>\d{2})(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})"
    r"(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?)?)?\s*(?P<z>Z|[+-]\d{2}(?::?\d{2})?)?$"
)
_FRACTION = re.compile(r":\d{2}[.,](\d{1,9})")
_UNIT = {
    "day": timedelta(days=1),
    "minute": timedelta(minutes=1),
    "second": timedelta(seconds=1),
    "millisecond": timedelta(milliseconds=1),
    "microsecond": timedelta(microseconds=1),
}
_TIMESPEC = {
    "minute": "minutes",
    "second": "seconds",
    "millisecond": "milliseconds",
    "microsecond": "microseconds",
}
# Two defaults that differ in every field: a field that comes out different was not in the text.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0, 0)
_DEFAULT_B = datetime(2004, 2, 2, 1, 1, 1, 1)


class DateError(ValueError):
    """A value that does not read as a publication date."""


@dataclass(frozen=True)
class PubTime:
    """A publication time: its stored form, the UTC interval it denotes, its precision."""

    text: str
    start: datetime  # UTC
    end: datetime  # UTC, exclusive
    precision: str  # one of PRECISIONS
    zoned: bool  # the source gave an offset or zone (else the time was read as UTC)

    @property
    def timed(self) -> bool:
        """Tell whether the date carries a time of day."""
        return PRECISIONS.index(self.precision) > PRECISIONS.index("day")

    def before(self, other: PubTime) -> bool:
        """Tell whether this time is surely earlier than other (the intervals do not overlap)."""
        return self.end <= other.start

    def overlaps(self, other: PubTime) -> bool:
        """Tell whether neither time is surely earlier: a tie at their declared precisions."""
        return not self.before(other) and not other.before(self)


def parse_date(value: Any) -> str | None:
    """Normalise a date (ISO, RFC 2822, prose, epoch s/ms) to its stored ISO form; raise DateError.

    None and empty values give None. The precision the value declares is kept: a day stays a day.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return format_at(value, _precision_of_datetime(value))
    if isinstance(value, int | float):
        return _from_epoch(float(value), value)
    text = " ".join(str(value).split())
    if text.lower() in _NULLS:
        return None
    if len(text) > MAX_DATE_CHARS:
        raise DateError(f"date {text[:40]!r}... is {len(text)} characters: not a date")
    text = _LABEL.sub("", text) or text
    if _EPOCH.match(text):
        return _from_epoch(float(text), text)
    iso = _ISO.match(text)
    if iso:
        return _from_iso(iso, text)
    return _from_prose(text)


def _from_epoch(number: float, raw: Any) -> str:
    """Read seconds (or milliseconds, when too large for seconds) since 1970 as UTC."""
    if not math.isfinite(number):
        raise DateError(f"date {raw!r} is not a number of seconds")
    millis = abs(number) >= 1e11  # 1e11 s is the year 5138; 1e11 ms is 1973
    seconds = number / 1000 if millis else number
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise DateError(f"epoch {raw!r} is out of range") from exc
    fraction = str(raw).partition(".")[2] if isinstance(raw, str | float) else ""
    fraction = fraction.rstrip("0") if isinstance(raw, float) else fraction
    digits = len(fraction) + (3 if millis else 0)
    precision = "second" if digits == 0 else "millisecond" if digits <= 3 else "microsecond"
    return format_at(moment, precision)


def _from_iso(match: re.Match[str], text: str) -> str:
    """Read an ISO 8601 date or time, keeping the precision its digits declare."""
    parts = match.groupdict()
    if parts["h"] is None and parts["z"] is not None:
        raise DateError(f"date {text!r} has a zone but no time")
    if parts["d"] is None:
        year, month = int(parts["y"]), int(parts["mo"] or 1)
        _check(lambda: datetime(year, month, 1), text)
        return f"{year:04d}-{month:02d}" if parts["mo"] else f"{year:04d}"
    if parts["h"] is None:
        day = _check(lambda: datetime(int(parts["y"]), int(parts["mo"]), int(parts["d"])), text)
        return day.date().isoformat()
    fraction = (parts["f"] or "")[:6]
    zone = parts["z"]
    iso = (
        f"{parts['y']}-{parts['mo']}-{parts['d']}T{parts['h']}:{parts['mi']}:"
        f"{parts['s'] or '00'}{'.' + fraction.ljust(6, '0') if fraction else ''}"
    )
    moment = _check(lambda: datetime.fromisoformat(iso + _offset_text(zone)), text)
    precision = _clock_precision(parts["s"], fraction)
    return format_at(moment, precision)


def _clock_precision(seconds: str | None, fraction: str) -> str:
    """Name the precision a written time of day declares: minute, second, ms or microsecond."""
    if seconds is None:
        return "minute"
    if not fraction:
        return "second"
    return "millisecond" if len(fraction) <= 3 else "microsecond"


def _offset_text(zone: str | None) -> str:
    if not zone:
        return ""
    if zone == "Z":
        return "+00:00"
    digits = zone[1:].replace(":", "")
    return f"{zone[0]}{digits[:2]}:{digits[2:4] or '00'}"


def _check(make: Any, text: str) -> datetime:
    try:
        value: datetime = make()
    except (ValueError, OverflowError) as exc:
        raise DateError(f"date {text!r} is not a valid date: {exc}") from exc
    return value


def _from_prose(text: str) -> str:
    """Read a date as people write it ("Nov 19, 2019 5:04 PM EST", RFC 2822) with dateutil."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnknownTimezoneWarning)
        try:
            a: datetime = dateutil_parser.parse(text, default=_DEFAULT_A, tzinfos=ZONES)
            b: datetime = dateutil_parser.parse(text, default=_DEFAULT_B, tzinfos=ZONES)
        except UnknownTimezoneWarning as exc:
            raise DateError(f"date {text!r} names a time zone storyline does not know") from exc
        except (ValueError, OverflowError, TypeError) as exc:
            raise DateError(f"date {text!r} does not parse") from exc
    if a.year != b.year:
        raise DateError(f"date {text!r} has no year")
    if a.month != b.month:
        return f"{a.year:04d}"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}"
    if a.hour != b.hour:  # a day (a zone without a time says nothing more)
        return a.date().isoformat()
    fraction = _FRACTION.search(text)
    digits = len(fraction.group(1)) if fraction else 0
    precision = (
        "minute"
        if a.second != b.second
        else "second"
        if digits == 0
        else "millisecond"
        if digits <= 3
        else "microsecond"
    )
    return format_at(a, precision)


def _precision_of_datetime(moment: datetime) -> str:
    if moment.microsecond:
        return "millisecond" if moment.microsecond % 1000 == 0 else "microsecond"
    return "second"


def format_at(moment: datetime, precision: str) -> str:
    """Write a time in its stored form: ISO 8601 at its precision, with a fixed offset if zoned."""
    if moment.tzinfo is not None:
        offset = moment.utcoffset()
        moment = moment.replace(tzinfo=timezone(offset) if offset is not None else UTC)
    return moment.isoformat(timespec=_TIMESPEC[precision])


def read(text: str | None) -> PubTime | None:
    """Read a stored date into its UTC interval and precision; None when absent or unreadable."""
    if not text:
        return None
    stored = text.strip()
    match = _ISO.match(stored)
    if match is None:
        try:
            stored = parse_date(text) or ""  # a date stored by an older storyline, in another form
        except DateError:
            return None
        match = _ISO.match(stored)
        if match is None:
            return None
    parts = match.groupdict()
    try:
        return _interval(stored, parts)
    except (ValueError, OverflowError):
        return None


def _interval(text: str, parts: dict[str, str | None]) -> PubTime:
    year = int(parts["y"] or 0)
    if parts["mo"] is None:
        start = datetime(year, 1, 1, tzinfo=UTC)
        return PubTime(text, start, start.replace(year=year + 1), "year", False)
    if parts["d"] is None:
        start = datetime(year, int(parts["mo"]), 1, tzinfo=UTC)
        nxt = (start + timedelta(days=32)).replace(day=1)
        return PubTime(text, start, nxt, "month", False)
    midnight = parts["h"] == "00" and parts["mi"] == "00" and parts["s"] in (None, "00")
    if parts["h"] is None or (midnight and not parts["f"] and parts["z"] is None):
        start = datetime(year, int(parts["mo"]), int(parts["d"]), tzinfo=UTC)
        return PubTime(text, start, start + timedelta(days=1), "day", False)
    fraction = parts["f"] or ""
    precision = _clock_precision(parts["s"], fraction)
    moment = datetime(
        year,
        int(parts["mo"]),
        int(parts["d"]),
        int(parts["h"] or 0),
        int(parts["mi"] or 0),
        int(parts["s"] or 0),
        int(fraction[:6].ljust(6, "0")),
    )
    zoned = parts["z"] is not None
    if zoned:
        moment = datetime.fromisoformat(moment.isoformat() + _offset_text(parts["z"]))
    start = moment.replace(tzinfo=UTC) if not zoned else moment.astimezone(UTC)
    return PubTime(text, start, start + _UNIT[precision], precision, zoned)
