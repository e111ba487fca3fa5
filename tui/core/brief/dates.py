"""Dates and times from outside: a brief's `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, and an import's ISO 8601 times."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_SHAPE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only
_CALENDAR_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([T ]|$)")
DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"
TIME_RANGE = "years 0001 to 9999, in UTC"
MAX_TIME_LENGTH = 64  # longer than any ISO 8601 time with its offset: not read, said to be no time


def is_date(text: str) -> bool:
    """Whether `text` is a real calendar date, month or year in one of the forms."""
    match = _SHAPE.fullmatch(text)
    if match is None:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def utc_time(text: str) -> str:
    """An ISO 8601 date and time as the store writes times (UTC, to the microsecond), so they compare as text.

    Without an offset it is taken as UTC. ValueError, with a message for the user, for
    text that is no date and time, and for one outside `TIME_RANGE` once in UTC
    (`0001-01-01T00:00:00+14:00` is a time of the year 0, which Python cannot hold).
    """
    if len(text) > MAX_TIME_LENGTH or not _CALENDAR_DATE.match(text):
        raise ValueError(f"{_shown(text)} is not an ISO 8601 date and time")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{_shown(text)} is not an ISO 8601 date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).isoformat(timespec="microseconds")
    except OverflowError:  # the offset moves it before year 1 or past year 9999
        raise ValueError(f"{_shown(text)} is outside the times that can be kept ({TIME_RANGE})") from None


def _shown(text: str) -> str:
    return repr(text if len(text) <= MAX_TIME_LENGTH else text[:MAX_TIME_LENGTH] + "…")
