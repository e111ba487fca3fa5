"""The reader's evidence lens: each sentence tinted and marked by what it rests on, its warnings under the cursor."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from tui.core.brief.model import Brief
from tui.core.display.excerpt import shortened
from tui.core.reading.lens import MARKS, WARNING_MARK, Footing, Lens, review_steps
from tui.core.tradecraft.findings import Finding
from tui.screens.reader_notes import NotesScreen
from tui.screens.slices import in_slices
from tui.widgets.section_view import SectionView, lens_layer

PLAIN_MARKDOWN = "No evidence lens here: this file is plain markdown, without claims to rest on"
LENS_DELAY = 0.06  # seconds the cursor rests before the line under the text says what its sentence rests on
WARNING_CHARACTERS = 400  # of a warning's message shown (a message quotes the start of its sentence)


def legend(lens: Lens, here: Footing | None, width: int = 0) -> Content:
    """The lens's legend on one line: each mark with its word in its status's colour, the footing of the
    sentence under the cursor shown reversed (so it is told under NO_COLOR too). Where `width` cells do
    not hold it, a mark that is its word's initial is written as the word's first letter ("Reported");
    where they hold more, "Lens" comes first."""
    shown = _legend(lens, here, compact=False)
    if width and len(shown) > width:
        shown = _legend(lens, here, compact=True)
    named = Content.styled("Lens ", "bold $foreground")
    return named + shown if not width or len(named) + len(shown) <= width else shown


def _legend(lens: Lens, here: Footing | None, *, compact: bool) -> Content:
    parts: list[str | Content | tuple[str, str]] = []
    for footing in lens.legend():
        style = "bold" if footing is Footing.ANALYSIS else f"${'status-' + footing.value}"
        if footing is here:
            style += " reverse"
        word, mark = ("analysis" if footing is Footing.ANALYSIS else footing.value), MARKS[footing]
        if compact and word[0].upper() == mark:
            parts += [(mark, f"bold underline {style}"), (word[1:], style), " "]
        else:
            parts += [(f"{mark}{'' if compact else ' '}{word}", f"bold {style}"), " "]
    space = "" if compact else " "
    parts += [(f"{WARNING_MARK}{space}warning", "bold $text-warning"), " ", ("estimative", "underline")]
    if not lens.reviewed:
        parts.append((" (checking…)", "italic $text-muted"))
    return Content.assemble(*parts)


class LensScreen(NotesScreen):
    """The lens's key and the line under the text that explains it; `ReaderScreen` builds on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("L", "toggle_lens", "Evidence lens", id="lens.toggle"),
    ]

    lens_on = False  # off until asked for; then on for every column and section until asked off
    lens: Lens | None = None  # what the lens shows, once the brief is loaded
    lens_findings: list[Finding] | None = None  # the tradecraft review, once done (it runs once a brief)
    lens_timer: Timer | None = None

    def action_toggle_lens(self) -> None:
        """L: the evidence lens on or off, in every column."""
        if not self.lens_on and self.brief is not None and not self.brief.is_brief:
            self.notify(PLAIN_MARKDOWN, timeout=4)
            return
        self.lens_on = not self.lens_on
        if not self.lens_on:
            self.notify("Evidence lens off", timeout=2)
        elif self.brief is None:
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
        self.show_lens_here()

    # A description of its own: Textual's would be the repr of its brief, 0.26 s for a 5 MB one.
    @work(exclusive=True, group="lens-review", exit_on_error=False, description="the evidence lens's review")
    async def review_for_lens(self, brief: Brief) -> None:
        """The tradecraft review, on the event loop a slice at a time (0.7 s for a 5 MB brief in one go)."""
        findings = await in_slices(review_steps(brief))
        self.lens_findings = findings
        self.lens = Lens(brief, findings)
        if self.lens_on:
            self.apply_lens(brief)

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
        parts: list[str | Content | tuple[str, str]] = [legend(lens, here, room)]
        if view is not None and sentence is not None:
            status = here.status if here is not None else None
            style = f"bold $status-{status.value}" if status is not None else "bold"
            parts += ["\n", ("Here: ", "bold $foreground"), (lens.said(view.section, sentence), style)]
            for number, warning in enumerate(lens.warnings(view.section, sentence)):
                # The first on the same line, the others each on its own: the panel stays short at 80x24.
                parts.append(" · " if number == 0 else "\n")
                if warning.claim_id is None:  # about the sentence: marked `!` in the gutter
                    parts.append((f"{WARNING_MARK} {warning.code} {warning.rule}: ", "bold $text-warning"))
                else:  # about a claim it cites: said here, not marked
                    parts.append((f"{warning.code} {warning.rule}: ", "italic $text-warning"))
                parts.append(Content(shortened(warning.message, WARNING_CHARACTERS)))
        panel.update(Content.assemble(*parts))
        panel.display = True


__all__ = ["LensScreen", "legend", "lens_layer"]
