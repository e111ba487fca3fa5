"""The bottom line up front above the columns: its first lines at the banner's width, its highlights drawn,
and, when it is longer, a last line that says so (`B` shows it all)."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.css.scalar import Unit
from textual.geometry import Size
from textual.style import Style
from textual.widget import Widget

from tui.core.brief.model import Section
from tui.core.display.banner import banner_lines
from tui.core.display.paint import GUTTER, Overlays, PieceKind, gutter, line_pieces
from tui.core.notes.annotation import COLOURS

HIGHLIGHT_MARK = "▪"  # in the banner's gutter, on a line with a highlight (`✎`: a note written)
SHOWN_LINES = 6  # the most lines when the stylesheet sets no max-height in cells


class SummaryBanner(Widget):
    """The bottom line up front, cut to the lines its max-height allows, with its highlights.

    A highlight shows by its colour, an underline and a mark in the gutter (`▪`, or `✎`
    for a note), so that it shows without colour too (NO_COLOR).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "summary-banner--more",
        "summary-banner--mark",
        *(f"summary-banner--note-{colour}" for colour in COLOURS),
    }

    def __init__(self, section: Section, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.section = section
        self.notes: list[tuple[int, int, str, bool]] = []  # highlights: (start, end, colour, noted)

    def show_notes(self, notes: list[tuple[int, int, str, bool]]) -> None:
        """Draw these highlights, (start, end, colour, noted) offsets into the bottom line's text."""
        self.notes = sorted(notes)
        self.refresh(layout=True)

    def most_lines(self) -> int:
        """The lines the stylesheet allows (max-height: 2 on a short terminal, 6 otherwise)."""
        scalar = self.styles.max_height
        if scalar is not None and scalar.unit is Unit.CELLS:
            return max(1, int(scalar.value))
        return SHOWN_LINES

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:  # noqa: ARG002
        lines, _ = banner_lines(self.section, width - GUTTER, self.most_lines())
        return len(lines)

    def render(self) -> Content:
        width = self.content_size.width or self.size.width
        lines, tail = banner_lines(self.section, max(1, width - GUTTER), self.most_lines())
        text = self.section.text
        parts: list[Content] = []
        for number, line in enumerate(lines):
            notes = [note for note in self.notes if note[0] < line.end and note[1] > line.start]
            mark = gutter(False, False, any(noted for *_, noted in notes)) if notes else " " * GUTTER
            if notes and mark.isspace():
                mark = HIGHLIGHT_MARK
            pieces: list[tuple[str, Style | str]] = [(mark, self.component_style("summary-banner--mark"))]
            pieces.append((line.prefix + line.fill * max(0, width - GUTTER - len(line.prefix)), ""))
            if line.block >= 0:
                over = Overlays(notes=[(start, end, colour) for start, end, colour, _ in notes])
                for piece in line_pieces(text, line, over):
                    style: Style | str = ""
                    if piece.kind is PieceKind.TEXT:
                        for layer in piece.layers:
                            style = self.component_style(f"summary-banner--{layer}") + Style(underline=True)
                    pieces.append((piece.text, style))
            if number == len(lines) - 1 and tail:
                pieces.append((tail, self.component_style("summary-banner--more")))
            parts.append(Content.assemble(*pieces))
        return Content("\n").join(parts)

    def component_style(self, component: str) -> Style:
        """A component's style, as Content takes it."""
        return Style.from_rich_style(self.get_component_rich_style(component, partial=True))
