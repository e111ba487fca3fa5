"""The bottom line up front above the columns: its first lines at the banner's width, its highlights drawn,
the evidence lens's marks and tints while it is on, and, when it is longer, a last line that says so (`B`
shows it all)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from typing import ClassVar

from textual.content import Content
from textual.css.scalar import Unit
from textual.geometry import Size
from textual.style import Style
from textual.widget import Widget

from tui.core.brief.model import Section, Sentence
from tui.core.changes.compare import Mark
from tui.core.display.banner import banner_lines
from tui.core.display.paint import GUTTER, Overlays, PieceKind, gutter, line_pieces
from tui.core.display.wrap import Line
from tui.core.notes.annotation import COLOURS
from tui.core.reading.lens import LENS_GUTTER, MARKS, WARNING_MARK, Footing, Lens
from tui.core.reading.since import CHANGE_MARKS, MARK_ORDER
from tui.widgets.section_view import lens_layer, lens_tinted

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
        # The evidence lens, as in a column: a sentence's tint and mark, `!` where a rule warns about it.
        *(f"summary-banner--{lens_layer(footing)}" for footing in Footing if footing is not Footing.NONE),
        "summary-banner--lens-warning",
        "summary-banner--estimative",
        # Changes since the last reading, as a column marks them (`+`, `*`, `_`).
        *(f"summary-banner--change-{mark.value}" for mark in Mark),
    }

    def __init__(self, section: Section, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.section = section
        self.notes: list[tuple[int, int, str, bool]] = []  # highlights: (start, end, colour, noted)
        self.lens: Lens | None = None  # the evidence lens, while it is on
        self._ends: tuple[Section | None, list[int]] = (None, [])  # each sentence's end, in order
        self.changes: Mapping[int, Mark] = {}  # sentences changed since the last reading, by index

    def set_lens(self, lens: Lens | None) -> None:
        """The evidence lens on (with what it shows) or off: its two cells of marks left of each line."""
        if lens is not self.lens:
            self.lens = lens
            self.refresh(layout=True)

    @property
    def gutter_width(self) -> int:
        """Cells left of every line: a highlight's mark, and the lens's two while it is on."""
        return GUTTER + (LENS_GUTTER if self.lens is not None else 0)

    def _on_line(self, line: Line) -> list[Sentence]:
        """The sentences (parts of them) a line shows."""
        if line.block < 0:
            return []
        sentences = self.section.sentences
        if self._ends[0] is not self.section:  # once a section: a long bottom line has thousands
            self._ends = (self.section, [sentence.end for sentence in sentences])
        first = bisect_right(self._ends[1], line.start)
        bound, found = max(line.end, line.start + 1), []
        for number in range(first, len(sentences)):  # never a copy of the rest of the sentences
            if sentences[number].start >= bound:
                break
            found.append(sentences[number])
        return found

    def show_changes(self, marks: Mapping[int, Mark]) -> None:
        """Mark these sentences (by index) as changed since the last reading: a trial saw an edited bottom
        line unmarked above the columns."""
        self.changes = marks
        self.refresh()

    def _change_on(self, line: Line) -> Mark | None:
        if not self.changes:
            return None
        found = {mark for sentence in self._on_line(line) if (mark := self.changes.get(sentence.index)) is not None}
        return next((mark for mark in MARK_ORDER if mark in found), None)

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
        lines, _ = banner_lines(self.section, width - self.gutter_width, self.most_lines())
        return len(lines)

    def render(self) -> Content:
        width = self.content_size.width or self.size.width
        lens, room = self.lens, width - self.gutter_width
        lines, tail = banner_lines(self.section, max(1, room), self.most_lines())
        text = self.section.text
        parts: list[Content] = []
        for number, line in enumerate(lines):
            notes = [note for note in self.notes if note[0] < line.end and note[1] > line.start]
            mark = gutter(False, False, any(noted for *_, noted in notes)) if notes else " " * GUTTER
            if notes and mark.isspace():
                mark = HIGHLIGHT_MARK
            mark_style = "summary-banner--mark"
            if (change := self._change_on(line)) is not None:  # before a highlight's, as in a column
                mark, mark_style = CHANGE_MARKS[change], f"summary-banner--change-{change.value}"
            pieces: list[tuple[str, Style | str]] = []
            tints: list[tuple[int, int, str]] = []
            estimative: list[tuple[int, int]] = []
            if lens is not None:
                sentences = self._on_line(line)
                footing, warned = lens.line(self.section, sentences)
                shown = "" if footing is Footing.NONE else f"summary-banner--{lens_layer(footing)}"
                pieces.append((MARKS[footing], self.component_style(shown) + Style(bold=True) if shown else ""))
                pieces.append((WARNING_MARK if warned else " ", self.component_style("summary-banner--lens-warning")))
                for sentence in sentences:
                    if (found := lens.footing(self.section, sentence)) is not Footing.NONE:
                        tints.append((sentence.start, sentence.end, lens_layer(found)))
                    estimative += lens.estimative(self.section, sentence)
            pieces.append((mark, self.component_style(mark_style)))
            pieces.append((line.prefix + line.fill * max(0, room - len(line.prefix)), ""))
            if line.block >= 0:
                over = Overlays(
                    tints=tints, estimative=estimative, notes=[(start, end, colour) for start, end, colour, _ in notes]
                )
                for piece in line_pieces(text, line, over):
                    pieces.append((piece.text, self.layered(piece.layers) if piece.kind is PieceKind.TEXT else ""))
            if number == len(lines) - 1 and tail:
                pieces.append((tail, self.component_style("summary-banner--more")))
            parts.append(Content.assemble(*pieces))
        return Content("\n").join(parts)

    def layered(self, layers: tuple[str, ...]) -> Style:
        """A piece's style: a lens's tint (the status's colour mixed into the text's), an estimative word
        underlined, a highlight's colour underlined too (so that it shows under NO_COLOR)."""
        style = Style()
        if any(layer.startswith("note-") for layer in layers):  # its own colour on a highlight (see SectionView)
            layers = tuple(layer for layer in layers if not layer.startswith("lens-"))
        for layer in layers:
            if layer.startswith("lens-"):
                tint = lens_tinted(self.rich_style, self.get_component_rich_style(f"summary-banner--{layer}"))
                style += Style.from_rich_style(tint)
            elif layer == "estimative":
                style += Style(underline=True)
            else:
                style += self.component_style(f"summary-banner--{layer}") + Style(underline=True)
        return style

    def component_style(self, component: str) -> Style:
        """A component's style, as Content takes it."""
        return Style.from_rich_style(self.get_component_rich_style(component, partial=True))
