"""The notes browser's state without a screen: the query typed, the pages of matches listed so far, and
what its lines say (counts, dates, names), every piece plain text, bounded and on one line."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Generic, TypeVar

from tui.core.notes.note_query import NoteQuery, Order, Parsed, parse, tag_typed
from tui.core.notes.snippet import flat, fold

PAGE = 100  # matches asked of the store at a time (the first page of no words: about 1 ms at 100,000 notes)
AHEAD = 20  # rows from the end of those listed at which the next page is asked for
LISTED_AT_MOST = 5_000  # rows `G` lists at most: past that, the search narrows it (100,000 rows are no list)
NAME_SHOWN = 60  # characters of a brief's title or a section's name on a row
ORDERS = (Order.BEST, Order.NEWEST, Order.BRIEF)
ORDER_SAID = {Order.BEST: "best first", Order.NEWEST: "newest first", Order.BRIEF: "by brief"}
Row = TypeVar("Row")  # a match as the store gives it (`store.Hit`: only `access` reaches the store)
_COLOUR_FILTER = re.compile(r"(?:^|\s)colou?r:\S*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Brief:
    """A brief as the browser names it and opens it: its title, and its file if the library has it."""

    title: str
    path: Path | None = None


def briefs_by_key(entries: Iterable[tuple[str, str, Path]]) -> dict[str, Brief]:
    """(key, title, path) of the library's briefs as a map by key; the first of two with one key wins."""
    found: dict[str, Brief] = {}
    for key, title, path in entries:
        if key and key not in found:
            found[key] = Brief(short(title) or short(path.name), path)
    return found


def short(text: str, limit: int = NAME_SHOWN) -> str:
    """Outside text on one line, pictured, cut to `limit` characters (cut first: a title may be 15 MB)."""
    shown = flat(text[: limit * 4])
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def brief_name(key: str, briefs: Mapping[str, Brief]) -> str:
    """A brief's title, or its key when the library does not have it."""
    known = briefs.get(key)
    return known.title if known is not None else short(key)


def local_date(updated: str) -> str:
    """A stored time (UTC, ISO) as the user's local date and time, minutes; the text itself if it is none."""
    try:
        return datetime.fromisoformat(updated).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return short(updated, 20)


def next_order(order: Order) -> Order:
    return ORDERS[(ORDERS.index(order) + 1) % len(ORDERS)]


def with_colour(typed: str, colours: tuple[str, ...]) -> str:
    """The query typed with its colour filter moved to the next colour (after the last: none)."""
    present = [match.strip().split(":", 1)[1].lower() for match in _COLOUR_FILTER.findall(typed)]
    rest = " ".join(_COLOUR_FILTER.sub(" ", typed).split())
    current = present[-1] if present else ""
    following = colours[colours.index(current) + 1] if current in colours[:-1] else ("" if current else colours[0])
    return " ".join(part for part in (rest, f"colour:{following}" if following else "") if part)


def with_tag(typed: str, tag: str) -> str:
    """The query typed with `#tag` added (once)."""
    wanted = tag_typed(tag)
    if fold(wanted) in (fold(tag_typed(present)) for present in parse(typed).query.tags):
        return typed
    return " ".join([*typed.split(), wanted])


def count_line(found: int | None, total: int | None, filtered: bool) -> str:
    """ "1,234 notes", or "37 of 1,234 match"; what is not counted yet is left out."""
    if total is None:
        return "counting the notes…"
    if not filtered:
        return f"{total:,} note{'s' * (total != 1)}"
    if found is None:
        return f"… of {total:,} match"
    return f"{found:,} of {total:,} match"


@dataclass(slots=True)
class Listing(Generic[Row]):
    """The matches of one query as far as they are listed: pages asked for in order, stale answers dropped."""

    typed: str = ""
    parsed: Parsed = field(default_factory=lambda: parse(""))
    order: Order = Order.BEST
    version: int = 0  # counts the queries: a page or a count for an older one is dropped
    hits: list[Row] = field(default_factory=list)
    done: bool = False  # every match is listed
    asking: bool = False  # a page is on its way
    found: int | None = None  # how many match, once counted
    read: int = 0  # rows the store read for the pages listed, rows it skipped (unreadable) too: the next offset
    seen: set[str] = field(default_factory=set)  # keys of the hits listed (a note moved up a page is not listed twice)

    def start(self, typed: str, order: Order | None = None) -> int:
        """A new query (or order): nothing listed yet; its version."""
        self.typed = typed
        self.parsed = parse(typed)
        self.order = order or self.order
        self.version += 1
        self.hits, self.done, self.asking, self.found = [], False, False, None
        self.read, self.seen = 0, set()
        return self.version

    def query(self, orphans: frozenset[str] | None) -> NoteQuery:
        """The query to run: its order, and the orphans' ids if it asks for them (`only`)."""
        query = replace(self.parsed.query, order=self.order)
        return replace(query, only=orphans) if query.orphans else query

    @property
    def filtered(self) -> bool:
        """Whether the query lets through fewer than every note (words or any filter)."""
        return self.parsed.query != parse("").query

    def next_page(self, want: int = PAGE) -> tuple[int, int] | None:
        """The (offset, limit) of the next page to ask for, or None if all are listed or one is on its way."""
        if self.done or self.asking:
            return None
        self.asking = True
        return self.read, max(1, want)

    def take(
        self, version: int, offset: int, hits: list[Row], *, asked: int, rows: int, key: Callable[[Row], str]
    ) -> list[Row] | None:
        """A page answered (`rows` read for it, unreadable ones too): its hits not listed yet added (by `key`),
        or None if it is stale (another query since) or out of step.

        The last page is one of fewer rows than asked, not of fewer hits: an unreadable row,
        skipped, ended the list there (an attack's one bad note hid the 202 after it). Another
        instance's note added above moves a page's notes down: one already listed is not again.
        """
        if version != self.version or offset != self.read:
            return None
        self.asking = False
        self.read += rows
        fresh = [hit for hit in hits if key(hit) not in self.seen]
        self.seen.update(key(hit) for hit in fresh)
        self.hits.extend(fresh)
        self.done = rows < asked
        return fresh

    def failed(self, version: int) -> None:
        if version == self.version:
            self.asking = False
            self.done = True
