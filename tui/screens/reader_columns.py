"""The reader's section columns: how many fit, what each shows, which one the reader is in."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.core.brief.loader import BriefLoader
from tui.core.brief.model import Brief, Section
from tui.core.display.markers import section_markers
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
        for number, column in enumerate(columns):
            column.display = column is alone if focus_mode else number < count
        self.set_class(self.size.height < SHORT, "-short")
        wanted = self.reading.sidebar_wanted
        # Plain markdown (a README, a guide) has no claims: an empty "Claims: all (0)" took 42 columns.
        has_claims = bool(self.loader.claim_numbers)
        show_sidebar = (width >= NARROW and has_claims) if wanted is None else wanted
        self.query_one(ClaimSidebar).display = show_sidebar and not focus_mode

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
        loader = self.loader
        has_summary = loader.summary is not None
        order = loader.reading_order(view.section.id) + step  # 0: the summary, n: section n-1
        if order < (0 if has_summary else 1) or order > loader.section_count:
            self.notify("This is the first section." if step < 0 else "This is the last section.", timeout=2)
            return
        shown = loader.summary if order == 0 else loader.section(order - 1)
        if shown is None:
            return
        self.show_in(view, shown)
        total = loader.section_count + has_summary
        self.notify(f"{shown.title} ({order + has_summary} of {total})", timeout=2)

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
