"""The outline of a brief, read fast: metadata and headings; sections then parse one at a time.

A reader can show the first sections of a large brief from the outline while the
rest is parsed in a worker: `parse_section` needs nothing but the outline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from tui.core.brief.blocks import LinkDefinitions, link_definitions, markdown
from tui.core.brief.frontmatter import KEY
from tui.core.brief.inline import Inline, convert_inline
from tui.core.brief.metadata import Metadata, read_metadata
from tui.core.brief.model import Section
from tui.core.brief.scan import VALID_SECTION_ID, Layout, RawSection, Scanner, slug
from tui.core.brief.section import build_section
from tui.core.outside.problems import Problem, error, warning
from tui.core.outside.visible import pictured, shown_name

SUMMARY_ID = "summary"
SUMMARY_TITLE = "Bottom line up front"
INTRODUCTION_TITLE = "Introduction"
NO_METADATA = "no brief metadata (front matter): read as plain markdown, without claims"


@dataclass(frozen=True, slots=True)
class Heading:
    """A section's title and id, where its heading is, and which lines its body spans."""

    id: str
    title: str
    line: int
    id_column: int
    body: tuple[int, int]  # 0-based line indexes, end exclusive


@dataclass(frozen=True, slots=True)
class Outline:
    """Everything about a brief but its sections' content and its claims."""

    path: str
    title: str
    is_brief: bool
    metadata: Metadata
    layout: Layout
    headings: tuple[Heading, ...]
    links: LinkDefinitions
    problems: tuple[Problem, ...]
    # False for the outline of a long brief's first part only (see `OutlineReader`): its last
    # section may go on, and links and claims defined further on are not in it yet.
    complete: bool = True


# The characters CommonMark's inline rules (and strike-through) act on: a heading without
# any is its own text, and markdown-it need not read it (200,000 sections took 4 s more).
_INLINE_SYNTAX = re.compile(r"[\n!&*<\[\\\]_`~]")


MAX_HEADING = 1_000  # characters of a section's heading read as markdown and shown


def title_inline(heading: str, is_brief: bool, links: LinkDefinitions) -> Inline:
    """A heading's text with its inline syntax read."""
    if not _INLINE_SYNTAX.search(heading):
        return Inline(heading)
    tokens = markdown(is_brief).parseInline(heading, {"references": links})
    return convert_inline(tokens[0].children if tokens else None)


def _heading(raw: RawSection, number: int, is_brief: bool, links: LinkDefinitions) -> tuple[Heading, list[Problem]]:
    """A section's title (inline syntax removed) and id, and the problems of its heading."""
    problems = []
    heading = raw.heading
    if len(heading) > MAX_HEADING:
        # Read whole, a heading of 600,000 open `*a ` took 6-12 s before the first frame.
        message = f"a heading of {len(heading):,} characters: only its first {MAX_HEADING:,} are read and shown"
        problems.append(warning(raw.line, 1, message))
        heading = heading[:MAX_HEADING]
    if _INLINE_SYNTAX.search(heading):
        inline = title_inline(heading, is_brief, links)
        title, cited = inline.text.strip(), bool(inline.citations)
    else:  # most headings: the text as it is
        title, cited = heading.strip(), False
    if len(heading) < len(raw.heading):
        title += "…"
    if cited:
        message = "a citation in a heading is not tied to any sentence: cite in the text"
        problems.append(warning(raw.line, raw.id_column, message))
    section_id = slug(title) or f"section-{number}"
    if raw.explicit_id is not None:
        if VALID_SECTION_ID.fullmatch(raw.explicit_id):
            section_id = raw.explicit_id
        else:
            message = f"invalid section id {raw.explicit_id!r}: use letters, digits, '-', '_', '.' and ':'"
            problems.append(error(raw.line, raw.id_column, message))
    if not title:
        problems.append(warning(raw.line, 1, f"empty section heading: the section gets the id {section_id!r}"))
    return Heading(section_id, title, raw.line, raw.id_column, (raw.body_start, raw.body_end)), problems


