"""A section of a brief in a column, drawn line by line, with a reading cursor on one sentence."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from typing import ClassVar

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from tui.core.brief.model import BlockKind, Section, Sentence, SpanStyle
from tui.core.changes.compare import Mark
from tui.core.display.markers import fit_group, marker_parts
from tui.core.display.overlap import SpanIndex
from tui.core.display.paint import GUTTER, Overlays, PieceKind, gutter, line_pieces
from tui.core.display.wrap import Line, cell_width, wrap_section
from tui.core.notes.annotation import COLOURS
from tui.core.reading.lens import LENS_GUTTER, MARKS, WARNING_MARK, Footing, Lens
from tui.core.reading.since import CHANGE_MARKS, MARK_ORDER
from tui.widgets.textual_private import repaint_now, scrollbars_for

WRAP_IN_THREAD = 1_000_000  # characters of a section above which it is wrapped for the lens in a thread

# A section wrapped ahead: the section, the width, its lines and where each starts.
Prepared = tuple[Section, int, list[Line], list[int]]


def marker_cells(markers: dict[int, str]) -> dict[int, int]:
    return {offset: cell_width(marker) for offset, marker in markers.items()}


_SPAN_STYLES = {
    SpanStyle.EMPHASIS: Style(italic=True),
    SpanStyle.STRONG: Style(bold=True),
    SpanStyle.STRIKE: Style(strike=True),
    SpanStyle.LINK: Style(underline=True),
    SpanStyle.IMAGE: Style(italic=True, underline=True),
}


def _greyed(style: Style, focused: bool) -> Style:
    """The cursor's `style` with its background turned to the grey of the same lightness.

    The cursor's background is a grey in every theme (a theme's tinted foreground or
    background would tint it), so that no highlight colour, all of them hues, comes out
    like it, in truecolor or in 256 colours (where a grey is one of the grey ramp).
    """
    triplet = style.bgcolor.triplet if style.bgcolor is not None else None
    if triplet is None:  # an ANSI theme: no colour to blend, so the terminal's own reverse video
        return style + Style(reverse=True) if focused else style
    grey = round(0.2126 * triplet.red + 0.7152 * triplet.green + 0.0722 * triplet.blue)
    return style + Style(bgcolor=Color.from_rgb(grey, grey, grey))


def lens_layer(footing: Footing) -> str:
    """The layer (and component, after `section-view--`) of a footing's tint and mark: `lens-confirmed`..."""
    return "lens-" + footing.name.lower()


TINT = 0.6  # of a status's colour in a tinted sentence's text, the rest the text's own: readable, yet told apart


def lens_tinted(text: Style, style: Style) -> Style:
    """A lens tint: the status's colour (`style`'s) mixed into the text's, so a tinted sentence reads as
    well as any (the bottom line's banner tints its sentences alike)."""
    own, tint = text.color, style.color
    if own is None or tint is None or own.triplet is None or tint.triplet is None:
        return style  # an ANSI theme or no colour: the status's colour as it is
    mixed = [round(a + (b - a) * TINT) for a, b in zip(own.triplet, tint.triplet, strict=True)]
    return style + Style(color=Color.from_rgb(*mixed))


def heading_component(level: int) -> str:
    """The component a heading of this level is drawn in: `###` (and above) bold, `####` and below
    quieter, so that each reads apart from the other and from the column's title (the section)."""
    return "section-view--heading" if level <= 3 else "section-view--subheading"


