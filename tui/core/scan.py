"""Split a brief's text by lines into front matter, lead, sections and claim definitions.

One pass over the lines, following CommonMark's block structure as far as the top
level needs (code fences, HTML blocks, list items, quotes, tables, setext
headings), so each section can then be parsed on its own: a large brief need not be
parsed whole before its first section is shown.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from markdown_it.rules_block.html_block import HTML_SEQUENCES

from tui.core.model import CLAIM_FIELDS

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_H1 = re.compile(r" {0,3}#(?!#)(?:[ \t]+(.*?))?[ \t]*$")
_H2 = re.compile(r" {0,3}##(?!#)(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_EXPLICIT_ID = re.compile(r"[ \t]*\{#([^}]*)\}$")
VALID_SECTION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
_SETEXT = re.compile(r" {0,3}(-|=)\1*[ \t]*$")
_ANY_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# Lines that start a block other than a paragraph: headings, breaks, list items, quotes.
_BLOCK_START = re.compile(
    r" {0,3}(?:#{1,6}(?:[ \t]|$)|([-*_])(?:[ \t]*\1){2,}[ \t]*$|[-+*][ \t]|[-+*]$|\d{1,9}[.)](?:[ \t]|$)|>)"
)
_LIST_ITEM = re.compile(r"( {0,3})([-+*]|\d{1,9}[.)])([ \t]+|$)")
_CONTAINER_MARKER = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)]|>)(?:[ \t]+|$)| {0,3}>")
# A table's delimiter row: the paragraph above it is a table header, not a heading's text.
_TABLE_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CLAIM_DEF = re.compile(r" {0,3}\[\^([^\]]+)\]:[ \t]?(.*)")
# A claim field written with too little indentation; still part of the claim (and reported).
_SHALLOW_FIELD = re.compile(
    r" {0,3}[-*+][ \t]+(?:\*\*|__)?(?:" + "|".join(name.replace(" ", "[ _-]") for name in CLAIM_FIELDS) + ")",
    re.IGNORECASE,
)
_INDENTED = re.compile(r"(?: {4}|\t)")
_LINK_DEF = re.compile(
    r" {0,3}\[([^\]]+)\]:[ \t]*(<[^>\n]*>|[^\s\x00-\x1f\x7f]+)(?:[ \t]+(\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$"
)

_BLANK = re.compile(r"^$")  # an HTML block that runs to the next blank line
_LAZY = "lazy"  # a paragraph open in a list item: lines continue it lazily
_QUOTE = "quote"  # a paragraph open in a block quote: the same, and "> ===" can underline it
_TABLE = "table"  # a table: lines are its rows


@dataclass(frozen=True, slots=True)
class RawSection:
    """A level-2 heading and the lines of its body (0-based, end exclusive)."""

    heading: str
    explicit_id: str | None
    line: int
    id_column: int
    body_start: int
    body_end: int


@dataclass(frozen=True, slots=True)
class RawClaim:
    """A `[^id]: ...` definition: its first line's text and the lines that continue it."""

    id: str
    line: int
    id_column: int
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


def _blank(line: str) -> bool:
    """A blank line as CommonMark has it: only spaces and tabs (a no-break space is text)."""
    return not line.strip(" \t")


def _front_matter(lines: list[str], layout: Layout) -> int:
    """Record the front matter's lines; return the index of the first line after it.

    Front matter that is never closed ends at its first blank line, so the rest of
    the file is still read as the brief's body.
    """
    if not lines or lines[0].rstrip() != "---":
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            layout.front_matter = (1, index)
            return index + 1
    end = next((index for index in range(1, len(lines)) if _blank(lines[index])), len(lines))
    layout.front_matter = (1, end)
    layout.front_matter_closed = False
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


def _opens_fence(line: str) -> tuple[str, int] | None:
    """The fence (character, length) that `line` opens, if it opens one."""
    opening = _FENCE.match(line)
    if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
        return opening.group(1)[0], len(opening.group(1))
    return None


def _fence_closes(line: str, fence: tuple[str, int]) -> bool:
    """Whether `line` closes a fence opened with `fence` (its character and length)."""
    closing = _FENCE.fullmatch(line.rstrip())
    return bool(
        closing
        and closing.group(1)[0] == fence[0]
        and len(closing.group(1)) >= fence[1]
        and not closing.group(2).strip()
    )


def _html_block(line: str, in_paragraph: bool) -> re.Pattern[str] | None:
    """How an HTML block that `line` starts ends (a pattern; `_BLANK` for a blank line), if it starts one.

    markdown-it-py's own table of HTML block kinds decides, so the scan and the
    parser agree; a block that ends on its first line starts nothing to track.
    """
    text = line.lstrip(" ")
    if not text.startswith("<") or len(line) - len(text) > 3:
        return None
    for opening, closing, interrupts_paragraph in HTML_SEQUENCES:
        start = opening.search(text)
        if start and (interrupts_paragraph or not in_paragraph):
            if closing.pattern != "^$" and closing.search(text, start.end()):
                return None
            return _BLANK if closing.pattern == "^$" else closing
    return None


