"""Publication times: read any common date, keep its declared precision and zone, compare in UTC.

Every stage reads dates through this module. A stored date is an ISO 8601 string whose form *is*
its precision: "2019-11-19" a day, "2019-11-19T17:04-05:00" a minute, "...T17:04:05-05:00" a
second, "...T17:04:05.123-05:00" a millisecond ("YYYY-MM" a month, "YYYY" a year). The offset the
source gave is kept for display; a time without one is read as UTC. A naive midnight
("2017-09-15T00:00:00") is how scrapers write a day-only date, so it reads as that day.

A date denotes an interval [start, end) in UTC: its instant plus one unit of its precision. Order
and ties come from those intervals, never from comparing strings with different offsets. Every
view orders dates by one key, sort_key: a date surely earlier than another goes first; dates whose
intervals overlap are tied (overlaps_of names them, for views to show) and go finest first, so a
day-only date never goes before the times of its day as if it were their midnight.
"""

from storyline.dates.display import in_utc, show, show_utc
from storyline.dates.order import (
    UNDATED_KEY,
    earliest_latest,
    in_order,
    overlaps_of,
    sort_key,
    stored_key,
    tie_blocks,
    tied,
)
from storyline.dates.parse import (
    MAX_DATE_CHARS,
    PRECISIONS,
    ZONES,
    DateError,
    PubTime,
    format_at,
    parse_date,
    read,
)

__all__ = [
    "MAX_DATE_CHARS",
    "PRECISIONS",
    "UNDATED_KEY",
    "ZONES",
    "DateError",
    "PubTime",
    "earliest_latest",
    "format_at",
    "in_order",
    "in_utc",
    "overlaps_of",
    "parse_date",
    "read",
    "show",
    "show_utc",
    "sort_key",
    "stored_key",
    "tie_blocks",
    "tied",
]
