"""The reader's evidence lens: each sentence tinted and marked by what it rests on, its warnings under the cursor."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.scalar import Unit
from textual.notifications import Notification, Notify
from textual.timer import Timer
from textual.widgets import Static

from tui.core.brief.model import Brief
from tui.core.reading.lens import Lens
from tui.core.tradecraft.findings import Finding
from tui.core.tradecraft.review import review_steps
from tui.screens.reader_notes import NotesScreen
from tui.screens.slices import in_slices
from tui.widgets.claim_sidebar import ClaimSidebar
from tui.widgets.lens_panel import here_lines, legend
from tui.widgets.section_view import SectionView, lens_layer
from tui.widgets.summary_banner import SummaryBanner
from tui.widgets.textual_private import withdraw

PLAIN_MARKDOWN = "No evidence lens here: this file is plain markdown, without claims to rest on"
PANEL_ROWS = 5  # lines of the panel under its rule, where the stylesheet does not say
TEXT_ROWS = 4  # lines of text a column keeps before the panel takes any: it shrinks to one line, then goes
LENS_DELAY = 0.06  # seconds the cursor rests before the line under the text says what its sentence rests on


class LensScreen(NotesScreen):
    """The lens's key and the line under the text that explains it; `ReaderScreen` builds on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("L", "toggle_lens", "Evidence lens", id="lens.toggle"),
        # Not in the key bar (full at 80 columns); the help lists it, the palette too, with the previous warning.
        Binding("exclamation_mark", "next_warning(1)", "Next tradecraft warning", show=False, id="lens.warning.next"),
    ]

    lens_on = False  # off until asked for; then on for every column and section until asked off
    lens: Lens | None = None  # what the lens shows, once the brief is loaded
    lens_findings: list[Finding] | None = None  # the tradecraft review, once done (it runs once a brief)
    lens_timer: Timer | None = None
    lens_off_notice: Notification | None = None  # "Evidence lens off", taken down if the lens comes back on
    walk_notice: Notification | None = None  # the last "Warning 2/7", taken down when the next is said
    walk_pending = 0  # a walk to the next (1) or previous (-1) warning asked before the review was done

    def action_toggle_lens(self) -> None:
        """L: the evidence lens on or off, in every column."""
        if not self.lens_on and self.brief is not None and not self.brief.is_brief:
            self.notify(PLAIN_MARKDOWN, timeout=4)
            return
        self.lens_on = not self.lens_on
        if not self.lens_on:
            self.lens_off_notice = Notification("Evidence lens off", timeout=2)
            self.app.post_message(Notify(self.lens_off_notice))
        elif self.lens_off_notice is not None:
            # L twice quickly: "off" no longer true. Taken down once the app has it (its message is queued).
            self.app.call_later(withdraw, self.app, self.lens_off_notice)
            self.lens_off_notice = None
        if self.lens_on and self.brief is None:
            self.notify("Evidence lens on: it shows once the brief is loaded", timeout=3)
        # On, the legend under the text says so: a notice would cover it.
        self.apply_lens()

    def lens_loaded(self, brief: Brief) -> None:
        """The whole brief is here: the lens shows if it is on (and it is a brief, with claims)."""
        if self.lens_on and not brief.is_brief:
            self.lens_on = False
            self.notify(PLAIN_MARKDOWN, timeout=4)
        if self.lens_on:
            self.apply_lens(brief)

    def apply_lens(self, brief: Brief | None = None) -> None:
        """Give every column the lens (or none), and review the brief the first time it is wanted."""
        brief = brief or self.brief
        lens: Lens | None = None
        if self.lens_on and brief is not None:
            if self.lens is None or self.lens.brief is not brief:
                self.lens = Lens(brief, self.lens_findings)
                if self.lens_findings is None:
                    self.review_for_lens(brief)
            lens = self.lens
        for view in self.query(SectionView):  # hidden ones too: a column shown again keeps the lens
            view.set_lens(lens)
        for banner in self.query(SummaryBanner):  # the bottom line up front, above the columns
            banner.set_lens(lens)
        # A claim's own warnings in its detail, once known, while the lens is on (off, the reader reads undisturbed).
        self.query_one(ClaimSidebar).set_lens(lens if lens is not None and lens.reviewed else None)
        self.show_lens_here()

    # A description of its own: Textual's would be the repr of its brief, 0.26 s for a 5 MB one.
    @work(exclusive=True, group="lens-review", exit_on_error=False, description="the evidence lens's review")
    async def review_for_lens(self, brief: Brief) -> None:
        """The tradecraft review, on the event loop a slice at a time (0.7 s for a 5 MB brief in one go)."""
        findings = await in_slices(review_steps(brief))
        self.lens_findings = findings
        lens = self.lens = await in_slices(Lens.steps(brief, findings, self.lens))
        if self.lens_on:
            self.apply_lens(brief)
        if self.walk_pending:
            step, self.walk_pending = self.walk_pending, 0
            self.walk_warnings(lens, step)

    def action_next_warning(self, step: int) -> None:
        """!: the cursor to the next sentence a tradecraft rule warns about (`step` -1: the one before, from the
        palette), in reading order round the brief; the focused column shows its section if none does. The
        lens comes on, to show the mark and the message."""
        brief = self.brief
        if brief is None:
            self.notify("Still loading the brief: its warnings once it is loaded", severity="warning", timeout=3)
            return
        if not brief.is_brief:
            self.notify(PLAIN_MARKDOWN, timeout=4)
            return
        if not self.lens_on:
            self.lens_on = True
            self.apply_lens(brief)
        if self.lens is None or not self.lens.reviewed:
            self.walk_pending = step
            self.notify("Checking the brief: the cursor goes to the warning once it is checked", timeout=3)
            return
        self.walk_warnings(self.lens, step)

    def walk_warnings(self, lens: Lens, step: int) -> None:
        view = self.focused_view() or self.current_view or self.first_view
        sentence = view.current if view is not None else None
        place = lens.walk(view.section.id if view is not None else None, sentence.index if sentence else -1, step)
        about_claims = lens.claim_warning_count
        # What `!` does not walk, said: briefing check counts the claims' warnings too (a new user counted 3
        # walked against 6 checked).
        claims_said = f"; {about_claims} about claims, in each claim's detail (c)" if about_claims else ""
        if place is None:
            said = f"No tradecraft warnings on sentences{claims_said}" if about_claims else "No tradecraft warnings"
            self.notify(said, timeout=3, markup=False)
            return
        section = self.loader.section_by_id(place.section_id)
        shown = self.view_showing(section) if section is not None else None
        if shown is None:
            return
        shown.move_to(place.sentence)
        shown.focus()
        # One walk notice at a time: pressed five times, five stacked over half the text at 100x30.
        if self.walk_notice is not None:
            self.app.call_later(withdraw, self.app, self.walk_notice)
        self.walk_notice = Notification(place.said + claims_said, timeout=2 if not about_claims else 3, markup=False)
        self.app.post_message(Notify(self.walk_notice))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        super().on_descendant_focus(event)
        if self.lens_on and isinstance(event.widget, SectionView):  # another column: its sentence's line
            self.lens_follows()

    @on(SectionView.CursorMoved)
    def lens_follows(self, event: SectionView.CursorMoved | None = None) -> None:  # noqa: ARG002
        if not self.lens_on:
            return
        if self.lens_timer is not None:
            self.lens_timer.stop()
        self.lens_timer = self.set_timer(LENS_DELAY, self.show_lens_here)

    def on_resize(self) -> None:
        if self.lens_on:  # laid out first: the panel's rows follow the columns' height
            self.call_after_refresh(self.show_lens_here)

    def show_lens_here(self) -> None:
        """The legend, and what the sentence under the cursor rests on with its warnings, below the text."""
        panel = self.query_one("#lens-panel", Static)
        lens = self.lens if self.lens_on else None
        if not self.lens_on:
            panel.display = False
            return
        if lens is None:
            panel.update(Content.styled("Lens: shown once the brief is loaded…", "italic $text-muted"))
            panel.display = True
            return
        view = self.focused_view() or self.current_view or self.first_view
        sentence = view.current if view is not None else None
        here = lens.footing(view.section, sentence) if view is not None and sentence is not None else None
        room = panel.content_region.width or self.size.width - 2
        rows = self.lens_rows(panel, view)
        panel.set_class(rows == 1, "-tight")  # one line, without its rule: the text keeps its rows
        panel.display = rows > 0
        if not rows:
            return
        lines: list[Content] = []
        if rows > 1 or view is None or sentence is None:
            lines.append(legend(lens, here, room))
        if view is not None and sentence is not None:
            lines.append(here_lines(lens, view.section, sentence, room, rows - len(lines)))
        panel.update(Content("\n").join(lines))

    def lens_rows(self, panel: Static, view: SectionView | None) -> int:
        """The lines the panel may show: as many as its stylesheet allows (a rule above them), fewer where
        the text would keep fewer than `TEXT_ROWS` (a 30x12 terminal): one line, or none."""
        most = panel.styles.max_height
        rows = int(most.value) - 1 if most is not None and most.unit is Unit.CELLS else PANEL_ROWS
        if view is None or not view.size.height:
            return rows
        free = view.size.height + (panel.outer_size.height if panel.display else 0) - TEXT_ROWS
        if free >= rows + 1:
            return rows
        return min(rows, free - 1) if free >= 3 else min(1, max(0, free))


__all__ = ["LensScreen", "legend", "lens_layer"]
