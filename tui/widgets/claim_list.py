"""The list of claims, one line each, drawn on the line API so thousands of claims cost no more than ten."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.brief.model import Claim
from tui.widgets.line_strip import line_strip

Prompt = Callable[[int, Claim, bool, int], Content]  # (number, claim, cited, width in cells) -> the line shown
STRIP_CACHE = 1000  # drawn rows kept: several screens of them


class ClaimList(ScrollView, can_focus=True):
    """Claims with their numbers; one highlighted, some marked as cited. Only visible lines are drawn."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"claim-list--highlight"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Next claim", show=False, id="claims.next"),
        Binding("k,up", "move(-1)", "Previous claim", show=False, id="claims.previous"),
        Binding("g,home", "first", "First claim", show=False, id="claims.first"),
        Binding("G,end", "last", "Last claim", show=False, id="claims.last"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="claims.page.down"),
        Binding("pageup,b", "page(-1)", "Page up", show=False, id="claims.page.up"),
        Binding("enter", "select", "Go to citations", id="claims.select"),
    ]

    highlighted: reactive[int | None] = reactive(None, init=False)

    class Highlighted(Message):
        """Another claim is highlighted."""

        def __init__(self, claim: Claim) -> None:
            super().__init__()
            self.claim = claim

    class Selected(Message):
        """Enter (or a click) on a claim."""

        def __init__(self, claim: Claim) -> None:
            super().__init__()
            self.claim = claim

    def __init__(self, prompt: Prompt, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.prompt = prompt
        self.rows: list[tuple[int, Claim]] = []  # (number, claim), as listed
        self.cited: frozenset[str] = frozenset()
        self._index: dict[str, int] = {}  # where each claim is listed
        # Drawn rows, until the style changes; bounded, so that scrolling through 100,000 claims keeps
        # the rows last seen rather than every row ever drawn.
        self._strips: LRUCache[tuple[int, bool, bool, int], Strip] = LRUCache(STRIP_CACHE)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def claim(self) -> Claim | None:
        """The highlighted claim, if any."""
        index = self.highlighted
        return self.rows[index][1] if index is not None and index < len(self.rows) else None

    def show(self, rows: list[tuple[int, Claim]]) -> None:
        """List these claims, the first one highlighted."""
        self.rows = rows
        self._index = {}
        for index, (_, claim) in enumerate(rows):
            self._index.setdefault(claim.id, index)
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(rows))
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.highlighted = 0 if rows else None
        self.refresh()

    def mark(self, cited: frozenset[str]) -> None:
        """Mark these claims (by id) as cited by the sentence under the reading cursor."""
        changed = cited ^ self.cited
        self.cited = cited
        for claim_id in changed:  # only the rows whose mark changed are repainted
            index = self._index.get(claim_id)
            if index is not None:
                self.refresh_line(index)

    def index_of(self, claim_id: str) -> int | None:
        return self._index.get(claim_id)

    def notify_style_update(self) -> None:
        self._strips.clear()  # the theme, the CSS or :focus changed
        super().notify_style_update()

    def watch_highlighted(self, old: int | None, index: int | None) -> None:
        if index is None or index >= len(self.rows):
            return
        scrolled_from = self.scroll_offset.y
        self.scroll_to_region(Region(0, index, 1, 1), animate=False, x_axis=False, immediate=True)
        self.post_message(self.Highlighted(self.rows[index][1]))
        if self.scroll_offset.y != scrolled_from or old is None:
            self.refresh()
        else:  # repaint the row left and the row reached, not the whole list
            self.refresh_line(old)
            self.refresh_line(index)

    # Actions

    def show_highlighted(self) -> None:
        """Scroll the highlighted row into view (after the list was hidden, say)."""
        if self.highlighted is not None and self.highlighted < len(self.rows):
            self.scroll_to_region(Region(0, self.highlighted, 1, 1), animate=False, x_axis=False, immediate=True)

    def _move_to(self, index: int) -> None:
        if self.rows:
            self.highlighted = min(max(index, 0), len(self.rows) - 1)

    def action_move(self, step: int) -> None:
        self._move_to((self.highlighted or 0) + step if self.highlighted is not None else 0)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.rows) - 1)

    def action_page(self, step: int) -> None:
        self._move_to((self.highlighted or 0) + step * max(1, self.scrollable_content_region.height))

    def action_select(self) -> None:
        claim = self.claim
        if claim is not None:
            self.post_message(self.Selected(claim))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < len(self.rows):
            self.highlighted = index
            if event.chain >= 2:
                self.action_select()

    # Drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        number, claim = self.rows[index]
        cited, highlighted = claim.id in self.cited, index == self.highlighted
        key = (index, cited, highlighted, width)
        strip = self._strips.get(key)
        if strip is None:
            base = self.get_visual_style("claim-list--highlight") if highlighted else self.visual_style
            content = self.prompt(number, claim, cited, width).truncate(width, ellipsis=True)
            if highlighted:  # the row in the cursor's colours, as the claims table draws it: "disputed"
                content = content.stylize("$foreground")  # orange on its grey read at 2:1 in a light theme
            strip = line_strip(self, content, base, width)
            self._strips[key] = strip
        return strip
