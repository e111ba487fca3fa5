"""The reader kept in step with its file: a look a second in a thread, a new version read between keys."""

from __future__ import annotations

import asyncio
import gc
import weakref
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual import work
from textual.app import App
from textual.notifications import Notification, Notify, SeverityLevel
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from tui.core.brief.loader import BriefLoader
from tui.core.brief.model import Brief
from tui.core.changes.compare import Changes, compare
from tui.core.changes.fingerprint import fingerprint_of
from tui.core.changes.report import updated_line
from tui.core.display.excerpt import shortened
from tui.core.notes.access import Loaded
from tui.core.outside.files import text_of
from tui.core.outside.problems import BriefError, Problem, Severity
from tui.core.outside.visible import one_line, shown_name
from tui.core.reading.carried import Carried, carried_column, note_places, placed
from tui.core.reading.last_write import LastWriteWins
from tui.core.reading.since import Looked
from tui.core.reading.state import State
from tui.core.reading.watch import Found, Look, Watch
from tui.screens.reader_changes import ChangesScreen
from tui.screens.slices import sliced
from tui.widgets.search_bar import SearchBar
from tui.widgets.section_view import SectionView
from tui.widgets.textual_private import withdraw

THAWS = 10  # ticks after a reload at which the reader replaced is let go of, at most (while it lives)
WATCH_EVERY = 1.0  # seconds between two looks at the file: a change is on screen within about a second
READ_SLICE = 0.001  # seconds of parsing a new version at a time, between keys (as the reader loads)
MESSAGE_CHARACTERS = 160  # of an error's message in a notice
NAMED_ERRORS = 2  # errors of a new version named in its notice; the rest are counted


@dataclass(frozen=True, slots=True)
class Reloaded:
    """A new version read whole and found sound, waiting for the reader to be on top to replace it."""

    loader: BriefLoader
    look: Look
    old: Brief
    changes: Changes  # from the version shown to this one


def row_of(view: SectionView) -> int:
    """The row of `view` its cursor's sentence starts on (0 at the top)."""
    sentence = view.current
    return view.line_of(sentence.start) - round(view.scroll_offset.y) if sentence is not None and view.lines else 0


def _kept_nowhere(_state: State) -> None:
    """The writer of a replaced reader's position: its successor's is the one kept."""