def _indent(line: str) -> int:
    """The columns of white space before a line's text (a tab counts to the next stop of 4)."""
    column = 0
    for ch in line:
        if ch == " ":
            column += 1
        elif ch == "\t":
            column += 4 - column % 4
        else:
            break
    return column


def _item_content_column(item: re.Match[str]) -> int:
    """Where a list item's content starts: after the marker and 1 to 4 spaces."""
    spaces = len(item.group(3).expandtabs(4))
    marker_end = len(item.group(1)) + len(item.group(2))
    return marker_end + (spaces if 1 <= spaces <= 4 else 1)


def _opens_paragraph_in_container(line: str, continuing: bool = False) -> bool:
    """Whether a block-start line leaves a paragraph open inside a list item or quote.

    Only then can the following lines continue it lazily (and not start a paragraph
    of their own, which a setext underline could turn into a section heading).
    """
    marker = _CONTAINER_MARKER.match(line)
    if marker is None or _BREAK.match(line):
        return False
    rest = line[marker.end() :]
    if continuing and marker.group().strip() == ">" and _SETEXT.match(rest):
        return False  # "> ===" underlines the quote's open paragraph, closing it
    if _blank(rest) or _ANY_HEADING.match(rest) or _BREAK.match(rest) or _opens_fence(rest):
        return False
    return _opens_paragraph_in_container(rest) if _BLOCK_START.match(rest) else True


def _lazy_kind(line: str, container: str) -> str:
    """What a block-start line leaves open: a paragraph in a quote, in a list item, or nothing."""
    if not _opens_paragraph_in_container(line, continuing=container == _QUOTE):
        return ""
    quoted = re.match(r" {0,3}>[ \t]?(.*)", line)
    return _QUOTE if quoted and not _BLOCK_START.match(quoted.group(1)) else _LAZY


def _claim_end(lines: list[str], start: int) -> int:
    """The index after the claim definition at `start`.

    A definition goes on with plain lines right after it (a wrapped statement), then
    with indented lines, blank lines between them, and field lines that are not
    indented enough (so they are reported as such, not read as prose).
    """
    index = start + 1
    while index < len(lines) and not _blank(lines[index]) and not _INDENTED.match(lines[index]):
        line = lines[index]
        if _BLOCK_START.match(line) or _CLAIM_DEF.match(line) or _opens_fence(line) or _SETEXT.match(line):
            break
        index += 1
    end = index
    while index < len(lines):
        line = lines[index]
        if _blank(line):
            index += 1
            continue
        if not (_INDENTED.match(line) or _SHALLOW_FIELD.match(line)):
            break
        index += 1
        end = index
    return end


