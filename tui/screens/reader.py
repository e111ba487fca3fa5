"""The reader: a brief's header and bottom line, its focus sections side by side, the claim sidebar."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from tui.commands.brief import BriefCommands
from tui.core.brief.links import BriefLink, Refused, brief_link, is_openable, labelled_links, links_in
from tui.core.brief.loader import BriefLoader, open_brief
from tui.core.brief.model import Brief, Section
from tui.core.claims.relations import Relations
from tui.core.display.excerpt import shortened
from tui.core.display.search import TYPING_LIMIT, Match, Search
from tui.core.library import reader_notice
from tui.core.notes.access import Notes, Placed
from tui.core.notes.store_errors import StoreError
from tui.core.outside.problems import BriefError
from tui.core.reading.last_write import LastWriteWins
from tui.core.reading.problems import errors_notice
from tui.core.reading.quoting import quotation
from tui.core.reading.state import Column, State, saved_position
from tui.screens.reader_columns import MAX_COLUMNS, column_title, columns_for
from tui.screens.reader_edit import EditScreen
from tui.screens.slices import in_slices, sliced
from tui.screens.store_calls import in_store
from tui.widgets.claim_sidebar import ClaimSidebar
from tui.widgets.key_bar import KeyBar
from tui.widgets.search_bar import SearchBar
from tui.widgets.section_view import SectionView
from tui.widgets.summary_banner import SummaryBanner

__all__ = ["FOLLOW_DELAY", "ReaderScreen", "columns_for"]

# The modal screens (the note editor, the notes list, export, confirmations) are imported
# when first opened: with what they bring (TextArea, Select, the exporters) they would
# cost the first frame some 30 ms, and a reader may never open them.

LOAD_SLICE = 0.001  # seconds of parsing at a time: a key passes through several tasks, each waits one
FREEZE_EVERY = 50  # slices between two gc.freeze() calls while loading
WRAP_AHEAD = 1_000_000  # characters of a whole section above which it is wrapped in a thread before shown
FOLLOW_DELAY = 0.06  # seconds the cursor rests before the sidebar follows it
STATE_DELAY = 1.0  # seconds the cursor rests before the reading state is saved


HEADER_CHARACTERS = 500  # of the title, and of the date and sources, shown in the header
HEADER_SOURCES = 10  # sources named in the header; the rest are counted


class ReaderScreen(EditScreen):
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
        Binding("M", "claim_map", "Claim map", show=False, id="claims.map"),
        Binding("s", "toggle_sidebar", "Sidebar", id="sidebar.toggle"),
        Binding("z", "focus_mode", "Focus mode", id="focus.toggle"),
        Binding("B", "whole_summary", "Bottom line", show=False, id="summary.show"),
        Binding("m", "highlight", "Highlight", id="note.highlight"),
        Binding("a", "annotate", "Note", id="note.edit"),
        Binding("A", "list_notes", "All notes", id="note.list"),
        Binding("F", "find_notes", "Search every note", show=False, id="note.find"),
        Binding("d", "delete_note", "Delete highlight", show=False, id="note.delete"),
        Binding("u", "undo_delete", "Undo delete", show=False, id="note.undo"),
        Binding("e", "export", "Export notes", id="note.export"),
        Binding("y", "copy_sentence", "Copy sentence", show=False, id="sentence.copy"),
        Binding("C", "claims_table", "Claims table", id="claims.table"),
        Binding("W", "claims_table('claimant')", "Claims by claimant", show=False, id="claims.actors"),
    ]

    def __init__(
        self,
        loader: BriefLoader,
        notes: Notes | None = None,
        *,
        start_at: str = "",
        shared_with: tuple[Path, ...] = (),
        start_at_note: str = "",
    ) -> None:
        """Read the brief `loader` opens, its notes kept in `notes`; `start_at` names a section to
        show first (a link's '#part'); `shared_with`, the other briefs of its library with its id;
        `start_at_note`, a note to put the cursor on once the notes are placed (the notes browser's)."""
        super().__init__(loader, notes, start_at=start_at)
        self.shared_with = shared_with
        self.start_note = start_at_note
        if start_at_note:  # the note says where to start, not the place last read
            self.reading.position.restored = True
        self.follow_timer: Timer | None = None
        self.state_timer: Timer | None = None
        self.position_writes = LastWriteWins(partial(self.notes.save_reading_state, self.reading.brief_key))
        self.previews_shown = False  # whether a column shows a section's first part (see `load`)
        self.relations: Relations | None = None  # the claims' relations, read in slices after the brief
        # A reading state to put back, a section a link named, once a long brief's whole outline is read.
        self.deferred_state: State | None = None
        self.deferred_start: str | None = None
        self.wrapping: set[int] = set()  # ids of long whole sections being wrapped in a thread

    # The reading state, as tests and the palette read it

    @property
    def placed(self) -> list[Placed]:
        return self.reading.notes.placed

    @property
    def matches(self) -> list[Match]:
        return self.reading.search.matches

    @property
    def match_index(self) -> int:
        return self.reading.search.match_index

    @property
    def searched(self) -> str | None:
        return self.reading.search.searched

    @property
    def search_complete(self) -> bool:
        return self.reading.search.complete

    @property
    def focus_mode(self) -> bool:
        return self.reading.focus_mode

    def compose(self) -> ComposeResult:
        loader = self.loader
        meta = loader.outline.metadata
        # The header shows a few lines: what it is given is cut first (a 15 MB title, a million
        # sources), so that laying it out costs the same however long the brief made them.
        sources = "; ".join(meta.sources[:HEADER_SOURCES])
        if len(meta.sources) > HEADER_SOURCES:
            sources += f" and {len(meta.sources) - HEADER_SOURCES:,} more"
        facts = " · ".join(part for part in (meta.date or "", sources) if part)
        with Vertical(id="brief-header"):
            yield Static(Content(shortened(loader.title, HEADER_CHARACTERS)), id="brief-title", markup=False)
            if facts:
                yield Static(Content(shortened(facts, HEADER_CHARACTERS)), id="brief-facts", markup=False)
            if loader.banner:  # not when a column shows it (no `##` sections): said once
                yield SummaryBanner(loader.banner, id="brief-summary")
            yield Static(id="brief-progress", markup=False)
        with Horizontal(id="reading"):
            with Horizontal(id="columns"):
                # A long section not parsed yet shows its first part at once; `load` parses the rest.
                for number, section in enumerate(loader.first_sections(MAX_COLUMNS, preview=True)):
                    with Vertical(classes="column", id=f"column-{number}"):
                        title = column_title(section, loader.outline.complete)
                        yield Static(title, classes="column-title", markup=False)
                        yield SectionView(section, self.markers(section), id=f"view-{number}")
            yield ClaimSidebar(self.brief, id="sidebar")
        yield Static(id="note-panel", markup=False)
        yield Static(id="lens-panel", markup=False)
        yield SearchBar(id="search")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        self.query_one("#note-panel", Static).display = False
        self.query_one("#lens-panel", Static).display = False
        self.fit_to_width(self.size.width)
        if self.views:
            if self.carried is None:  # a reader replacing another (a reload) focuses the column it carried
                self.views[0].focus()
            start_at = self.reading.start_at
            if start_at and not self.start_on(start_at) and not self.loader.outline.complete:
                self.deferred_start = start_at  # further on than a long brief's first part: once it is read
        if self.brief is None:
            self.query_one("#brief-progress", Static).update(Content.styled("Loading the brief…", "$text-warning"))
            self.load()
        else:
            self.query_one("#brief-progress", Static).display = False
        if not self.reading.position.restored:  # a link says where to start; otherwise where the reader left off
            self.read_reading_state()
        if self.shared_with:
            self.notify(reader_notice(self.shared_with), severity="warning", timeout=15, markup=False)

    def action_whole_summary(self) -> None:
        """B: the whole bottom line up front, which the banner cuts to a few lines, in a dialog."""
        summary = self.loader.banner
        if summary is None:
            said = "This brief has no bottom line up front" if self.loader.summary is None else "It is in the column"
            self.notify(said, timeout=3)
            return
        from tui.screens.summary import SummaryScreen  # imported when first opened, like the other dialogs

        notes = self.reading.notes.highlights(summary.id)
        lens = self.lens if self.lens_on else None  # its marks and warnings there too
        self.app.push_screen(SummaryScreen(summary, self.markers(summary), notes, lens))

    def action_claim_map(self) -> None:
        """M: the claims and their relations, by claimant; enter on a claim goes to its first citation."""
        brief = self.brief
        if brief is None or not brief.claims:
            self.notify("The claims are still loading" if brief is None else "This brief has no claims", timeout=3)
            return
        from tui.screens.claim_map import ClaimMapScreen  # imported when first opened, like the other dialogs

        relations = self.query_one(ClaimSidebar).relations  # read once, with the brief
        self.app.push_screen(ClaimMapScreen(brief, relations), self.go_to_chosen_claim)

    def go_to_chosen_claim(self, claim_id: str | None) -> None:
        """The claims table or the map closed on a claim: its first citation."""
        if claim_id is not None:
            self.go_to_claim(claim_id)

    def start_on(self, section_id: str) -> bool:
        """Show and focus the section a link named; False if there is no such section (yet)."""
        start = self.loader.section_by_id(section_id)
        if start is None or not self.views:
            return False
        shown = next((view for view in self.views if view.section.id == start.id), None)
        if shown is None:
            self.show_in(self.views[0], start)
        (shown or self.views[0]).focus()
        return True

    def outline_read(self) -> None:
        """A long brief's whole outline is read: where a link or the saved state said to be, if it was further on."""
        untouched = all(view.cursor == 0 for view in self.views)
        if self.deferred_start is not None:
            start, self.deferred_start = self.deferred_start, None
            if untouched:
                self.start_on(start)
        if self.deferred_state is not None:
            state, self.deferred_state = self.deferred_state, None
            self.restore_reading_state(state)

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
        slices = 0
        async for progress in sliced(self.loader.steps(), LOAD_SLICE):
            if progress is not None:
                self.show_progress(*progress)
            slices += 1
            if progress is None or slices % FREEZE_EVERY == 0:
                # Whatever was parsed so far stays: the collector need not scan it again and
                # again (full collections of a large heap paused the app for 200 ms).
                gc.freeze()
            if self.previews_shown:
                self.show_whole_sections()
            if (self.deferred_state is not None or self.deferred_start is not None) and self.loader.outline.complete:
                self.outline_read()
        assert self.loader.brief is not None
        # The claims' relations too, in slices: a million of them took most of a second in one go.
        self.relations = await in_slices(Relations.build(self.loader.brief.claims))
        return self.loader.brief

    def show_whole_sections(self) -> None:
        """Columns that show a section's first part switch to the whole section once it is parsed.

        The first part's text and sentences are a prefix of the whole's (or close to one, see
        `BriefLoader.exact_preview`), so the cursor stays on the sentence at the same offset
        and the column does not scroll.
        """
        for number, view in enumerate(self.query(SectionView)):
            shown = view.section
            whole = self.loader.whole_of(shown) if shown.partial else None
            if whole is None:
                continue
            if len(whole.text) > WRAP_AHEAD and (view.prepared is None or view.prepared[0] is not whole):
                if id(whole) not in self.wrapping:  # shown once wrapped, in a thread: here it held every key
                    self.wrapping.add(id(whole))
                    self.wrap_ahead(view, whole)
                continue
            sentence, scrolled = view.current, view.scroll_offset.y
            wanted = self.reading.position.wanted.pop(number, None)
            self.show_in(view, whole)
            if wanted is not None:
                view.move_to(wanted)
            elif sentence is not None:
                view.move_to(max(0, bisect_right(whole.sentences, sentence.start, key=lambda s: s.start) - 1))
                view.scroll_to(y=scrolled, animate=False, immediate=True)
        self.previews_shown = any(view.section.partial for view in self.query(SectionView))

    @work(thread=True, group="wrap-ahead", exit_on_error=False, description="wrap a section ahead")
    def wrap_ahead(self, view: SectionView, whole: Section) -> None:
        """Wrap a long whole section for `view` in a thread (20 MB took 28 s), then show it."""
        prepared = view.wrap_ahead(whole, self.markers(whole))

        def ready() -> None:
            self.wrapping.discard(id(whole))
            view.prepared = prepared
            self.show_whole_sections()

        self.app.call_from_thread(ready)

    def show_progress(self, done: int, total: int) -> None:
        if (percent := self.reading.progress(done, total)) is not None:  # repainted only when the figure changes
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
        self.reading.brief = brief
        self.fit_to_width(self.size.width)  # the claims of a long brief may all be past its first part
        self.query_one("#brief-progress", Static).display = False
        self.query_one(ClaimSidebar).load(brief, self.relations)
        self.lens_loaded(brief)
        self.changes_loaded(brief)
        if self.reading.search.query_text:
            self.search(SearchBar.Changed(self.reading.search.query_text))
        if self.notes.path is not None:  # no store given (embedded, or a test): notes are simply off
            self.load_notes(brief)
        if (message := self.reading.hidden_notice(brief)) is not None:
            self.notify(message, severity="warning", timeout=15, markup=False)
        # The library and `briefing FILE` agree: a brief with errors opens, and says so once loaded.
        if (errors := errors_notice(self.loader.problems, self.loader.path)) is not None:
            self.notify(errors, severity="error", timeout=10, markup=False)

    def go_to_claim(self, claim_id: str) -> None:
        """The palette's "Go to claim": highlight it in the claim list, and put the cursor on its first
        citation, all its citations marked; a claim never cited is shown in the list (which opens)."""
        sidebar = self.query_one(ClaimSidebar)
        claim = sidebar.highlight_claim(claim_id) if self.brief else None
        if claim is None:
            return
        if not claim.references:
            self.action_focus_claims()
        sidebar.go_to_first_citation(claim)  # its message moves the cursor, or it says the claim is never cited

    def action_claims_table(self, grouping: str = "none") -> None:
        """C: every claim in a table to sort, filter and group (W: by claimant); enter goes to its first citation."""
        if self.brief is None:
            self.notify("Still loading the brief: the claims table opens when it is done.", severity="warning")
            return
        from tui.core.claims.table import Grouping  # imported when first opened, like the other dialogs
        from tui.screens.claims_table import ClaimsTableScreen

        at = self.query_one(ClaimSidebar).selected  # the table opens on the claim the sidebar shows
        relations = self.query_one(ClaimSidebar).relations  # read once, with the brief
        screen = ClaimsTableScreen(self.brief, Grouping(grouping), at.id if at else None, relations=relations)
        self.app.push_screen(screen, self.go_to_chosen_claim)

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
        self.last_view = view  # the column read now, whose notes the panel shows (a trial saw another's)
        if event.focus:  # walking the citations with ] and [ stays in the claim list
            view.focus()

    @on(ClaimSidebar.Leave)
    def leave_claims(self) -> None:
        view = self.current_view or self.first_view
        if view is not None:
            view.focus()

    # Links

    def action_open_link(self, chosen: str = "") -> None:
        """The link of the sentence under the cursor (with several, the one `chosen` in a list): http(s)
        after asking, a brief beside this one in the reader; anything else is refused with the reason."""
        view = self.current_view
        sentence = view.current if view else None
        links = links_in(view.section, sentence) if view and sentence else []
        if not links:
            self.notify("No link in this sentence.", severity="warning")
            return
        if len(links) > 1 and not chosen and view is not None and sentence is not None:
            from tui.screens.link_choice import LinkChoice

            def picked(url: str | None) -> None:
                if url:
                    self.action_open_link(url)

            self.app.push_screen(LinkChoice(labelled_links(view.section, sentence)), picked)
            return
        url = chosen or links[0]
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

    @work(thread=True, exclusive=True, group="open", exit_on_error=False, description="open a linked brief")
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

    def open_at_note(self, path: Path, note_id: str) -> None:
        """Another brief's note chosen in the notes browser: that brief over this one (q comes back), at the note.

        If a reader below already has that brief, it is gone back to instead: going between two
        briefs' notes piled a reader on the stack at each step (an attack's six jumps, seven readers).
        """
        stack = self.app.screen_stack
        below = next(
            (
                screen
                for screen in reversed(stack[: stack.index(self)] if self in stack else [])
                if isinstance(screen, ReaderScreen) and Path(screen.loader.path).resolve() == path.resolve()
            ),
            None,
        )
        if below is None:
            self.read_at_note(path, note_id)
            return
        while self.app.screen is not below:
            self.app.pop_screen()
        below.go_to_note_id(note_id)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False, description="open a brief at a note")
    def read_at_note(self, path: Path, note_id: str) -> None:
        try:
            loader = open_brief(path)
        except BriefError as exc:
            self.app.call_from_thread(self.notify, exc.problem.message, severity="error", markup=False)
            return
        self.app.call_from_thread(self.app.push_screen, ReaderScreen(loader, self.notes, start_at_note=note_id))

    # Reading state: the sections in the columns, their cursors, the focused column

    def reading_state(self) -> State:
        views = list(self.query(SectionView))
        focused = self.focused_view() or self.last_view
        columns = [Column(view.section.id, view.cursor, view.section.partial) for view in views]
        at = focused.section.title if focused else ""  # for the library
        return self.reading.position.snapshot(columns, views.index(focused) if focused in views else 0, at)

    def keep_reading_state(self) -> None:
        if (state := self.reading.position.take_unsaved()) is not None:
            self.save_reading_state(state)

    def save_reading_state(self, state: State) -> None:
        # A failure was said when the notes failed; a lost reading position is not worth a second message.
        call = self.position_writes.start(state)
        in_store(self, call, lambda _: None, lambda _: None, group="reading-state", exclusive=True)

    def on_unmount(self) -> None:
        """Leaving within STATE_DELAY of the last move, or while a save is under way: save the
        position now, one small write, so the next reader of the store finds it."""
        with contextlib.suppress(StoreError):
            self.position_writes.finish(self.reading.position.take_unsaved())

    def read_reading_state(self) -> None:
        call = partial(self.notes.reading_state, self.reading.brief_key)

        def none_saved(_: StoreError) -> None:
            self.restore_reading_state({})

        in_store(self, call, self.restore_reading_state, none_saved, group="reading-state-read", exclusive=True)

    def restore_reading_state(self, state: State) -> None:
        """Put the columns back as they were left, unless the reader has already moved."""
        views = list(self.query(SectionView))
        untouched = all(view.cursor == 0 for view in views)
        saved = saved_position(state)
        if untouched and saved is not None and not self.loader.outline.complete:
            known = (self.loader.section_by_id(column.section_id) for column in saved.columns if column.section_id)
            if not all(known):
                # A section further on than a long brief's first part: put back once its outline is read.
                self.deferred_state = state
                return
        if untouched and saved is not None:
            restored: list[int] = []
            for number, (view, column) in enumerate(zip(views, saved.columns, strict=False)):
                if view.section.id == column.section_id:  # as shown: a section's first part is not parsed whole here
                    section: Section | None = view.section
                else:
                    section = self.loader.section_by_id(column.section_id) if column.section_id is not None else None
                if section is None:
                    continue
                restored.append(number)
                if view.section.id != section.id:
                    self.show_in(view, section)
                if (cursor := column.cursor) is not None:
                    view.move_to(cursor)
                    if section.partial and cursor >= len(section.sentences):
                        self.reading.position.wanted[number] = cursor  # past the first part: kept for the whole
            focus = saved.focus
            # No two columns show one section (one renamed since kept its column's first; a narrow window
            # saved one twice): the focused column keeps its own, then those restored, from the left.
            others = [n for n in reversed(range(len(views))) if n not in restored]
            self.distinct_columns(others + [n for n in reversed(restored) if n != focus], shown_only=False)
            if focus is not None and 0 <= focus < len(views) and views[focus] in self.views:
                views[focus].focus()
        self.reading.position.restored = True

    # Search

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
        self.reading.search.query_text = event.query
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
        sections: Sequence[Section]
        if complete:
            sections = self.brief.all_sections
        else:
            view = self.last_view or self.first_view
            sections = self.reading.sections_from(view.section.id if view is not None else None)
        job = Search(sections, query, None if complete else TYPING_LIMIT)
        if job.run(time.perf_counter() + self.SEARCH_AT_ONCE):
            self._searched(job, complete=complete, go=go)
            return
        if not complete:
            self.query_one(SearchBar).searching()
        self.continue_search(job, complete, go)

    @work(exclusive=True, group="search", exit_on_error=False, description="search the brief")
    async def continue_search(self, job: Search, complete: bool, go: bool) -> None:
        """The rest of a long search, on the event loop a slice at a time (as the brief loads)."""
        slices = 0
        while not job.run(time.perf_counter() + self.SEARCH_SLICE):
            slices += 1
            if slices % FREEZE_EVERY == 0:  # see SearchState.done
                gc.freeze()
            await asyncio.sleep(0)
        self._searched(job, complete=complete, go=go)

    def _searched(self, job: Search, *, complete: bool, go: bool) -> None:
        """A search is done: keep its matches, highlight them, count them, stay on the current one."""
        view = self.last_view or self.first_view
        sentence = view.current if view is not None else None
        here = self.reading.here(view.section.id, sentence.start) if view and sentence else None
        found = self.reading.search.done(job, complete=complete, here=here)
        for shown in self.query(SectionView):
            shown.show_matches(self.reading.search.found_in(shown.section))
        self._count()
        if go and found:
            self._show_match(self.reading.search.current)

    def _count(self) -> None:
        bar = self.query_one(SearchBar)
        if self.search_complete:
            bar.count(self.match_index + 1, len(self.matches))
        else:
            bar.more_than(TYPING_LIMIT)

    @on(SearchBar.Submitted)
    def go_to_match(self) -> None:
        """Enter: the cursor to the current match, and every match counted; the bar stays until escape."""
        query = self.reading.search.query_text
        ready = self.brief is not None and self.reading.search.ready
        if ready and self.matches:
            self._show_match(self.reading.search.current)
        else:
            if not query:
                self.query_one(SearchBar).display = False
            self.leave_search()
        if query and self.brief is not None and not (ready and self.search_complete):
            self.start_search(query, complete=True, go=not ready)

    @on(SearchBar.Cancelled)
    def clear_search(self) -> None:
        self.workers.cancel_group(self, "search")
        self.reading.search.clear()
        self.refresh_bindings()
        for view in self.query(SectionView):
            view.show_matches([])
        self.query_one(SearchBar).display = False
        self.leave_search()

    def action_clear_search(self) -> None:
        self.clear_search()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002
        """Escape clears the search only while there is one; `/` and `c` type in the search field."""
        if action == "clear_search":
            return bool(self.reading.search.query_text)
        if action in ("search", "focus_claims"):
            return not isinstance(self.focused, Input)
        return True

    def leave_search(self) -> None:
        view = self.current_view or self.first_view
        if view is not None:
            view.focus()

    def action_next_match(self, step: int) -> None:
        query = self.reading.search.query_text
        if self.brief is None and query:
            self.notify("Still loading the brief: the search runs when it is done.", severity="warning")
            return
        if query and not self.reading.search.ready:
            self.notify("Still searching: the cursor goes to the match when it is found.", severity="warning")
            return
        if not self.matches:
            self.notify("No search: press / to search.", severity="warning")
            return
        match = self.reading.search.step(step)
        self._count()
        self._show_match(match)

    def _show_match(self, match: Match) -> None:
        """Put the cursor on a match's sentence; the column switches to its section if none shows it."""
        section = self.loader.section_by_id(match.section_id)
        view = self.view_showing(section) if section else None
        if view is None:
            return
        if match.sentence >= 0:
            view.move_to(match.sentence)
        view.focus()

    def action_copy_sentence(self) -> None:
        """Copy the sentence under the cursor with where it is from and the claims it cites."""
        view = self.focused_view() or self.current_view
        sentence = view.current if view is not None else None
        if view is None or sentence is None:
            self.notify("No sentence here to copy.", severity="warning")
            return
        text = view.section.text[sentence.start : sentence.end]
        quoted = quotation(text, self.loader.title, view.section.title, sentence.claim_ids, self.loader.claim_numbers)
        self.app.copy_to_clipboard(quoted)
        self.notify("Sentence copied, with its brief, section and claims.", timeout=3)

    @on(SectionView.CursorMoved)
    def follow_cursor(self, event: SectionView.CursorMoved) -> None:
        """The sidebar marks the claims the sentence under the cursor cites, once the cursor rests.

        Waiting FOLLOW_DELAY keeps a key to one small repaint (the sentence left and the
        one reached) and lets a held `j` run without redrawing the sidebar at every step.
        """
        if self.reading.position.moved(self.reading_state()):  # never before the saved state was read
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