class LiveScreen(ChangesScreen):
    """Watches the brief's file; a new sound version replaces this reader by one on it, where it was.

    A look (a stat) runs in a thread once a second, so a hung disk never holds the event loop,
    and none while the app is suspended (an editor running in the terminal).
    """

    position_writes: LastWriteWins  # the reader's (see `ReaderScreen`): stood down once replaced

    file_watch: Watch | None = None
    carried: Carried | None = None  # what the reader this one replaced carried over, if any
    looking = False  # a look is under way (never two at once)
    forced = False  # a look that reads the file whatever its stamp is due (`reload_from_disk`)
    suspended = False
    pending: Reloaded | None = None  # a sound new version, until this reader is on top again
    said_bad: bytes | None = None  # the digest of the last version with errors said (said once a version)
    said_reload = False
    thaws_left = 0  # ticks at which the readers replaced are still to be let go of (see `tick`)
    replaced_reader: weakref.ref[LiveScreen] | None = None  # the reader this one replaced, while it lives
    standing: Notification | None = None  # "gone" or "has errors", taken down once no longer true

    # Carried over from the reader before

    def carry(self, carried: Carried, look: Look) -> None:
        """Before it is shown: take the state of the reader this one replaces, and its file's `look`."""
        self.carried = carried
        self.file_watch = Watch(self.loader.path, look.stamp, look.digest)
        # Its place is carried, not read from the store (and saved once the columns are put back).
        self.reading.position.restored = True
        self.reading.focus_mode = carried.focus_mode
        self.reading.sidebar_wanted = carried.sidebar_wanted
        self.reading.search.query_text = carried.search
        self.lens_on = carried.lens_on
        self.note_hints = dict(carried.note_places)
        if carried.baseline is not None:
            self.take_baseline(carried.baseline)
        # Loaded as a brief opened is (claims, lens, search, notes), but from a whole loader: no parse again.
        self.reading.brief = None

    def on_mount(self) -> None:
        if self.carried is not None:
            self.query_one("#brief-progress", Static).display = False  # the brief is whole: nothing to say
            self.put_back(self.carried)
        if self.file_watch is None:
            # The version shown is the bytes the loader read, if known: a change since then is one to read.
            self.file_watch = Watch(self.loader.path, digest=self.loader.digest)
            self.forced = True  # the first look reads the file: the version shown, to tell others from
        self.app.app_suspend_signal.subscribe(self, self.app_suspended)
        self.app.app_resume_signal.subscribe(self, self.app_resumed)
        self.set_interval(WATCH_EVERY, self.tick, name="watch the brief's file")
        self.tick()

    def on_unmount(self) -> None:
        # A signal holds its subscribers until it is next published: a replaced reader was kept alive.
        self.app.app_suspend_signal.unsubscribe(self)
        self.app.app_resume_signal.unsubscribe(self)

    def put_back(self, carried: Carried) -> None:
        """Each column on its section (or where its sentence went), the cursor on the same sentence."""
        brief = self.loader.brief
        if brief is None:
            return
        views = list(self.query(SectionView))
        for view, column in zip(views, carried.columns, strict=False):
            found = placed(column, brief.all_sections)
            if found is None:
                continue
            section, index = found
            if view.section is not section:
                self.show_in(view, section)
            view.move_to(index)
        focus = carried.focus if 0 <= carried.focus < len(views) else 0
        # No two columns on one section (two followed their sentences to the same): the focused one keeps it.
        self.distinct_columns([n for n in reversed(range(len(views))) if n != focus], shown_only=False)
        rows = {view: column.row for view, column in zip(views, carried.columns, strict=False)}
        self.call_after_refresh(self.keep_rows, rows)  # once laid out at the column's width
        self.fit_to_width(self.size.width)
        if carried.search:
            bar = self.query_one(SearchBar)
            field = bar.query_one(Input)
            with field.prevent(Input.Changed):  # searched once the brief is loaded, as a search typed meanwhile
                field.value = carried.search
            field.cursor_position = len(carried.search)  # typing goes on at its end
            bar.display = True
        if views:
            target = views[focus] if views[focus] in self.views else (self.first_view or views[0])
            target.focus()
            if carried.search and carried.typing:  # typing a search: the field keeps the keyboard
                field = self.query_one(SearchBar).query_one(Input)
                field.focus()
                # Once focused (which selects it all, to type over): the typing goes on at its end.
                self.call_after_refresh(lambda: setattr(field, "cursor_position", len(field.value)))
            # Saved as the place in this version once it rests (it may not have moved at all); said once the
            # focus is on it, or the sidebar and the note panel, following the focused column only, ignored it.
            self.call_after_refresh(lambda: self.post_message(SectionView.CursorMoved(target, target.current)))

    @staticmethod
    def keep_rows(rows: dict[SectionView, int]) -> None:
        """Scroll each column so that its cursor's sentence starts on the row it did: the text inserted
        or taken away above it moves what is above, not what is read."""
        for view, row in rows.items():
            sentence = view.current
            if sentence is not None and view.lines:
                view.scroll_to(y=max(0, view.line_of(sentence.start) - row), animate=False, immediate=True)

    def changes_found(self, looked: Looked) -> None:
        super().changes_found(looked)
        if self.carried is not None:
            # A reload says what changed in one line ("Brief updated: ..."), not two: the marks stay, D lists them.
            self.take_down_summary()

    def show_notes(self, loaded: Loaded, since: str) -> None:
        super().show_notes(loaded, since)
        self.say_reloaded()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Without a store there are no notes to wait for: said once the brief is loaded.
        loaded = event.worker.group == "load" and event.state is WorkerState.SUCCESS
        if loaded and self.notes.path is None:
            self.say_reloaded()

    def say_reloaded(self) -> None:
        """Once the notes are placed in the new version: what changed, and the notes that lost their place."""
        carried = self.carried
        if carried is None or self.said_reload:
            return
        self.said_reload = True
        self.thaws_left = THAWS
        # The notes under the cursor, once the focus has settled on the column put back (the panel was
        # drawn for the first column, focused while mounting, and went away: a trial saw it).
        self.call_after_refresh(self.show_notes_here)
        orphans = self.reading.notes.orphans
        # Taken down if a newer version replaces this one first: one line at a time, however often it changes.
        self.put_up(carried.say(max(0, orphans - carried.orphans)), "information", timeout=8)

    # Looking at the file

    def app_suspended(self, _app: App[object]) -> None:
        self.suspended = True

    def app_resumed(self, _app: App[object]) -> None:
        self.suspended = False

    def reload_from_disk(self) -> None:
        """Look at the file now, whatever its stamp says (an editor has just exited), and reload if it changed."""
        self.forced = True
        self.tick()

    def tick(self) -> None:
        """Look at the file, unless a look is under way or nothing should run (suspended, loading, replaced)."""
        if self.thaws_left > 0:
            # The readers this one replaced were frozen while they loaded (see `ReaderScreen.load`): their
            # widgets, in cycles, were never collected, a whole brief kept per reload. A tick after the new one
            # is whole: thawed, collected, refrozen; again at the next ticks while the one replaced lives (its
            # workers may still hold it: frozen again then, it was kept for good, once in CI).
            self.thaws_left -= 1
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            replaced = self.replaced_reader() if self.replaced_reader is not None else None
            if replaced is None or not self.is_attached:
                self.thaws_left = 0
        if self.suspended or self.looking or self.file_watch is None or not self.is_attached:
            return
        if self.brief is None and not (self.forced and self.carried is None and self.file_watch.digest is None):
            return  # loading: a change is looked for once the version shown is whole (the first look aside)
        forced, self.forced = self.forced, False
        self.looking = True
        self.look_at_file(self.file_watch, forced)

    @work(thread=True, exclusive=True, group="watch", name="watch", exit_on_error=False, description="look at the file")
    def look_at_file(self, watch: Watch, forced: bool) -> None:
        """Stat the brief's file (in a thread: a stat may hang on a network disk) and read it if it changed."""
        try:
            look = watch.look(force=forced)
        finally:
            self.app.call_from_thread(self.looked_done)
        self.app.call_from_thread(self.looked, look)

    def looked_done(self) -> None:
        self.looking = False

    def looked(self, look: Look) -> None:
        """What a look found: said, or a new version read."""
        if self.brief is None:
            return  # the first look: the version shown is known now
        name = self.file_name
        if look.found is Found.NOTHING and look.digest is not None and self.said_bad is not None:
            # Put back as it is shown (a bad version undone): said, and the next bad version is said again.
            self.said_bad = None
            self.take_down()
            self.notify(f"{name} is as shown again.", timeout=4, markup=False)
            return
        if look.found is not Found.NOTHING:
            self.take_down()
        if look.found is Found.GONE:
            said = f"{name} is no longer there (deleted or moved): the brief stays open as it was, "
            said += "and reloads if the file comes back."
            self.put_up(said, "warning")
        elif look.found is Found.BACK and look.same:
            self.notify(f"{name} is back, unchanged.", timeout=4, markup=False)
        elif look.problem is not None:
            self.refuse(look, look.problem.problem)
        elif look.found in (Found.CHANGED, Found.BACK):
            self.read_version(look)

    @property
    def file_name(self) -> str:
        return shown_name(Path(self.loader.path).name)

    def refuse(self, look: Look, *problems: Problem) -> None:
        """A version with errors (or that cannot be read): the one shown stays, said once a version.

        The first two errors in the file are named, the rest counted: one is often the other's
        consequence ("no 'title'" on line 1, for a list left open on line 3).
        """
        if look.digest == self.said_bad:
            return
        self.said_bad = look.digest
        first = sorted(problems, key=lambda problem: (problem.line, problem.column))
        named = [
            f"line {problem.line}: {shortened(one_line(problem.message), MESSAGE_CHARACTERS)}"
            for problem in first[:NAMED_ERRORS]
        ]
        more = f" and {len(first) - NAMED_ERRORS:,} more" if len(first) > NAMED_ERRORS else ""
        said = f"{self.file_name}: {'; '.join(named)}{more}; "
        said += "the last good version stays on screen until it is fixed (`briefing check` says all)"
        self.put_up(said, "error")

    def put_up(self, said: str, severity: SeverityLevel, timeout: float = 12) -> None:
        """A notice that stays a while, unless what it says stops being true first (`take_down`)."""
        self.take_down()
        self.standing = Notification(said, severity=severity, timeout=timeout, markup=False)
        self.app.post_message(Notify(self.standing))

    def take_down(self) -> None:
        if self.standing is not None:
            # Once the app has it: its message may still be queued.
            self.app.call_later(withdraw, self.app, self.standing)
            self.standing = None

    @work(exclusive=True, group="reload", exit_on_error=False, description="read the new version of the brief")
    async def read_version(self, look: Look) -> None:
        """Parse the new version between keys, as a brief loads; keep it if it is sound."""
        old, data = self.brief, look.data
        if old is None or data is None:
            return
        path = self.loader.path
        try:
            # Decoding and the first outline in a thread; the parse a slice at a time (see `ReaderScreen.load`).
            loader = await asyncio.to_thread(lambda: BriefLoader(text_of(data, path), path))
        except BriefError as exc:
            self.refuse(look, exc.problem)
            return
        async for _ in sliced(loader.steps(), READ_SLICE):
            pass
        gc.freeze()  # what was parsed stays: the collector need not scan it again and again
        new = loader.brief
        errors = [problem for problem in loader.problems if problem.severity is Severity.ERROR]
        # With errors, the last version without them stays; a brief opened with errors has none to keep.
        if errors and not any(problem.severity is Severity.ERROR for problem in self.loader.problems):
            self.refuse(look, *errors)
            return
        assert new is not None
        # Compared in a thread, as the changes since last read are (5 MB: 0.6 s).
        changes = await asyncio.to_thread(lambda: compare(fingerprint_of(old), new))
        self.pending = Reloaded(loader, look, old, changes)
        self.replace_when_shown()

    def on_screen_resume(self) -> None:
        self.replace_when_shown()  # a new version read while a dialog was on top

    def replace_when_shown(self) -> None:
        """Replace this reader by one on the new version, now if it is on top, else when it is again."""
        reloaded = self.pending
        if reloaded is None or self.app.screen is not self:
            return
        self.pending = None
        self.take_down()  # a version with errors said before, fixed now
        new = type(self)(reloaded.loader, self.notes)
        new.replaced_reader = weakref.ref(self)
        new.carry(self.carried_over(reloaded), reloaded.look)
        # Replaced, not left: its position is not saved over the new one's, which saves its own; nor the version
        # read (the changes since last read), which the new one carries on.
        self.position_writes.write = _kept_nowhere
        self.leaving_for_reload = True
        self.take_down_summary()  # "Changed since you last read…" of this version: the new one says its own
        self.reading.position.take_unsaved()
        for screen in self.app.screen_stack:  # the library waits for its reader to be gone: the new one now
            if getattr(screen, "reader", None) is self:
                screen.reader = new  # type: ignore[attr-defined]
        self.app.switch_screen(new)

    def carried_over(self, reloaded: Reloaded) -> Carried:
        """What the new reader takes of this one: columns, cursors (anchored), modes, search, what to say."""
        views = list(self.query(SectionView))
        order: dict[str, int] = {}
        for number, section in enumerate(reloaded.old.all_sections):
            order.setdefault(section.id, number)
        columns = tuple(
            carried_column(view.section, order.get(view.section.id, 0), view.current, row_of(view)) for view in views
        )
        focused = self.focused_view() or self.last_view
        return Carried(
            columns=columns,
            focus=views.index(focused) if focused in views else 0,
            lens_on=self.lens_on,
            focus_mode=self.reading.focus_mode,
            sidebar_wanted=self.reading.sidebar_wanted,
            search=self.reading.search.query_text,
            typing=isinstance(self.focused, Input),
            orphans=self.reading.notes.orphans,
            say=partial(updated_line, reloaded.changes),
            baseline=self.baseline_to_carry(),
            note_places=note_places(self.reading.notes.placed, reloaded.old.all_sections),
        )
