"""The claims table's grid: a header, then a line per claim or actor, on the line API: 10,000 claims cost a screen."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.brief.model import Claim, ClaimStatus
from tui.core.claims.relations import Relations
from tui.core.claims.table import (
    ID,
    NUMBER,
    STATUS,
    ClaimsTable,
    Column,
    Group,
    Line,
    Row,
)
from tui.core.claims.table_layout import gap_for, layout, natural_widths
from tui.core.display.statuses import NO_STATUS
from tui.widgets.claim_words import CONTRADICTION, status_word
from tui.widgets.line_strip import line_strip

STRIP_CACHE = 500  # drawn lines kept: several screens of them
HEADER = 1  # lines above the claims


def count_words(group: Group) -> Content:
    """An actor's heading: "the Kremlin · 3 claims: 2 denied, 1 claimed", each status in its colour."""
    total = len(group.rows)
    parts: list[Content | str | tuple[str, str]] = [
        Content.styled(group.name, "bold" if group.named else "italic"),
        (f" · {total:,} claim{'s' * (total != 1)}: ", "$foreground-muted"),
    ]
    for number, (word, count) in enumerate(group.by_status):
        status = None if word == NO_STATUS else ClaimStatus(word)
        shown = "all " if count == total > 1 else "" if count == total else f"{count:,} "
        parts += [", " if number else "", shown, status_word(Claim("", "", 0, status=status))]
    return Content.assemble(*parts)


