"""The reader's section columns: how many fit, what each shows, which one the reader is in."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.core.brief.loader import BriefLoader
from tui.core.brief.model import Brief, Section
from tui.core.display.markers import section_markers
from tui.core.reading.contents import Contents
from tui.core.reading.flow import at_edge, distinct, named, neighbour, order_of, section_at
from tui.core.reading.state import Reading
from tui.widgets.claim_list import ClaimList
from tui.widgets.claim_sidebar import ClaimSidebar
from tui.widgets.section_view import SectionView

MAX_COLUMNS = 3
WIDE = 150  # three columns and the sidebar from here on
NARROW = 100  # below this: one column, the sidebar only when asked for
SHORT = 32  # below this many rows the bottom line up front is cut to two lines


def columns_for(width: int) -> int:
    """How many section columns fit a terminal `width` cells wide."""
    if width >= WIDE:
        return 3
    return 2 if width >= NARROW else 1


def column_title(section: Section, outline_read: bool = True) -> Content:
    """A column's title, and while it shows only a section's first part, that the rest is loading (or,
    while a long brief's outline is still being read, that the brief is: a short section is whole then)."""
    if not section.partial:
        return Content(section.title)
    said = "  · loading the rest of this section…" if outline_read else "  · loading the brief…"
    return Content.assemble(Content(section.title), (said, "italic $text-warning"))


class ColumnsScreen(Screen[None]):
    """The reader's columns and the moves between them; `ReaderScreen` builds on it (apart for its length)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not in the footer: at 180 columns it is full already; the help and the palette list them.
        Binding("J", "next_section(1)", "Next section", show=False, id="section.next"),
        Binding("K", "next_section(-1)", "Previous section", show=False, id="section.previous"),
        Binding("t", "outline", "Outline", id="outline.open"),
    ]

    def __init__(self, loader: BriefLoader, *, start_at: str = "") -> None:
        super().__init__()
        self.loader = loader
        self.reading = Reading(loader, start_at=start_at)  # the state: what is open, notes placed, search
        self.last_view: SectionView | None = None  # the column the reader was last in

    @property
    def brief(self) -> Brief | None:
        """The whole brief: None until it is loaded."""
        return self.reading.brief

    def markers(self, section: Section) -> dict[int, str]:
        return section_markers(self.loader.claim_numbers, section)

    @property
    def views(self) -> list[SectionView]:
        """The section columns that are shown, left to right."""
        return [view for view in self.query(SectionView) if view.parent and view.parent.display]

    @property
    def first_view(self) -> SectionView | None:
        views = self.views
        return views[0] if views else None

    @property
    def current_view(self) -> SectionView | None:
        """The column the reader is in: the one focused last, if it is shown (else None)."""
        return self.last_view if self.last_view in self.views else None

    def on_resize(self) -> None:
        self.fit_to_width(self.size.width)

    def fit_to_width(self, width: int) -> None:
        """Show as many columns as fit, and the sidebar where there is room (or when asked)."""
        focus_mode = self.reading.focus_mode
        count = 1 if focus_mode else columns_for(width)
        focused = self.focused_view()
        columns = list(self.query(".column"))
        alone = (focused.parent if focused else None) or (columns[0] if columns else None)
        hidden = [number for number, column in enumerate(columns) if not column.display]
        for number, column in enumerate(columns):
            column.display = column is alone if focus_mode else number < count
        # A column shown again may hold a section another one went to meanwhile (h, l, J, 1-9 at 80
        # columns): it shows another, never the same twice.
        self.distinct_columns([number for number in reversed(hidden) if columns[number].display])
        self.set_class(self.size.height < SHORT, "-short")
        wanted = self.reading.sidebar_wanted
        # Plain markdown (a README, a guide) has no claims: an empty "Claims: all (0)" took 42 columns.
        has_claims = bool(self.loader.claim_numbers)
        show_sidebar = (width >= NARROW and has_claims) if wanted is None else wanted
        self.query_one(ClaimSidebar).display = show_sidebar and not focus_mode

    def distinct_columns(self, movable: list[int], *, shown_only: bool = True) -> None:
        """Switch the columns `movable` (the first of them first) that show a section another column
        shows to one none shows; `shown_only`: compared with the columns on screen, not hidden ones."""
        views = list(self.query(SectionView))
        on_screen = [number for number, view in enumerate(views) if not shown_only or view in self.views]
        orders = [order_of(self.loader, views[number].section) for number in on_screen]
        hidden = [order_of(self.loader, view.section) for number, view in enumerate(views) if number not in on_screen]
        place = {number: at for at, number in enumerate(on_screen)}
        moved = distinct(self.loader, orders, [place[number] for number in movable if number in place], hidden)
        for at, order in moved.items():
            self.reading.position.wanted.pop(on_screen[at], None)  # a cursor saved for the section it showed
            self.show_order(views[on_screen[at]], order)

    def focused_view(self) -> SectionView | None:
        focused = self.focused
        return focused if isinstance(focused, SectionView) else None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, SectionView):
            self.last_view = event.widget

    # Actions

    def action_column(self, step: int) -> None:
        """The next or previous column; with one column shown (narrow, or focus mode), the next or
        previous section in it (h and l did nothing there)."""
        views = self.views
        current = self.focused_view()
        if not views:
            return
        if len(views) == 1:
            self.step_section(views[0], step)
            return
        index = views.index(current) if current in views else 0
        views[(index + step) % len(views)].focus()

    def step_section(self, view: SectionView, step: int) -> None:
        """Show the section before or after the one `view` shows, in reading order (the summary first)."""
        move = neighbour(self.loader, view.section, step)
        if move.to is None:
            self.notify(move.said, timeout=3)
            return
        self.show_order(view, move.to)
        self.notify(named(self.loader, move.to), timeout=2)

    def action_next_section(self, step: int) -> None:
        """J and K: the next or previous section in the focused column (while a long brief loads, of
        those read so far)."""
        view = self.focused_view() or self.current_view or self.first_view
        if view is not None:
            self.step_section(view, step)

    def show_order(self, view: SectionView, order: int, *, last: bool = False) -> None:
        """Show the section at `order` in reading order in `view`, the cursor on its first sentence
        (or its `last`)."""
        section = section_at(self.loader, order)
        if section is None:
            return
        self.show_in(view, section)
        if last:
            view.move_to(len(section.sentences) - 1)

    @on(SectionView.AtEdge)
    def go_on(self, event: SectionView.AtEdge) -> None:
        """Past a section's last (or first) sentence: the first move says where the reader is, the
        next one right after goes on to the next (or previous) section in the same column."""
        view, step = event.view, event.direction
        if not event.again:
            self.notify(at_edge(self.loader, view.section, step, page=event.page), timeout=4)
            return
        move = neighbour(self.loader, view.section, step)
        if move.to is None:
            self.notify(move.said, timeout=3)
            return
        self.show_order(view, move.to, last=step < 0)

    def notes_read(self) -> bool:
        """Whether the notes are known (read from the store, or kept nowhere), to be counted."""
        return self.reading.notes.read

    def action_outline(self) -> None:
        """Every section in order with its claims and notes; enter shows one in the focused column."""
        from tui.screens.outline import OutlineScreen

        view = self.focused_view() or self.current_view or self.first_view
        placed = self.reading.notes.placed if self.notes_read() else None
        contents = Contents(self.loader, placed, [v.section for v in self.views], view.section if view else None)

        def chosen(order: int | None) -> None:
            target = self.current_view or self.first_view
            if order is not None and target is not None:
                self.show_order(target, order)
                target.focus()

        self.app.push_screen(OutlineScreen(contents), chosen)

    def action_show_section(self, number: int) -> None:
        """Show section `number` of the brief (1-based, in file order) in the focused column."""
        view = self.focused_view() or self.first_view
        if view is None or not 1 <= number <= self.loader.section_count:
            self.notify(f"There is no section {number}.", severity="warning")
            return
        self.show_in(view, self.loader.section(number - 1))

    def show_in(self, view: SectionView, section: Section) -> None:
        """Show a section in a column, its title above it."""
        if view.parent is not None:
            title = column_title(section, self.loader.outline.complete)
            view.parent.query_one(".column-title", Static).update(title, layout=False)
        view.show(section, self.markers(section))
        view.show_notes(self.reading.notes.highlights(section.id))
        view.show_matches(self.reading.search.found_in(section) if self.reading.search.searched else [])

    def action_focus_claims(self) -> None:
        sidebar = self.query_one(ClaimSidebar)
        claims = sidebar.query_one("#claim-list", ClaimList)
        if not sidebar.display:
            self.reading.sidebar_wanted = True
            self.fit_to_width(self.size.width)
            # Hidden, the list had no size to scroll in: its highlighted row is brought into view once laid out
            # (at 80x24 `c` showed claim 31's detail beside rows 19-28).
            self.call_after_refresh(claims.show_highlighted)
        claims.focus()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(ClaimSidebar)
        self.reading.sidebar_wanted = not sidebar.display
        self.fit_to_width(self.size.width)

    def action_focus_mode(self) -> None:
        self.reading.focus_mode = not self.reading.focus_mode
        self.fit_to_width(self.size.width)

    def view_showing(self, section: Section) -> SectionView | None:
        """The column that shows `section`; if none does, the focused (or last) column, switched to it."""
        view = next((v for v in self.views if v.section.id == section.id), None)
        if view is None:
            view = self.focused_view() or self.current_view or self.first_view
            if view is not None:
                self.show_in(view, section)
        return view
