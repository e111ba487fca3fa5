"""Dates as briefs write them: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, and only real ones."""

from __future__ import annotations

import re
from datetime import date

_SHAPE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"


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
