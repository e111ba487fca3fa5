"""The claim map's rows drawn as text (claimants, claims, their relations as a tree), only the visible ones."""

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

from tui.core.brief.model import Claim
from tui.core.claims.describe import actor_key, cut, one_line, short_claimant
from tui.core.claims.graph import ClaimMap, ClaimRow, EdgeRow, Heading, MoreRow
from tui.core.display.markers import marker
from tui.widgets.claim_words import status_word
from tui.widgets.line_strip import line_strip

STRIP_CACHE = 1000  # drawn rows kept: several screens of them
CURSOR_MARK = "▶"  # on the highlighted line, besides its background (NO_COLOR keeps the mark)
CONTRADICTION = "≠"  # as the claim list marks a claim in a contradiction: reads without colour
CONTRADICTION_STYLE = "bold $text-error"
GRADE_CELLS = 2  # "B2"
KIND_CELLS = len("contradicted by")
CLAIMANT_CELLS = 16  # of the other claim's claimant, after a relation
# Not $text-muted ("auto 60%"): drawn on the line API, "auto" is not worked out against the background.
MUTED = "$foreground-muted"


def id_cells(width: int, longest: int) -> int:
    """Cells of a claim's id in its row: the longest id's, at most a third of the width (12 to 32): the id is
    the claim's name in exports and notes, so it is cut last."""
    return min(longest, max(12, min(32, width // 3)))


class ClaimMapView(ScrollView, can_focus=True):
    """The rows of a `ClaimMap`; one highlighted (a claim or a relation). Only visible lines are drawn."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"claim-map--highlight", "claim-map--heading"}

    highlighted: reactive[int | None] = reactive(None, init=False)

    class Highlighted(Message):
        """Another row is highlighted."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Chosen(Message):
        """A double click on a row."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.map = ClaimMap((), {}, {}, claims=0, related=0, relations=0, contradictions=0)
        self.by_id: dict[str, Claim] = {}
        self.number_cells = 1
        self.longest_id = 1
        self._strips: LRUCache[tuple[int, bool, int], Strip] = LRUCache(STRIP_CACHE)

    def show(self, claim_map: ClaimMap, highlighted: int | None) -> None:
        """Draw these rows, `highlighted` highlighted (and scrolled into view)."""
        self.map = claim_map
        # Each id's claim as the map shows it (an id defined twice: the first definition, as relations mean).
        self.by_id = {
            claim_id: claim for claim_id, index in claim_map.claim_rows.items() if (claim := self.claim_of(index))
        }
        self.number_cells = len(marker(claim_map.claims)) if claim_map.claims else 1
        self.longest_id = max((min(len(claim_id), 100) for claim_id in self.by_id), default=1)
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(claim_map.rows))
        self.highlighted = None  # so that the same index is highlighted (and scrolled to) again
        self.highlighted = highlighted
        self.refresh()

    def claim_of(self, index: int) -> Claim | None:
        row = self.map.rows[index]
        return row.claim if isinstance(row, ClaimRow) else None

    def notify_style_update(self) -> None:
        self._strips.clear()  # the theme, the CSS or :focus changed
        super().notify_style_update()

    def watch_highlighted(self, old: int | None, index: int | None) -> None:
        if index is None or index >= len(self.map.rows):
            return
        scrolled_from = self.scroll_offset.y
        self.scroll_to_region(self.region_of(index), animate=False, x_axis=False, immediate=True)
        self.post_message(self.Highlighted(index))
        if self.scroll_offset.y != scrolled_from or old is None:
            self.refresh()
        else:  # repaint the row left and the row reached, not the whole map
            self.refresh_line(old - self.scroll_offset.y)
            self.refresh_line(index - self.scroll_offset.y)

    def region_of(self, index: int) -> Region:
        """A row's region, with its claimant's heading when it is the first under it (so it shows too)."""
        top = index - 1 if index > 0 and isinstance(self.map.rows[index - 1], Heading) else index
        return Region(0, top, 1, index - top + 1)

    def show_highlighted(self) -> None:
        """Scroll the highlighted row into view (once laid out)."""
        if self.highlighted is not None:
            self.scroll_to_region(self.region_of(self.highlighted), animate=False, x_axis=False, immediate=True)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if self.map.is_stop(index):
            self.highlighted = index
            if event.chain >= 2:
                self.post_message(self.Chosen(index))

    # Drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        if index >= len(self.map.rows):
            return Strip.blank(width, self.rich_style)
        highlighted = index == self.highlighted
        key = (index, highlighted, width)
        strip = self._strips.get(key)
        if strip is None:
            row = self.map.rows[index]
            if highlighted:
                base = self.get_visual_style("claim-map--highlight")
            elif isinstance(row, Heading):
                base = self.get_visual_style("claim-map--heading")
            else:
                base = self.visual_style
            content = self.row_content(index, width)
            if highlighted:  # a mark in the first column (always a space): the cursor shows without colour too
                content = Content.styled(CURSOR_MARK, "bold") + content[1:]
            strip = line_strip(self, content, base, width)
            self._strips[key] = strip
        return strip

    def row_content(self, index: int, width: int) -> Content:
        """The text of a row; brief text only ever as plain Content, never markup."""
        row = self.map.rows[index]
        if isinstance(row, Heading):
            return self.heading(row, width)
        if isinstance(row, ClaimRow):
            return self.claim_line(row, width)
        if isinstance(row, EdgeRow):
            return self.edge_line(row, width)
        return self.more_line(row)

    def heading(self, row: Heading, width: int) -> Content:
        count = f"{row.claims:,} claim{'s' * (row.claims != 1)}"
        if row.hidden:
            count += f", {row.hidden:,} without relations not shown"
        name = cut(row.claimant, max(width - len(count) - 4, 10))
        return Content.assemble(("▌", "$foreground"), (name, "bold"), "  ", (count, MUTED))

    def claim_line(self, row: ClaimRow, width: int) -> Content:
        claim = row.claim
        head = marker(row.number).rjust(self.number_cells)
        cells = id_cells(width, self.longest_id)
        shown_id = cut(one_line(claim.id, cells + 1), cells).ljust(cells)
        parts: list[str | Content | tuple[str, str]] = [
            " ",
            (head, MUTED),
            " ",
            (CONTRADICTION if row.contradiction else " ", CONTRADICTION_STYLE),
            " ",
            status_word(claim, padded=True),
            " ",
            (str(claim.grade or "").ljust(GRADE_CELLS), MUTED),
            " ",
            (shown_id, "bold"),
            " ",
        ]
        start = Content.assemble(*parts)
        return start + Content(one_line(claim.statement, max(width - start.cell_length, 0) + 1))

    def edge_line(self, row: EdgeRow, width: int) -> Content:
        indent = " " * (self.number_cells + 2)
        style = CONTRADICTION_STYLE if row.contradiction else "$foreground"
        # The other claim's number and id as its own row shows them, so that what follows lines up.
        cells = id_cells(width, self.longest_id)
        number = "" if row.number is None else marker(row.number)
        label = f"{number.rjust(self.number_cells)} {cut(one_line(row.target, cells + 1), cells).ljust(cells)}"
        parts: list[str | Content | tuple[str, str]] = [
            indent,
            ("└─ " if row.last else "├─ ", MUTED),
            (f"{CONTRADICTION} " if row.contradiction else "  ", style),
            (row.kind.ljust(KIND_CELLS), style),
            " ",
            (row.arrow, style),
            " ",
            (label, "bold"),
            "  ",
        ]
        other = self.by_id.get(row.target)
        if row.number is None:
            parts.append(("not a claim of this brief", "italic $text-error"))
        elif other is not None:
            parts.append(status_word(other))
            source = self.by_id.get(row.source)
            if source is not None and actor_key(source.claimant) != actor_key(other.claimant):
                who = short_claimant(other.claimant, CLAIMANT_CELLS) if other.claimant else "no claimant"
                parts += ["  ", (who, f"italic {MUTED}")]
        return Content.assemble(*parts)

    def more_line(self, row: MoreRow) -> Content:
        indent = " " * (self.number_cells + 2)
        more = f"… and {row.more:,} more relation{'s' * (row.more != 1)}, not drawn"
        return Content.assemble(indent, ("└─ ", MUTED), (more, f"italic {MUTED}"))
