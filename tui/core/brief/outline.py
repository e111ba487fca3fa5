"""The outline of a brief, read fast: metadata and headings; sections then parse one at a time.

A reader can show the first sections of a large brief from the outline while the
rest is parsed in a worker: `parse_section` needs nothing but the outline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from tui.core.brief.blocks import LinkDefinitions, link_definitions, markdown
from tui.core.brief.frontmatter import KEY
from tui.core.brief.inline import Inline, convert_inline
from tui.core.brief.metadata import Metadata, read_metadata
from tui.core.brief.model import Section
from tui.core.brief.scan import VALID_SECTION_ID, Layout, RawSection, scan, slug
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


def read_outline(text: str, path: str = "<brief>") -> Outline:
    """The outline of `text`: one pass over its lines, no section parsed yet.

    A file without front matter is plain markdown: its level-2 headings make the
    sections and it has no claims.
    """
    # Control characters (ESC, OSC payloads, bidi overrides) never get past here.
    text = pictured(text.replace("\r\n", "\n").replace("\r", "\n"))
    is_brief = text.split("\n", 1)[0].rstrip() == "---"
    layout = scan(text, claims=is_brief)
    problems: list[Problem] = []
    metadata = Metadata()
    if layout.front_matter is not None:
        metadata = read_metadata(layout.lines, *layout.front_matter, layout.front_matter_closed)
        problems += metadata.problems
    else:
        problems.append(_misplaced_front_matter(layout.lines) or warning(1, 1, NO_METADATA))
    links = link_definitions(layout.link_definitions)
    headings = []
    for number, raw in enumerate(layout.sections, start=1):
        heading, found = _heading(raw, number, is_brief, links)
        headings.append(heading)
        problems += found
    # A file name can hold anything (an escape sequence, a newline, bytes that are not UTF-8):
    # as a title it is pictured like the text, one character for one.
    title = metadata.title or layout.title or shown_name(Path(path).stem)
    return Outline(path, title, is_brief, metadata, layout, tuple(headings), links, tuple(problems))


def parse_section(outline: Outline, index: int) -> Section:
    """Section `index` (0-based) of the outline, parsed."""
    heading = outline.headings[index]
    start, end = heading.body
    lines = outline.layout.lines[start:end]
    return build_section(
        heading.id, heading.title, heading.line, lines, start + 1, citations=outline.is_brief, links=outline.links
    )


def parse_summary(outline: Outline) -> Section | None:
    """The prose before the first section (the title heading left out), if there is any."""
    layout = outline.layout
    start, end = layout.lead
    lines = list(layout.lines[start:end])
    if layout.title_lines is not None:
        for number in range(*layout.title_lines):
            lines[number - start] = ""
    if not any(line.strip() for line in lines):
        return None
    title = SUMMARY_TITLE if outline.is_brief else INTRODUCTION_TITLE
    section = build_section(
        SUMMARY_ID, title, start + 1, lines, start + 1, citations=outline.is_brief, links=outline.links
    )
    if not section.blocks:
        return None
    return replace(section, line=section.blocks[0].line)
