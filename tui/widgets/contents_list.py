"""The outline's list: a brief's sections, one line each, drawn on the line API (a brief may have 100,000)."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.display.wrap import cell_width
from tui.core.reading.contents import Contents, columns, cut
from tui.widgets.line_strip import line_strip

STRIP_CACHE = 500  # drawn rows kept: several screens of them


class ContentsList(ScrollView, can_focus=True):
    """Every section with its number, counts and marks; one selected. Only the visible rows are made.

    It has no keys of its own: the outline screen moves it (`move`, `page`, `choose`).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"contents-list--selected", "contents-list--here"}

    selected: reactive[int] = reactive(0, init=False)

    class Chosen(Message):
        """A row was clicked twice: show its section."""

        def __init__(self, order: int) -> None:
            super().__init__()
            self.order = order

    def __init__(self, contents: Contents, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.contents = contents
        self._strips: LRUCache[tuple[int, bool, int], Strip] = LRUCache(STRIP_CACHE)

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.contents))

    def notify_style_update(self) -> None:
        self._strips.clear()  # the theme, the CSS or :focus changed
        super().notify_style_update()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.contents))
        self.show_selected()

    def show_selected(self) -> None:
        """Scroll the selected row into view."""
        self.scroll_to_region(Region(0, self.selected, 1, 1), animate=False, x_axis=False, immediate=True)

    def watch_selected(self, old: int, new: int) -> None:
        scrolled_from = self.scroll_offset.y
        self.show_selected()
        if self.scroll_offset.y != scrolled_from:
            self.refresh()
        else:  # the row left and the row reached, not the whole list
            self.refresh_line(old)
            self.refresh_line(new)

    def move(self, step: int) -> None:
        """Select the row `step` rows on, kept within the list."""
        if len(self.contents):
            self.selected = min(max(self.selected + step, 0), len(self.contents) - 1)

    def page(self, step: int) -> None:
        self.move(step * max(1, self.scrollable_content_region.height))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = self.scroll_offset.y + offset.y
        if 0 <= row < len(self.contents):
            self.selected = row
            if event.chain >= 2:
                self.post_message(self.Chosen(self.contents.order(row)))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        if row >= len(self.contents):
            return Strip.blank(width, self.rich_style)
        selected = row == self.selected
        key = (row, selected, width)
        strip = self._strips.get(key)
        if strip is None:
            entry = self.contents.entry(row)
            fixed = columns(entry, self.contents.digits)
            # The title last, cut to the room left: the counts stay in their columns, lined up.
            title = cut(entry.title, width - cell_width(fixed))
            base = self.get_visual_style("contents-list--selected") if selected else self.visual_style
            if entry.here:
                base += self.get_visual_style("contents-list--here")
            strip = line_strip(self, Content.assemble(fixed, title), base, width)
            self._strips[key] = strip
        return strip
