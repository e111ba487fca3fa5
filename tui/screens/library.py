"""The library: every brief in two lines (title, date, file, tags, claims, notes, last section), in the order
chosen with `o`; a brief with errors is marked and opens."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.library import (
    READ_BUDGET,
    Entry,
    Known,
    entry,
    expand,
    known_notes,
    read_each,
    same_id_notice,
    sharing_with,
    with_own_copies,
    with_sharing,
)
from tui.core.library_rows import in_order, known_sort, next_sort, row_of
from tui.core.notes.access import Notes
from tui.core.notes.annotation import brief_key
from tui.core.outside.problems import BriefError
from tui.core.outside.settings import SettingsUnreadable, update_settings
from tui.paths import bundled_briefs_dir, user_briefs_dir
from tui.screens.reader import ReaderScreen
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tui.screens.notes_browser import Chosen

SHOW_EVERY = 0.1  # seconds between two refills of the list while briefs are read
# Seconds between two looks at the library's files (and on coming back from the reader): a file
# changed, added or removed is read again. A look walks the folders and stats every file in a
# thread: 5,000 briefs took 53-67 ms of one core here (about 3% of a core every 2 s), nothing on
# the event loop; the notes store's two files are stat'ed too, so a note saved counts at once.
WATCH_EVERY = 2.0
LEFT_POLL = 0.02  # seconds between two looks for the reader gone, at most LEFT_POLLS times (then it asks anyway)
LEFT_POLLS = 100
SORT_SETTING = "library-sort"  # the settings file's key for the order the library lists briefs in

Stamps = dict[Path, tuple[int, int]]  # a file's (modification time in ns, size), by path


def stamps_of(paths: Iterable[Path]) -> Stamps:
    """What a look at the files finds: each one's modification time and size (a file gone is left out)."""
    found: Stamps = {}
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def entry_prompt(entry: Entry, folders: Sequence[Path] = ()) -> Content:
    """Two lines per brief (a third for a brief's first error); file text only ever as plain Content,
    bounded and pictured (see `row_of`). Its path is shown relative to the library folder in
    `folders` it was found in (or with ~), never the machine's whole path."""
    row = row_of(entry, folders)
    title = Content.styled(row.title, "bold")
    if row.errors and not entry.reading:
        title = Content.assemble(title, "  ", (f" {row.errors} ", "bold $text on $error"))
    if row.date:
        title = Content.assemble(title, "   ", (row.date, "$text-muted"))
    where = Content.styled(row.where, "$text-muted italic")
    if entry.reading:
        second = Content.assemble(where, " · ", ("still being read…", "italic $text-warning"))
    elif entry.refused:
        second = Content.assemble(where, " · ", ("cannot be read: ", "bold $error"), Content(entry.error))
    else:
        second = Content.assemble(where, *(part for fact in row.facts for part in (" · ", (fact, "$text-muted"))))
        if entry.shared_with:  # two files, one id: one set of notes, which the user must know
            second = Content.assemble(second, " · ", (same_id_notice(entry.shared_with), "$text-warning"))
        if entry.errors:  # it opens with what can be shown; its first error says what is wrong
            second = Content.assemble(second, "\n", ("first error:", "bold $text on $error"), " ", Content(entry.error))
    return Content.assemble(title, "\n", second)


