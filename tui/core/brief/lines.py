"""What a markdown line is, by CommonMark's rules, as far as the scan of a brief needs to know.

Fences, HTML blocks, list items, quotes, tables and setext underlines: enough to tell
a top-level level-2 heading from a line that only looks like one.
"""

from __future__ import annotations

import re

from markdown_it.rules_block.html_block import HTML_SEQUENCES

FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_CLOSING = re.compile(r" {0,3}(`{3,}+|~{3,}+)[ \t]*+")
SETEXT = re.compile(r" {0,3}(-++|=++)[ \t]*+$")
ANY_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
# Possessive (`*+`, `{3,}+`): nothing after a repetition can need a shorter one, and without
# them a line of 20 MB of `*` kept a backtracking point per character (3 GB, 8 s).
_BREAK = r"(?:(?:\*[ \t]*+){3,}+|(?:-[ \t]*+){3,}+|(?:_[ \t]*+){3,}+)$"
BREAK = re.compile(r" {0,3}" + _BREAK)
# Lines that start a block other than a paragraph: headings, breaks, list items, quotes.
BLOCK_START = re.compile(r" {0,3}(?:#{1,6}(?:[ \t]|$)|" + _BREAK + r"|[-+*][ \t]|[-+*]$|\d{1,9}[.)](?:[ \t]|$)|>)")
LIST_ITEM = re.compile(r"( {0,3})([-+*]|\d{1,9}[.)])([ \t]+|$)")
_CONTAINER_MARKER = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)]|>)(?:[ \t]+|$)| {0,3}>")
# A table's delimiter row: the paragraph above it is a table header, not a heading's text.
_TABLE_DELIMITER = re.compile(r" {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_DEEPEST = 64  # containers taken off a line: over three times markdown-it's limit of nested blocks
INDENTED = re.compile(r"(?: {4}|\t)")
LINK_DEF = re.compile(
    r" {0,3}\[([^\]]+)\]:[ \t]*(<[^>\n]*>|[^\s\x00-\x1f\x7f]+)(?:[ \t]+(\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$"
)
BLANK = re.compile(r"^$")  # an HTML block that runs to the next blank line
LAZY = "lazy"  # a paragraph open in a list item: lines continue it lazily
QUOTE = "quote"  # a paragraph open in a block quote: the same, and "> ===" can underline it
TABLE = "table"  # a table: lines are its rows


def blank(line: str) -> bool:
    """A blank line as CommonMark has it: only spaces and tabs (a no-break space is text)."""
    return not line.strip(" \t")


def _cells(line: str) -> int:
    """How many cells a table row has (pipes split cells; outer pipes and escaped ones do not)."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return len(re.split(r"(?<!\\)\|", row))


def is_table_delimiter(line: str, header: str) -> bool:
    """Whether `line` is a table's delimiter row under `header` (same number of cells)."""
    return "|" in line + header and bool(_TABLE_DELIMITER.match(line)) and _cells(line) == _cells(header)


def opens_fence(line: str) -> tuple[str, int] | None:
    """The fence (character, length) that `line` opens, if it opens one."""
    opening = FENCE.match(line)
    if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
        return opening.group(1)[0], len(opening.group(1))
    return None


def fence_closes(line: str, fence: tuple[str, int]) -> bool:
    """Whether `line` closes a fence opened with `fence` (its character and length).

    As markdown-it has it: up to three spaces, the fence's character at least as many
    times, then only spaces and tabs (not any white space: `\u3000` after it is text).
    """
    if fence[0] not in line[:4]:
        return False  # most lines, quickly: a closing line has the character in its first four
    closing = _CLOSING.fullmatch(line)
    return bool(closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= fence[1])


def html_block(line: str, in_paragraph: bool) -> re.Pattern[str] | None:
    """How an HTML block that `line` starts ends (a pattern; `BLANK` for a blank line), if it starts one.

    markdown-it-py's own table of HTML block kinds decides, so the scan and the
    parser agree; a block that ends on its first line starts nothing to track. Like
    markdown-it, the end is looked for in the whole line, the opening included:
    `<!-->` and `<?>` are blocks of one line.
    """
    end = html_start(line, in_paragraph)
    return None if end is ONE_LINE else end


ONE_LINE = re.compile(r"(?!)")  # (matches nothing) an HTML block that ends on the line that starts it


def html_start(line: str, in_paragraph: bool) -> re.Pattern[str] | None:
    """As `html_block`, but `ONE_LINE` for a block that ends on its first line: whether any starts."""
    kind = _html_kind(line, in_paragraph)
    if kind is None:
        return None
    text, closing = kind
    if closing.pattern != "^$" and closing.search(text):
        return ONE_LINE
    return BLANK if closing.pattern == "^$" else closing


def starts_html_block(line: str, in_paragraph: bool) -> bool:
    """Whether `line` starts an HTML block, even one that ends on it (see `html_block`)."""
    return _html_kind(line, in_paragraph) is not None


def _html_kind(line: str, in_paragraph: bool) -> tuple[str, re.Pattern[str]] | None:
    """The text of a line that starts an HTML block (its indentation left out) and how that block ends."""
    if "<" not in line[:4]:
        return None  # most lines, and without copying a long one
    text = line.lstrip(" ")
    if not text.startswith("<") or len(line) - len(text) > 3:
        return None
    for opening, closing, interrupts_paragraph in HTML_SEQUENCES:
        if opening.search(text) and (interrupts_paragraph or not in_paragraph):
            return text, closing
    return None


def indent(line: str) -> int:
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


def item_content_column(item: re.Match[str]) -> int:
    """Where a list item's content starts: after the marker and 1 to 4 spaces."""
    spaces = len(item.group(3).expandtabs(4))
    marker_end = len(item.group(1)) + len(item.group(2))
    return marker_end + (spaces if 1 <= spaces <= 4 else 1)


def _opens_paragraph_in_container(line: str, continuing: bool = False) -> bool:
    """Whether a block-start line leaves a paragraph open inside a list item or quote.

    Only then can the following lines continue it lazily (and not start a paragraph
    of their own, which a setext underline could turn into a section heading).
    Containers are taken off one at a time in a loop, at most `_DEEPEST` of them: each
    step copies the rest of the line, so a line of a million `>` took minutes. Past
    that depth markdown shows nothing (its nesting limit is 20 blocks) and takes the
    lines that follow as lazy continuations, as it does of an open paragraph.
    """
    for _ in range(_DEEPEST + 1):
        marker = _CONTAINER_MARKER.match(line)
        if marker is None or BREAK.match(line):
            return False
        rest = line[marker.end() :]
        if continuing and marker.group().strip() == ">" and SETEXT.match(rest):
            return False  # "> ===" underlines the quote's open paragraph, closing it
        if blank(rest) or ANY_HEADING.match(rest) or BREAK.match(rest) or opens_fence(rest):
            return False
        if not BLOCK_START.match(rest):
            return True
        line, continuing = rest, False
    return True


def lazy_kind(line: str, container: str) -> str:
    """What a block-start line leaves open: a paragraph in a quote, in a list item, or nothing."""
    if not _opens_paragraph_in_container(line, continuing=container == QUOTE):
        return ""
    quoted = re.match(r" {0,3}>[ \t]?(.*)", line)
    return QUOTE if quoted and not BLOCK_START.match(quoted.group(1)) else LAZY
