"""What each piece of a display line shows: its text cut wherever an overlay starts or ends, with the layers over it.

A column draws a line of a section (see `wrap.Line`) with many overlays at once: the
block's inline styles, highlights, claim citations found, the reading cursor, the
selection, search matches, citation markers and a table row's cell gaps. This module
merges them into pieces, without any UI library, so that the merge can be tested alone;
the widget only turns each piece's layers into a style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from itertools import pairwise
from typing import NamedTuple

from tui.core.brief.model import SpanStyle
from tui.core.display.wrap import Line


class PieceKind(Enum):
    """What a piece is: text of the section, the padding that stands for a table row's tab, or a marker."""

    TEXT = "text"
    GAP = "gap"
    MARKER = "marker"


class Piece(NamedTuple):
    """A run of a line drawn in one style: `layers` over the block's own style, innermost first."""

    kind: PieceKind
    text: str
    layers: tuple[str, ...] = ()


@dataclass(slots=True)
class Overlays:
    """What lies over a line, as offsets into the section's text (each list only what reaches the line).

    Layer names: `span-<style>` (an inline style), the evidence lens's `lens-<footing>` (a
    sentence's tint) and `estimative` (an estimative word), `note-<colour>`, `marked` (a claim's
    citation found), `cursor`, `selection` and `match` (a search match), given in that
    order, which is the order their styles are applied.
    """

    spans: list[tuple[int, int, SpanStyle]] = field(default_factory=list)
    tints: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, layer): the lens's
    estimative: list[tuple[int, int]] = field(default_factory=list)
    notes: list[tuple[int, int, str]] = field(default_factory=list)
    marked: list[tuple[int, int]] = field(default_factory=list)
    cursor: tuple[int, int] | None = None
    selection: tuple[int, int] | None = None
    matches: list[tuple[int, int]] = field(default_factory=list)
    markers: dict[int, str] = field(default_factory=dict)  # drawn after the text ending at their offset


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(low <= start and end <= high for low, high in ranges)


def line_pieces(text: str, line: Line, over: Overlays) -> list[Piece]:
    """The pieces of `line` of a section whose text is `text`, under these overlays.

    Every overlay's ends that fall inside the line cut it; each piece carries the layers
    covering it whole. The pieces' text, markers left out, is the line's text with each
    tab replaced by its gap (`line.tabs`: a table row's padding and separator).
    """
    cuts = {line.start, line.end}
    for start, end, _ in over.spans:
        cuts.update((max(start, line.start), min(end, line.end)))
    ranges = [*over.matches, *((start, end) for start, end, _ in over.notes), *over.marked, *over.estimative]
    ranges += [(start, end) for start, end, _ in over.tints]
    for extra in (over.cursor, over.selection):
        if extra is not None:
            ranges.append(extra)
    for start, end in ranges:
        cuts.update(offset for offset in (start, end) if line.start < offset < line.end)
    cuts.update(over.markers)
    gap_at: dict[int, str] = {}
    at = line.start
    for gap in line.tabs:
        at = text.find("\t", at, line.end)
        if at < 0:
            break
        gap_at[at] = gap
        cuts.update((at, at + 1))
        at += 1
    pieces: list[Piece] = []
    for start, end in pairwise(sorted(cuts)):
        if start in gap_at:
            pieces.append(Piece(PieceKind.GAP, gap_at[start]))
            continue
        layers = [f"span-{style.value}" for low, high, style in over.spans if low <= start and end <= high]
        layers += [name for low, high, name in over.tints if low <= start and end <= high]
        if _inside(over.estimative, start, end):
            layers.append("estimative")
        layers += [f"note-{colour}" for low, high, colour in over.notes if low <= start and end <= high]
        if _inside(over.marked, start, end):
            layers.append("marked")
        for name, extent in (("cursor", over.cursor), ("selection", over.selection)):
            if extent is not None and extent[0] <= start and end <= extent[1]:
                layers.append(name)
        if _inside(over.matches, start, end):
            layers.append("match")
        piece = text[start:end].replace("\t", "│")
        if piece:
            pieces.append(Piece(PieceKind.TEXT, piece, tuple(layers)))
        if end in over.markers:
            pieces.append(Piece(PieceKind.MARKER, over.markers[end]))
    return pieces


GUTTER = 1  # cells left of every line, for the cursor's mark
CURSOR_MARK = "▌"  # on each line of the sentence under the cursor of the focused column
BLURRED_CURSOR_MARK = "▏"  # the same in a column without the focus
NOTE_MARK = "✎"  # on each line of a highlight with a note written, where the cursor's mark is not


def gutter(on_cursor: bool, focused: bool, noted: bool = False, change: str = "") -> str:
    """What the gutter shows left of a line: the cursor's mark on its sentence's lines, else a change's
    mark (`change`: new or changed since the last reading), else the note mark on the lines of a highlight
    with a note written (`noted`), else a blank.

    The cursor is told from a highlight by this mark as well as by its colour, so it shows
    under NO_COLOR and wherever two colours come out alike (a 256-colour terminal); a note
    from a bare highlight by its mark likewise (the note panel says it once the cursor is on it).
    """
    if on_cursor:
        return CURSOR_MARK if focused else BLURRED_CURSOR_MARK
    if change:
        return change
    return NOTE_MARK if noted else " " * GUTTER
