"""How much of a long text a screen shows: its start, and how many characters are left out."""

from __future__ import annotations

NOTE_SHOWN = 2_000  # characters of a note shown at once (a 30 MB note froze the reader for 26 s)
TAGS_SHOWN = 200  # characters of a note's tags, written out, shown on its line


def excerpt(text: str, limit: int = NOTE_SHOWN) -> tuple[str, int]:
    """The first `limit` characters of `text`, and how many more there are (0 when it is all there).

    Cut before any other work on it (picturing, wrapping), so showing costs the same however long the text.
    """
    if len(text) <= limit:
        return text, 0
    return text[:limit], len(text) - limit


def more_characters(count: int) -> str:
    """What an excerpt says of the rest: " … 1,234 more characters"."""
    return f" … {count:,} more character{'s' * (count != 1)}"


def shortened(text: str, limit: int = NOTE_SHOWN) -> str:
    """`text`, or its first `limit` characters and how many more there are (a quote in a dialog)."""
    shown, more = excerpt(text, limit)
    return shown + more_characters(more) if more else shown