class ClaimsGrid(ScrollView, can_focus=True):
    """The table's lines under a header naming the columns; the cursor on a claim, never on a heading."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "claims-grid--header",
        "claims-grid--cursor",
        "claims-grid--group",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Next claim", show=False, id="claims-table.next"),
        Binding("k,up", "move(-1)", "Previous claim", show=False, id="claims-table.previous"),
        Binding("g,home", "first", "First claim", show=False, id="claims-table.first"),
        Binding("G,end", "last", "Last claim", show=False, id="claims-table.last"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="claims-table.page.down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="claims-table.page.up"),
        # Grouped by actor: from one actor's claims to the next one's, as J and K go from section to section.
        Binding("J", "next_group(1)", "Next group", show=False, id="claims-table.group.next"),
        Binding("K", "next_group(-1)", "Previous group", show=False, id="claims-table.group.previous"),
    ]

    class CursorMoved(Message):
        """The cursor is on another claim (or none: nothing is shown)."""

        def __init__(self, row: Row | None) -> None:
            super().__init__()
            self.row = row

    class Chosen(Message):
        """A claim was clicked twice."""

        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    class HeaderClicked(Message):
        """A column's title was clicked: sort by it."""

        def __init__(self, column: Column) -> None:
            super().__init__()
            self.column = column

    def __init__(self, table: ClaimsTable, relations: Relations | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.table = table
        self.relations = relations or Relations()  # to mark the claims in a contradiction, as the claim list does
        self.lines: list[Line] = []
        self.cursor = 0  # the line the cursor is on: a claim's, when there is one
        self.natural = natural_widths(table.rows)  # of every claim, so that filtering never moves a column
        if any(self.relations.in_contradiction(row.claim.id) for row in table.rows):
            self.natural[ID.key] += len(CONTRADICTION) + 1
        self._layout: tuple[tuple[int, Column | None], list[tuple[Column, int]]] = ((-1, None), [])
        self._strips: LRUCache[tuple[int, bool, int], Strip] = LRUCache(STRIP_CACHE)

    def on_mount(self) -> None:
        self.refill()

    @property
    def row(self) -> Row | None:
        """The claim under the cursor."""
        line = self.lines[self.cursor] if self.cursor < len(self.lines) else None
        return line if isinstance(line, Row) else None

    def refill(self) -> None:
        """Show the table's lines again (sorted, filtered or grouped anew), the cursor kept on its claim if shown."""
        kept = self.row
        self.lines = self.table.lines()
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(self.lines) + HEADER)
        at = next((n for n, line in enumerate(self.lines) if line is kept), None) if kept else None
        self._go(at if at is not None else self._row_from(0, 1), notify=True)
        self.refresh()

    def columns(self) -> list[tuple[Column, int]]:
        """The columns shown at this width, and their widths; not the one grouped by, which the headings name."""
        key = (self.scrollable_content_region.width, self.table.grouping.column)
        if self._layout[0] != key:
            self._layout = (key, layout(self.natural, *key))
        return self._layout[1]

    # Moving

    def _row_from(self, line: int, step: int) -> int:
        """The first claim's line from `line` on in the direction `step`; else the other way; else 0."""
        lines = self.lines
        line = min(max(line, 0), max(len(lines) - 1, 0))
        for direction in (step, -step):
            at = line
            while 0 <= at < len(lines):
                if isinstance(lines[at], Row):
                    return at
                at += direction
        return 0

    def _go(self, line: int, *, notify: bool = False) -> None:
        old, self.cursor = self.cursor, line
        self._scroll_to_cursor()
        if old != line:
            self.refresh_line(old + HEADER)  # a line of the virtual size: the header, then the lines
            self.refresh_line(line + HEADER)
        if notify or old != line:
            self.post_message(self.CursorMoved(self.row))

    def _scroll_to_cursor(self) -> None:
        rows = max(1, self.scrollable_content_region.height - HEADER)
        top = self.scroll_offset.y
        # A heading just above the first claim of a group is brought in with it.
        wanted = self.cursor - 1 if self.cursor and isinstance(self.lines[self.cursor - 1], Group) else self.cursor
        if wanted < top:
            self.scroll_to(y=wanted, animate=False, immediate=True)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False, immediate=True)

    def go_to(self, claim_id: str) -> None:
        """The cursor to the (first) claim with this id, if it is shown."""
        at = next((n for n, line in enumerate(self.lines) if isinstance(line, Row) and line.claim.id == claim_id), None)
        if at is not None:
            self._go(at)

    def action_move(self, step: int) -> None:
        if self.lines:
            self._go(self._row_from(self.cursor + step, step))

    def action_first(self) -> None:
        self._go(self._row_from(0, 1))

    def action_last(self) -> None:
        self._go(self._row_from(len(self.lines) - 1, -1))

    def action_next_group(self, step: int) -> None:
        """To the first claim of the next (or previous) group, its heading at the top of the table."""
        headings = [n for n, line in enumerate(self.lines) if isinstance(line, Group)]
        if not headings:
            self.notify("The table is not grouped: w groups it by claimant or outlet.", timeout=3)
            return
        current = max((n for n in headings if n < self.cursor), default=-1)
        if step > 0:
            target = next((n for n in headings if n > self.cursor), None)
        else:
            target = max((n for n in headings if n < current), default=None)
        if target is None:
            return
        self._go(self._row_from(target + 1, 1))
        self.scroll_to(y=target, animate=False, immediate=True)

    def action_page(self, step: int) -> None:
        rows = max(1, self.scrollable_content_region.height - HEADER)
        if self.lines:
            self._go(self._row_from(self.cursor + step * rows, step))

    def on_resize(self) -> None:
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(self.lines) + HEADER)
        self._scroll_to_cursor()

    def notify_style_update(self) -> None:
        self._strips.clear()  # the theme or :focus changed
        super().notify_style_update()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < HEADER:
            at, gap = 0, gap_for(self.scrollable_content_region.width)
            for column, width in self.columns():
                if at <= offset.x < at + width + gap:
                    self.post_message(self.HeaderClicked(column))
                    return
                at += width + gap
            return
        line = self.scroll_offset.y + offset.y - HEADER
        if 0 <= line < len(self.lines) and isinstance(row := self.lines[line], Row):
            self._go(line)
            if event.chain >= 2:
                self.post_message(self.Chosen(row))

    # Drawing

    def header(self) -> Content:
        """The columns' titles, the sorted one marked ▲ or ▼ in the accent colour (room kept for it in every title)."""
        table = self.table
        cells = []
        for column, width in self.columns():
            sorted_here = column == table.sort_column
            title = f"{column.title} {table.sort_arrow()}" if sorted_here else column.title
            cell = Content(title).truncate(width, ellipsis=True)
            cell = cell.pad_left(width - cell.cell_length) if column.right else cell.pad_right(width - cell.cell_length)
            if sorted_here:  # only its colour: the header's band goes on under it
                cell = cell.stylize("bold underline $foreground")
            cells.append(cell)
        return Content(" " * gap_for(self.scrollable_content_region.width)).join(cells)

    def row_content(self, row: Row, cursor: bool = False) -> Content:
        """A claim's cells, each cut to its column (`…` where cut), brief text never read as markup.

        Under the cursor the status is the word alone, in the cursor's colours: "reported" blue on the
        cursor's blue could not be read.
        """
        cells = []
        for column, width in self.columns():
            if column is STATUS:
                cell = Content(row.text(column)) if cursor else status_word(row.claim)
            elif column is NUMBER:
                cell = Content.styled(row.text(column), "$foreground-muted")
            elif column is ID and self.relations.in_contradiction(row.claim.id):
                cell = Content.assemble((f"{CONTRADICTION} ", "bold"), row.text(column))
            else:
                cell = Content(row.text(column))
            cell = cell.truncate(width, ellipsis=True)
            cell = cell.pad_left(width - cell.cell_length) if column.right else cell.pad_right(width - cell.cell_length)
            cells.append(cell)
        return Content(" " * gap_for(self.scrollable_content_region.width)).join(cells)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < HEADER:
            return self._strip(self.header(), "claims-grid--header", width)
        line = self.scroll_offset.y + y - HEADER
        if line >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        cursor = line == self.cursor and isinstance(self.lines[line], Row)
        key = (line, cursor, width)
        strip = self._strips.get(key)
        if strip is None:
            shown = self.lines[line]
            if isinstance(shown, Group):
                strip = self._strip(count_words(shown), "claims-grid--group", width)
            else:
                strip = self._strip(self.row_content(shown, cursor), "claims-grid--cursor" if cursor else None, width)
            self._strips[key] = strip
        return strip

    def _strip(self, content: Content, component: str | None, width: int) -> Strip:
        base = self.get_visual_style(component) if component else self.visual_style
        return line_strip(self, content, base, width)
