"""Where a section's lines can be cut so that each part parses alone exactly as it does in the whole.

A section of a million list items made one token list of ten million tokens (2.4 GB):
parsed in parts of about `CHUNK_CHARS`, only one part's tokens live at a time.

A cut goes only before a line that certainly starts a new top-level block whatever
follows it, and where nothing open before it goes on: a line in the first column after
a blank line (outside a fence or an HTML block that goes on over blank lines), or a
list item in the first column right after another one that started an item (the item
before cannot go on past it), or a heading in the first column (it interrupts any
paragraph, list or quote, and a heading is one line). A fence or HTML block indented 1 to 3 spaces, or one not
after a blank line, may belong to a container this pass does not follow: after one,
the section is not cut any more; nor after a line that may be a link definition, which
serves links before it as well as after (the outline does not find every one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.table import MAX_AUTOCOMPLETED_CELLS

from tui.core.brief.lines import (
    ANY_HEADING,
    BLANK,
    BREAK,
    ONE_LINE,
    SETEXT,
    blank,
    fence_closes,
    html_block,
    html_start,
    is_table_delimiter,
    opens_fence,
    starts_html_block,
)

CHUNK_CHARS = 32_768
# A pass over a long section's lines pauses after about this much work (a character, or
# `LINE_WORK` a line), some 10 ms: the reader parses between keys.
PAUSE_WORK = 1_000_000
LINE_WORK = 16
ROW_WORK = 200  # a table row's cells counted
# At most about this many characters of a long section parse before the first frame when it
# has no cut: the slowest inline shapes ('![' runs) take some 13 microseconds a character.
PREVIEW_CHARS = CHUNK_CHARS
_ITEM = re.compile(r"(?:[-+*]|\d{1,9}[.)])[ \t]+\S")  # a list item with content, in the first column
_LINK_DEFINITION = re.compile(r" {0,3}\[(?!\^)")  # may start `[label]: url` (a footnote, `[^`, is a claim)
_ATX_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")  # in the first column: ends whatever was open, is one line
_BULLET_OR_FIRST = re.compile(r"(?:[-+*]|0{0,8}1[.)])[ \t]")  # an item that can interrupt a paragraph
_SPLIT_PIPE = re.compile(r"(?<!\\)\|")  # where markdown-it splits a row into cells (`escapedSplit`)


def longer(lines: list[str], size: int) -> bool:
    """Whether `lines` (with their newlines) hold at least `size` characters: counted only that far."""
    total = 0
    for line in lines:
        total += len(line) + 1
        if total >= size:
            return True
    return False


def _long_table_at(lines: list[str], index: int, chunk: int) -> bool:
    """Whether a table opens at `lines[index]` with rows of at least `chunk` characters (read that far)."""
    if index + 2 >= len(lines) or len(lines[index]) > 2 * chunk:
        return False
    if not is_table_delimiter(lines[index + 1], lines[index]):
        return False
    size = 0
    for line in islice(lines, index + 2, None):  # not a slice: no copy of the rest of the section
        if not line.startswith("|"):
            return False
        size += len(line) + 1
        if size >= chunk:
            return True
    return False


def cuts(lines: list[str], chunk: int = CHUNK_CHARS, *, most: int = 0, within: int = 0) -> list[int]:
    """The indexes where `lines` may be cut, at least about `chunk` characters apart (none: one part).

    `most` (if not 0): stop at that many cuts; `within` (if not 0): look only in about the
    first `within` characters (a preview needs the first cut, not a pass over megabytes).
    """
    return [cut for cut in cut_steps(lines, chunk, most=most, within=within) if cut is not None]


def cut_steps(lines: list[str], chunk: int = CHUNK_CHARS, *, most: int = 0, within: int = 0) -> Iterator[int | None]:
    """`cuts` one at a time, and None after about every `PAUSE_WORK` of work (a caller may pause there).

    One pass over 20 MB of a fence took 2 s: the reader parses a section between keys.
    """
    if not longer(lines, 2 * chunk):
        return  # most sections: one part, and no pass over their lines
    count = 0
    scanned = 0
    pause = PAUSE_WORK
    fence: tuple[str, int] | None = None
    html_end: re.Pattern[str] | None = None
    after_blank = True
    item_started = False  # the previous line started a list item in the first column
    size = 0
    for index, line in enumerate(lines):
        size += len(line) + 1
        scanned += len(line) + 1
        if scanned + LINE_WORK * index >= pause:
            pause += PAUSE_WORK
            yield None
        if within and scanned > within:
            return
        if fence is not None:
            if fence_closes(line, fence):
                fence = None
            after_blank, item_started = False, False
            continue
        if html_end is not None:
            if html_end is BLANK and blank(line):
                html_end = None
                after_blank = True
            elif html_end is not BLANK and html_end.search(line):
                html_end = None
                after_blank = False
            continue
        if blank(line):
            after_blank, item_started = True, False
            continue
        if _LINK_DEFINITION.match(line):
            return  # a link definition defines links before it too: a part after a cut would miss it
        opened = opens_fence(line)
        ending = html_block(line, in_paragraph=False)
        if opened or ending:
            if line[0] == " " or not after_blank:
                return  # it may sit in a container this pass does not follow: no more cuts
            fence, html_end = opened, ending
            after_blank, item_started = False, False
            continue
        if line[0] in " \t":
            after_blank, item_started = False, False
            continue
        item = bool(_ITEM.match(line)) and not BREAK.match(line)
        # Before a long table, a cut however short the part before it: its rows parse a few at a time.
        table = after_blank and index and line[0] == "|" and _long_table_at(lines, index, chunk)
        heading = line[0] == "#" and bool(_ATX_HEADING.match(line))
        if (size >= chunk and index and (after_blank or (item and item_started) or heading)) or table:
            yield index
            count += 1
            size = len(line) + 1
            if count == most:
                return
        item_started = item and (after_blank or item_started or bool(_BULLET_OR_FIRST.match(line)))
        after_blank = False


def preview_end(lines: list[str], chunk: int = CHUNK_CHARS) -> int | None:
    """Where a preview of a long section may end: its first `lines[:end]` parse as the start of the whole.

    The first cut (see `cuts`) within about two chunks; else, for a section that opens
    with a table in the first column, a row after about `chunk` characters: the rows
    before it parse alone as the same first rows, and the table is then one block whose
    text is a prefix of the whole table's. None: no such place (a short section, a huge
    paragraph, line or fence): see `preview_part`.
    """
    found = cuts(lines, chunk, most=1, within=2 * chunk)
    if found:
        return found[0]
    start = next((index for index, line in enumerate(lines[:64]) if not blank(line)), None)
    if start is None or start + 2 >= len(lines) or not lines[start].startswith("|"):
        return None
    size = len(lines[start]) + len(lines[start + 1]) + 2
    if size > 2 * chunk or not is_table_delimiter(lines[start + 1], lines[start]):
        return None  # (a huge header is not read through: the preview's cost stays bounded)
    for index in range(start + 2, min(len(lines), start + 2 + 4 * chunk)):
        line = lines[index]
        if not line.startswith("|"):
            return None  # the table ends (or may) before a chunk's worth of rows: parse it whole
        if size >= chunk and index > start + 2:
            return index
        size += len(line) + 1
        if size > 2 * chunk:
            return None  # huge rows: not a preview of bounded size
    return None


def preview_part(lines: list[str], chunk: int = CHUNK_CHARS) -> tuple[list[str], bool] | None:
    """The lines a preview of a long section parses, and whether they parse exactly as the whole's start.

    None for a section short enough to parse whole at once (under about two chunks).
    Exact: the lines up to `preview_end`, unless they hold next to nothing. Else about the first `PREVIEW_CHARS` (scaled
    with `chunk`) cut at a line's end, or inside a huge line, at a space if there is one
    in its second half: inline constructs may go on past such a cut (a link, an
    emphasis, a paragraph's setext underline), so the preview is only close to the
    whole's start, not a prefix of it. Either way, what follows costs nothing here.
    """
    if not longer(lines, 2 * chunk):
        return None
    limit = PREVIEW_CHARS * chunk // CHUNK_CHARS
    end = preview_end(lines, chunk)
    # A cut right before a huge first block leaves next to nothing to show: not worth its exactness.
    if end is not None and sum(map(len, lines[:end])) + end >= limit // 4:
        return lines[:end], True
    size = 0
    for index, line in enumerate(lines):
        if size + len(line) + 1 > limit:
            room = limit - size
            if index and room < limit // 4:
                return lines[:index], False  # little room left: end at the line before
            space = line.rfind(" ", room // 2, room)
            return [*lines[:index], line[: space if space > 0 else room]], False
        size += len(line) + 1
    return None  # not reached: the lines are longer than `limit`


def table_start(lines: list[str]) -> int | None:
    """Where a table opens `lines`: its header, the first line not blank, in the first column and
    starting with a pipe, over a delimiter row. Only a likely table: markdown-it has the last word.
    """
    start = next((index for index, line in enumerate(lines[:64]) if not blank(line)), None)
    if start is None or start + 2 >= len(lines) or not lines[start].startswith("|"):
        return None
    return start if is_table_delimiter(lines[start + 1], lines[start]) else None


def row_cells(line: str) -> int:
    """How many cells markdown-it reads in a table row (`escapedSplit`, outer pipes dropped)."""
    text = mdTrim(line)
    count = len(_SPLIT_PIPE.findall(text)) + 1
    if text.startswith("|"):
        count -= 1
    if count and text.endswith("|") and not text.endswith("\\|"):
        count -= 1
    return count


def row_cuts(lines: list[str], start: int, columns: int, chunk: int = CHUNK_CHARS) -> list[int]:
    """Where the rows of the table whose header is `lines[start]` (of `columns` cells) may be cut.

    After a cut, the rows parse alone, under the header and delimiter rows repeated, as
    the same rows of the same table. Only rows in the first column starting with a pipe
    count (nothing can end a table there), and only while markdown-it has filled in as
    many missing cells as rows gave extra ones: it ends a table after 65,536 cells
    filled in, counted from its header, and a part must count as the whole does.
    """
    return [cut for cut in row_cut_steps(lines, start, columns, chunk) if cut is not None]


def row_cut_steps(lines: list[str], start: int, columns: int, chunk: int = CHUNK_CHARS) -> Iterator[int | None]:
    """`row_cuts` one at a time, and None after about every `PAUSE_WORK` of work (a row counts
    `ROW_WORK`): the cells of 2 million rows took 1.5 s to count."""
    size = 0
    filled = 0  # cells markdown-it adds to short rows so far, less those long rows gave
    work, pause = 0, PAUSE_WORK
    for index in range(start + 2, len(lines)):
        line = lines[index]
        if not line.startswith("|"):
            break
        work += len(line) + ROW_WORK
        if work >= pause:
            pause += PAUSE_WORK
            yield None
        if size >= chunk and filled == 0:
            yield index
            size = 0
        filled += columns - row_cells(line)
        if filled > MAX_AUTOCOMPLETED_CELLS:
            break
        size += len(line) + 1


# A part with no exact cut (see `cuts`) longer than this is parsed in pieces anyway: one huge
# paragraph (a million lines of `x`, or of `![`) was one step of 16 s to minutes, every key
# and even quitting waiting for it. Its pieces parse alone, so inline syntax that runs
# over a piece's end (a link, an emphasis) is read as text, and the paragraph shows in parts.
HUGE_PART = 256 * 1024


def forced_pieces(lines: list[str], size: int) -> list[tuple[int, list[str]]]:
    """`lines` in pieces of about `size` characters, each with the index of its first line.

    A piece ends before a line in the first column where it can (a line indented four
    spaces would start a code block of its own), never inside a top-level fence or HTML
    block (cut, its later lines showed as paragraphs, and their inline parse made 1 MB of
    an HTML block left open take five times as long); a line longer than `size` is cut
    at a space (or anywhere) into pieces of its own, unless it opens such a block.
    """
    return [(at, piece) for at, piece, _ in filter(None, piece_steps(lines, size))]


# A top-level fence or HTML block in a piece: its opening line, the line after its inside
# (its closing line, or the blank line after it), and the line after the block, in the piece.
Inside = tuple[int, int, int]


def piece_steps(lines: list[str], size: int) -> Iterator[tuple[int, list[str], list[Inside]] | None]:
    """`forced_pieces` one at a time, each with the fences and HTML blocks in it (as far as this
    pass can tell, top-level ones) whose insides hold at least `size` characters; and None after
    about every `PAUSE_WORK` of work, where a caller may pause.

    Their ends are found as markdown-it finds them, so that a caller can take their
    insides as the text they are without parsing them (see `blocks.parse_parts`).
    """
    start, taken = 0, 0
    fence: tuple[str, int] | None = None
    html_end: re.Pattern[str] | None = None
    paragraph = False  # a paragraph may be open (in this piece): it cannot be interrupted by `<a>` alone
    opened, inside = 0, 0  # the open fence's or HTML block's line, and where its inside starts (characters)
    done = 0  # the characters of the lines before this one
    pause = PAUSE_WORK
    blocks: list[Inside] = []
    for index, line in enumerate(lines):
        if done + LINE_WORK * index >= pause:
            pause += PAUSE_WORK
            yield None
        if fence is not None:
            if fence_closes(line, fence):
                fence = None
                if done - inside >= size:
                    blocks.append((opened - start, index - start, index + 1 - start))
        elif html_end is not None:
            ended = blank(line) if html_end is BLANK else html_end.search(line) is not None
            if ended:
                if done - inside >= size:  # (a blank line ending it is not in it)
                    blocks.append((opened - start, index - start, index + (html_end is not BLANK) - start))
                html_end, paragraph = None, False
        elif len(line) > size and not (opens_fence(line) or starts_html_block(line, paragraph)):
            if start < index:
                yield start, lines[start:index], blocks
                blocks = []
            for fragment in _line_pieces(line, size):
                yield index, [fragment], []
            start, taken, paragraph = index + 1, 0, False
            done += len(line) + 1
            continue
        else:
            if (taken >= size and line[:1] not in (" ", "\t")) or taken >= 2 * size:
                yield start, lines[start:index], blocks
                blocks = []
                start, taken, paragraph = index, 0, False
            if line[:1].isalnum():  # prose (or a numbered item), most lines: no fence, no HTML
                paragraph = True
            else:
                fence = opens_fence(line)
                started = None if fence else html_start(line, in_paragraph=paragraph)
                html_end = None if started is ONE_LINE else started
                paragraph = not fence and not started and _leaves_paragraph(line, paragraph)
                opened, inside = index, done + len(line) + 1
        taken += len(line) + 1
        done += len(line) + 1
    if (fence is not None or html_end is not None) and done - inside >= size:
        blocks.append((opened - start, len(lines) - start, len(lines) - start))  # left open
    if start < len(lines):
        yield start, lines[start:], blocks


def _leaves_paragraph(line: str, paragraph: bool) -> bool:
    """Whether a paragraph may be open after `line` (outside a fence or an HTML block), roughly.

    Only an HTML block of the last kind (a tag alone on its line) depends on it: a paragraph
    goes on over it. So where it is unsure (a list item, a quote, a table) it says open. Each
    test only for the lines it may hold for: a million lines took 0.9 s, all tested.
    """
    first = line[:4].lstrip(" ")[:1]
    if first in ("", "\t"):  # blank, or indented four columns: code, or a paragraph's continuation
        return paragraph and not blank(line)
    if first.isalnum():
        return True
    if first == "#":
        return not ANY_HEADING.match(line)
    if line.rstrip(" \t")[-1:] not in ("-", "*", "_", "="):
        return True  # not a break nor an underline, which are marks only
    # A break ends a paragraph; so does the paragraph's underline (a heading now).
    return not (BREAK.match(line) or (paragraph and SETEXT.match(line)))


def _line_pieces(line: str, size: int) -> list[str]:
    """A long line in pieces of about `size` characters, each ending at a space where there is one."""
    pieces, at = [], 0
    while len(line) - at > size:
        space = line.rfind(" ", at + size // 2, at + size)
        end = space + 1 if space > 0 else at + size
        pieces.append(line[at:end])
        at = end
    pieces.append(line[at:])
    return pieces
