"""The library's rows (a brief in two lines, bounded and pictured) and the orders it lists briefs in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.core.library import Entry, errors_mark, shown_path
from tui.core.outside.visible import one_line, shown_name

# The orders the library lists briefs in, `o` going to the next: "file" is the folders' own order.
SORTS = ("file", "title", "date", "last read")
TITLE_SHOWN = 160  # characters of a title shown (a title is one line of a file, but a line may be any length)
TAGS_SHOWN = 80  # characters of a brief's tags, written out, shown on its row
DATE_SHOWN = 40  # characters of a date (front matter says what it likes)
PLACE_SHOWN = 60  # characters of the section last read, and of the file's path


def next_sort(current: str) -> str:
    """The order after `current` (the first after the last, or after one not known)."""
    place = SORTS.index(current) if current in SORTS else -1
    return SORTS[(place + 1) % len(SORTS)]


def known_sort(saved: str) -> str:
    """A sort read from the settings, if it is one of ours; else the first (the file's order)."""
    return saved if saved in SORTS else SORTS[0]


def in_order(entries: Sequence[Entry], by: str) -> list[int]:
    """The places in `entries` in the order `by` lists them: by file, by title (any case), by date
    (newest first) or by the time last read (latest first); those without a date, or never read,
    last; ties by title then file, so the order is the same each time."""

    def title(place: int) -> tuple[str, str]:
        item = entries[place]
        return (item.title.casefold(), str(item.path))

    places = range(len(entries))
    if by == "title":
        return sorted(places, key=title)
    if by in ("date", "last read"):
        ordered = sorted(places, key=title)
        # Stable sorts: by title first, then newest first, those with nothing last.
        when = (lambda place: entries[place].date) if by == "date" else (lambda place: entries[place].read)
        ordered.sort(key=when, reverse=True)
        return ordered
    return list(places)


def _cut(text: str, limit: int) -> str:
    """`text` on one line, pictured, at most `limit` characters (cut before any other work: it may be huge)."""
    head = shown_name(text[: limit + 1])
    return head if len(head) <= limit and len(text) <= limit else head[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Row:
    """What the library shows of a brief, as text (the screen styles it): two lines, each bounded."""

    title: str
    errors: str  # "3 errors", or ""
    date: str
    where: str  # its file, relative to its library folder or with ~
    facts: tuple[str, ...]  # claims, notes, the section last read, tags: those it has


def row_of(item: Entry, folders: Iterable[Path] = (), home: Path | None = None) -> Row:
    """The row of a brief: every text from the file bounded and pictured, its path never the machine's
    whole path when it is under a library folder or the home folder."""
    where = _cut(one_line(shown_path(item.path, folders, home)), PLACE_SHOWN)
    title = _cut(item.title, TITLE_SHOWN)
    if item.reading or item.refused:
        return Row(title, "", "", where, ())
    tags = _cut(" ".join(f"#{tag}" for tag in item.tags[:20]), TAGS_SHOWN) if item.tags else ""
    notes = f"{item.notes:,} note{'s' * (item.notes != 1)}" if item.notes else ""
    at = f"at {_cut(item.at, PLACE_SHOWN)}" if item.at else ""
    claims = f"{item.claims:,} claim{'s' * (item.claims != 1)}"
    facts = tuple(part for part in (claims, notes, at, tags) if part)  # tags last: the longest, the first cut
    return Row(title, errors_mark(item.errors), _cut(item.date, DATE_SHOWN), where, facts)


def row_text(row: Row) -> str:
    """A row as plain text, as the screen shows it (without styles)."""
    first = "   ".join(part for part in (row.title, row.errors, row.date) if part)
    return f"{first}\n{' · '.join((row.where, *row.facts))}"
