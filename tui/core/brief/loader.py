"""A brief that opens from its outline: sections parse when first needed, the rest in one pass later.

The reader shows the first screen of a brief of any size from the outline and
the few sections it shows, then calls `finish` in a worker for the claims, the
search and the checks that need the whole brief.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable, Generator, Iterator
from dataclasses import replace
from typing import TypeVar

from tui.core.brief.chunks import CHUNK_CHARS, preview_part
from tui.core.brief.model import Brief, Section
from tui.core.brief.numbering import claim_numbers
from tui.core.brief.outline import (
    SUMMARY_ID,
    Outline,
    OutlineReader,
    as_summary,
    parse_section,
    summary_lines,
    summary_title,
)
from tui.core.brief.section import build_section, section_steps
from tui.core.outside.files import MAX_BRIEF_BYTES, content_digest, read_bytes, text_of
from tui.core.outside.problems import Problem

T = TypeVar("T")
Progress = Callable[[int, int], None]  # (steps done, steps in all)
# The part of a section read for a column other than the first, or of the bottom line up front: four
# long sections' parts of '![' took 1.7 s, with the whole outline of a 20 MB brief still to come.
SMALL_PART = CHUNK_CHARS // 4


class BriefLoader:
    """One brief being opened: what the outline knows at once, each section on first use, then all.

    A brief of more than a megabyte is outlined a first part first (see `OutlineReader`):
    until `steps` has read the rest of its outline, its sections are first parts only
    (`partial`), and `whole_of` tells which whole section a part shown became.
    """

    def __init__(self, text: str, path: str = "<brief>") -> None:
        self.path = path
        self._reader = OutlineReader(text, path)
        self.outline: Outline = self._reader.outline
        self._sections: dict[int, Section] = {}
        self._previews: dict[int, Section] = {}
        self._inexact: set[int] = set()  # sections whose preview is not a prefix of the whole (see `preview`)
        self._summary: Section | None = None  # the bottom line up front, parsed whole
        self._summary_parts: list[Section] = []  # its first parts, as shown until it is parsed whole
        self.brief: Brief | None = None  # the whole brief, once `finish` has run
        self.digest: bytes | None = None  # the digest of the file's bytes it was read from (`open_brief`), if known
        self.problems: list[Problem] = []
        self._follow_outline()

    def _follow_outline(self) -> None:
        """What comes of the outline: sections by id, claim numbers, the bottom line up front (or its first part)."""
        outline = self.outline
        self._index: dict[str, int] = {}
        for index, heading in enumerate(outline.headings):
            self._index.setdefault(heading.id, index)  # where ids repeat, the first wins, as in Brief
        # Claims are numbered in the order they are defined, known from the outline already.
        self.claim_numbers = claim_numbers(raw.id for raw in outline.layout.claims)
        self._summary_lines = summary_lines(outline)
        if self._summary_lines is None:
            return
        lines, first = self._summary_lines
        part = preview_part(lines, SMALL_PART)  # under the title it shows a few lines; as a column, more soon
        if part is None and outline.complete:
            self._summary = as_summary(self._build(SUMMARY_ID, summary_title(outline), first, lines, first))
            return
        if self._summary_parts:
            return  # a first part is shown already: `steps` parses the whole
        shown = lines if part is None else part[0]
        made = as_summary(self._build(SUMMARY_ID, summary_title(outline), first, shown, first))
        if made is not None:
            self._summary_parts.append(replace(made, partial=True))

    def _build(self, section_id: str, title: str, line: int, lines: list[str], first_line: int) -> Section:
        outline = self.outline
        return build_section(
            section_id, title, line, lines, first_line, citations=outline.is_brief, links=outline.links
        )

    @property
    def summary(self) -> Section | None:
        """The bottom line up front: whole once parsed, else its first part (`partial`), if there is one."""
        if self._summary is not None or self._summary_lines is None or not self._summary_parts:
            return self._summary
        return self._summary_parts[-1]

    @property
    def title(self) -> str:
        return self.outline.title

    @property
    def section_count(self) -> int:
        """How many sections the brief has, the bottom line up front not counted."""
        return len(self.outline.headings)

    def section_title(self, index: int) -> str:
        return self.outline.headings[index].title

    def section(self, index: int) -> Section:
        """Section `index` (0-based, file order), parsed on first use.

        Safe to call from the event loop while `finish` runs in a thread: both keep
        whichever parse was stored first, so every caller sees the same object.
        """
        if not self.outline.complete:
            return self.preview(index)  # the outline of a first part: its sections may go on
        found = self._sections.get(index)
        if found is None:
            found = self._sections.setdefault(index, parse_section(self.outline, index))
        return found

    def parsed(self, index: int) -> Section | None:
        """Section `index` if it is parsed already, else None (never parses)."""
        return self._sections.get(index)

    def preview(self, index: int, *, small: bool = False) -> Section:
        """Section `index` if parsed, or if short; else only its first part, `partial`, parsed at once.

        The part is bounded whatever the section's size (see `preview_part`). Where the
        section may be cut, its blocks, text and sentences are a prefix of the whole
        section's; else (a huge paragraph or line) only close to it, and `exact_preview`
        says so: a reader shows either and switches to the whole section later, its
        cursor kept within it, and anchors no note on either. A `small` part is a quarter as long.
        """
        found = self._sections.get(index) or self._previews.get(index)
        if found is not None:
            return found
        heading = self.outline.headings[index]
        start, end = heading.body
        lines = self.outline.layout.lines[start:end]
        part = preview_part(lines, SMALL_PART if small else CHUNK_CHARS)
        if part is None:
            if self.outline.complete:
                return self.section(index)
            part = (lines, False)  # as far as the first part's outline goes: close to the whole, no more
        shown, exact = part
        made = self._build(heading.id, heading.title, heading.line, shown, start + 1)
        if not exact or not self.outline.complete:
            self._inexact.add(index)
        return self._previews.setdefault(index, replace(made, partial=True))

    def whole_of(self, shown: Section) -> Section | None:
        """The whole section that `shown`, a first part, is of, once it is parsed; else None."""
        if not self.outline.complete:
            return None
        if any(shown is part for part in self._summary_parts):
            return self._summary
        index = self._index.get(shown.id)
        headings = self.outline.headings
        if index is None or headings[index].line != shown.line:
            # Its id may have changed with the whole outline (a heading's link defined further on).
            index = bisect_left(headings, shown.line, key=lambda heading: heading.line)
            if index >= len(headings) or headings[index].line != shown.line:
                return None
        return self._sections.get(index)

    def exact_preview(self, index: int) -> bool:
        """Whether section `index`'s preview (if it has one) is a prefix of the whole section."""
        return index not in self._inexact

    def _section_steps(self, index: int) -> Generator[None, None, Section]:
        """Section `index` parsed a part at a time (see `section_steps`)."""
        heading = self.outline.headings[index]
        start, end = heading.body
        lines = self.outline.layout.lines[start:end]
        return self._steps_of(heading.id, heading.title, heading.line, lines, start + 1)

    def _steps_of(
        self, section_id: str, title: str, line: int, lines: list[str], first_line: int
    ) -> Generator[None, None, Section]:
        outline = self.outline
        citations, links = outline.is_brief, outline.links
        return section_steps(section_id, title, line, lines, first_line, citations=citations, links=links)

    @property
    def banner(self) -> Section | None:
        """The bottom line up front to show above the columns: None when the columns start on it
        (plain markdown without `##` sections, or a brief whose focus names it), so it shows once."""
        summary = self.summary
        if summary is None or self.section_count == 0:
            return None
        return None if any(item.text == SUMMARY_ID for item in self.outline.metadata.focus) else summary

    def section_by_id(self, section_id: str) -> Section | None:
        """The section (or the summary) with this id, if there is one."""
        if self.summary is not None and section_id == SUMMARY_ID:
            return self.summary
        index = self._index.get(section_id)
        return None if index is None else self.section(index)

    def reading_order(self, section_id: str) -> int:
        """Where a section comes when reading: the summary first (0), then the sections (1...)."""
        index = self._index.get(section_id)
        return 0 if index is None else index + 1

    def first_sections(self, count: int, *, preview: bool = False) -> list[Section]:
        """What the columns start on: the focus sections, then the first others, else the summary.

        With `preview`, a long section not parsed yet comes as its first part (see `preview`).
        """
        made = 0

        def get(index: int) -> Section:
            # The first column's part is read to PREVIEW_CHARS, the others' (narrower, seen later) to a quarter.
            nonlocal made
            made += 1
            return self.preview(index, small=made > 1) if preview else self.section(index)

        def by_id(section_id: str) -> Section | None:
            if self.summary is not None and section_id == SUMMARY_ID:
                return self.summary
            index = self._index.get(section_id)
            return None if index is None else get(index)

        named = [s for s in (by_id(item.text) for item in self.outline.metadata.focus) if s is not None]
        chosen = named or [get(index) for index in range(min(3, self.section_count))]
        index = 0
        while len(chosen) < count and index < self.section_count:
            section = get(index)
            if all(section is not other for other in chosen):  # sections are kept: one object each
                chosen.append(section)
            index += 1
        if not chosen and self.summary:
            chosen = [self.summary]
        return chosen[:count]

    def steps(self) -> Iterator[tuple[int, int]]:
        """Parse the rest of the brief one small step at a time, yielding (steps done, steps in all).

        Each step is a few hundred lines of the outline, one section (or part of one) or one
        claim, so a caller on an event loop can stop between any two to handle a key. When it
        ends, `brief` and `problems` are set.
        """
        if self.brief is not None:
            return
        # Imported here: the claim parser and the checks are not needed for the first frame.
        from tui.core.brief.claims import ClaimDraft, parse_claim
        from tui.core.brief.parse import assemble_steps

        scale = 1  # a long brief's outline counts as the first half (in thousandths), the rest as the second
        if not self.outline.complete:
            for done in self._reader.steps():
                yield int(done * 1000), 2000
            self.outline = self._reader.outline
            self._previews.clear()
            self._inexact.clear()
            self._follow_outline()
            scale = 0
        raw_claims = self.outline.layout.claims
        total = self.section_count + len(raw_claims) + 1

        def progress(done: int) -> tuple[int, int]:
            return (done, total) if scale else (1000 + done * 1000 // total, 2000)

        if self._summary is None and self._summary_lines is not None:
            lines, first = self._summary_lines
            parts = self._steps_of(SUMMARY_ID, summary_title(self.outline), first, lines, first)
            self._summary = as_summary((yield from _reporting(parts, progress(0))))
        yield progress(1)
        sections = []
        for index in range(self.section_count):
            if index not in self._sections:
                # A long section a part at a time: a key is handled between two parts.
                whole = yield from _reporting(self._section_steps(index), progress(index + 1))
                self._sections.setdefault(index, whole)
            sections.append(self.section(index))
            yield progress(index + 2)
        drafts: list[ClaimDraft] = []
        for raw in raw_claims:
            drafts.append(parse_claim(raw))
            yield progress(len(sections) + len(drafts) + 1)
        checks = assemble_steps(self.outline, self._summary, sections, drafts)
        self.brief, self.problems = yield from _reporting(checks, progress(len(sections) + len(drafts) + 1))

    def finish(self, progress: Progress | None = None) -> tuple[Brief, list[Problem]]:
        """The whole brief and every problem found: each section not yet parsed, the claims, the checks."""
        for done, total in self.steps():
            if progress is not None:
                progress(done, total)
        assert self.brief is not None
        return self.brief, self.problems


def _reporting(steps: Generator[None, None, T], where: tuple[int, int]) -> Generator[tuple[int, int], None, T]:
    """`steps` run one at a time, saying `where` the loading is after each; what they return."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            made: T = done.value
            return made
        yield where


def open_brief(path: str | os.PathLike[str]) -> BriefLoader:
    """Read a brief file and its outline; BriefError if it cannot be read as text at all."""
    data = read_bytes(path, MAX_BRIEF_BYTES)
    loader = BriefLoader(text_of(data, path), os.fspath(path))
    # The version read, by digest: a watch of the file tells a change made since (even before the reader
    # was on screen) from the file as it was read.
    loader.digest = content_digest(data)
    return loader
