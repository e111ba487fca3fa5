"""Find text across a whole brief: smartcase, in reading order, each match tied to its sentence."""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from tui.core.brief.model import Brief, Section

# Text is folded a chunk at a time: a chunk whose folding keeps its length (nearly all of
# them) is skipped whole, so only chunks holding an `ß` or an `İ` are walked a character
# at a time. Folding stays linear and close to the speed of str.casefold.
CHUNK = 256
# While the query is being typed, matches are counted up to this many ("1000+ matches"):
# a one-letter query in a 5 MB brief has 230,000, and counting them all took 0.7 s a key.
TYPING_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Match:
    """One match: `section.text[start:end]`, in sentence `sentence` of that section (-1: none)."""

    section_id: str
    start: int
    end: int
    sentence: int


@dataclass(frozen=True, slots=True)
class Folded:
    """Text case-folded, with where its characters came from.

    Folding can change a character's length (`ß` folds to `ss`, `İ` to `i̇`, `ﬁ` to `fi`):
    for each such character, `starts` holds where its folding starts in `text`, `origins`
    where the character is in the original, and `widths` how long its folding is.
    """

    text: str
    starts: list[int] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)
    widths: list[int] = field(default_factory=list)

    def original(self, at: int) -> int | None:
        """The original offset of folded offset `at`; None when `at` falls inside one character's folding."""
        k = bisect_right(self.starts, at) - 1
        if k < 0:
            return at
        start, origin, width = self.starts[k], self.origins[k], self.widths[k]
        if at == start:
            return origin
        if at < start + width:
            return None
        return origin + 1 + (at - start - width)


def fold(text: str) -> Folded:
    """`text.casefold()` with a map back to `text`'s offsets, in linear time."""
    folded = text.casefold()
    if len(folded) == len(text):  # no character folds to more than one (none folds to none)
        return Folded(folded)
    result = Folded(folded)
    out = 0
    for base in range(0, len(text), CHUNK):
        chunk = text[base : base + CHUNK]
        if len(chunk.casefold()) == len(chunk):
            out += len(chunk)
            continue
        for offset, char in enumerate(chunk):
            width = len(char.casefold())
            if width != 1:
                result.starts.append(out)
                result.origins.append(base + offset)
                result.widths.append(width)
            out += width
    return result


def is_case_sensitive(query: str) -> bool:
    """Smartcase, as in vim and less: a capital in the query makes the search case-sensitive."""
    return any(ch.isupper() for ch in query)


FOLD_WINDOW = 65_536  # characters folded at a time: folding a 4 MB section of `ß` at once took seconds


def _spans(text: str, query: str) -> Iterator[tuple[int, int] | None]:
    """(start, end) of each match of `query` in `text`, left to right, not overlapping, in `text`'s offsets.

    Case-insensitively, the text is folded a window at a time, and a None between two
    windows lets a caller look at the clock.
    """
    if is_case_sensitive(query):
        at = text.find(query)
        while at >= 0:
            yield at, at + len(query)
            at = text.find(query, at + len(query))
        return
    needle = query.casefold()
    # A character folds to one to three: a match starting in a window ends within this many more.
    overlap = len(needle) + 1
    at = 0
    while at < len(text):
        piece = text[at : at + FOLD_WINDOW + overlap]
        last = at + len(piece) >= len(text)
        next_at = at + FOLD_WINDOW
        for start, end in _folded_spans(piece, needle):
            if start >= FOLD_WINDOW and not last:
                break  # found again from the next window
            yield at + start, at + end
            next_at = max(next_at, at + end)
        at = next_at
        if not last:
            yield None


def _folded_spans(text: str, needle: str) -> Iterator[tuple[int, int]]:
    folded = fold(text)
    at = folded.text.find(needle)
    while at >= 0:
        start, end = folded.original(at), folded.original(at + len(needle))
        # A match that starts or ends inside one character's folding (the first `s` of
        # `ß`'s `ss`) is not a match of whole characters: it is skipped, not widened.
        if start is not None and end is not None:
            yield start, end
            at = folded.text.find(needle, at + len(needle))
        else:
            at = folded.text.find(needle, at + 1)


def matches_in(section: Section, query: str) -> Iterator[Match]:
    """Every match of `query` in one section, left to right, not overlapping, found lazily."""
    return (match for match in _matches_or_pauses(section, query) if match is not None)


def _matches_or_pauses(section: Section, query: str) -> Iterator[Match | None]:
    """`matches_in`, with a None where the search may pause to look at the clock."""
    if not query:
        return
    starts = [s.start for s in section.sentences]
    for span in _spans(section.text, query):
        if span is None:
            yield None
            continue
        start, end = span
        sentence = bisect_right(starts, start) - 1 if starts else -1
        yield Match(section.id, start, end, sentence)


def find_in_section(section: Section, query: str, limit: int | None = None) -> list[Match]:
    """Every match of `query` in one section (the first `limit` of them, if given)."""
    return list(islice(matches_in(section, query), limit))


def find_in(sections: Iterable[Section], query: str, limit: int | None = None) -> list[Match]:
    """The matches of `query` in these sections, in their order (the first `limit` of them, if given)."""
    found = (match for section in sections for match in matches_in(section, query))
    return list(islice(found, limit))


def find(brief: Brief, query: str, limit: int | None = None) -> list[Match]:
    """Every match of `query` in the brief, in reading order: the summary, then each section.

    With `limit`, only the first `limit`: ask for one more than you show to know there are more.
    """
    return find_in(brief.all_sections, query, limit)


class Search:
    """A search run a slice at a time, so that a caller with an event loop can keep it responsive.

    `found` holds the matches in the order of `sections`; with `limit`, the search stops at that
    many and `more` says whether there were others.
    """

    def __init__(self, sections: Iterable[Section], query: str, limit: int | None = None) -> None:
        self.query = query
        self.limit = limit
        self.found: list[Match] = []
        self.more = False
        self.done = not query
        self._steps = self._walk(sections, query)

    @staticmethod
    def _walk(sections: Iterable[Section], query: str) -> Iterator[Match | None]:
        for section in sections:
            yield from _matches_or_pauses(section, query)
            yield None  # a section ends: time to look at the clock, even in one without matches

    def run(self, until: float) -> bool:
        """Search on until `until` (a `time.perf_counter()` time) or the end; whether it is finished."""
        if self.done:
            return True
        found, limit = self.found, self.limit
        for step in self._steps:
            if step is not None:
                if limit is not None and len(found) >= limit:
                    self.more = True
                    break
                found.append(step)
                if len(found) % 64:
                    continue
            if time.perf_counter() >= until:
                return False
        self.done = True
        return True
