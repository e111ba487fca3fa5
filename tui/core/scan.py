"""Split a brief's text by lines into front matter, lead, sections and claim definitions.

The split is a single pass over the lines (fenced code aware), so each section can
then be parsed on its own: a large brief need not be parsed whole before the first
section is shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_H1 = re.compile(r" {0,3}#(?!#)(?:[ \t]+(.*?))?[ \t]*$")
_H2 = re.compile(r" {0,3}##(?!#)(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_EXPLICIT_ID = re.compile(r"[ \t]*\{#([A-Za-z0-9][A-Za-z0-9_.:-]*)\}$")
_SETEXT = re.compile(r" {0,3}(-|=)\1*[ \t]*$")
_ANY_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# Lines that start a block other than a paragraph: headings, breaks, list items, quotes, HTML.
_BLOCK_START = re.compile(
    r" {0,3}(?:#{1,6}(?:[ \t]|$)|([-*_])(?:[ \t]*\1){2,}[ \t]*$|[-+*][ \t]|[-+*]$|\d{1,9}[.)](?:[ \t]|$)|>|<)"
)
# A table's delimiter row: the paragraph above it is a table header, not a heading's text.
_TABLE_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CLAIM_DEF = re.compile(r"\[\^([^\]\s]+)\]:[ \t]?(.*)")
_INDENTED = re.compile(r"(?: {4}|\t)")
_LINK_DEF = re.compile(r" {0,3}\[([^\]]+)\]:[ \t]*(<[^>]*>|\S+)(?:[ \t]+(\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$")


@dataclass(frozen=True, slots=True)
class RawSection:
    """A `## heading` and the lines of its body (0-based, end exclusive)."""

    heading: str
    explicit_id: str | None
    line: int
    id_column: int
    body_start: int
    body_end: int


@dataclass(frozen=True, slots=True)
class RawClaim:
    """A `[^id]: ...` definition: its first line's text and its indented continuation lines."""

    id: str
    line: int
    text: str
    text_column: int
    continuation: tuple[tuple[int, str], ...]


@dataclass(slots=True)
class Layout:
    """Where everything is in a brief's lines."""

    lines: list[str]
    front_matter: tuple[int, int] | None = None
    front_matter_closed: bool = True
    lead: tuple[int, int] = (0, 0)
    title: str | None = None
    title_lines: tuple[int, int] | None = None
    sections: list[RawSection] = field(default_factory=list)
    claims: list[RawClaim] = field(default_factory=list)
    link_definitions: dict[str, tuple[str, str]] = field(default_factory=dict)


def slug(text: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces made dashes."""
    kept = "".join(ch for ch in text.lower() if ch in "-_ " or unicodedata.category(ch)[0] in "LNM")
    return kept.replace(" ", "-")


def _front_matter(lines: list[str], layout: Layout) -> int:
    """Record the front matter's lines; return the index of the first line after it."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            layout.front_matter = (1, index)
            return index + 1
    layout.front_matter = (1, len(lines))
    layout.front_matter_closed = False
    return len(lines)


def _claim_end(lines: list[str], start: int) -> int:
    """The index after a claim definition starting at `start`: its indented lines, blanks between."""
    end = index = start + 1
    while index < len(lines):
        text = lines[index]
        if not text.strip():
            index += 1
            continue
        if not _INDENTED.match(text):
            break
        index += 1
        end = index
    return end


def _cells(line: str) -> int:
    """How many cells a table row has (pipes split cells; outer pipes and escaped ones do not)."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return len(re.split(r"(?<!\\)\|", row))


def _is_table_delimiter(line: str, header: str) -> bool:
    """Whether `line` is a table's delimiter row under `header` (same number of cells)."""
    return "|" in line + header and bool(_TABLE_DELIMITER.match(line)) and _cells(line) == _cells(header)


_LAZY = "lazy"  # a paragraph open in a list item, quote or HTML block: lines continue it lazily
_TABLE = "table"  # a table: lines are its rows
_CONTAINER_MARKER = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)]|>)(?:[ \t]+|$)| {0,3}>")


def _opens_paragraph_in_container(line: str, continuing: bool = False) -> bool:
    """Whether a block-start line leaves a paragraph open inside a list item or quote.

    Only then can the following lines continue it lazily (and not start a paragraph
    of their own, which a setext underline could turn into a section heading).
    """
    if line.lstrip()[:1] == "<":
        return True  # an HTML block runs to the next blank line
    marker = _CONTAINER_MARKER.match(line)
    if marker is None or _BREAK.match(line):
        return False
    rest = line[marker.end() :]
    if continuing and marker.group().strip() == ">" and _SETEXT.match(rest):
        return False  # "> ===" underlines the quote's open paragraph, closing it
    if not rest.strip() or _ANY_HEADING.match(rest) or _BREAK.match(rest) or _opens_fence(rest):
        return False
    return _opens_paragraph_in_container(rest) if _BLOCK_START.match(rest) else True


