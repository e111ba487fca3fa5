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
_CLAIM_DEF = re.compile(r"\[\^([^\]\s]+)\]:[ \t]?(.*)")
_INDENTED = re.compile(r"(?: {4}|\t)")
_LINK_DEF = re.compile(r" {0,3}\[([^\]^][^\]]*)\]:[ \t]*(<[^>]*>|\S+)(?:[ \t]+(\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$")


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
    title_line: int | None = None
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


def scan(text: str, *, claims: bool) -> Layout:
    """The layout of `text`; claim definitions are cut out of the body only when `claims`.

    Lines holding claim definitions are blanked in `layout.lines`, so every other
    line keeps its number.
    """
    lines = text.split("\n")
    layout = Layout(lines)
    index = body = _front_matter(lines, layout)
    fence: tuple[str, int] | None = None
    lead_end: int | None = None
    while index < len(lines):
        line = lines[index]
        if fence is not None:
            closing = _FENCE.fullmatch(line.rstrip())
            if (
                closing
                and closing.group(1)[0] == fence[0]
                and len(closing.group(1)) >= fence[1]
                and not closing.group(2).strip()
            ):
                fence = None
            index += 1
            continue
        opening = _FENCE.match(line)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence = (opening.group(1)[0], len(opening.group(1)))
            index += 1
            continue
        heading = _H2.match(line)
        if heading:
            _add_section(layout, heading.group(1) or "", index)
            if lead_end is None:
                lead_end = index
            index += 1
            continue
        if lead_end is None and layout.title is None:
            title = _H1.match(line)
            if title:
                layout.title = _CLOSING_HASHES.sub("", title.group(1) or "").strip()
                layout.title_line = index + 1
        definition = _CLAIM_DEF.match(line) if claims else None
        if definition:
            end = _claim_end(lines, index)
            continuation = tuple((n + 1, lines[n]) for n in range(index + 1, end))
            column = definition.start(2) + 1
            layout.claims.append(RawClaim(definition.group(1), index + 1, definition.group(2), column, continuation))
            for n in range(index, end):
                lines[n] = ""
            index = end
            continue
        link = _LINK_DEF.match(line)
        if link:
            label = link.group(1)
            title_text = (link.group(3) or "")[1:-1]
            layout.link_definitions.setdefault(label, (link.group(2).strip("<>"), title_text))
        index += 1
    layout.lead = (body, len(lines) if lead_end is None else lead_end)
    _close_sections(layout)
    return layout


def _add_section(layout: Layout, heading: str, index: int) -> None:
    """Start a section at line `index` (0-based); its body ends where the next starts."""
    heading = _CLOSING_HASHES.sub("", heading).strip() if heading.strip("# \t") else ""
    explicit = _EXPLICIT_ID.search(heading)
    id_column = layout.lines[index].find("##") + 1
    if explicit:
        id_column = layout.lines[index].rfind("{#") + 3
        heading = heading[: explicit.start()].rstrip()
    layout.sections.append(
        RawSection(heading, explicit.group(1) if explicit else None, index + 1, id_column, index + 1, len(layout.lines))
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
