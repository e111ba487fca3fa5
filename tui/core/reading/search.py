"""The reader's search: the query typed, its matches in reading order, the one the cursor is on."""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Callable

from tui.core.brief.model import Section
from tui.core.display.search import TYPING_LIMIT, Match, Search, find_in_section


class SearchState:
    """What was searched and found; `reading_order` ranks a section id in the brief (the loader's)."""

    def __init__(self, reading_order: Callable[[str], int]) -> None:
        self.reading_order = reading_order
        self.query_text = ""  # the search typed so far (searched once the brief is loaded)
        # What `matches` holds: the query it was found for, and whether it is every match (after
        # enter, or when a search while typing found fewer than TYPING_LIMIT).
        self.matches: list[Match] = []
        self.match_index = -1
        self.searched: str | None = None
        self.complete = False

    @property
    def ready(self) -> bool:
        """Whether the matches held are those of the query typed."""
        return self.searched == self.query_text

    def key(self) -> Callable[[Match], tuple[int, int]]:
        order = self.reading_order
        return lambda m: (order(m.section_id), m.start)

    def done(self, job: Search, *, complete: bool, here: tuple[int, int] | None) -> list[Match]:
        """A search is done: keep its matches, stay on the current one (else the first from `here`,
        the cursor's (reading order, offset)). Returns the matches."""
        key = self.key()
        found = job.found if complete else sorted(job.found, key=key)
        was = self.matches[self.match_index] if self.searched == job.query and self.match_index >= 0 else None
        self.matches, self.searched = found, job.query
        self.complete = complete or not job.more
        if len(found) > TYPING_LIMIT:
            # As the loader does: matches kept are not scanned again and again by the collector
            # (with 230,000 of them, full collections stalled keys typed next by 200 ms and more).
            gc.freeze()
        if not found:
            self.match_index = -1
        elif was is not None:  # the complete search after enter keeps the match the cursor is on
            at = bisect_left(found, key(was), key=key)
            self.match_index = at if at < len(found) and found[at] == was else self.first_from(here)
        else:
            self.match_index = self.first_from(here)
        return found

    def first_from(self, here: tuple[int, int] | None) -> int:
        """The first match at or after `here` (reading order, offset), else the first."""
        if here is None:
            return 0
        at = bisect_left(self.matches, here, key=self.key())
        return at if at < len(self.matches) else 0

    def found_in(self, section: Section) -> list[tuple[int, int]]:
        """The matches to highlight in a section: all, or while typing as many as TYPING_LIMIT."""
        if not self.complete:
            return [(m.start, m.end) for m in find_in_section(section, self.searched or "", TYPING_LIMIT)]
        key = self.key()
        order = self.reading_order(section.id)
        low = bisect_left(self.matches, (order, 0), key=key)
        high = bisect_left(self.matches, (order + 1, 0), key=key)
        return [(m.start, m.end) for m in self.matches[low:high] if m.section_id == section.id]

    @property
    def current(self) -> Match:
        return self.matches[self.match_index]

    def step(self, step: int) -> Match:
        """The next match (`step` 1) or the one before (-1), round the ends."""
        self.match_index = (self.match_index + step) % len(self.matches)
        return self.current

    def clear(self) -> None:
        self.matches, self.match_index, self.query_text = [], -1, ""
        self.searched, self.complete = None, False
