"""The reader's notes: highlight, write, list, attach, delete and undo, each store call in a worker."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.content import Content
from textual.widgets import Static

from tui.core.brief.loader import BriefLoader
from tui.core.brief.model import Brief, Section, Sentence
from tui.core.display.excerpt import TAGS_SHOWN, excerpt, more_characters
from tui.core.notes.access import Loaded, Notes, Placed
from tui.core.notes.anchoring import Found, How, anchor_for, reanchor
from tui.core.notes.annotation import COLOURS, Anchor, Annotation, now
from tui.core.notes.limits import too_big
from tui.core.notes.store_errors import ChangedElsewhere, ChangedThenDeleted, NotRestored, StoreError, TooBig
from tui.screens.reader_columns import ColumnsScreen
from tui.screens.store_calls import in_store
from tui.widgets.section_view import SectionView
from tui.widgets.summary_banner import SummaryBanner

if TYPE_CHECKING:
    from tui.screens.notes_browser import Chosen


class NotesScreen(ColumnsScreen):
    """The reader's keys for notes and the panel that shows them; `ReaderScreen` builds on it."""

    def __init__(self, loader: BriefLoader, notes: Notes | None = None, *, start_at: str = "") -> None:
        super().__init__(loader, start_at=start_at)
        self.notes = notes or Notes(None)
        # Where each note was in the version this reader replaced (a reload): a note lost is looked for there.
        self.note_hints: dict[str, Anchor] = {}
        self.start_note = ""  # a note to put the cursor on once the notes are placed (see `ReaderScreen`)

    def notes_read(self) -> bool:
        return self.notes.path is None or super().notes_read()  # no store: there are none to wait for

    def store_failed(self, error: StoreError) -> None:
        """A store call failed: notes cannot be kept, said once per failure."""
        self.notify(f"Notes cannot be kept: {error}", severity="error", timeout=10, markup=False)

    def load_notes(self, brief: Brief) -> None:
        """Read this brief's notes and find each in the text as it is now (off the event loop)."""

        def read() -> tuple[Loaded, str]:
            since = now()
            return self.notes.load(self.reading.brief_key, brief.all_sections, self.note_hints), since

        in_store(self, read, lambda got: self.show_notes(*got), self.store_failed, group="notes-load", exclusive=True)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Another column focused: the panel shows the notes under its cursor. (A reader put back after a
        reload was focused on its carried column after its notes were placed, and the panel stayed empty.)"""
        if isinstance(event.widget, SectionView) and self.reading.notes.placed:
            self.last_view = event.widget
            self.show_notes_here()

    def on_screen_resume(self) -> None:
        """Shown, or back from another screen (a linked brief may have changed the same notes): read them."""
        if self.brief is not None and self.notes.path is not None:
            self.load_notes(self.brief)

    def show_notes(self, loaded: Loaded, since: str) -> None:
        self.reading.notes.merge_loaded(loaded, since)
        for notice in loaded.notices:  # moved aside, read-only, rows that could not be read: each said once
            self.notify(notice, severity="warning", timeout=15, markup=False)
        self.redraw_notes()
        if self.start_note:
            note_id, self.start_note = self.start_note, ""
            self.go_to_note_id(note_id)

    def go_to_note_id(self, note_id: str) -> None:
        """The cursor on a note of this brief (the notes browser's); said if it lost its place or is gone."""
        placed = next((p for p in self.reading.notes.placed if p.annotation.id == note_id), None)
        if placed is None:
            self.notify("That note is not in this brief (any more).", severity="warning")
        elif placed.found is None:
            self.notify("This note lost its place in the brief: A lists it, to attach it again.", severity="warning")
        else:
            self.go_to_note(placed)

    def action_find_notes(self) -> None:
        """F: the notes browser, every note of every brief; enter goes to a note (here, or its brief opened)."""
        from tui.core.notes.browsing import Brief as Named
        from tui.screens.notes_browser import NotesBrowser, briefs_below

        briefs = briefs_below(self)
        key = self.reading.brief_key
        if key not in briefs:  # read on its own (`briefing FILE`): its own notes are opened here still
            briefs[key] = Named(self.loader.title[:200], Path(self.loader.path))
        browser = NotesBrowser(self.notes, briefs, here=key, section_titles=self.reading.section_titles())
        self.app.push_screen(browser, self.note_chosen_elsewhere)

    def note_chosen_elsewhere(self, chosen: Chosen | None) -> None:
        if chosen is None:
            return
        if chosen.note.brief == self.reading.brief_key:
            if self.reading.notes.read:
                self.go_to_note_id(chosen.note.id)
            else:  # still being read: once placed
                self.start_note = chosen.note.id
            return
        self.open_at_note(chosen.path, chosen.note.id)

    def open_at_note(self, path: Path, note_id: str) -> None:
        """Open another brief at one of its notes: `ReaderScreen`'s (it makes readers; here it would be a cycle)."""
        raise NotImplementedError

    def redraw_notes(self) -> None:
        for view in self.query(SectionView):
            view.show_notes(self.reading.notes.highlights(view.section.id))
        for banner in self.query(SummaryBanner):  # a highlight made in the bottom line, its column shown
            banner.show_notes(self.reading.notes.highlights(banner.section.id))
        self.show_notes_here()

    def notes_here(self) -> tuple[SectionView, Sentence, list[Placed]] | None:
        """The focused column, its sentence under the cursor, and the notes on that sentence."""
        # The focused column if the one last read is not known yet (a reader just put back after a reload).
        view = self.current_view or self.focused_view()
        sentence = view.current if view else None
        if view is None or sentence is None:
            return None
        return view, sentence, self.reading.notes.on(view.section.id, sentence.start, sentence.end)

    def target(self) -> tuple[SectionView, int, int] | None:
        """What m and a act on: the selection (v), else the sentence under the cursor."""
        view = self.current_view
        if view is not None and view.section.partial:
            self.notify("This section is still loading: notes once it is loaded.", severity="warning")
            return None
        covered = view.target() if view else None
        return (view, *covered) if view and covered else None

    def action_highlight(self) -> None:
        """Highlight the selection or the sentence under the cursor (saved at once)."""
        target = self.target()
        if target is None:
            return
        view, start, end = target
        view.action_clear_selection()
        if self.reading.notes.highlighted(view.section.id, start, end):
            self.notify("Already highlighted (d deletes it).", severity="warning")
            return
        self.save_highlight(view.section, start, end)

    def save_highlight(self, section: Section, start: int, end: int) -> None:
        def failed(error: StoreError) -> None:
            if isinstance(error, TooBig):
                self.notify(f"Not highlighted: {error}.", severity="warning", markup=False)
            else:
                self.store_failed(error)

        key = self.reading.brief_key
        call = partial(self.notes.highlight, key, section, start, end, COLOURS[0])
        in_store(self, call, self.highlighted, failed, group="notes")

    def highlighted(self, placed: Placed) -> None:
        """A highlight made with m: shown, and said (the cursor over it hid it)."""
        self.added(placed)
        self.notify("Highlighted: a adds a note to it, d deletes it.", timeout=2)

    def added(self, placed: Placed) -> None:
        self.reading.notes.add(placed)
        self.redraw_notes()

    def action_annotate(self) -> None:
        """Write a note on the selection or the sentence under the cursor, or edit the newest note on it."""
        here, target = self.notes_here(), self.target()
        if here is None or target is None:
            return
        if (why := self.notes.unwritable) is not None:  # not an editor whose typing cannot be kept
            self.notify(f"Notes cannot be saved: {why}.", severity="warning", markup=False)
            return
        view, start, end = target
        on = here[2]
        if on and view.selection() is None:
            annotation = self.reading.notes.newest(on).annotation
        else:
            annotation = Annotation(self.reading.brief_key, anchor_for(view.section, start, end))
            if (why := too_big(annotation)) is not None:  # a quote no note may hold: no editor typed in for nothing
                self.notify(f"No note here: {why}.", severity="warning", markup=False)
                return
        view.action_clear_selection()
        from tui.screens.note_editor import NoteEditor

        self.app.push_screen(NoteEditor(annotation, self.notes), self.note_saved)

    def note_saved(self, saved: Annotation | None) -> None:
        """The editor closed: keep the note saved (its place as before, or its anchor's for a new one)."""
        if saved is None:
            return
        self.reading.notes.saved(saved)
        self.redraw_notes()
        if self.notes.restored_elsewhere(saved.id):
            self.notify("Note restored: it had been deleted elsewhere.", severity="warning", timeout=6)
        else:
            self.notify("Note saved.", timeout=2)

    def action_list_notes(self) -> None:
        """Every note in reading order, then the orphans; enter goes to one (or attaches an orphan here)."""
        from tui.screens.notes_list import NotesList

        reading = self.reading
        if self.notes.path is not None and not reading.notes.read:
            # Listed now, 100,000 notes still being read showed as "No notes yet".
            self.notify("The notes are still being read: A lists them once they are.", severity="warning")
            return
        listed = NotesList(
            reading.notes.placed,
            reading.note_order,
            reading.section_titles(),
            reading.notes.unreadable,
            notes=self.notes,
            held=reading.notes,  # a note deleted in the list is undone by the reader's `u` too
            changed=self.redraw_notes,
        )
        self.app.push_screen(listed, self.go_to_note)

    def go_to_note(self, placed: Placed | None) -> None:
        if placed is None:
            return
        if placed.found is None:
            self.offer_to_attach(placed)
            return
        section = self.loader.section_by_id(placed.found.section)
        view = self.view_showing(section) if section else None
        if section is None or view is None:
            return
        starts = [sentence.start for sentence in section.sentences]
        view.move_to(max(0, bisect_right(starts, placed.found.start) - 1))
        view.focus()

    def offer_to_attach(self, placed: Placed) -> None:
        """An orphan: offer to attach it to the selection or the sentence under the cursor."""
        target = self.target()
        if target is None:
            return
        view, start, end = target
        anchor = anchor_for(view.section, start, end)
        where = "the selected text" if view.selection() is not None else "the sentence under the cursor"
        view.action_clear_selection()

        def answered(yes: bool | None) -> None:
            if yes:
                self.attach(placed, anchor)

        question = f"Attach this note to {where}?"
        from tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question, f"It quoted: {placed.annotation.anchor.quote}"), answered)

    def attach(self, placed: Placed, anchor: Anchor) -> None:
        def save() -> Placed:
            # Based on the note as listed: an edit made elsewhere since is not written over unseen.
            saved = self.notes.save(replace(placed.annotation, anchor=anchor), based_on=placed.annotation.updated)
            return Placed(saved, Found(anchor.section, anchor.start, anchor.end, How.EXACT))

        def failed(error: StoreError) -> None:
            if not isinstance(error, ChangedElsewhere):
                self.store_failed(error)
                return
            said = "Not attached: the note was changed elsewhere since it was listed; it is shown as it is now."
            if isinstance(error, ChangedThenDeleted):
                said = "Not attached: the note was changed and then deleted elsewhere since it was listed."
            self.notify(said, severity="warning", markup=False)
            if self.brief is not None:
                self.load_notes(self.brief)

        in_store(self, save, lambda new: self.reattached(placed, new), failed, group="notes")

    def reattached(self, old: Placed, new: Placed) -> None:
        self.reading.notes.reattached(old, new)
        self.redraw_notes()
        if self.notes.restored_elsewhere(new.annotation.id):
            self.notify("Note attached here and restored: it had been deleted elsewhere.", severity="warning")
        else:
            self.notify("Note attached here.", timeout=2)

    def action_delete_note(self) -> None:
        """Delete the newest note on the sentence under the cursor; `u` brings it back."""
        here = self.notes_here()
        if here is None or not here[2]:
            self.notify("No highlight here.", severity="warning")
            return
        newest = self.reading.notes.take_newest(here[2])
        self.redraw_notes()
        self.delete_note(newest)

    def delete_note(self, placed: Placed) -> None:
        def failed(error: StoreError) -> None:
            self.reading.notes.not_deleted(placed)
            self.redraw_notes()
            self.notify(f"Not deleted: {error}", severity="error", markup=False)

        call = partial(self.notes.delete, placed.annotation.id)
        in_store(self, call, lambda _: self.deleted(placed), failed, group="notes")

    def deleted(self, placed: Placed) -> None:
        self.reading.notes.deleted(placed)
        written = placed.annotation.note
        if written:  # a note, not only a highlight: said with its start, and given time to be read
            start, more = excerpt(written, 50)
            said = f"Note deleted (“{' '.join(start.split())}{'…' if more else ''}”): u brings it back."
            self.notify(said, severity="warning", timeout=8)
        else:
            self.notify("Highlight deleted: u brings it back.", timeout=3)

    def action_undo_delete(self) -> None:
        annotation_id = self.reading.notes.next_undo()
        if annotation_id is None:
            self.notify("Nothing to undo.", severity="warning")
            return
        self.restore_note(annotation_id)

    def restore_note(self, annotation_id: str) -> None:
        def restore() -> Placed:
            annotation = self.notes.restore(annotation_id)
            sections = self.brief.all_sections if self.brief else ()
            return Placed(annotation, reanchor(annotation.anchor, sections))

        def failed(error: StoreError) -> None:
            if not isinstance(error, NotRestored):
                self.store_failed(error)
                return
            # Another instance had a later word: said, and the notes read again.
            self.notify(f"Not undone: {error}.", severity="warning", markup=False)
            if self.brief is not None:
                self.load_notes(self.brief)

        in_store(self, restore, self.added, failed, group="notes")

    def action_export(self) -> None:
        """Export this brief's notes to a file the user confirms (markdown, or JSON for a .json name)."""
        if self.brief is None:
            self.notify("The brief is still loading: export once it is loaded.", severity="warning")
            return
        from tui.core.export.compose import default_name
        from tui.paths import export_dir
        from tui.screens.export_prompt import ExportPrompt

        default = export_dir() / default_name(self.brief)
        self.app.push_screen(ExportPrompt(self.brief, self.notes, default), self.exported)

    def exported(self, said: str | None) -> None:
        if said:
            self.notify(said, timeout=6, markup=False)

    def show_notes_here(self) -> None:
        """Show the notes on the sentence under the cursor below the text (hidden when it has none)."""
        here = self.notes_here()
        written = self.reading.notes.written(here[2] if here else [])
        panel = self.query_one("#note-panel", Static)
        if not written:
            panel.display = False
            return
        parts: list[str | Content | tuple[str, str]] = []
        for note in written:
            if parts:
                parts.append("\n")
            # At most NOTE_SHOWN characters of a note, cut first: a 30 MB note froze the reader for 26 s.
            tags, more_tags = excerpt(" ".join(f"#{tag}" for tag in note.tags), TAGS_SHOWN)
            parts += [("Note", "bold $foreground"), " · ", (note.colour, "italic")]
            if tags:
                parts.append(f"  {tags}")
            if more_tags:
                parts.append((more_characters(more_tags), "italic $text-muted"))
            shown, more = excerpt(note.note)
            parts += ["\n", Content(shown)]
            if more:
                parts.append((more_characters(more), "italic $text-muted"))
        panel.update(Content.assemble(*parts))
        panel.display = True