class Inbox:
    """What a scan's thread has read, taken by the screen at its own pace: each entry crosses once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[tuple[int, Entry]] = []
        self._done = False
        self._error = ""
        self.stamps: Stamps = {}  # the files as the scan found them, set before `finish`

    def put(self, item: tuple[int, Entry]) -> None:
        with self._lock:
            self._items.append(item)

    def finish(self, error: str = "") -> None:
        """Every brief is read (or, with `error`, the scan stopped early and says why)."""
        with self._lock:
            self._done, self._error = True, error

    def take(self) -> tuple[list[tuple[int, Entry]], bool, str]:
        """The entries put since the last take, whether the scan is over, and why it stopped early."""
        with self._lock:
            items, self._items = self._items, []
            return items, self._done, self._error


class LibraryScreen(Screen[None]):
    """Choose a brief to read."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="library.open", show=True),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("r", "rescan", "Rescan", id="library.rescan"),
        Binding("g", "guides", "Guides", id="library.guides"),
        Binding("o", "sort", "Sort", id="library.sort"),
        Binding("F", "find_notes", "Search every note", id="library.notes"),
        Binding("j", "cursor(1)", "Next brief", show=False, id="library.next"),
        Binding("k", "cursor(-1)", "Previous brief", show=False, id="library.previous"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.filter.clear"),
    ]

    def __init__(
        self,
        paths: list[Path],
        notes: Notes | None = None,
        *,
        read: Callable[[Path], Entry] = entry,
        budget: float = READ_BUDGET,
    ) -> None:
        """List the briefs in `paths`, each read with `read` and waited for `budget` seconds at most."""
        super().__init__()
        self.paths = paths
        self.notes = notes or Notes(None)
        self.read_entry = read
        self.budget = budget
        self.generation = 0  # counts the scans: what an older scan's thread still posts is dropped
        self.scanned = False  # whether every brief has been read (the slow ones too) and its notes counted
        self.read_all = False  # whether every brief has been read
        self.known = Known()  # what the notes store said of the briefs (once per scan)
        self.known_asked = False  # whether the store has answered this scan
        self.notice = ""  # the last reason the notes could not be read, said once
        self.fresh = True  # the next batch starts a new list (a rescan keeps the old one until then)
        self.reading = 0  # how many entries are still being read
        self.position: dict[int, int] = {}  # a brief's index in the scan -> its place in `entries`
        self.option_of: dict[int, int] = {}  # a place in `entries` -> its option, when the filter shows it
        self.inbox = Inbox()  # what the current scan has read and the list does not show yet
        self.taker: Timer | None = None  # takes from the inbox while a scan runs
        self.entries: list[Entry] = []
        self.shown: list[Entry] = []  # the entries the filter lets through, as listed
        self.keep: Path | None = None  # the brief highlighted when a rescan began: highlighted again once listed
        self.stamps: Stamps = {}  # the files as the last scan (or look) found them
        self.store_stamps: Stamps = {}  # the notes store's files, as the last count of the notes found them
        self.watcher: Timer | None = None  # looks at the files every WATCH_EVERY seconds
        self.reader: Screen[None] | None = None  # the reader opened from here, until it is gone
        self.sort = "file"  # the order listed (see `library_rows.SORTS`), kept in the settings file
        # A bundled brief the user has a copy of (made by the reader's E) is listed as the copy alone.
        self.own_copies = (bundled_briefs_dir(), user_briefs_dir())
        self.folders = self.folders_now()  # the folders listed (see `folders_now`), as the last scan found them

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Library", "bold $foreground"), id="library-title")
        yield Input(placeholder="filter by title, source or tag", id="library-filter")
        yield OptionList(id="library-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#library-filter", Input).display = False
        self.query_one("#library-list", OptionList).focus()
        # The order chosen last time, from the settings the app read at its start (not read again here).
        saved: object = getattr(self.app, "saved_values", {})
        self.sort = known_sort(saved.get(SORT_SETTING, "") if isinstance(saved, dict) else "")
        self.rescan()
        self.watcher = self.set_interval(WATCH_EVERY, self.look)

    def on_screen_resume(self) -> None:
        """Back from the reader: count the notes again and look at the files (one may have changed)."""
        self.when_left(LEFT_POLLS)

    def when_left(self, polls: int) -> None:
        """Once the reader is gone, count the notes again and look at the files.

        The reader saves where it was as it is unmounted, which comes after this screen
        resumes: asked at once, the store did not know the new place yet.
        """
        reader, self.reader = self.reader, None
        if reader is not None and reader.is_attached and polls > 0:
            self.reader = reader
            self.set_timer(LEFT_POLL, partial(self.when_left, polls - 1))
            return
        if self.generation and self.scanned:
            self.ask_notes(self.generation)
            self.look()

    def look(self) -> None:
        """Look at the files (in a thread) when the list is whole and shown; see `look_at_files`."""
        if self.scanned and self.is_current:
            self.look_at_files(self.generation, dict(self.stamps), dict(self.store_stamps))

    def store_files(self) -> list[Path]:
        """The notes store's files: a note or a reading place saved changes one of them (WAL)."""
        store = self.notes.path
        return [] if store is None else [store, store.with_name(store.name + "-wal")]

    class FilesChanged(Message):
        """From a look at the files: those changed since the last look, and whether any came or went."""

        def __init__(self, generation: int, stamps: Stamps, changed: list[Path], listed: bool, store: Stamps) -> None:
            super().__init__()
            self.generation = generation
            self.stamps = stamps
            self.changed = changed
            self.listed = listed  # False: a file came or went, so the folder is scanned again
            self.store = store  # the notes store's files, as found

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False, description="look at the files")
    def look_at_files(self, generation: int, before: Stamps, store_before: Stamps) -> None:
        """Stat every file of the library and the notes store; say what changed (nothing when nothing did)."""
        now, store = stamps_of(expand(self.folders_now())), stamps_of(self.store_files())
        if now == before and store == store_before:
            return
        changed = [path for path, stamp in now.items() if before.get(path, stamp) != stamp]
        listed = now.keys() == before.keys()
        self.post_message(self.FilesChanged(generation, now, changed, listed, store))

    @on(FilesChanged)
    def files_changed(self, message: FilesChanged) -> None:
        """A file came or went: scan again; else read again only the files changed, in place; the
        notes store changed (a note made elsewhere, a reading place saved late): count again."""
        if message.generation != self.generation or not self.scanned:
            return
        if message.store != self.store_stamps:
            self.store_stamps = message.store
            self.ask_notes(self.generation)
        if not message.listed:
            self.rescan()
            return
        self.stamps = message.stamps
        index_of = {self.entries[place].path: index for index, place in self.position.items()}
        again = [(index_of[path], path) for path in message.changed if path in index_of]
        if again:
            self.read_again(self.inbox, again)

    @work(thread=True, group="reread", exit_on_error=False, description="read changed briefs again")
    def read_again(self, inbox: Inbox, again: list[tuple[int, Path]]) -> None:
        """Read these briefs again into the scan's inbox, each at its place in the scan."""
        indices = [index for index, _ in again]
        for number, found in read_each([path for _, path in again], budget=self.budget, read=self.read_entry):
            inbox.put((indices[number], found))
        self.post_message(self.ReadAgain(inbox))

    class ReadAgain(Message):
        """From `read_again`: the briefs changed are read again, into `inbox`."""

        def __init__(self, inbox: Inbox) -> None:
            super().__init__()
            self.inbox = inbox

    @on(ReadAgain)
    def read_again_done(self, message: ReadAgain) -> None:
        if message.inbox is self.inbox:  # not of a scan since replaced
            self.take_read()

    class NotesKnown(Message):
        """From the notes thread: what the store says of every brief (asked once per scan)."""

        def __init__(self, generation: int, known: Known, store: Stamps) -> None:
            super().__init__()
            self.generation = generation
            self.known = known
            self.store = store  # the store's files as they were when asked

    def rescan(self) -> None:
        """Read every brief and the notes store off the event loop; the list fills in as briefs are read."""
        self.generation += 1
        self.scanned = self.read_all = self.known_asked = False
        options = self.query_one("#library-list", OptionList)
        if options.highlighted is not None and options.highlighted < len(self.shown):
            self.keep = self.shown[options.highlighted].path  # `r` keeps it highlighted, once read again
        self.fresh = True
        self.folders = self.folders_now()
        self.inbox = Inbox()
        self.scan(self.inbox)
        self.ask_notes(self.generation)
        if self.taker is None:
            self.taker = self.set_interval(SHOW_EVERY, self.take_read)
        else:
            self.taker.resume()

    def folders_now(self) -> list[Path]:
        """The folders given, and beside the bundled briefs the user's briefs folder once it exists: the
        reader's E makes it to edit a bundled brief's copy, which is then listed in the bundled one's place."""
        bundled, own = self.own_copies
        if bundled in self.paths and own not in self.paths and own.is_dir():
            return [*self.paths, own]
        return self.paths

    @work(thread=True, exclusive=True, group="scan", exit_on_error=False, description="scan the library")
    def scan(self, inbox: Inbox) -> None:
        """Put each entry in `inbox` once, as it is read: posting the whole list for each brief
        made a large folder quadratic (5,000 briefs were never all listed)."""
        worker = get_current_worker()
        try:
            paths = list(expand(self.folders))
            # Before the briefs are read: a change made while they are read is found by the next look.
            inbox.stamps = stamps_of(paths)
            cancelled = lambda: worker.is_cancelled  # noqa: E731
            for item in read_each(paths, budget=self.budget, read=self.read_entry, cancelled=cancelled):
                inbox.put(item)
        except Exception as exc:  # a bug must not leave the library empty: what was read is listed, with why
            inbox.finish(f"{type(exc).__name__}: {exc}")
            return
        inbox.finish()

    @work(thread=True, exclusive=True, group="notes", exit_on_error=False, description="count the notes")
    def ask_notes(self, generation: int) -> None:
        """Ask the store once, beside the scan: a locked store waits out its busy timeout once, not per brief."""
        stamps = stamps_of(self.store_files())  # before asking: a change made meanwhile is found by the next look
        self.post_message(self.NotesKnown(generation, known_notes(self.notes), stamps))

    def take_read(self) -> None:
        """Every SHOW_EVERY seconds: add the entries read since, and update the ones read again (a slow brief, done)."""
        batch, done, error = self.inbox.take()
        if not batch and not done:
            return
        if done and self.taker is not None:
            self.taker.pause()
        if self.fresh:
            self.fresh = False
            self.entries, self.position, self.reading = [], {}, 0
            self.refill()
        query = self.query_one("#library-filter", Input).value
        options = self.query_one("#library-list", OptionList)
        added: list[int] = []
        changed: list[int] = []
        rebuild = False
        for index, found in batch:
            item = self.known.apply(found)
            self.reading += item.reading
            place = self.position.get(index)
            if place is None:  # new: read_each yields each brief first in the scan's order
                self.position[index] = place = len(self.entries)
                self.entries.append(item)
                if item.matches(query) and not item.superseded:
                    added.append(place)
                continue
            old, self.entries[place] = self.entries[place], item
            self.reading -= old.reading
            if self.sort != "file" and (old.title, old.date) != (item.title, item.date):
                rebuild = True  # it may move in the order listed
            elif place in self.option_of and item.matches(query):
                changed.append(place)
            elif old.matches(query) != item.matches(query):
                rebuild = True  # it comes in or goes out of the filter: rare, so the list is refilled
        if done:  # every brief read: mark those sharing an id (once a scan, linear)
            marked = with_sharing(with_own_copies(self.entries, *self.own_copies))
            if any(new is not old for new, old in zip(marked, self.entries, strict=True)):
                self.entries, rebuild = marked, True
        if done and not self.read_all:
            self.stamps = self.inbox.stamps
            # Listed as read while the scan ran; in the order chosen once all are.
            rebuild = rebuild or self.sort != "file"
        self.read_all = done
        self.scanned = self.read_all and self.known_asked
        if error:
            self.notify(f"The library could not be read to the end: {error}", severity="error", markup=False)
        if rebuild:
            self.refill()
            return
        for place in changed:
            self.shown[self.option_of[place]] = item = self.entries[place]
            options.replace_option_prompt_at_index(self.option_of[place], entry_prompt(item, self.folders))
        self.show_more(added)
        self.show_count()

    @on(NotesKnown)
    def notes_known(self, message: NotesKnown) -> None:
        """Count each brief's notes (the list refilled once, if any has some); say once why they cannot be read."""
        if message.generation != self.generation:
            return
        self.known, self.known_asked = message.known, True
        self.store_stamps = message.store
        self.scanned = self.read_all
        if message.known.error and message.known.error != self.notice:
            self.notify(f"Notes could not be read: {message.known.error}", severity="warning", markup=False)
        self.notice = message.known.error
        # Notes and places are not what the filter looks at: each changed entry is replaced in place.
        options = self.query_one("#library-list", OptionList)
        moved = False
        for place, item in enumerate(self.entries):
            counted = self.known.apply(item)
            if counted is item:
                continue
            self.entries[place] = counted
            moved = moved or counted.read != item.read
            if (option := self.option_of.get(place)) is not None:
                self.shown[option] = counted
                options.replace_option_prompt_at_index(option, entry_prompt(counted, self.folders))
        if moved and self.sort == "last read":
            self.refill()

    def show_entries(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.position = {index: index for index in range(len(entries))}
        self.reading = sum(item.reading for item in entries)
        self.refill()

    def show_more(self, places: list[int]) -> None:
        """Add options for these entries at the end of the list (no refill: it grew with the list)."""
        if not places:
            return
        options = self.query_one("#library-list", OptionList)
        for place in places:
            self.option_of[place] = len(self.shown)
            self.shown.append(self.entries[place])
        # A separator after each brief: two lines of one brief are not read as two briefs.
        options.add_options(
            [made for place in places for made in (Option(entry_prompt(self.entries[place], self.folders)), None)]
        )
        kept = next((self.option_of[place] for place in places if self.entries[place].path == self.keep), None)
        if kept is not None:
            options.highlighted, self.keep = kept, None
        elif options.highlighted is None:
            options.highlighted = 0

    def refill(self) -> None:
        """Fill the list again from every entry (the filter changed, or the notes were counted)."""
        query = self.query_one("#library-filter", Input).value
        options = self.query_one("#library-list", OptionList)
        # The highlight stays on the brief it was on.
        was = self.shown[options.highlighted].path if options.highlighted is not None and self.shown else None
        options.clear_options()
        self.shown, self.option_of = [], {}
        places = in_order(self.entries, self.sort)
        shown = (place for place in places if not self.entries[place].superseded)
        self.show_more([place for place in shown if self.entries[place].matches(query)])
        if self.shown:
            options.highlighted = next((n for n, e in enumerate(self.shown) if e.path == was), 0)
        self.show_count()

    def show_count(self) -> None:
        query = self.query_one("#library-filter", Input).value
        total = sum(not item.superseded for item in self.entries)
        count = f"{len(self.shown)} of {total}" if query else str(total)
        still = f" ({self.reading} still being read)" if self.reading else ""
        title = f"Library: {count} brief{'s' * (total != 1)}{still}, sorted by {self.sort} (o: another order)"
        self.query_one("#library-title", Static).update(Content.styled(title, "bold $foreground"))

    def action_rescan(self) -> None:
        self.rescan()
        self.notify("Rescanning the library...", timeout=1.5)

    def action_sort(self) -> None:
        """List the briefs in the next order (file, title, date, last read); the one highlighted stays so."""
        self.sort = next_sort(self.sort)
        self.refill()
        if (settings := self.settings_file()) is not None:
            self.save_sort(settings, self.sort)

    def settings_file(self) -> Path | None:
        """The settings file the app keeps the theme in, if it keeps one (the sort is kept beside it)."""
        path = getattr(self.app, "settings_path", None)
        return path if isinstance(path, Path) else None

    @work(thread=True, exclusive=True, group="library-sort", exit_on_error=False, description="save the sort")
    def save_sort(self, settings: Path, sort: str) -> None:
        try:
            update_settings(settings, {SORT_SETTING: sort}, journal=self.notes.journal)
        except SettingsUnreadable as exc:
            said = f"The order is not kept for the next start: {exc}; the file is left as it is."
            self.app.call_from_thread(self.notify, said, severity="warning", markup=False)
        except OSError as exc:
            said = f"The order is not kept for the next start: {exc}"
            self.app.call_from_thread(self.notify, said, severity="warning", markup=False)

    def action_filter(self) -> None:
        field = self.query_one("#library-filter", Input)
        field.display = True
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#library-filter", Input)
        field.value = ""
        field.display = False
        self.query_one("#library-list", OptionList).focus()

    def action_cursor(self, step: int) -> None:
        options = self.query_one("#library-list", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = min(max(current + step, 0), options.option_count - 1)

    @on(Input.Changed, "#library-filter")
    def filter_changed(self) -> None:
        self.refill()

    @on(Input.Submitted, "#library-filter")
    def filter_done(self) -> None:
        self.query_one("#library-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#library-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        options = self.query_one("#library-list", OptionList)
        if options.highlighted is None or not self.shown:
            return
        chosen = self.shown[options.highlighted]
        if chosen.reading:
            self.notify(f"{chosen.title} is still being read: it can be opened once it is listed.", markup=False)
            return
        if chosen.refused:  # a brief with errors opens (the reader says what they are); this cannot be read at all
            self.notify(f"{chosen.title} cannot be read: {chosen.error}", severity="error", markup=False)
            return
        self.open_brief(chosen.path)

    def action_guides(self) -> None:
        self.list_guides()

    @work(thread=True, exclusive=True, group="guides", exit_on_error=False)
    def list_guides(self) -> None:
        """List the guides (read off the event loop); the one chosen opens in the reader like a brief."""
        from tui.guides import guides
        from tui.screens.guides import GuidesList

        found = guides()

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.open_brief(path)

        self.app.call_from_thread(self.app.push_screen, GuidesList(found), chosen)

    def library_entries(self) -> list[Entry]:
        """The briefs listed (the notes browser names and opens notes' briefs by them)."""
        return self.entries

    def library_read(self) -> bool:
        """Whether every brief has been read (the notes browser's `is:orphan` waits for it)."""
        return self.scanned

    def action_find_notes(self) -> None:
        """F: the notes browser, every note of every brief; enter opens a note's brief at it."""
        from tui.screens.notes_browser import NotesBrowser, library_briefs

        self.app.push_screen(NotesBrowser(self.notes, library_briefs(self.entries)), self.note_chosen)

    def note_chosen(self, chosen: Chosen | None) -> None:
        if chosen is not None:
            self.open_brief(chosen.path, chosen.note.id)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False, description="open a brief")
    def open_brief(self, path: Path, note_id: str = "") -> None:
        """Read the brief's outline off the event loop, then show it in the reader (which loads the rest),
        at the note `note_id` if one is given (the notes browser's)."""
        try:
            loader = open_brief(path)
        except BriefError as exc:
            self.app.call_from_thread(self.notify, exc.problem.message, severity="error", markup=False)
            return
        self.app.call_from_thread(self.read, loader, note_id)

    def read(self, loader: BriefLoader, note_id: str = "") -> None:
        """Show the brief in the reader (on the event loop: screens are made there), told of the
        briefs listed here that share its id (and so its notes)."""
        brief_id = loader.outline.metadata.id  # only an id is shared (a path key is not: no file resolved here)
        path = Path(loader.path)
        shared_with = sharing_with(self.entries, path, brief_key(brief_id, path)) if brief_id else ()
        self.reader = ReaderScreen(loader, self.notes, shared_with=shared_with, start_at_note=note_id)
        self.app.push_screen(self.reader)