def _fence_closes(line: str, fence: tuple[str, int]) -> bool:
    """Whether `line` closes a fence opened with `fence` (its character and length)."""
    closing = _FENCE.fullmatch(line.rstrip())
    return bool(
        closing
        and closing.group(1)[0] == fence[0]
        and len(closing.group(1)) >= fence[1]
        and not closing.group(2).strip()
    )


def _opens_fence(line: str) -> tuple[str, int] | None:
    """The fence (character, length) that `line` opens, if it opens one."""
    opening = _FENCE.match(line)
    if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
        return opening.group(1)[0], len(opening.group(1))
    return None


def scan(text: str, *, claims: bool) -> Layout:
    """The layout of `text`; claim definitions are cut out of the body only when `claims`.

    Lines holding claim definitions are blanked in `layout.lines`, so every other
    line keeps its number. Sections start at `##` headings and at setext ones
    (a paragraph underlined with `---`), as CommonMark reads them at the top level.
    """
    lines = text.split("\n")
    layout = Layout(lines)
    index = body = _front_matter(lines, layout)
    fence: tuple[str, int] | None = None
    paragraph: int | None = None  # where a top-level paragraph (a setext heading's text) starts
    container = ""  # _LAZY or _TABLE: lines until the next blank one continue that block
    while index < len(lines):
        line = lines[index]
        index += 1
        if fence is not None:
            if _fence_closes(line, fence):
                fence = None
            continue
        if not line.strip():
            paragraph, container = None, ""
            continue
        fence = _opens_fence(line)
        if fence is not None:
            paragraph, container = None, container if line[:1] in " \t" else ""
            continue
        heading = _H2.match(line)
        setext = _SETEXT.match(line) if paragraph is not None else None
        if heading or (setext and setext.group(1) == "-"):
            start = index - 1 if heading else paragraph
            assert start is not None
            text_of = heading.group(1) or "" if heading else " ".join(part.strip() for part in lines[start : index - 1])
            _add_section(layout, text_of, start, index)
            paragraph, container = None, ""
            continue
        if setext and paragraph is not None:  # "===": a level-1 heading
            if not layout.sections and layout.title is None:
                layout.title = " ".join(part.strip() for part in lines[paragraph : index - 1])
                layout.title_lines = (paragraph, index)
            paragraph = None
            continue
        title = _H1.match(line)
        if title and not layout.sections and layout.title is None:
            layout.title = _CLOSING_HASHES.sub("", title.group(1) or "").strip()
            layout.title_lines = (index - 1, index)
        definition = _CLAIM_DEF.match(line) if claims else None
        if definition:
            end = _claim_end(lines, index - 1)
            continuation = tuple((n + 1, lines[n]) for n in range(index, end))
            column = definition.start(2) + 1
            layout.claims.append(RawClaim(definition.group(1), index, definition.group(2), column, continuation))
            for n in range(index - 1, end):
                lines[n] = ""
            index = end
            paragraph = None
            continue
        link = _LINK_DEF.match(line) if paragraph is None else None  # a definition cannot interrupt a paragraph
        if link:
            title_text = (link.group(3) or "")[1:-1]
            layout.link_definitions.setdefault(link.group(1), (link.group(2).strip("<>"), title_text))
        elif paragraph is not None and _is_table_delimiter(line, lines[index - 2]):
            paragraph, container = None, _TABLE
        elif _BLOCK_START.match(line):
            lazy = _opens_paragraph_in_container(line, continuing=container == _LAZY)
            paragraph, container = None, _LAZY if lazy else ""
        elif _INDENTED.match(line):
            container = "" if container == _TABLE else container  # indented code ends a table
        elif paragraph is None and not container:
            paragraph = index - 1
    layout.lead = (body, layout.sections[0].line - 1 if layout.sections else len(lines))
    _close_sections(layout)
    return layout


def _add_section(layout: Layout, heading: str, index: int, body_start: int) -> None:
    """Start a section whose heading begins at line `index` (0-based) and body at `body_start`."""
    heading = _CLOSING_HASHES.sub("", heading).strip() if heading.strip("# \t") else ""
    explicit = _EXPLICIT_ID.search(heading)
    id_column = max(1, layout.lines[index].find("##") + 1)
    if explicit:
        id_column = max(1, layout.lines[index].rfind("{#") + 3)
        heading = heading[: explicit.start()].rstrip()
    layout.sections.append(
        RawSection(
            heading, explicit.group(1) if explicit else None, index + 1, id_column, body_start, len(layout.lines)
        )
    )


def _close_sections(layout: Layout) -> None:
    """Make each section's body end where the next section's heading is."""
    sections = layout.sections
    for number in range(len(sections) - 1):
        current, following = sections[number], sections[number + 1]
        sections[number] = RawSection(
            current.heading,
            current.explicit_id,
            current.line,
            current.id_column,
            current.body_start,
            following.line - 1,
        )
