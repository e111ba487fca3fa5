"""A brief that opens from its outline: sections parse when first needed, the rest in one pass later.

The reader shows the first screen of a brief of any size from the outline and
the few sections it shows, then calls `finish` in a worker for the claims, the
search and the checks that need the whole brief.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterator
from dataclasses import replace

from tui.core.brief.chunks import preview_part
from tui.core.brief.model import Brief, Section
from tui.core.brief.outline import SUMMARY_ID, Outline, parse_section, parse_summary, read_outline
from tui.core.brief.section import build_section, section_steps
from tui.core.outside.files import read_text
from tui.core.outside.problems import Problem

Progress = Callable[[int, int], None]  # (steps done, steps in all)


class BriefLoader:
    """One brief being opened: what the outline knows at once, each section on first use, then all."""

    def __init__(self, text: str, path: str = "<brief>") -> None:
        self.path = path
        self.outline: Outline = read_outline(text, path)
        self.summary: Section | None = parse_summary(self.outline)
        self._sections: dict[int, Section] = {}
        self._previews: dict[int, Section] = {}
        self._inexact: set[int] = set()  # sections whose preview is not a prefix of the whole (see `preview`)
        self._index: dict[str, int] = {}
        for index, heading in enumerate(self.outline.headings):
            self._index.setdefault(heading.id, index)  # where ids repeat, the first wins, as in Brief
        # Claims are numbered in the order they are defined, known from the outline already.
        self.claim_numbers = {raw.id: number for number, raw in enumerate(self.outline.layout.claims, 1)}
        self.brief: Brief | None = None  # the whole brief, once `finish` has run
        self.problems: list[Problem] = []

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
        found = self._sections.get(index)
        if found is None:
            found = self._sections.setdefault(index, parse_section(self.outline, index))
        return found

    def parsed(self, index: int) -> Section | None:
        """Section `index` if it is parsed already, else None (never parses)."""
        return self._sections.get(index)

    def preview(self, index: int) -> Section:
        """Section `index` if parsed, or if short; else only its first part, `partial`, parsed at once.

        The part is bounded whatever the section's size (see `preview_part`). Where the
        section may be cut, its blocks, text and sentences are a prefix of the whole
        section's; else (a huge paragraph or line) only close to it, and `exact_preview`
        says so: a reader shows either and switches to the whole section later, its
        cursor kept within it, and anchors no note on either.
        """
        found = self._sections.get(index) or self._previews.get(index)
        if found is not None:
            return found
        heading = self.outline.headings[index]
        start, end = heading.body
        lines = self.outline.layout.lines[start:end]
        part = preview_part(lines)
        if part is None:
            return self.section(index)
        shown, exact = part
        made = build_section(
            heading.id,
            heading.title,
            heading.line,
            shown,
            start + 1,
            citations=self.outline.is_brief,
            links=self.outline.links,
        )
        if not exact:
            self._inexact.add(index)
        return self._previews.setdefault(index, replace(made, partial=True))

    def exact_preview(self, index: int) -> bool:
        """Whether section `index`'s preview (if it has one) is a prefix of the whole section."""
        return index not in self._inexact

    def _section_steps(self, index: int) -> Generator[None, None, Section]:
        """Section `index` parsed a part at a time (see `section_steps`)."""
        heading = self.outline.headings[index]
        start, end = heading.body
        lines = self.outline.layout.lines[start:end]
        return section_steps(
            heading.id,
            heading.title,
            heading.line,
            lines,
            start + 1,
            citations=self.outline.is_brief,
            links=self.outline.links,
        )

    def section_by_id(self, section_id: str) -> Section | None:
        """The section (or the summary) with this id, if there is one."""
        if self.summary is not None and section_id == SUMMARY_ID:
            return self.summary
        index = self._index.get(section_id)
        return None if index is None else self.section(index)

    def index_of(self, section_id: str) -> int | None:
        """The 0-based index of the section with this id (None for the summary or an unknown id)."""
        return self._index.get(section_id)

    def reading_order(self, section_id: str) -> int:
        """Where a section comes when reading: the summary first (0), then the sections (1...)."""
        index = self._index.get(section_id)
        return 0 if index is None else index + 1

    def first_sections(self, count: int, *, preview: bool = False) -> list[Section]:
        """What the columns start on: the focus sections, then the first others, else the summary.

        With `preview`, a long section not parsed yet comes as its first part (see `preview`).
        """
        get = self.preview if preview else self.section

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

        Each step is one section or one claim, so a caller on an event loop can stop
        between any two to handle a key. When it ends, `brief` and `problems` are set.
        """
        if self.brief is not None:
            return
        # Imported here: the claim parser and the checks are not needed for the first frame.
        from tui.core.brief.claims import ClaimDraft, parse_claim
        from tui.core.brief.parse import assemble

        raw_claims = self.outline.layout.claims
        total = self.section_count + len(raw_claims)
        sections = []
        for index in range(self.section_count):
            if index not in self._sections:
                # A long section a part at a time: a key is handled between two parts.
                parts = self._section_steps(index)
                while True:
                    try:
                        next(parts)
                    except StopIteration as done:
                        self._sections.setdefault(index, done.value)
                        break
                    yield index, total
            sections.append(self.section(index))
            yield index + 1, total
        drafts: list[ClaimDraft] = []
        for raw in raw_claims:
            drafts.append(parse_claim(raw))
            yield len(sections) + len(drafts), total
        self.brief, self.problems = assemble(self.outline, self.summary, sections, drafts)

    def finish(self, progress: Progress | None = None) -> tuple[Brief, list[Problem]]:
        """The whole brief and every problem found: each section not yet parsed, the claims, the checks."""
        for done, total in self.steps():
            if progress is not None:
                progress(done, total)
        assert self.brief is not None
        return self.brief, self.problems


def open_brief(path: str | os.PathLike[str]) -> BriefLoader:
    """Read a brief file and its outline; BriefError if it cannot be read as text at all."""
    return BriefLoader(read_text(path), os.fspath(path))