class SectionView(ScrollView, can_focus=True, inherit_bindings=False):
    """One section: only the visible lines are painted, so its size does not matter.

    It takes none of ScrollView's keys: the reading cursor moves, and the view
    follows it; left and right belong to the screen (columns).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "section-view--cursor",
        "section-view--gutter",
        "section-view--heading",
        "section-view--subheading",
        "section-view--code",
        "section-view--decoration",
        "section-view--marker",
        "section-view--broken-marker",
        "section-view--marked",
        "section-view--match",
        "section-view--selection",
        *(f"section-view--note-{colour}" for colour in COLOURS),
        # The evidence lens: a sentence's tint and gutter mark by what it rests on, its estimative words.
        *(f"section-view--{lens_layer(footing)}" for footing in Footing if footing is not Footing.NONE),
        "section-view--lens-warning",
        "section-view--estimative",
        # Changes since the last reading: a sentence's mark in the gutter, by kind.
        *(f"section-view--change-{mark.value}" for mark in Mark),
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Next sentence", id="sentence.next"),
        Binding("k,up", "move(-1)", "Previous sentence", id="sentence.previous"),
        Binding("}", "paragraph(1)", "Next paragraph", show=False, id="paragraph.next"),
        Binding("{", "paragraph(-1)", "Previous paragraph", show=False, id="paragraph.previous"),
        Binding("g,home", "first", "First sentence", show=False, id="sentence.first"),
        Binding("G,end", "last", "Last sentence", show=False, id="sentence.last"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="page.down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="page.up"),
        Binding("v", "toggle_selection", "Select", id="selection.toggle"),
        Binding("escape", "clear_selection", "Clear the selection", id="selection.clear"),
    ]

    cursor: reactive[int] = reactive(0, init=False)

    class CursorMoved(Message):
        """The reading cursor is on another sentence (or the column shows another section)."""

        def __init__(self, view: SectionView, sentence: Sentence | None) -> None:
            super().__init__()
            self.view = view
            self.sentence = sentence

    class AtEdge(Message):
        """A move went past the section's last sentence (`direction` 1) or its first (-1): the screen
        decides what comes next. `page`: by a page key; `again`: the move before it did the same, the
        cursor not moved since."""

        def __init__(self, view: SectionView, direction: int, *, page: bool, again: bool) -> None:
            super().__init__()
            self.view = view
            self.direction = direction
            self.page = page
            self.again = again

    def __init__(self, section: Section, markers: dict[int, str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.section = section
        self.markers = markers
        self.marked: frozenset[int] = frozenset()  # sentences shown as found (a claim's citations)
        self.found: list[tuple[int, int]] = []  # search matches, (start, end) offsets in order
        self.notes: list[tuple[int, int, str, bool]] = []  # highlights: (start, end, colour, noted), in order
        self.selected_from: int | None = None  # the sentence a selection (v) started on
        self.prepared: Prepared | None = None  # a section wrapped ahead of `show` (see `wrap_ahead`)
        self.edge = 0  # the direction of the last move stopped at an edge, until the cursor moves
        self._pressed: int | None = None  # the sentence the mouse button went down on
        self.lines: list[Line] = []
        self._line_starts: list[int] = []
        self._marker_offsets: list[int] = []
        self._laid_out_width = 0
        # Per section, so that a key or a line never walks every sentence or span (100,000 in a section).
        self._indexed: Section | None = None  # the section the lists below describe
        self._starts: list[int] = []  # each sentence's start, in order
        self._ends: list[int] = []  # each sentence's end, in order (sentences never overlap)
        self._paragraphs: list[int] = []  # the index of each block's first sentence
        self._marked: list[int] = []  # `marked`, in order
        self._spans: LRUCache[int, SpanIndex] = LRUCache(256)  # by block, built when a line of it is drawn
        self._styles: dict[str, Style] = {}  # component styles, looked up once per style change
        self.lens: Lens | None = None  # the evidence lens, when it is on (it stays on from section to section)
        self.lens_wanted: Lens | None = None  # the lens asked for: `lens` once the text is wrapped for it
        self.changes: Mapping[int, Mark] = {}  # sentences changed since the last reading, by index

    # Styles

    def style_of(self, component: str) -> Style:
        """A component's rich style ("" for the widget's own), cached: looking one up walks the DOM."""
        style = self._styles.get(component)
        if style is None:
            if component.startswith("mark-"):  # a lens's gutter mark: its footing's colour, whole and bold
                style = self.get_component_rich_style("section-view--lens-" + component[5:]) + Style(bold=True)
            else:
                style = self.rich_style if not component else self.get_component_rich_style(component)
            if component == "section-view--cursor":
                style = _greyed(style, self.has_focus)
            elif component.startswith("section-view--lens-") and component != "section-view--lens-warning":
                style = self._tinted(style)
            elif component == "section-view--estimative":  # its text style alone: the sentence's tint stays
                style = Style(bold=style.bold, italic=style.italic, underline=style.underline)
            self._styles[component] = style
        return style

    def _tinted(self, style: Style) -> Style:
        return lens_tinted(self.rich_style, style)

    @property
    def gutter_width(self) -> int:
        """Cells left of every line: the cursor's and notes' mark, and the lens's two while it is on."""
        return GUTTER + (LENS_GUTTER if self.lens is not None else 0)

    def set_lens(self, lens: Lens | None) -> None:
        """Turn the evidence lens on (with what it shows) or off: the text is wrapped anew, to the gutter's width."""
        self.lens_wanted = lens
        if lens is self.lens:
            return
        gutter = GUTTER + (LENS_GUTTER if lens is not None else 0)
        if gutter == self.gutter_width:  # a lens for another (the reviewed one): the lines stay as they are
            self.lens = lens
            self.refresh()
            return
        # On or off, the text is narrower or wider: wrapped anew (0.8 s for a 5 MB section), in a thread
        # for a long section, the lens shown once it is done.
        if len(self.section.text) > WRAP_IN_THREAD and self.lines and self.is_mounted:
            self.wrap_for_lens(self.section, gutter)
            return
        self._take_lens(lens)

    def _take_lens(self, lens: Lens | None) -> None:
        self.lens = lens
        self._lay_out()
        self.keep_cursor_in_view()
        self.refresh()

    @work(thread=True, exclusive=True, group="lens-wrap", exit_on_error=False, description="wrap for the lens")
    def wrap_for_lens(self, section: Section, gutter: int) -> None:
        """Wrap a long section for the lens's gutter (or without it) in a thread, then show it so."""
        prepared = self.wrap_ahead(section, self.markers, gutter)

        def ready() -> None:
            wanted = self.lens_wanted
            if self.section is not section or GUTTER + (LENS_GUTTER if wanted is not None else 0) != gutter:
                return  # another section shown, or the lens turned back meanwhile
            self.prepared = prepared
            self._take_lens(wanted)

        self.app.call_from_thread(ready)

    def notify_style_update(self) -> None:
        # Called when the theme, the CSS or a pseudo-class such as :focus changes.
        self._styles.clear()
        super().notify_style_update()

    # Layout

    def mark(self, sentences: frozenset[int]) -> None:
        """Show these sentences as found (a claim's citations)."""
        self.marked = sentences
        self._marked = sorted(sentences)
        self.refresh()

    def _index(self) -> None:
        """Index the section's sentences, once for each section shown."""
        if self._indexed is self.section:
            return
        sentences = self.section.sentences
        self._starts = [sentence.start for sentence in sentences]
        self._ends = [sentence.end for sentence in sentences]
        self._paragraphs = [s.index for s in sentences if s.index == 0 or sentences[s.index - 1].block != s.block]
        self._spans.clear()
        self._indexed = self.section

    def show_matches(self, found: list[tuple[int, int]]) -> None:
        """Highlight search matches, as (start, end) offsets into the section's text, in order."""
        self.found = found
        self.refresh()

    def show_notes(self, notes: Iterable[tuple[int, int, str] | tuple[int, int, str, bool]]) -> None:
        """Draw these highlights, (start, end, colour) offsets into the section's text, and whether a
        note is written on each (a mark in the gutter; none given: a bare highlight)."""
        self.notes = sorted((note[0], note[1], note[2], len(note) > 3 and bool(note[3])) for note in notes)
        self.refresh()

    def show_changes(self, marks: Mapping[int, Mark]) -> None:
        """Mark these sentences (by index) in the gutter as changed since the last reading."""
        self.changes = marks
        self.refresh()

    def show(self, section: Section, markers: dict[int, str]) -> None:
        """Show another section, the cursor on its first sentence."""
        self.section, self.markers, self.marked, self.found, self.notes = section, markers, frozenset(), [], []
        self.changes = {}
        self.lens = self.lens_wanted  # a lens asked for while the section before was being wrapped for it
        self._marked = []
        self.selected_from = None
        self.edge = 0
        self._laid_out_width = 0
        self._lay_out()
        self.set_reactive(SectionView.cursor, 0)
        self.scroll_to(0, 0, animate=False, immediate=True)  # now, not after a frame: one frame per key
        self.screen.post_message(self.CursorMoved(self, self.current))
        self.refresh()
        # Ask the screen for the repaint now. Left to this widget's own queue, it waited for the
        # queue to empty, and the new text came a frame after its title and scrollbar (20-30 ms).
        repaint_now(self)

    def wrap_ahead(self, section: Section, markers: dict[int, str], gutter: int | None = None) -> Prepared:
        """`section` wrapped at this column's width, for `show` to take without wrapping: done in a
        thread for a long section (20 MB of an HTML block took 28 s to wrap, every key waiting)."""
        width = max(10, self.scrollable_content_region.width - (self.gutter_width if gutter is None else gutter))
        lines = wrap_section(section, width, marker_cells(markers))
        return (section, width, lines, [line.start for line in lines])

    def _lay_out(self) -> None:
        width = max(10, self.scrollable_content_region.width - self.gutter_width)
        if width == self._laid_out_width and self.lines:
            return
        prepared = self.prepared
        self.prepared = None
        if prepared is not None and prepared[0] is self.section and prepared[1] == width:
            self.lines, self._line_starts = prepared[2], prepared[3]  # wrapped in a thread (see `wrap_ahead`)
        else:
            self.lines = wrap_section(self.section, width, marker_cells(self.markers))
            self._line_starts = [line.start for line in self.lines]
        self._marker_offsets = sorted(self.markers)
        self._laid_out_width = width
        size = Size(width, len(self.lines))
        if size != self.virtual_size:
            # Set without the layout pass a reactive change asks for: the column keeps its size, only
            # its scrollbar changes, and a layout of the whole screen costs 20-40 ms at every section shown.
            self.set_reactive(Widget.virtual_size, size)
            scrollbars_for(self, size)

    def on_resize(self) -> None:
        self._lay_out()
        # Wrapped anew, the cursor's sentence is on other lines: kept in view (a resize from 180x50 to
        # 100x30, or the sidebar shown at 80x24, left it below or above the column).
        self.keep_cursor_in_view()
        self.refresh()

    def keep_cursor_in_view(self) -> None:
        sentence = self.current
        if sentence is not None and self.lines:
            top, bottom = self.lines_of(sentence)
            self.scroll_to_region(Region(0, top, 1, bottom - top + 1), animate=False, x_axis=False, immediate=True)

    # The cursor

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.section.sentences

    @property
    def current(self) -> Sentence | None:
        """The sentence under the reading cursor, if the section has any."""
        sentences = self.sentences
        return sentences[self.cursor] if 0 <= self.cursor < len(sentences) else None

    def line_of(self, offset: int) -> int:
        """The index of the display line that shows a section-text offset."""
        return max(0, bisect_right(self._line_starts, offset) - 1)

    def lines_of(self, sentence: Sentence) -> tuple[int, int]:
        """The first and last display lines a sentence is drawn on."""
        return self.line_of(sentence.start), self.line_of(max(sentence.start, sentence.end - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.edge = 0
        sentence = self.sentences[new] if 0 <= new < len(self.sentences) else None
        scrolled_from = self.scroll_offset.y
        self.keep_cursor_in_view()
        # Straight to the screen, not bubbling up through the columns: the sidebar then changes
        # before the next frame, so one key makes one frame (measured: 4 ms rather than 40).
        self.screen.post_message(self.CursorMoved(self, sentence))
        whole = self.scroll_offset.y != scrolled_from or self.selected_from is not None  # a selection grows
        if whole or not 0 <= old < len(self.sentences) or sentence is None:
            self.refresh()
            return
        # Not scrolled: repaint only the lines of the sentence left and the one reached.
        for changed in (self.sentences[old], sentence):
            top, bottom = self.lines_of(changed)
            self.refresh_lines(top, bottom - top + 1)

    def move_to(self, index: int) -> None:
        """Put the cursor on sentence `index`, kept within the section."""
        if self.sentences:
            self.cursor = min(max(index, 0), len(self.sentences) - 1)

    # The selection

    def selection(self) -> tuple[int, int] | None:
        """The selected text, (start, end) offsets from the first selected sentence to the last."""
        if self.selected_from is None or not self.sentences:
            return None
        first, last = sorted((min(self.selected_from, len(self.sentences) - 1), self.cursor))
        return self.sentences[first].start, self.text_end(self.sentences[last])

    def text_end(self, sentence: Sentence) -> int:
        """Where a sentence's text ends, the space after it left out."""
        return sentence.start + len(self.section.text[sentence.start : sentence.end].rstrip())

    def target(self) -> tuple[int, int] | None:
        """What a note would cover: the selection, else the sentence under the cursor."""
        sentence = self.current
        if sentence is None:
            return None
        return self.selection() or (sentence.start, self.text_end(sentence))

    def action_toggle_selection(self) -> None:
        """Start a selection at the cursor (the cursor keys extend it), or end it."""
        self.selected_from = None if self.selected_from is not None else self.cursor
        self.refresh()

    def action_clear_selection(self) -> None:
        self.selected_from = None
        self.refresh()

    # The mouse: a click puts the cursor on a sentence, a drag selects sentences

    def sentence_at(self, event: events.MouseEvent) -> int | None:
        """The index of the sentence under the mouse, if any."""
        offset = event.get_content_offset(self)
        if offset is None or not self.lines or not self.sentences:
            return None
        line = self.lines[min(len(self.lines) - 1, self.scroll_offset.y + offset.y)]
        # Cells past the prefix, as characters (citation markers make this approximate by a few).
        at = min(line.end, line.start + max(0, offset.x - self.gutter_width - cell_width(line.prefix)))
        self._index()
        return max(0, bisect_right(self._starts, at) - 1)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        index = self.sentence_at(event)
        if index is not None:
            self._pressed = index
            if self.selected_from is not None:
                self.selected_from = None
                self.refresh()  # the old selection goes, even if the cursor does not move
            self.move_to(index)
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._pressed is None:
            return
        index = self.sentence_at(event)
        if index is not None and index != self.cursor:
            self.selected_from = self._pressed
            self.move_to(index)

    def on_mouse_up(self, event: events.MouseUp) -> None:  # noqa: ARG002
        if self._pressed is not None:
            self._pressed = None
            self.release_mouse()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002
        """Escape clears a selection, and only while there is one (else it does what the screen says)."""
        return self.selected_from is not None if action == "clear_selection" else True

    def action_move(self, step: int) -> None:
        if not 0 <= self.cursor + step < len(self.sentences):
            self.at_edge(step, page=False)
            return
        self.move_to(self.cursor + step)

    def at_edge(self, step: int, *, page: bool) -> None:
        """A move past the first or last sentence: said to the screen (which may show another section).

        Not while selecting: a selection stays within its section.
        """
        again = self.edge == step
        self.move_to(len(self.sentences) - 1 if step > 0 else 0)  # a page key may stop short of it
        if self.selected_from is not None:
            return
        self.edge = step
        self.screen.post_message(self.AtEdge(self, step, page=page, again=again))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.sentences) - 1)

    def action_paragraph(self, step: int) -> None:
        """Next: the first sentence of the next block. Previous: the start of this block, or of the one before."""
        sentence = self.current
        if sentence is None:
            return
        self._index()
        starts = self._paragraphs
        if step > 0:
            after = bisect_right(starts, self.cursor)
            self.move_to(starts[after] if after < len(starts) else len(self.sentences) - 1)
        else:
            before = bisect_left(starts, self.cursor)
            self.move_to(starts[before - 1] if before > 0 else 0)

    def action_page(self, step: int) -> None:
        """Scroll a page and put the cursor on the first sentence then in view; at the end (or the start)
        already in view, the cursor goes to the last (or first) sentence and the screen is told."""
        if (self.scroll_offset.y >= self.max_scroll_y) if step > 0 else (self.scroll_offset.y <= 0):
            self.at_edge(step, page=True)
            return
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=self.scroll_offset.y + step * height, animate=False, immediate=True)
        top = min(len(self.lines) - 1, max(0, int(self.scroll_target_y)))
        line = self.lines[top] if self.lines else None
        if line is None:
            return
        self._index()
        self.move_to(bisect_right(self._ends, line.start))  # the first sentence ending after the line's start

    # Drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if max(10, width - self.gutter_width) != self._laid_out_width:
            # The first frame comes before the first resize event: lay out now, so that
            # it shows the text rather than an empty column.
            self._lay_out()
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        if index >= len(self.lines):
            return Strip.blank(width, self.style_of(""))
        segments = [*self._lens_gutter(index), self._gutter(index), *self._segments(self.lines[index])]
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, self.style_of(""))

    def _gutter(self, index: int) -> Segment:
        """The gutter left of line `index`: the cursor's mark on the lines of its sentence, the note mark
        on those of a highlight with a note written."""
        cursor = self.current
        on_cursor = False
        if cursor is not None and self.lines:
            top, bottom = self.lines_of(cursor)
            on_cursor = top <= index <= bottom
        line = self.lines[index]
        change = None if on_cursor else self._change_on(line)
        noted = not on_cursor and any(
            written and start < line.end and end > line.start for start, end, _, written in self.notes
        )
        style = self.style_of("") + self.style_of("section-view--gutter")
        if change is not None:
            style += self.style_of(f"section-view--change-{change.value}")
        return Segment(gutter(on_cursor, self.has_focus, noted, CHANGE_MARKS[change] if change else ""), style)

    def _change_on(self, line: Line) -> Mark | None:
        """The change mark of a line: new or changed on each line of such a sentence, text removed before a
        sentence on its first line only."""
        if not self.changes:
            return None
        found = set()
        for sentence in self._on_line(line):
            mark = self.changes.get(sentence.index)
            if mark is not None and (mark is not Mark.REMOVED or sentence.start >= line.start):
                found.add(mark)
        return next((mark for mark in MARK_ORDER if mark in found), None)

    def _on_line(self, line: Line) -> list[Sentence]:
        """The sentences (parts of them) a line shows."""
        if line.block < 0:
            return []
        self._index()
        first = bisect_right(self._ends, line.start)  # the first sentence ending after the line starts
        # Walked from `first`, never sliced: a copy of the rest of a 100,000-sentence section for every
        # line drawn made each key 200-300 ms with the lens on.
        sentences, bound, found = self.sentences, max(line.end, line.start + 1), []
        for number in range(first, len(sentences)):
            if sentences[number].start >= bound:
                break
            found.append(sentences[number])
        return found

    def _lens_gutter(self, index: int) -> list[Segment]:
        """The lens's marks left of line `index`: what its weakest sentence rests on, and `!` if one is warned."""
        lens = self.lens
        if lens is None:
            return []
        base = self.style_of("")
        sentences = self._on_line(self.lines[index])
        footing, warned = lens.line(self.section, sentences)
        mark = base if footing is Footing.NONE else base + self.style_of(f"mark-{lens_layer(footing)[5:]}")
        warning = base + self.style_of("section-view--lens-warning")
        return [Segment(MARKS[footing], mark), Segment(WARNING_MARK if warned else " ", warning)]

    def _segments(self, line: Line) -> list[Segment]:
        base = self.style_of("")
        decoration = base + self.style_of("section-view--decoration")
        if line.fill:
            room = max(1, self.scrollable_content_region.width - self.gutter_width - cell_width(line.prefix))
            return [Segment(line.prefix, decoration), Segment(line.fill * room, decoration)]
        segments = [Segment(line.prefix, decoration)] if line.prefix else []
        if line.block < 0:
            return segments
        block = self.section.blocks[line.block]
        block_style = base
        if block.kind is BlockKind.HEADING:
            block_style += self.style_of(heading_component(block.level))
        elif block.kind is BlockKind.CODE:
            block_style += self.style_of("section-view--code")
        cursor = self.current
        self._index()
        span_index = self._spans.get(line.block)
        if span_index is None:
            span_index = self._spans[line.block] = SpanIndex(block.spans)
        spans = [
            (block.start + span.start, block.start + span.end, span.style)
            for span in span_index.over(line.start - block.start, line.end - block.start)
        ]
        # Only the marked sentences that can reach this line: those from the first one ending after it starts.
        sentences = self.sentences
        first_marked = bisect_right(self._marked, bisect_right(self._ends, line.start) - 1)
        marked = []
        for number in self._marked[first_marked:]:
            if number >= len(sentences) or sentences[number].start >= line.end:
                break
            if sentences[number].end > line.start:
                marked.append((sentences[number].start, sentences[number].end))
        first_match = max(0, bisect_right(self.found, (line.start, line.start)) - 1)
        matches = []
        for index in range(first_match, len(self.found)):
            if self.found[index][0] >= line.end:
                break
            if self.found[index][1] > line.start:
                matches.append(self.found[index])
        first = bisect_right(self._marker_offsets, line.start)
        last = bisect_right(self._marker_offsets, line.end)
        tints: list[tuple[int, int, str]] = []
        estimative: list[tuple[int, int]] = []
        if self.lens is not None:
            for sentence in self._on_line(line):
                footing = self.lens.footing(self.section, sentence)
                if footing is not Footing.NONE:
                    tints.append((sentence.start, sentence.end, lens_layer(footing)))
                estimative += self.lens.estimative(self.section, sentence)
        over = Overlays(
            spans=spans,
            tints=tints,
            estimative=estimative,
            notes=[
                (start, end, colour) for start, end, colour, _ in self.notes if start < line.end and end > line.start
            ],
            marked=marked,
            cursor=(cursor.start, cursor.end) if cursor is not None else None,
            selection=self.selection(),
            matches=matches,
            markers={offset: self.markers[offset] for offset in self._marker_offsets[first:last]},
        )
        room = self._laid_out_width - cell_width(line.prefix)  # the cells left for the line's text
        for piece in line_pieces(self.section.text, line, over):
            if piece.kind is PieceKind.GAP:
                segments.append(Segment(piece.text, decoration))
            elif piece.kind is PieceKind.MARKER:
                shown = fit_group(piece.text, room)  # only a group wider than the column is cut
                for text, broken in marker_parts(shown):  # a citation of an undefined claim: an error
                    style = self.style_of("section-view--broken-marker" if broken else "section-view--marker")
                    segments.append(Segment(text, base + style))
                room -= cell_width(shown)
                continue
            else:
                segments.append(Segment(piece.text, self._layered(block_style, piece.layers)))
            room -= cell_width(segments[-1].text)
        return segments

    def _layered(self, style: Style, layers: tuple[str, ...]) -> Style:
        """`style` with each layer's style added in order (see `paint.Overlays` for the names)."""
        tint = None
        if any(layer.startswith("note-") for layer in layers):
            # A highlight's background under the tint's colour read at 1.1:1 (ansi-light): the text keeps
            # its own colour there, and the gutter's mark still tells what the sentence rests on.
            layers = tuple(layer for layer in layers if not layer.startswith("lens-"))
        for layer in layers:
            if layer == "span-code":
                style += self.style_of("section-view--code")
            elif layer.startswith("span-"):
                style += _SPAN_STYLES[SpanStyle(layer[5:])]
            else:
                style += self.style_of(f"section-view--{layer}")
                if layer.startswith("lens-"):
                    tint = style.color
        # The cursor (a grey) and the other highlights change the background: a lens's tint stays over them.
        return style + Style(color=tint) if tint is not None else style
