"""The reader: a brief's header and bottom line, its focus sections side by side, the claim sidebar."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

from tui.commands.brief import BriefCommands
from tui.core.anchoring import Found, How, anchor_for, reanchor
from tui.core.excerpt import TAGS_SHOWN, excerpt, more_characters
from tui.core.limits import too_big
from tui.core.links import BriefLink, Refused, brief_link, is_openable, links_in
from tui.core.loader import BriefLoader, open_brief
from tui.core.model import Brief, Section, Sentence
from tui.core.notes import Loaded, Notes, Placed
from tui.core.problems import BriefError
from tui.core.search import TYPING_LIMIT, Match, Search, find_in_section
from tui.core.store import (
    COLOURS,
    Anchor,
    Annotation,
    ChangedElsewhere,
    ChangedThenDeleted,
    NotRestored,
    StoreError,
    TooBig,
    brief_key,
    now,
)
from tui.widgets.claim_sidebar import ClaimSidebar, marker
from tui.widgets.search_bar import SearchBar
from tui.widgets.section_view import SectionView

# The modal screens (the note editor, the notes list, export, confirmations) are imported
# when first opened: with what they bring (TextArea, Select, the exporters) they would
# cost the first frame some 30 ms, and a reader may never open them.

MAX_COLUMNS = 3
WIDE = 150  # three columns and the sidebar from here on
NARROW = 100  # below this: one column, the sidebar only when asked for
SHORT = 32  # below this many rows the bottom line up front is cut to two lines
LOAD_SLICE = 0.001  # seconds of parsing at a time: a key passes through several tasks, each waits one
FREEZE_EVERY = 50  # slices between two gc.freeze() calls while loading
FOLLOW_DELAY = 0.06  # seconds the cursor rests before the sidebar follows it
STATE_DELAY = 1.0  # seconds the cursor rests before the reading state is saved


def columns_for(width: int) -> int:
    """How many section columns fit a terminal `width` cells wide."""
    if width >= WIDE:
        return 3
    return 2 if width >= NARROW else 1


def column_title(section: Section) -> Content:
    """A column's title, and while it shows only a section's first part, that the rest is loading."""
    if not section.partial:
        return Content(section.title)
    return Content.assemble(Content(section.title), ("  · loading the rest of this section…", "italic $text-warning"))


def section_markers(numbers: dict[str, int], section: Section) -> dict[int, str]:
    """Where the compact claim markers go in a section's text, and what they say (claims by number)."""
    found: dict[int, str] = {}
    for reference in section.references:
        if reference.claim_id in numbers:
            found[reference.offset] = found.get(reference.offset, "") + marker(numbers[reference.claim_id])
    return found


