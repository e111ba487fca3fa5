"""The reader's E: the brief opened in the user's editor at the cursor's sentence, read again once the editor exits."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import SuspendNotSupported
from textual.binding import Binding, BindingType

from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.library import shown_path
from tui.core.outside.editor import OTHER, SAME, Editor, NoEditor, command_for, copy_to_edit, editor_from, found
from tui.core.outside.editor import sentence_line as line_in_file
from tui.core.outside.problems import BriefError
from tui.core.outside.visible import one_line, shown_name
from tui.screens.reader_live import LiveScreen


class EditScreen(LiveScreen):
    """E: edit the brief in `$VISUAL` or `$EDITOR`, the app suspended meanwhile; `ReaderScreen` builds on it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not in the key bar (full at 80 columns); the help and the palette list it.
        Binding("E", "edit", "Edit the brief", show=False, id="brief.edit"),
    ]

    # A bundled brief's copy, just made: the sentence to put the cursor on (section id, index) and the
    # line to open the editor at, once this reader is shown.
    edit_when_shown: tuple[str, int, int] | None = None

    def on_mount(self) -> None:
        if self.edit_when_shown is None:
            return
        section_id, index, line = self.edit_when_shown
        self.edit_when_shown = None
        view = next((view for view in self.views if view.section.id == section_id), None)
        if view is not None and index >= 0:
            view.move_to(index)
        # After the first frame: the reader is on screen under the editor, and comes back as it was.
        self.call_after_refresh(self.run_editor, Path(self.loader.path), line)

    def action_edit(self) -> None:
        """E: the brief in the editor at the cursor's sentence; a bundled brief is offered as a copy first."""
        path = Path(self.loader.path)
        if is_bundled(path):
            if self.editor_or_say() is not None:  # no copy made for an editor that is not there (a trial's)
                self.offer_copy(path)
            return
        if is_a_guide(path):  # the app's own pages, replaced with it: not the user's to edit
            self.notify("The guides ship with the app and are not edited here", timeout=4)
            return
        self.run_editor(path, self.cursor_line())

    def cursor_place(self) -> tuple[str, int]:
        """The section and sentence (index, -1 for none) the cursor is on."""
        view = self.focused_view() or self.current_view or self.first_view
        if view is None:
            return "", -1
        sentence = view.current
        return view.section.id, sentence.index if sentence is not None else -1

    def cursor_line(self, loader: BriefLoader | None = None) -> int:
        """The line of the file where the cursor's sentence starts (its section's heading without one)."""
        view = self.focused_view() or self.current_view or self.first_view
        if view is None:
            return 1
        section, sentence = view.section, view.current
        if sentence is None or not 0 <= sentence.block < len(section.blocks):
            return section.line
        block = section.blocks[sentence.block]
        lines = (loader or self.loader).outline.layout.lines
        return line_in_file(lines, block.line, block.text, sentence.start - block.start)

    def editor_or_say(self) -> Editor | None:
        """The editor to run, or None after saying why there is none (none set, or not found)."""
        try:
            editor = editor_from(os.environ)
        except NoEditor as exc:
            self.notify(str(exc), severity="warning", timeout=10)
            return None
        if not found(editor):
            self.notify(f"{editor.origin} is {editor.shown()}, which is not found: set it to an editor's command")
            return None
        return editor

    def run_editor(self, path: Path, line: int) -> None:
        """Hand the terminal to the editor on `path` at `line` until it exits, then read the brief again."""
        editor = self.editor_or_say()
        if editor is None:
            return
        command = command_for(editor, path, line)
        try:
            with self.app.suspend():
                # Caught inside: an exception through the suspension would leave the terminal to the editor.
                outcome = run(command)
        except SuspendNotSupported:
            self.notify(
                f"The editor cannot take over this terminal: edit {shown_name(path.name)} in another window",
                severity="warning",
                timeout=8,
            )
            return
        if isinstance(outcome, OSError):
            self.notify(f"{editor.shown()} could not be run: {outcome.strerror or outcome}", severity="error")
            return
        if outcome != 0:
            self.notify(f"{editor.shown()} exited with status {outcome}", severity="warning", timeout=6)
        self.reload_from_disk()  # whatever it did: an editor that failed may have written the file

    # A bundled brief: edited as a copy in the user's briefs folder

    def offer_copy(self, source: Path) -> None:
        from tui.paths import user_briefs_dir
        from tui.screens.confirm import ConfirmScreen

        target = user_briefs_dir() / source.name
        place = self.cursor_place()
        line = self.cursor_line()

        def answered(yes: bool | None) -> None:
            if yes:
                self.copy_and_edit(source, place, line)

        question = f"This brief ships with the app. Copy it to {shown_place(target)} and edit the copy?"
        detail = "Its notes follow it (they are filed under its id), and the library lists the copy in its place."
        self.app.push_screen(ConfirmScreen(question, detail), answered)

    @work(thread=True, exclusive=True, group="edit-copy", exit_on_error=False, description="copy a bundled brief")
    def copy_and_edit(self, source: Path, place: tuple[str, int], line: int) -> None:
        """Copy the brief (never over another file) and read the copy's outline, off the event loop."""
        from tui.paths import journal_dir, user_briefs_dir

        try:
            copy, how = copy_to_edit(source, user_briefs_dir(), journal=journal_dir())
            loader = open_brief(copy)
        except BriefError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        except OSError as exc:
            said = f"The brief could not be copied to edit: {exc.strerror or exc}: {one_line(str(exc.filename or ''))}"
            self.app.call_from_thread(self.notify, said, severity="error")
            return
        self.app.call_from_thread(self.show_copy, loader, how, place, line)

    def show_copy(self, loader: BriefLoader, how: str, place: tuple[str, int], line: int) -> None:
        """The copy in a reader in place of this one (at the same sentence), its editor opened once shown."""
        path = shown_place(Path(loader.path))
        section_id, index = place
        if how == OTHER:
            # Not the bundled text: its sentences are not these. Its own section, if it has one, at the top.
            self.notify(f"{path} is there already, different from the bundled brief: editing it as it is", timeout=8)
            section = loader.section_by_id(section_id)
            line, index = (section.line if section is not None else 1), -1
        elif how == SAME:
            self.notify(f"Editing your copy, {path}, there already", timeout=5)
        else:
            self.notify(f"Copied to {path}: editing the copy", timeout=5)
        start = section_id if loader.section_by_id(section_id) is not None else ""
        reader = type(self)(loader, self.notes, start_at=start)  # a ReaderScreen (imported, it would be a cycle)
        reader.edit_when_shown = (section_id, index, line)
        self.take_down_summary()  # the copy says its own "Changed since…": one, not two (an attack's)
        self.app.switch_screen(reader)


def is_bundled(path: Path) -> bool:
    """Whether a brief is one shipped with the app (inside the package, or `briefs/` of a checkout)."""
    from tui.paths import bundled_briefs_dir

    try:
        return path.resolve().is_relative_to(bundled_briefs_dir())
    except (OSError, RuntimeError):  # a loop of links: not a bundled brief
        return False


def is_a_guide(path: Path) -> bool:
    """Whether a file is one of the app's guides (`g` in the library opens them in the reader)."""
    from tui.guides import GUIDES_DIR

    try:
        return path.resolve().is_relative_to(GUIDES_DIR)
    except (OSError, RuntimeError):
        return False


def shown_place(path: Path) -> str:
    """A file's place as said to the user: with `~` for the home folder, on one line."""
    return one_line(shown_path(path, ()))


def run(command: list[str]) -> int | OSError:
    """Run the editor on the terminal the app gave up; its exit status, or why it could not start."""
    try:
        return subprocess.run(command, check=False).returncode
    except OSError as exc:
        return exc


__all__ = ["EditScreen", "is_bundled"]
