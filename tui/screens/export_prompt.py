"""The export prompt (`e`): where to write this brief's notes, prefilled; it writes, then says where."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.core.brief.model import Brief
from tui.core.export.compose import Format, gather_notes, render
from tui.core.export.target import refusal
from tui.core.notes.access import Notes
from tui.core.outside.atomic import write_atomically
from tui.screens.confirm import ConfirmScreen
from tui.widgets.key_bar import KeyBar


class ExportPrompt(ModalScreen[str | None]):
    """Ask for the file, write the export there; close with a line saying what was written, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", priority=True),
    ]

    def __init__(self, brief: Brief, notes: Notes, default: Path) -> None:
        super().__init__()
        self.brief = brief
        self.notes = notes
        self.default = default
        self.writing = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(Content.styled("Export notes", "bold $foreground"), markup=False)
            yield Static(
                Content(
                    "Markdown, or W3C Web Annotations for a name ending in .json (import reads those); "
                    "a name ending in .dot or .gv writes the claims and their relations for Graphviz."
                ),
                markup=False,
            )
            # The cursor at the end, nothing selected: the name is edited, not retyped.
            yield Input(str(self.default), id="export-path", select_on_focus=False)
            yield Static(id="export-error", markup=False)
            yield Static(Content.styled("enter writes   escape cancels", "$text-muted"), markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#export-error", Static).display = False
        self.query_one("#export-path", Input).focus()

    @on(Input.Submitted, "#export-path")
    def chosen(self, event: Input.Submitted) -> None:
        event.stop()
        if self.writing:
            return
        typed = event.value.strip()
        if not typed:
            self.show_error("Type the file to write.")
            return
        if "\0" in typed:
            self.show_error("A file name cannot hold a NUL character.")
            return
        # `~` and `$HOME` as a shell would; a relative name from where the app started, said in full.
        expanded = os.path.abspath(os.path.expandvars(os.path.expanduser(typed)))
        if typed.endswith("/"):
            expanded += "/"  # a string: a trailing slash (a folder meant) must reach the check
        reason = self.refusal(expanded)
        if reason is not None:
            self.show_error(reason)
            return
        path = Path(expanded)
        if path.exists():

            def answered(replace: bool | None) -> None:
                if replace:
                    self.start(path)

            self.app.push_screen(ConfirmScreen(f"Replace {path.name}?", f"{path} exists."), answered)
            return
        self.start(path)

    def refusal(self, target: str | Path) -> str | None:
        """Why an export must not go to `target`: the rule `briefing export -o` applies, from the same code."""
        # The folder offered (the app's own exports folder) is made if missing; any other must exist.
        reason = refusal(target, brief=self.brief.path, store=self.notes.path, may_make=self.default.parent)
        return None if reason is None else f"Not written: {reason}."

    def start(self, path: Path) -> None:
        self.writing = True
        self.query_one("#export-error", Static).display = False
        self.write(path)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False, description="export the notes")
    def write(self, path: Path) -> None:
        """Gather, render and write off the event loop; the prompt stays open, with the reason, on failure."""
        reason = self.refusal(path)  # again: the file may have changed while "Replace?" was open
        if reason is not None:
            self.app.call_from_thread(self.show_error, reason)
            return
        try:
            gathered = gather_notes(self.brief, self.notes)
            format = Format.for_path(path)
            write_atomically(path, render(gathered, format), journal=self.notes.journal)
        except Exception as exc:  # whatever it is, said here: the prompt must never be left stuck
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
            self.app.call_from_thread(self.show_error, f"Not written: {reason}")
            return
        if format is Format.DOT:  # a .dot name writes the claims and their relations, not the notes
            count, things = len({claim.id for claim in gathered.exported.brief.claims}), "claim"  # a node an id
        else:
            count, things = len(gathered.placed), "note"
        self.app.call_from_thread(self.dismiss, f"Wrote {count:,} {things}{'s' * (count != 1)} to {path}")

    def show_error(self, message: str) -> None:
        self.writing = False
        error = self.query_one("#export-error", Static)
        error.update(Content.styled(message, "bold $error"))
        error.display = True

    def action_cancel(self) -> None:
        if not self.writing:
            self.dismiss(None)