class ReaderScreen(Screen[None]):
    """Read one brief with the keyboard."""

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {*Screen.COMMANDS, BriefCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h,left", "column(-1)", "Previous column", id="column.previous"),
        Binding("l,right", "column(1)", "Next column", id="column.next"),
        *(
            Binding(str(n), f"show_section({n})", f"Show section {n}", show=False, id=f"section.show.{n}")
            for n in range(1, 10)
        ),
        # Priority: run before the keys typed after them are routed, so those reach the field
        # or list these open ("/nato" typed or pasted at once must not run n in the text).
        Binding("slash", "search", "Search", id="search.open", priority=True),
        Binding("n", "next_match(1)", "Next match", show=False, id="search.next"),
        Binding("N", "next_match(-1)", "Previous match", show=False, id="search.previous"),
        Binding("escape", "clear_search", "Clear the search", id="search.clear"),
        Binding("o", "open_link", "Open link", show=False, id="link.open"),
        Binding("c", "focus_claims", "Claims", id="claims.focus", priority=True),
        Binding("s", "toggle_sidebar", "Sidebar", id="sidebar.toggle"),
        Binding("z", "focus_mode", "Focus mode", id="focus.toggle"),
        Binding("m", "highlight", "Highlight", id="note.highlight"),
        Binding("a", "annotate", "Note", id="note.edit"),
        Binding("A", "list_notes", "All notes", id="note.list"),
        Binding("d", "delete_note", "Delete highlight", show=False, id="note.delete"),
        Binding("u", "undo_delete", "Undo delete", show=False, id="note.undo"),
        Binding("e", "export", "Export notes", id="note.export"),
    ]

    def __init__(self, loader: BriefLoader, notes: Notes | None = None, *, start_at: str = "") -> None:
        """Read the brief `loader` opens, its notes kept in `notes`; `start_at` names a section to
        show first (a link's '#part')."""
        super().__init__()
        self.loader = loader
        self.notes = notes or Notes(None)
        self.brief_key = brief_key(loader.outline.metadata.id, loader.path)
        self.placed: list[Placed] = []  # this brief's notes, where they are now
        self.undo: list[str] = []  # ids of the notes deleted, the last one last
        self.unreadable = ""  # what to say of the notes that could not be read ("2 notes could not...")
        self.start_at = start_at
        self.brief: Brief | None = loader.brief  # the whole brief: None until it is loaded
        self.query_text = ""  # the search typed so far (searched once the brief is loaded)
        self.follow_timer: Timer | None = None
        self.state_timer: Timer | None = None
        self.unsaved_state: dict[str, object] | None = None  # the position, until it is saved
        self.restored = False  # whether the saved reading state was applied (or there was none)
        self.percent_shown = -1  # the loading progress last shown
        self.focus_mode = False
        self.sidebar_wanted: bool | None = None  # None: as the width decides
        self.last_view: SectionView | None = None  # the column the reader was last in
        self.matches: list[Match] = []
        self.match_index = -1
        self.previews_shown = False  # whether a column shows a section's first part (see `load`)
        self.wanted_cursors: dict[SectionView, int] = {}  # saved cursors past a preview's end, kept for the whole

    def compose(self) -> ComposeResult:
        loader = self.loader
        meta = loader.outline.metadata
        facts = " · ".join(part for part in (meta.date or "", "; ".join(meta.sources)) if part)
        with Vertical(id="brief-header"):
            yield Static(Content(loader.title), id="brief-title", markup=False)
            if facts:
                yield Static(Content(facts), id="brief-facts", markup=False)
            if loader.summary:
                yield Static(Content(loader.summary.text), id="brief-summary", markup=False)
            yield Static(id="brief-progress", markup=False)
        with Horizontal(id="reading"):
            with Horizontal(id="columns"):
                # A long section not parsed yet shows its first part at once; `load` parses the rest.
                for number, section in enumerate(loader.first_sections(MAX_COLUMNS, preview=True)):
                    with Vertical(classes="column", id=f"column-{number}"):
                        yield Static(column_title(section), classes="column-title", markup=False)
                        yield SectionView(section, self.markers(section), id=f"view-{number}")
            yield ClaimSidebar(self.brief, id="sidebar")
        yield Static(id="note-panel", markup=False)
        yield SearchBar(id="search")
        yield Footer()

    def markers(self, section: Section) -> dict[int, str]:
        return section_markers(self.loader.claim_numbers, section)

    @property
    def views(self) -> list[SectionView]:
        """The section columns that are shown, left to right."""
        return [view for view in self.query(SectionView) if view.parent and view.parent.display]

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        self.query_one("#note-panel", Static).display = False
        self.fit_to_width(self.size.width)
        if self.views:
            self.views[0].focus()
            start = self.loader.section_by_id(self.start_at) if self.start_at else None
            if start is not None:
                shown = next((view for view in self.views if view.section.id == start.id), None)
                if shown is None:
                    self.show_in(self.views[0], start)
                (shown or self.views[0]).focus()
        if self.brief is None:
            self.query_one("#brief-progress", Static).update(Content.styled("Loading the brief…", "$text-warning"))
            self.load()
        else:
            self.query_one("#brief-progress", Static).display = False
        if self.start_at:  # a link says where to start; otherwise where the reader left off
            self.restored = True
        else:
            self.read_reading_state()

    # Loading the rest of the brief

    @work(exclusive=True, group="load", exit_on_error=False)
    async def load(self) -> Brief:
        """Parse the rest of the brief on the event loop, a few milliseconds at a time between keys.

        Not in a thread: the parser is pure Python, and a thread holding the GIL made
        keys wait 100 ms and more while a 5 MB brief loaded; slices keep them under one.
        """
        # The first frame first: a long section's first part is painted before its whole
        # parse (one step, seconds for a megabyte of list items) holds the event loop.
        self.previews_shown = any(view.section.partial for view in self.query(SectionView))
        painted = asyncio.Event()
        if self.previews_shown and self.call_after_refresh(painted.set):  # False only if the screen is closing
            await painted.wait()
        steps = self.loader.steps()
        finished = False
        slices = 0
        while not finished:
            deadline = time.perf_counter() + LOAD_SLICE
            finished = True
            for done, total in steps:
                if time.perf_counter() >= deadline:
                    finished = False
                    self.show_progress(done, total)
                    break
            slices += 1
            if finished or slices % FREEZE_EVERY == 0:
                # Whatever was parsed so far stays: the collector need not scan it again and
                # again (full collections of a large heap paused the app for 200 ms).
                gc.freeze()
            if self.previews_shown:
                self.show_whole_sections()
            # A key travels through several tasks of the event loop, each waiting a slice.
            await asyncio.sleep(0)
        assert self.loader.brief is not None
        return self.loader.brief

    def show_whole_sections(self) -> None:
        """Columns that show a section's first part switch to the whole section once it is parsed.

        The first part's text and sentences are a prefix of the whole's (or close to one, see
        `BriefLoader.exact_preview`), so the cursor stays on the sentence at the same offset
        and the column does not scroll.
        """
        for view in self.query(SectionView):
            shown = view.section
            index = self.loader.index_of(shown.id) if shown.partial else None
            whole = self.loader.parsed(index) if index is not None else None
            if whole is None:
                continue
            sentence, scrolled = view.current, view.scroll_offset.y
            wanted = self.wanted_cursors.pop(view, None)
            self.show_in(view, whole)
            if wanted is not None:
                view.move_to(wanted)
            elif sentence is not None:
                view.move_to(max(0, bisect_right(whole.sentences, sentence.start, key=lambda s: s.start) - 1))
                view.scroll_to(y=scrolled, animate=False, immediate=True)
        self.previews_shown = any(view.section.partial for view in self.query(SectionView))

    def show_progress(self, done: int, total: int) -> None:
        percent = done * 100 // max(1, total)
        if self.brief is None and percent != self.percent_shown:  # repainted only when the figure changes
            self.percent_shown = percent
            label = f"Loading the brief: {percent}% (claims and search when done)"
            self.query_one("#brief-progress", Static).update(Content.styled(label, "$text-warning"), layout=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "load":
            return
        if event.state is WorkerState.SUCCESS and isinstance(event.worker.result, Brief):
            self.loaded(event.worker.result)
        elif event.state is WorkerState.ERROR:
            # A bug, not the brief's fault: the brief's own faults are problems, never exceptions.
            self.query_one("#brief-progress", Static).update(
                Content.styled(f"Could not load the whole brief: {event.worker.error}", "$text-error")
            )

    def loaded(self, brief: Brief) -> None:
        """The whole brief is here: fill the claim sidebar, run the search typed meanwhile."""
        self.show_whole_sections()  # before the notes and the search, which use whole sections only
        self.brief = brief
        self.query_one("#brief-progress", Static).display = False
        self.query_one(ClaimSidebar).load(brief)
        if self.query_text:
            self.search(SearchBar.Changed(self.query_text))
        if self.notes.path is not None:  # no store given (embedded, or a test): notes are simply off
            self.load_notes(brief)
        hidden = sorted(line for section in brief.all_sections for line in (*section.hidden, *section.cut_cells))
        if hidden:  # never less than the file says without saying so
            lines = f"line {hidden[0]}" if len(hidden) == 1 else f"{len(hidden)} lines, from line {hidden[0]}"
            message = f"Part of this brief cannot be shown ({lines}). `briefing check` says why."
            self.notify(message, severity="warning", timeout=15, markup=False)

    def on_resize(self) -> None:
        self.fit_to_width(self.size.width)

    def fit_to_width(self, width: int) -> None:
        """Show as many columns as fit, and the sidebar where there is room (or when asked)."""
        count = 1 if self.focus_mode else columns_for(width)
        focused = self.focused_view()
        columns = list(self.query(".column"))
        alone = (focused.parent if focused else None) or (columns[0] if columns else None)
        for number, column in enumerate(columns):
            column.display = column is alone if self.focus_mode else number < count
        self.set_class(self.size.height < SHORT, "-short")
        show_sidebar = width >= NARROW if self.sidebar_wanted is None else self.sidebar_wanted
        self.query_one(ClaimSidebar).display = show_sidebar and not self.focus_mode

    def focused_view(self) -> SectionView | None:
        focused = self.focused
        return focused if isinstance(focused, SectionView) else None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, SectionView):
            self.last_view = event.widget

    # Actions

    def action_column(self, step: int) -> None:
        views = self.views
        current = self.focused_view()
        if not views:
            return
        index = views.index(current) if current in views else 0
        views[(index + step) % len(views)].focus()

    def action_show_section(self, number: int) -> None:
        """Show section `number` of the brief (1-based, in file order) in the focused column."""
        view = self.focused_view() or (self.views[0] if self.views else None)
        if view is None or not 1 <= number <= self.loader.section_count:
            self.notify(f"There is no section {number}.", severity="warning")
            return
        self.show_in(view, self.loader.section(number - 1))

    def show_in(self, view: SectionView, section: Section) -> None:
        """Show a section in a column, its title above it."""
        if view.parent is not None:
            view.parent.query_one(".column-title", Static).update(column_title(section), layout=False)
        view.show(section, self.markers(section))
        view.show_notes(self.highlights(section.id))
        view.show_matches(self._found_in(section) if self.searched else [])

    def action_focus_claims(self) -> None:
        sidebar = self.query_one(ClaimSidebar)
        if not sidebar.display:
            self.sidebar_wanted = True
            self.fit_to_width(self.size.width)
        sidebar.query_one("#claim-list").focus()

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(ClaimSidebar)
        self.sidebar_wanted = not sidebar.display
        self.fit_to_width(self.size.width)

    def action_focus_mode(self) -> None:
        self.focus_mode = not self.focus_mode
        self.fit_to_width(self.size.width)

    def go_to_claim(self, claim_id: str) -> None:
        """Put the cursor on a claim's first citation (from the palette), all its citations marked."""
        claim = self.brief.claim(claim_id) if self.brief else None
        if claim is None or not claim.references:
            self.notify("This claim is never cited.", severity="warning")
            return
        self.show_reference(ClaimSidebar.ShowReference(claim, claim.references[0]))

    def view_showing(self, section: Section) -> SectionView | None:
        """The column that shows `section`; if none does, the focused (or last) column, switched to it."""
        view = next((v for v in self.views if v.section.id == section.id), None)
        if view is None:
            view = self.focused_view() or (self.last_view if self.last_view in self.views else None)
            view = view or (self.views[0] if self.views else None)
            if view is not None:
                self.show_in(view, section)
        return view

    @on(ClaimSidebar.ShowReference)
    def show_reference(self, event: ClaimSidebar.ShowReference) -> None:
        """Put the cursor on a citation, in its section's column (or the focused one), all citations marked."""
        reference = event.reference
        section = self.loader.section_by_id(reference.section_id)
        if section is None:
            return
        view = self.view_showing(section)
        if view is None:
            return
        for shown in self.query(SectionView):
            shown.mark(frozenset(r.sentence for r in event.claim.references if r.section_id == shown.section.id))
        view.move_to(reference.sentence)
        view.focus()

    @on(ClaimSidebar.Leave)
    def leave_claims(self) -> None:
        view = self.last_view if self.last_view in self.views else (self.views[0] if self.views else None)
        if view is not None:
            view.focus()

    # Links

    def action_open_link(self) -> None:
        """The first link of the sentence under the cursor: http(s) after asking, a brief beside this one
        in the reader; anything else is refused with the reason."""
        view = self.last_view if self.last_view in self.views else None
        sentence = view.current if view else None
        links = links_in(view.section, sentence) if view and sentence else []
        if not links:
            self.notify("No link in this sentence.", severity="warning")
            return
        url = links[0]
        if not is_openable(url):
            target = brief_link(url, self.loader.path)
            if isinstance(target, Refused):
                self.notify(target.reason[0].upper() + target.reason[1:], severity="warning", markup=False)
            else:
                self.open_linked_brief(target)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.open_url(url)

        from tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen("Open this link in your browser?", url), answered)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_linked_brief(self, link: BriefLink) -> None:
        """Read the linked brief's outline off the event loop, then show it over this one (q comes back)."""
        try:
            loader = open_brief(link.path)
        except BriefError as exc:
            self.app.call_from_thread(self.notify, exc.problem.message, severity="error", markup=False)
            return
        self.app.call_from_thread(self.show_linked_brief, loader, link.section)

    def show_linked_brief(self, loader: BriefLoader, section_id: str) -> None:
        self.app.push_screen(ReaderScreen(loader, self.notes, start_at=section_id))

    # Notes

    @work(thread=True, exclusive=True, group="notes-load", exit_on_error=False)
    def load_notes(self, brief: Brief) -> None:
        """Read this brief's notes and find each in the text as it is now (off the event loop)."""
        since = now()
        try:
            loaded = self.notes.load(self.brief_key, brief.all_sections)
        except StoreError as exc:
            self.app.call_from_thread(self.notes_unavailable, str(exc))
            return
        self.app.call_from_thread(self.show_notes, loaded, since)

    def notes_unavailable(self, reason: str) -> None:
        self.notify(f"Notes cannot be kept: {reason}", severity="error", timeout=10, markup=False)

    def on_screen_resume(self) -> None:
        """Shown, or back from another screen (a linked brief may have changed the same notes): read them."""
        if self.brief is not None and self.notes.path is not None:
            self.load_notes(self.brief)

    def show_notes(self, loaded: Loaded, since: str) -> None:
        # Notes made while these were read (m pressed meanwhile) stay; others not read are gone.
        placed = loaded.placed
        ids = {p.annotation.id for p in placed}
        made_since = [p for p in self.placed if p.annotation.id not in ids and p.annotation.created > since]
        self.placed = placed + made_since
        self.unreadable = loaded.skipped.notice()  # for the notes list
        for notice in loaded.notices:  # moved aside, read-only, rows that could not be read: each said once
            self.notify(notice, severity="warning", timeout=15, markup=False)
        self.redraw_notes()

    def highlights(self, section_id: str) -> list[tuple[int, int, str]]:
        """The highlights to draw in a section: (start, end, colour)."""
        return [
            (p.found.start, p.found.end, p.annotation.colour)
            for p in self.placed
            if p.found is not None and p.found.section == section_id
        ]

    def redraw_notes(self) -> None:
        for view in self.query(SectionView):
            view.show_notes(self.highlights(view.section.id))
        self.show_notes_here()

    def notes_here(self) -> tuple[SectionView, Sentence, list[Placed]] | None:
        """The focused column, its sentence under the cursor, and the notes on that sentence."""
        view = self.last_view if self.last_view in self.views else None
        sentence = view.current if view else None
        if view is None or sentence is None:
            return None
        on = [
            p
            for p in self.placed
            if p.found is not None
            and p.found.section == view.section.id
            and p.found.start < sentence.end
            and p.found.end > sentence.start
        ]
        return view, sentence, on

    def target(self) -> tuple[SectionView, int, int] | None:
        """What m and a act on: the selection (v), else the sentence under the cursor."""
        view = self.last_view if self.last_view in self.views else None
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
        exists = any(p.found == Found(view.section.id, start, end, p.found.how) for p in self.placed if p.found)
        if exists:
            self.notify("Already highlighted (d deletes it).", severity="warning")
            return
        self.save_highlight(view.section, start, end)

    @work(thread=True, group="notes", exit_on_error=False)
    def save_highlight(self, section: Section, start: int, end: int) -> None:
        try:
            placed = self.notes.highlight(self.brief_key, section, start, end, COLOURS[0])
        except TooBig as exc:
            self.app.call_from_thread(self.notify, f"Not highlighted: {exc}.", severity="warning", markup=False)
            return
        except StoreError as exc:
            self.app.call_from_thread(self.notes_unavailable, str(exc))
            return
        self.app.call_from_thread(self.added, placed)

    def added(self, placed: Placed) -> None:
        self.placed.append(placed)
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
            annotation = max(on, key=lambda p: p.annotation.created).annotation
        else:
            annotation = Annotation(self.brief_key, anchor_for(view.section, start, end))
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
        old = next((p for p in self.placed if p.annotation.id == saved.id), None)
        anchor = saved.anchor
        found = old.found if old else Found(anchor.section, anchor.start, anchor.end, How.EXACT)
        if old is not None:
            self.placed.remove(old)
        self.placed.append(Placed(saved, found))
        self.redraw_notes()
        if self.notes.restored_elsewhere(saved.id):
            self.notify("Note restored: it had been deleted elsewhere.", severity="warning", timeout=6)
        else:
            self.notify("Note saved.", timeout=2)

    def action_list_notes(self) -> None:
        """Every note in reading order, then the orphans; enter goes to one (or attaches an orphan here)."""

        def order(placed: Placed) -> tuple[int, int]:
            found = placed.found
            return (self.loader.reading_order(found.section), found.start) if found else (0, 0)

        titles = {heading.id: heading.title for heading in self.loader.outline.headings}
        if self.loader.summary is not None:
            titles[self.loader.summary.id] = self.loader.summary.title
        from tui.screens.notes_list import NotesList

        self.app.push_screen(NotesList(self.placed, order, titles, self.unreadable), self.go_to_note)

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

    @work(thread=True, group="notes", exit_on_error=False)
    def attach(self, placed: Placed, anchor: Anchor) -> None:
        try:
            # Based on the note as listed: an edit made elsewhere since is not written over unseen.
            saved = self.notes.save(replace(placed.annotation, anchor=anchor), based_on=placed.annotation.updated)
        except ChangedElsewhere as exc:
            said = "Not attached: the note was changed elsewhere since it was listed; it is shown as it is now."
            if isinstance(exc, ChangedThenDeleted):
                said = "Not attached: the note was changed and then deleted elsewhere since it was listed."
            self.app.call_from_thread(self.notify, said, severity="warning", markup=False)
            if self.brief is not None:
                self.app.call_from_thread(self.load_notes, self.brief)
            return
        except StoreError as exc:
            self.app.call_from_thread(self.notes_unavailable, str(exc))
            return
        found = Found(anchor.section, anchor.start, anchor.end, How.EXACT)
        self.app.call_from_thread(self.reattached, placed, Placed(saved, found))

    def reattached(self, old: Placed, new: Placed) -> None:
        if old in self.placed:
            self.placed.remove(old)
        self.placed.append(new)
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
        newest = max(here[2], key=lambda p: p.annotation.created)
        self.placed.remove(newest)
        self.redraw_notes()
        self.delete_note(newest)

    @work(thread=True, group="notes", exit_on_error=False)
    def delete_note(self, placed: Placed) -> None:
        try:
            self.notes.delete(placed.annotation.id)
        except StoreError as exc:
            self.app.call_from_thread(self.not_deleted, placed, str(exc))
            return
        self.app.call_from_thread(self.deleted, placed)

    def deleted(self, placed: Placed) -> None:
        self.undo.append(placed.annotation.id)
        self.notify("Highlight deleted: u brings it back.", timeout=3)

    def not_deleted(self, placed: Placed, reason: str) -> None:
        self.placed.append(placed)
        self.redraw_notes()
        self.notify(f"Not deleted: {reason}", severity="error", markup=False)

    def action_undo_delete(self) -> None:
        if not self.undo:
            self.notify("Nothing to undo.", severity="warning")
            return
        self.restore_note(self.undo.pop())

    @work(thread=True, group="notes", exit_on_error=False)
    def restore_note(self, annotation_id: str) -> None:
        try:
            annotation = self.notes.restore(annotation_id)
        except NotRestored as exc:  # another instance had a later word: said, and the notes read again
            self.app.call_from_thread(self.notify, f"Not undone: {exc}.", severity="warning", markup=False)
            if self.brief is not None:
                self.app.call_from_thread(self.load_notes, self.brief)
            return
        except StoreError as exc:
            self.app.call_from_thread(self.notes_unavailable, str(exc))
            return
        sections = self.brief.all_sections if self.brief else ()
        self.app.call_from_thread(self.added, Placed(annotation, reanchor(annotation.anchor, sections)))

    def action_export(self) -> None:
        """Export this brief's notes to a file the user confirms (markdown, or JSON for a .json name)."""
        if self.brief is None:
            self.notify("The brief is still loading: export once it is loaded.", severity="warning")
            return
        from tui.core.export import default_name
        from tui.paths import export_dir
        from tui.screens.export_prompt import ExportPrompt

        default = export_dir() / default_name(self.brief)
        self.app.push_screen(ExportPrompt(self.brief, self.notes, default), self.exported)

    def exported(self, said: str | None) -> None:
        if said:
            self.notify(said, timeout=6, markup=False)

    # Reading state: the sections in the columns, their cursors, the focused column

    def reading_state(self) -> dict[str, object]:
        views = list(self.query(SectionView))
        focused = self.focused_view() or self.last_view
        return {
            "columns": [view.section.id for view in views],
            # A saved cursor past a first part still waits for the whole section: kept, not the part's end.
            "cursors": [
                self.wanted_cursors.get(view, view.cursor) if view.section.partial else view.cursor for view in views
            ],
            "focus": views.index(focused) if focused in views else 0,
            "at": focused.section.title if focused else "",  # for the library
        }

    def keep_reading_state(self) -> None:
        if self.unsaved_state is not None:
            self.save_reading_state(self.unsaved_state)
            self.unsaved_state = None

    @work(thread=True, exclusive=True, group="reading-state", exit_on_error=False)
    def save_reading_state(self, state: dict[str, object]) -> None:
        # A failure was said when the notes failed; a lost reading position is not worth a second message.
        with contextlib.suppress(StoreError):
            self.notes.save_reading_state(self.brief_key, state)

    def on_unmount(self) -> None:
        """Leaving within STATE_DELAY of the last move: save the position now, one small write."""
        if self.unsaved_state is not None:
            with contextlib.suppress(StoreError):
                self.notes.save_reading_state(self.brief_key, self.unsaved_state)

    @work(thread=True, exclusive=True, group="reading-state-read", exit_on_error=False)
    def read_reading_state(self) -> None:
        try:
            state = self.notes.reading_state(self.brief_key)
        except StoreError:
            state = {}
        self.app.call_from_thread(self.restore_reading_state, state)

    def restore_reading_state(self, state: dict[str, object]) -> None:
        """Put the columns back as they were left, unless the reader has already moved."""
        views = list(self.query(SectionView))
        untouched = all(view.cursor == 0 for view in views)
        columns, cursors, focus = state.get("columns"), state.get("cursors"), state.get("focus")
        if untouched and isinstance(columns, list) and isinstance(cursors, list):
            for view, section_id, cursor in zip(views, columns, cursors, strict=False):
                if view.section.id == section_id:  # as shown: a section's first part is not parsed whole here
                    section: Section | None = view.section
                else:
                    section = self.loader.section_by_id(section_id) if isinstance(section_id, str) else None
                if section is None:
                    continue
                if view.section.id != section.id:
                    self.show_in(view, section)
                if isinstance(cursor, int):
                    view.move_to(cursor)
                    if section.partial and cursor >= len(section.sentences):
                        self.wanted_cursors[view] = cursor  # past the first part: kept for the whole section
            if isinstance(focus, int) and 0 <= focus < len(views) and views[focus] in self.views:
                views[focus].focus()
        self.restored = True

    # Search

    # What `matches` holds: the query it was found for, and whether it is every match (after
    # enter, or when a search while typing found fewer than TYPING_LIMIT).
    searched: str | None = None
    search_complete = False
    SEARCH_AT_ONCE = 0.005  # seconds a search may take at a key before it goes on between keys
    # Seconds of searching at a time between keys: longer than the loader's slice, as a search
    # is short-lived and each slice also pays for a turn of the event loop (with 1 ms, counting
    # the 230,000 matches of `a` in 5 MB took 2.6 s instead of 0.4).
    SEARCH_SLICE = 0.004

    def action_search(self) -> None:
        self.query_one(SearchBar).open()

    @on(SearchBar.Changed)
    def search(self, event: SearchBar.Changed) -> None:
        """Search as the query is typed: highlight the matches, count them up to a limit, pick the next one."""
        self.query_text = event.query
        self.refresh_bindings()  # escape offered in the footer only while there is a search
        if self.brief is None:
            self.query_one(SearchBar).waiting()
            return
        self.start_search(event.query, complete=False, go=False)

    def start_search(self, query: str, *, complete: bool, go: bool) -> None:
        """Search now if it is quick, else a slice at a time between keys; `go`: then go to the match.

        While typing, the search starts at the reading cursor and stops at TYPING_LIMIT matches;
        `complete` finds them all. A newer search cancels an older one.
        """
        assert self.brief is not None
        self.workers.cancel_group(self, "search")
        sections = self.brief.all_sections if complete else self._sections_from_cursor()
        job = Search(sections, query, None if complete else TYPING_LIMIT)
        if job.run(time.perf_counter() + self.SEARCH_AT_ONCE):
            self._searched(job, complete=complete, go=go)
            return
        if not complete:
            self.query_one(SearchBar).searching()
        self.continue_search(job, complete, go)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def continue_search(self, job: Search, complete: bool, go: bool) -> None:
        """The rest of a long search, on the event loop a slice at a time (as the brief loads)."""
        slices = 0
        while not job.run(time.perf_counter() + self.SEARCH_SLICE):
            slices += 1
            if slices % FREEZE_EVERY == 0:  # see _searched
                gc.freeze()
            await asyncio.sleep(0)
        self._searched(job, complete=complete, go=go)

    def _sections_from_cursor(self) -> list[Section]:
        """The brief's sections in reading order, from the one the cursor is in, round to the one before."""
        assert self.brief is not None
        sections = list(self.brief.all_sections)
        view = self.last_view or (self.views[0] if self.views else None)
        here = next((n for n, s in enumerate(sections) if view is not None and s.id == view.section.id), 0)
        return sections[here:] + sections[:here]

    def _match_key(self) -> Callable[[Match], tuple[int, int]]:
        order = self.loader.reading_order
        return lambda m: (order(m.section_id), m.start)

    def _searched(self, job: Search, *, complete: bool, go: bool) -> None:
        """A search is done: keep its matches, highlight them, count them, stay on the current one."""
        key = self._match_key()
        found = job.found if complete else sorted(job.found, key=key)
        was = self.matches[self.match_index] if self.searched == job.query and self.match_index >= 0 else None
        self.matches, self.searched = found, job.query
        self.search_complete = complete or not job.more
        if len(found) > TYPING_LIMIT:
            # As the loader does: matches kept are not scanned again and again by the collector
            # (with 230,000 of them, full collections stalled keys typed next by 200 ms and more).
            gc.freeze()
        for view in self.query(SectionView):
            view.show_matches(self._found_in(view.section))
        if not found:
            self.match_index = -1
        elif was is not None:  # the complete search after enter keeps the match the cursor is on
            at = bisect_left(found, key(was), key=key)
            self.match_index = at if at < len(found) and found[at] == was else self._first_match_from_cursor()
        else:
            self.match_index = self._first_match_from_cursor()
        self._count()
        if go and found:
            self._show_match(found[self.match_index])

    def _found_in(self, section: Section) -> list[tuple[int, int]]:
        """The matches to highlight in a section: all, or while typing as many as TYPING_LIMIT."""
        if not self.search_complete:
            return [(m.start, m.end) for m in find_in_section(section, self.searched or "", TYPING_LIMIT)]
        key = self._match_key()
        order = self.loader.reading_order(section.id)
        low = bisect_left(self.matches, (order, 0), key=key)
        high = bisect_left(self.matches, (order + 1, 0), key=key)
        return [(m.start, m.end) for m in self.matches[low:high] if m.section_id == section.id]

    def _count(self) -> None:
        bar = self.query_one(SearchBar)
        if self.search_complete:
            bar.count(self.match_index + 1, len(self.matches))
        else:
            bar.more_than(TYPING_LIMIT)

    def _first_match_from_cursor(self) -> int:
        """The first match at or after the reading cursor, in reading order (else the first)."""
        view = self.last_view or (self.views[0] if self.views else None)
        if view is None or view.current is None:
            return 0
        here = (self.loader.reading_order(view.section.id), view.current.start)
        at = bisect_left(self.matches, here, key=self._match_key())
        return at if at < len(self.matches) else 0

    @on(SearchBar.Submitted)
    def go_to_match(self) -> None:
        """Enter: the cursor to the current match, and every match counted; the bar stays until escape."""
        query = self.query_text
        ready = self.brief is not None and self.searched == query
        if ready and self.matches:
            self._show_match(self.matches[self.match_index])
        else:
            if not query:
                self.query_one(SearchBar).display = False
            self.leave_search()
        if query and self.brief is not None and not (ready and self.search_complete):
            self.start_search(query, complete=True, go=not ready)

    @on(SearchBar.Cancelled)
    def clear_search(self) -> None:
        self.workers.cancel_group(self, "search")
        self.matches, self.match_index, self.query_text = [], -1, ""
        self.refresh_bindings()
        self.searched, self.search_complete = None, False
        for view in self.query(SectionView):
            view.show_matches([])
        self.query_one(SearchBar).display = False
        self.leave_search()

    def action_clear_search(self) -> None:
        self.clear_search()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002
        """Escape clears the search only while there is one; `/` and `c` type in the search field."""
        if action == "clear_search":
            return bool(self.query_text)
        if action in ("search", "focus_claims"):
            return not isinstance(self.focused, Input)
        return True

    def leave_search(self) -> None:
        view = self.last_view if self.last_view in self.views else (self.views[0] if self.views else None)
        if view is not None:
            view.focus()

    def action_next_match(self, step: int) -> None:
        if self.brief is None and self.query_text:
            self.notify("Still loading the brief: the search runs when it is done.", severity="warning")
            return
        if self.query_text and self.searched != self.query_text:
            self.notify("Still searching: the cursor goes to the match when it is found.", severity="warning")
            return
        if not self.matches:
            self.notify("No search: press / to search.", severity="warning")
            return
        self.match_index = (self.match_index + step) % len(self.matches)
        self._count()
        self._show_match(self.matches[self.match_index])

    def _show_match(self, match: Match) -> None:
        """Put the cursor on a match's sentence; the column switches to its section if none shows it."""
        section = self.loader.section_by_id(match.section_id)
        view = self.view_showing(section) if section else None
        if view is None:
            return
        if match.sentence >= 0:
            view.move_to(match.sentence)
        view.focus()

    @on(SectionView.CursorMoved)
    def follow_cursor(self, event: SectionView.CursorMoved) -> None:
        """The sidebar marks the claims the sentence under the cursor cites, once the cursor rests.

        Waiting FOLLOW_DELAY keeps a key to one small repaint (the sentence left and the
        one reached) and lets a held `j` run without redrawing the sidebar at every step.
        """
        if self.restored:  # never write over the saved state before it was read
            self.unsaved_state = self.reading_state()
            if self.state_timer is not None:
                self.state_timer.stop()
            self.state_timer = self.set_timer(STATE_DELAY, self.keep_reading_state)
        if event.view is self.focused_view() or self.focused_view() is None:
            cited = event.sentence.claim_ids if event.sentence else ()
            if self.follow_timer is not None:
                self.follow_timer.stop()
            self.follow_timer = self.set_timer(FOLLOW_DELAY, lambda: self.rest_on(cited))

    def rest_on(self, cited: tuple[str, ...]) -> None:
        """The cursor rests: the sidebar marks what the sentence cites, the panel shows its notes."""
        self.query_one(ClaimSidebar).follow(cited)
        self.show_notes_here()

    def show_notes_here(self) -> None:
        """Show the notes on the sentence under the cursor below the text (hidden when it has none)."""
        here = self.notes_here()
        written = [p.annotation for p in (here[2] if here else []) if p.annotation.note or p.annotation.tags]
        panel = self.query_one("#note-panel", Static)
        if not written:
            panel.display = False
            return
        parts: list[str | Content | tuple[str, str]] = []
        for note in sorted(written, key=lambda n: n.created):
            if parts:
                parts.append("\n")
            # At most NOTE_SHOWN characters of a note, cut first: a 30 MB note froze the reader for 26 s.
            tags, more_tags = excerpt(" ".join(f"#{tag}" for tag in note.tags), TAGS_SHOWN)
            parts += [("Note", "bold $accent"), " · ", (note.colour, "italic")]
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