def _misplaced_front_matter(lines: list[str]) -> Problem | None:
    """An error when the file seems to open with front matter that is not on its first line."""
    for number, line in enumerate(lines[:50], start=1):
        if not line.strip():
            continue
        following = lines[number] if number < len(lines) else ""
        if line.strip() == "---" and KEY.match(following):
            return error(number, 1, "front matter must start on the first line of the file, with '---' alone")
        return None
    return None


MAX_FRONT_MATTER = 10_000  # lines of front matter read: a brief's metadata is a few dozen (or a long list of sources)
PROGRESSIVE_ABOVE = 1_048_576  # characters: a longer brief is outlined a first part first
FIRST_PART = 262_144  # characters of such a brief outlined before its first frame
FIRST_SECTIONS = 4  # sections the first part should hold, looked for a little further if need be
LINES_AT_ONCE = 512  # lines read in one step of the rest (a few milliseconds at the slowest)
SECTIONS_AT_ONCE = 2_048  # sections (or link definitions) made in one step


def _read_metadata(layout: Layout) -> Metadata:
    """The brief's metadata, from its first `MAX_FRONT_MATTER` lines of front matter at most."""
    if layout.front_matter is None:
        return Metadata()
    start, end = layout.front_matter
    if end - start <= MAX_FRONT_MATTER:
        return read_metadata(layout.lines, start, end, layout.front_matter_closed)
    # Read whole, 20 MB of keys took 16 s before the first frame, each an unknown key to report.
    metadata = read_metadata(layout.lines, start, start + MAX_FRONT_MATTER, layout.front_matter_closed)
    message = f"front matter of {end - start:,} lines: only its first {MAX_FRONT_MATTER:,} are read"
    metadata.problems.append(warning(start + MAX_FRONT_MATTER + 1, 1, message))
    return metadata