class _Scanner:
    """The state of one pass over a file's lines."""

    def __init__(self, text: str, claims: bool) -> None:
        self.lines = text.split("\n")
        self.layout = Layout(self.lines)
        self.claims = claims
        self.fence: tuple[str, int] | None = None
        self.html_end: re.Pattern[str] | None = None
        self.paragraph: int | None = None  # where a top-level paragraph (a setext heading's text) starts
        self.container = ""  # _LAZY, _QUOTE or _TABLE: lines until the next blank one continue that block
        self.list_indent = 0  # the content column of the open top-level list item, 0 outside lists

    def run(self) -> Layout:
        lines, layout = self.lines, self.layout
        index = body = _front_matter(lines, layout)
        while index < len(lines):
            index = self.step(index)
        layout.lead = (body, layout.sections[0].line - 1 if layout.sections else len(lines))
        for number in range(len(layout.sections) - 1):
            current, following = layout.sections[number], layout.sections[number + 1]
            layout.sections[number] = RawSection(
                current.heading,
                current.explicit_id,
                current.line,
                current.id_column,
                current.body_start,
                following.line - 1,
            )
        return layout

    def inside_list_item(self, line: str) -> bool:
        """Whether `line` belongs to the open list item (indented to its content, or lazy)."""
        if not self.list_indent:
            return False
        if _indent(line) >= self.list_indent:
            return True
        interrupts = _BLOCK_START.match(line) or _opens_fence(line) or (self.claims and _CLAIM_DEF.match(line))
        lazy = self.container in (_LAZY, _QUOTE) and not interrupts
        if not lazy and (not _LIST_ITEM.match(line) or _BREAK.match(line)):
            self.list_indent = 0  # the list has ended ("- - -" is a break, not an item)
        return lazy

    def item_line(self, line: str) -> None:
        """Follow a line of a list item's content: a fence, or whether a paragraph is open."""
        text = line.lstrip()
        self.fence = _opens_fence(text)
        if self.fence:
            self.container = ""
        elif _indent(line) - self.list_indent >= 4 and self.container not in (_LAZY, _QUOTE):
            self.container = ""  # indented code inside the item
        elif _BLOCK_START.match(text):
            self.container = _lazy_kind(text, self.container)
        else:
            self.container = _LAZY

    def step(self, index: int) -> int:
        """Read the line at `index`; return the index of the next line to read."""
        line = self.lines[index]
        if self.fence is not None:
            if _fence_closes(line, self.fence):
                self.fence = None
            return index + 1
        if self.html_end is not None:
            if self.html_end is _BLANK and _blank(line):
                self.html_end = self.paragraph = None
            elif self.html_end is not _BLANK and self.html_end.search(line):
                self.html_end = None
            return index + 1
        if _blank(line):
            self.paragraph, self.container = None, ""
            return index + 1
        if self.inside_list_item(line):
            self.item_line(line)
            return index + 1
        self.fence = _opens_fence(line)
        self.html_end = _html_block(line, in_paragraph=self.paragraph is not None)
        if self.fence or self.html_end:
            self.paragraph, self.container = None, ""
            return index + 1
        if self.heading(line, index):
            return index + 1
        definition = _CLAIM_DEF.match(line) if self.claims else None
        if definition:
            return self.claim(definition, index)
        self.block(line, index)
        return index + 1

    def heading(self, line: str, index: int) -> bool:
        """Start a section at a level-2 heading, or take the title from a level-1 one."""
        layout, paragraph = self.layout, self.paragraph
        atx = _H2.match(line)
        setext = _SETEXT.match(line) if paragraph is not None else None
        if setext and _is_table_delimiter(line, self.lines[index - 1]):
            setext = None  # "| a\n---" is a table, not a heading
        if atx or (setext and setext.group(1) == "-"):
            if atx:
                self.add_section(atx.group(1) or "", index, index + 1)
            else:
                assert paragraph is not None
                self.add_section(" ".join(part.strip() for part in self.lines[paragraph:index]), paragraph, index + 1)
            self.paragraph, self.container, self.list_indent = None, "", 0
            return True
        if setext and paragraph is not None:  # "===": a level-1 heading
            if not layout.sections and layout.title is None:
                layout.title = " ".join(part.strip() for part in self.lines[paragraph:index])
                layout.title_lines = (paragraph, index + 1)
            self.paragraph = None
            return True
        title = _H1.match(line)
        if title and not layout.sections and layout.title is None:
            layout.title = _CLOSING_HASHES.sub("", title.group(1) or "").strip()
            layout.title_lines = (index, index + 1)
        return False

    def add_section(self, heading: str, index: int, body_start: int) -> None:
        """A section whose heading begins at line `index` (0-based) and body at `body_start`."""
        heading = _CLOSING_HASHES.sub("", heading).strip() if heading.strip("# \t") else ""
        explicit = _EXPLICIT_ID.search(heading)
        id_column = max(1, self.lines[index].find("##") + 1)
        if explicit:
            id_column = max(1, self.lines[index].rfind("{#") + 3)
            heading = heading[: explicit.start()].rstrip()
        explicit_id = explicit.group(1) if explicit else None
        self.layout.sections.append(RawSection(heading, explicit_id, index + 1, id_column, body_start, len(self.lines)))

    def claim(self, definition: re.Match[str], index: int) -> int:
        """Cut a claim definition out of the body (its lines blanked); return the line after it."""
        end = _claim_end(self.lines, index)
        continuation = tuple((number + 1, self.lines[number]) for number in range(index + 1, end))
        claim = RawClaim(
            definition.group(1),
            index + 1,
            definition.start(1) + 1,
            definition.group(2),
            definition.start(2) + 1,
            continuation,
        )
        self.layout.claims.append(claim)
        for number in range(index, end):
            self.lines[number] = ""
        self.paragraph, self.container = None, ""
        return end

    def block(self, line: str, index: int) -> None:
        """Any other line: track paragraphs, tables, lists and quotes, and collect link definitions."""
        # A link definition cannot interrupt a paragraph.
        link = _LINK_DEF.match(line) if self.paragraph is None else None
        item = _LIST_ITEM.match(line)
        if link:
            title = (link.group(3) or "")[1:-1]
            self.layout.link_definitions.setdefault(link.group(1), (link.group(2).strip("<>"), title))
        elif self.paragraph is not None and _is_table_delimiter(line, self.lines[index - 1]):
            self.paragraph, self.container = None, _TABLE
        elif _BLOCK_START.match(line):
            self.paragraph, self.container = None, _lazy_kind(line, self.container)
            if item and not _BREAK.match(line):
                self.list_indent = _item_content_column(item)
        elif _INDENTED.match(line):
            self.container = "" if self.container == _TABLE else self.container  # indented code ends a table
        elif self.paragraph is None and not self.container:
            self.paragraph = index


def scan(text: str, *, claims: bool) -> Layout:
    """The layout of `text`; claim definitions are cut out of the body only when `claims`.

    Lines holding claim definitions are blanked in `layout.lines`, so every other
    line keeps its number. Sections start at `##` headings and at setext ones
    (a paragraph underlined with `---`), where CommonMark reads them at the top level.
    """
    return _Scanner(text, claims).run()
