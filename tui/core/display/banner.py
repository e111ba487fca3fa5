"""The bottom line up front in a banner of a few lines: laid out at the banner's width, and cut, when it is
longer, with a last line that says so and which key shows it all."""

from __future__ import annotations

from dataclasses import replace

from tui.core.brief.model import BlockKind, Section
from tui.core.display.wrap import Line, cell_width, wrap_block

MORE = " … (B: read it all)"  # ends the last line of a banner that does not hold it all
SHORT_MORE = "…"  # the same where the line has no room for it
# Characters of a block laid out for a banner: a few lines' worth, not a megabyte's (see `banner_lines`).
CHARACTERS_PER_LINE = 8


def banner_lines(section: Section, width: int, most: int) -> tuple[list[Line], str]:
    """The first `most` display lines of `section` at `width` cells, and what follows the last of
    them: `MORE` (or `SHORT_MORE`) when there is more than they show, else "".

    When cut, the last line ends at a word, early enough for `MORE` to fit after it.
    Only the blocks shown are laid out, and of a long block only its first part:
    a banner costs the same whatever the length of the text.
    """
    width, most = max(1, width), max(1, most)
    lines: list[Line] = []
    more = False
    enough = most * max(width, 1) * CHARACTERS_PER_LINE
    for number, block in enumerate(section.blocks):
        if lines:
            lines.append(Line(-1, block.start, block.start))
        if len(block.text) > enough and block.kind is not BlockKind.TABLE:
            block = replace(block, text=block.text[:enough])  # noqa: PLW2901 (the start is all it needs)
            more = True
        lines.extend(wrap_block(block, number, width))
        if len(lines) > most:
            break
    if len(lines) <= most and not more:
        return lines, ""
    if len(lines) > most and lines[most].block < 0 and len(lines) == most + 1 and not more:
        return lines[:most], ""  # only the blank line before a block left out: nothing is
    shown = lines[:most]
    last = shown[-1]
    tail = MORE if cell_width(last.prefix) + cell_width(MORE) <= width else SHORT_MORE
    shown[-1] = _cut_for(section.text, last, width - cell_width(tail))
    return shown, tail


def _cut_for(text: str, line: Line, room: int) -> Line:
    """`line` ended at a word so that it takes at most `room` cells, its prefix included."""
    if line.fill:
        return replace(line, fill="")
    end = line.end
    while end > line.start and cell_width(line.prefix) + cell_width(text[line.start : end]) > room:
        space = max(text.rfind(" ", line.start, end), text.rfind("\t", line.start, end))
        end = space if space > line.start else line.start
    while end > line.start and text[end - 1].isspace():
        end -= 1
    return replace(line, end=end)