class OutlineReader:
    """A brief's outline, read at once, or for a long brief a first part at once and the rest a step
    at a time (`steps`), so that its first frame need not wait for an outline of 20 MB.

    `outline` is the outline so far: until `steps` has run out, that of the first part only
    (`complete` false), whose sections are those of the whole as far as they go.
    """

    def __init__(self, text: str, path: str = "<brief>", *, first_part: int | None = None) -> None:
        # Control characters (ESC, OSC payloads, bidi overrides) never get past here.
        text = pictured(text.replace("\r\n", "\n").replace("\r", "\n"))
        self.path = path
        first_line_end = text.find("\n")
        self.is_brief = (text if first_line_end < 0 else text[:first_line_end]).rstrip() == "---"
        self.scanner = Scanner(text, claims=self.is_brief)
        self.scanner.begin()
        layout = self.scanner.layout
        self.metadata = _read_metadata(layout)
        problems: list[Problem] = list(self.metadata.problems)
        if layout.front_matter is None:
            problems.append(_misplaced_front_matter(layout.lines) or warning(1, 1, NO_METADATA))
        self.problems = problems
        if first_part is None:
            first_part = FIRST_PART if len(text) > PROGRESSIVE_ABOVE else len(text)
        # The first part is counted from the body: a long front matter is read (to its bound) anyway.
        body, offset = self.scanner.mark
        self.scanner.advance(body + text.count("\n", offset, offset + first_part) + 1)
        # Enough sections for the columns, if they come soon: else a third column would wait for the rest.
        further = body + text.count("\n", offset, offset + 4 * first_part) + 1
        while len(self.scanner.heads) < FIRST_SECTIONS and not self.scanner.done and self.scanner.index < further:
            self.scanner.advance(self.scanner.index + LINES_AT_ONCE)
        self.outline = self._outline(self.scanner.snapshot())

    def _made(
        self, layout: Layout, headings: list[Heading], links: LinkDefinitions, problems: list[Problem]
    ) -> Outline:
        # A file name can hold anything (an escape sequence, a newline, bytes that are not UTF-8):
        # as a title it is pictured like the text, one character for one.
        title = self.metadata.title or layout.title or shown_name(Path(self.path).stem)
        made = (tuple(headings), links, tuple(problems), self.scanner.done)
        return Outline(self.path, title, self.is_brief, self.metadata, layout, *made)

    def _outline(self, layout: Layout) -> Outline:
        """The outline of `layout` made at once (a first part, or a brief read whole)."""
        links = link_definitions(layout.link_definitions)
        headings: list[Heading] = []
        problems = list(self.problems)
        for number, raw in enumerate(layout.sections, start=1):
            heading, found = _heading(raw, number, self.is_brief, links)
            headings.append(heading)
            problems += found
        return self._made(layout, headings, links, problems)

    def steps(self) -> Iterator[float]:
        """Read the rest a step at a time, each a few milliseconds, yielding how far it is (0 to 1).

        When it ends, `outline` is the whole brief's.
        """
        if self.outline.complete:
            return
        scanner = self.scanner
        count = len(scanner.lines)
        while not scanner.done:
            scanner.advance(scanner.index + LINES_AT_ONCE)
            yield 0.8 * scanner.index / count
        heads = len(scanner.heads)
        raws: list[RawSection] = []
        for first in range(0, heads, SECTIONS_AT_ONCE):
            raws += scanner.sections(first, min(heads, first + SECTIONS_AT_ONCE))
            yield 0.8 + 0.05 * first / heads
        layout = scanner.snapshot(raws)
        links = LinkDefinitions()
        found = iter(layout.link_definitions.items())
        for _ in range(0, len(layout.link_definitions), SECTIONS_AT_ONCE):
            links.add(islice(found, SECTIONS_AT_ONCE))
            yield 0.85
        headings: list[Heading] = []
        problems = list(self.problems)
        for first in range(0, heads, SECTIONS_AT_ONCE):
            for number in range(first, min(heads, first + SECTIONS_AT_ONCE)):
                heading, made = _heading(raws[number], number + 1, self.is_brief, links)
                headings.append(heading)
                problems += made
            yield 0.85 + 0.15 * first / heads
        self.outline = self._made(layout, headings, links, problems)


def read_outline(text: str, path: str = "<brief>") -> Outline:
    """The outline of `text`: one pass over its lines, no section parsed yet.

    A file without front matter is plain markdown: its level-2 headings make the
    sections and it has no claims.
    """
    return OutlineReader(text, path, first_part=len(text)).outline


def parse_section(outline: Outline, index: int) -> Section:
    """Section `index` (0-based) of the outline, parsed."""
    heading = outline.headings[index]
    start, end = heading.body
    lines = outline.layout.lines[start:end]
    return build_section(
        heading.id, heading.title, heading.line, lines, start + 1, citations=outline.is_brief, links=outline.links
    )


def summary_lines(outline: Outline) -> tuple[list[str], int] | None:
    """The lines of the prose before the first section (the title heading blanked) and the first's
    number; None if there is none."""
    layout = outline.layout
    start, end = layout.lead
    lines = layout.lines[start:end]
    if layout.title_lines is not None:
        for number in range(*layout.title_lines):
            if start <= number < end:
                lines[number - start] = ""
    if not any(line.strip() for line in lines):
        return None
    return lines, start + 1


def summary_title(outline: Outline) -> str:
    return SUMMARY_TITLE if outline.is_brief else INTRODUCTION_TITLE


def as_summary(section: Section) -> Section | None:
    """A section made of the lead's lines as the bottom line up front: None if it has no blocks."""
    if not section.blocks:
        return None
    return replace(section, line=section.blocks[0].line)


def parse_summary(outline: Outline) -> Section | None:
    """The prose before the first section (the title heading left out), if there is any."""
    found = summary_lines(outline)
    if found is None:
        return None
    lines, first = found
    return as_summary(
        build_section(
            SUMMARY_ID, summary_title(outline), first, lines, first, citations=outline.is_brief, links=outline.links
        )
    )
