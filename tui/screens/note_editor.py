"""The note editor: the quote, the note (markdown), its tags and colour; saved only when on disk."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static, TextArea

from tui.core.display.excerpt import shortened
from tui.core.notes.access import Notes
from tui.core.notes.annotation import COLOURS, Annotation
from tui.core.notes.store_errors import ChangedElsewhere, ChangedThenDeleted, StoreError
from tui.core.outside.visible import pictured
from tui.screens.confirm import ConfirmScreen
from tui.widgets.key_bar import KeyBar

WRAPPED_NOTE = 100_000  # characters of a note the editor wraps to its width
OTHER_SHOWN = 80  # characters of a note changed elsewhere shown in the editor's warning


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags as typed, separated by commas or spaces, a leading '#' dropped, each once, in order."""
    tags: list[str] = []
    for word in text.replace(",", " ").split():
        tag = pictured(word.lstrip("#"))
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def start_of(note: str) -> str:
    """The start of a note on one line, quoted, for a message ("no text" for an empty one)."""
    # Cut before splitting, so a huge note costs no more than a short one.
    flat = " ".join(note[: OTHER_SHOWN * 2].split())
    if not flat:
        return "no text" if len(note) <= OTHER_SHOWN * 2 else "“…”"
    cut = len(flat) > OTHER_SHOWN or len(note) > OTHER_SHOWN * 2
    return f"“{flat[:OTHER_SHOWN]}{'…' if cut else ''}”"


class NoteEditor(ModalScreen[Annotation | None]):
    """Write or edit the note on a highlight. It closes with the note once saved, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="editor.cancel", priority=True),
    ]
    # The note is focused as the editor is composed: focus() in on_mount came a moment later and took
    # the focus back from the tags field when tab was pressed right after `a` (tab seemed lost).
    AUTO_FOCUS = "#editor-note"

    def __init__(self, annotation: Annotation, notes: Notes) -> None:
        """Edit `annotation` (new or stored), saving it to `notes`."""
        super().__init__()
        self.annotation = annotation
        self.notes = notes
        self.saving = False  # a save is under way: no second save, no cancelling it
        # The version the edit is made on; a save refused as changed elsewhere moves it to the
        # version then shown, so ctrl+s again saves over that one (vim's `:w!`), None over any.
        self.based_on: str | None = annotation.updated

    def compose(self) -> ComposeResult:
        note = self.annotation
        with Vertical(id="editor-box"):
            yield Static(Content.styled("Note", "bold $foreground"), markup=False)
            yield Static(Content(shortened(note.anchor.quote)), id="editor-quote", markup=False)
            # A long note is not wrapped: TextArea wraps every line again at each resize while the
            # editor opens (a 1 MB note opened in 3 to 4.7 s, unwrapped in 1.1 to 2.1; a short one 0.8 to 1.25).
            wrap = len(note.note) <= WRAPPED_NOTE
            yield TextArea(note.note, id="editor-note", soft_wrap=wrap, show_line_numbers=False)
            with Horizontal(id="editor-fields"):
                yield Input(" ".join(note.tags), placeholder="tags, separated by spaces", id="editor-tags")
                colours = ((colour, colour) for colour in COLOURS)
                yield Select(colours, value=note.colour, allow_blank=False, id="editor-colour")
            yield Static(id="editor-error", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#editor-error", Static).display = False
        area = self.query_one("#editor-note", TextArea)
        area.move_cursor(area.document.end)  # an edit goes on from the end (a trial typed before its old note)

    def draft(self) -> Annotation:
        """The note as it stands in the editor."""
        colour = self.query_one("#editor-colour", Select).value
        return replace(
            self.annotation,
            note=pictured(self.query_one("#editor-note", TextArea).text),
            tags=parse_tags(self.query_one("#editor-tags", Input).value),
            colour=str(colour) if isinstance(colour, str) else self.annotation.colour,
        )

    def changed(self) -> bool:
        draft, original = self.draft(), self.annotation
        return (draft.note, draft.tags, draft.colour) != (original.note, original.tags, original.colour)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002
        return not (self.saving and action in ("save", "cancel"))

    def action_save(self) -> None:
        # ctrl+s is a priority key: it runs as it arrives, while keys typed just before it may still
        # wait in the field's queue. Saving from that queue, after them, keeps them: a letter typed
        # right before ctrl+s into a long note was left out of what was saved.
        self.saving = True
        (self.focused or self).call_later(self._save_now)  # keys go to the focused field: after its queue

    def _save_now(self) -> None:
        self.query_one("#editor-error", Static).display = False
        self.save(self.draft())

    @work(thread=True, exclusive=True, group="editor-save", exit_on_error=False, description="save the note")
    def save(self, draft: Annotation) -> None:
        """Save off the event loop; the editor stays open, with the reason, if the note cannot be kept."""
        try:
            saved = self.notes.save(draft, based_on=self.based_on)
        except ChangedElsewhere as exc:
            self.app.call_from_thread(self.changed_elsewhere, exc.stored, isinstance(exc, ChangedThenDeleted))
            return
        except StoreError as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        self.app.call_from_thread(self.saved, saved)

    def saved(self, note: Annotation) -> None:
        self.saving = False
        self.dismiss(note)

    def show_error(self, reason: str) -> None:
        self.saving = False
        error = self.query_one("#editor-error", Static)
        error.update(Content.styled(f"Not saved: {reason}. Your note is still here.", "bold $error"))
        error.display = True

    def changed_elsewhere(self, other: Annotation | None, deleted: bool = False) -> None:
        """Another instance or an import changed the note since it was opened (and then deleted it, if
        `deleted`): say so, keep what was typed; ctrl+s again saves it over (brings it back with it)."""
        self.saving = False
        self.based_on = other.updated if other is not None else None
        now = "it cannot be read" if other is None else start_of(other.note)
        if deleted:
            said = (
                f"This note was changed and then deleted in another window since you opened it (its last text: "
                f"{now}). ctrl+s again restores it with yours; escape leaves it deleted."
            )
        else:
            said = (
                f"This note was changed elsewhere since you opened it: {now}. "
                "ctrl+s again saves yours over it; escape keeps the other."
            )
        error = self.query_one("#editor-error", Static)
        error.update(Content.styled(said, "bold $warning"))
        error.display = True

    def action_cancel(self) -> None:
        """Close without saving; ask first if something was typed (once the keys before escape are in)."""
        (self.focused or self).call_later(self.cancel_typed)

    def cancel_typed(self) -> None:
        if not self.changed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard this note?", "What you typed is not saved."), answered)
