"""The notes browser (`F`): every note of every brief, searched as you type, listed a page at a time; enter
opens the brief at the note.

The list holds the pages asked for so far (PAGE rows each, the next asked for as the
cursor nears the end), never every note: 100,000 options would take seconds to build.
Every store call runs in a thread worker; an answer for a query typed over since is dropped
(`Listing.version`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, Protocol, runtime_checkable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui.core.library import Entry
from tui.core.notes.access import Notes, SearchCancelled, SearchPage
from tui.core.notes.annotation import COLOURS, Annotation
from tui.core.notes.browsing import (
    AHEAD,
    LISTED_AT_MOST,
    ORDER_SAID,
    PAGE,
    Brief,
    Listing,
    brief_name,
    briefs_by_key,
    count_line,
    local_date,
    next_order,
    short,
    with_colour,
    with_tag,
)
from tui.core.notes.note_query import Order, parse
from tui.core.notes.orphans import Orphans, find_orphans
from tui.core.notes.store_errors import StoreError
from tui.screens.store_calls import in_store
from tui.widgets.key_bar import KeyBar
from tui.widgets.note_rows import Found, NoteRows, header_row, note_row

TYPING_PAUSE = 0.15  # seconds without a key before a query typed is searched
PLACEHOLDER = 'words, "a phrase", #tag, colour:blue, brief:ID, section:ID, since:7d, until:2026-11, is:orphan'


def library_briefs(entries: Iterable[Entry]) -> dict[str, Brief]:
    """The library's briefs by key, as the browser names and opens them (one that cannot be read is left out)."""
    listed = (item for item in entries if not item.superseded and not item.refused and not item.reading)
    return briefs_by_key((item.key, item.title, item.path) for item in listed)


def tag_row(tag: str, count: int, width: int) -> Content:
    """A tag in the tag list: how many notes have it (right-aligned in `width`), and the tag."""
    return Content.assemble((f"{count:,}".rjust(width), "$text-muted"), " ", (f"#{short(tag, 40)}", "$text-accent"))


@runtime_checkable
class ListsBriefs(Protocol):
    """A screen that lists the library's briefs (the library: not imported here, it imports the reader)."""

    def library_entries(self) -> list[Entry]: ...

    def library_read(self) -> bool:
        """Whether every brief of the library has been read (1,000 briefs take seconds)."""
        ...


def library_below(screen: Screen[Any]) -> ListsBriefs | None:
    """The library under `screen` in the app's screens, if the app was started with one."""
    return next((below for below in reversed(screen.app.screen_stack) if isinstance(below, ListsBriefs)), None)


def briefs_below(screen: Screen[Any]) -> dict[str, Brief]:
    """The briefs of the library under `screen` in the app's screens, if the app was started with one."""
    library = library_below(screen)
    return library_briefs(library.library_entries()) if library is not None else {}


class QueryField(Input):
    """The search field: enter searches now and goes back to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, before the field's own enter (whose message came after the keys typed right after it).
        Binding("enter", "screen.to_list", "Back to the list", id="browser.field.done", priority=True),
    ]


def note_id(hit: Found) -> str:
    return hit.note.id


@dataclass(frozen=True, slots=True)
class Chosen:
    """The note enter was pressed on, and its brief's file (the library's)."""

    note: Annotation
    path: Path


class NotesBrowser(Screen[Chosen | None]):
    """Find any note in any brief. Closed with the note chosen (its brief in the library), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, as the reader's: "/kursk" typed at once must reach the field, not run `k` in the list.
        Binding("slash", "search", "Search", id="browser.search", priority=True),
        Binding("o", "order", "Order", id="browser.order"),
        Binding("t", "tags", "Tags", id="browser.tags"),
        Binding("c", "colour", "Colour filter", id="browser.colour"),
        Binding("escape", "escape", "Clear the search or close", id="browser.escape"),
        Binding("q", "close", "Close", id="browser.close"),
        Binding("j", "cursor(1)", "Next note", show=False, id="browser.next"),
        Binding("k", "cursor(-1)", "Previous note", show=False, id="browser.previous"),
        Binding("G", "last", "Last note", show=False, id="browser.last"),
        Binding("g", "first", "First note", show=False, id="browser.first"),
    ]

    def __init__(
        self,
        notes: Notes,
        briefs: Mapping[str, Brief],
        *,
        here: str = "",
        section_titles: Mapping[str, str] | None = None,
        typed: str = "",
    ) -> None:
        """Every note in `notes`; `briefs` names and finds each brief by key (the library's); `here`, the
        brief of the reader it was opened from, whose `section_titles` are known; `typed`, a query to start with."""
        super().__init__()
        self.notes = notes
        self.briefs = briefs
        self.here = here
        self.section_titles = section_titles or {}
        self.listing: Listing[Found] = Listing()
        last = notes.last_browsed
        if not typed and last is not None:  # opened again: where it was left
            typed = last[0]
            self.listing.order = next((order for order in Order if order.value == last[1]), Order.BEST)
        self.start_typed = typed
        self.total: int | None = None  # every note, counted once
        self.rows: list[int | None] = []  # by option: the hit it shows, None for a brief's heading
        self.last_brief = ""  # the brief of the last row listed (by brief: a heading before another's)
        self.orphans: Orphans | None = None  # found once, for `is:orphan`
        self.finding_orphans = False
        self.pause: Timer | None = None  # the typing pause before a search
        self.said: set[str] = set()  # notices given once (a plain scan, rows skipped)
        self.checked = False  # the index is checked once the first page is shown
        self.to_last = False  # `G`: go to the last row once every page asked for is listed
        self.tag_names: list[str] = []  # the tags listed, by option

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("Notes of every brief", "bold $foreground"), id="browser-title")
        yield QueryField(value=self.start_typed, placeholder=PLACEHOLDER, id="browser-field")
        yield Static(id="browser-problems", markup=False)
        with Horizontal(id="browser-body"):
            yield NoteRows(id="browser-list")
            yield OptionList(id="browser-tags")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#browser-problems", Static).display = False
        self.query_one("#browser-tags", OptionList).display = False
        self.set_focus(self.query_one("#browser-list", NoteRows))
        if self.notes.path is None:
            self.say_status("No notes are kept (no notes store).")
            return
        self.run_query(self.start_typed)

    # Querying

    def run_query(self, typed: str) -> None:
        """A new query (typed, or the order changed): the list emptied, its first page and count asked for."""
        version = self.listing.start(typed)
        self.rows, self.last_brief, self.to_last = [], "", False
        self.query_one("#browser-list", NoteRows).clear_options()
        problems = self.listing.parsed.problems
        shown = self.query_one("#browser-problems", Static)
        shown.update(Content.styled(short("; ".join(problems), 400), "$text-warning"))
        shown.display = bool(problems)
        if self.listing.parsed.query.orphans and self.orphans is None:
            self.find_orphans_first()
            return
        self.ask_page(version)  # the count once the first page is in: the store answers one call at a time

    def ask_page(self, version: int, want: int = PAGE) -> None:
        asked = self.listing.next_page(want)
        if asked is None:
            return
        offset, limit = asked
        query = self.listing.query(self.orphans.ids if self.orphans else None)
        # Stopped once typed over: the store then answers the next search, not this one first.
        call = partial(self.notes.search, query, offset=offset, limit=limit, cancelled=self.typed_over(version))
        in_store(
            self,
            call,
            lambda page: self.page_came(version, (offset, limit), page),
            lambda error: self.store_failed(version, error),
            group="browser-page",
        )

    def briefs_again(self) -> None:
        """The library's briefs as it lists them now (it may have read more since the browser opened)."""
        self.briefs = {**self.briefs, **briefs_below(self)}

    def typed_over(self, version: int) -> Callable[[], bool]:
        """Whether the query of `version` has been typed over (asked from the store's thread)."""
        return lambda: self.listing.version != version

    def page_came(self, version: int, asked: tuple[int, int], page: SearchPage) -> None:
        """A page answered: its rows listed (if its query is still the one typed); a plain scan and rows
        that could not be read said once."""
        offset, limit = asked
        added = self.listing.take(version, offset, list(page.hits), asked=limit, rows=page.rows, key=note_id)
        notice, skipped = page.notice, page.skipped.notice()
        if added is None or not self.is_attached:
            return
        said = [text for text in (notice, skipped) if text]
        for text in said:
            if text not in self.said:
                self.said.add(text)
                self.notify(text, severity="warning", timeout=10, markup=False)
        self.show_rows(added)
        if offset == 0:
            self.ask_count(version)
        if not self.checked:
            self.checked = True
            in_store(self, self.check_index, self.index_checked, lambda _: None, group="browser-index")
        if self.to_last:
            if self.listing.done or len(self.listing.hits) >= LISTED_AT_MOST:
                self.go_last()
            else:
                self.ask_page(version, LISTED_AT_MOST - len(self.listing.hits))

    def show_rows(self, added: list[Found]) -> None:
        """Add the rows of a page (by brief: a heading before each brief's first note)."""
        options = self.query_one("#browser-list", NoteRows)
        by_brief = self.listing.order is Order.BRIEF
        made: list[Option] = []
        for number, hit in enumerate(added, start=len(self.listing.hits) - len(added)):
            note = hit.note
            name = brief_name(note.brief, self.briefs)
            if by_brief and note.brief != self.last_brief:
                made.append(Option(header_row(name, note.brief), disabled=True))
                self.rows.append(None)
            self.last_brief = note.brief
            section = self.section_titles.get(note.anchor.section) if note.brief == self.here else None
            made.append(Option(note_row(hit, name, short(section or note.anchor.section), local_date(note.updated))))
            self.rows.append(number)
        if made:
            options.add_options(made)
        if options.highlighted is None and self.rows:
            options.highlighted = self.first_note_row()
        if not self.listing.hits and self.listing.done:
            said = (
                "No note matches."
                if self.listing.filtered
                else "No notes yet: m highlights a sentence, a writes a note."
            )
            options.add_option(Option(Content.styled(said, "italic $text-muted"), disabled=True))
        self.show_count()

    def first_note_row(self) -> int:
        return next((row for row, hit in enumerate(self.rows) if hit is not None), 0)

    def ask_count(self, version: int) -> None:
        query = self.listing.query(self.orphans.ids if self.orphans else None)

        def counted(found: int) -> None:
            if version == self.listing.version:
                self.listing.found = found
                self.show_count()

        call = partial(self.notes.count_found, query, cancelled=self.typed_over(version))
        in_store(self, call, counted, lambda _: None, group="browser-count")
        if self.total is None:

            def all_counted(total: int) -> None:
                self.total = total
                self.show_count()

            call = partial(self.notes.count_found, parse("").query)
            in_store(self, call, all_counted, lambda _: None, group="browser-total")

    def show_count(self) -> None:
        listing = self.listing
        found = listing.found if listing.filtered else self.total
        line = count_line(found, self.total, listing.filtered)
        more = ""
        if found is not None and len(listing.hits) < found:
            more = f" · {len(listing.hits):,} listed"
        # "best first" without words is newest first: said as it is (a trial read "best" of an unranked list).
        ranked = listing.order is not Order.BEST or listing.parsed.query.has_text
        title = f"Notes of every brief: {line} · {ORDER_SAID[listing.order if ranked else Order.NEWEST]}{more}"
        self.query_one("#browser-title", Static).update(Content.styled(title, "bold $foreground"))

    def say_status(self, said: str) -> None:
        self.query_one("#browser-title", Static).update(Content.styled(said, "bold $foreground"))

    def store_failed(self, version: int, error: StoreError) -> None:
        self.listing.failed(version)
        if isinstance(error, SearchCancelled):  # typed over: the search typed since is on its way
            return
        said = str(error)
        self.notify(said[:1].upper() + said[1:], severity="error", markup=False)

    def check_index(self) -> str | None:
        """Check the search index once a session (0.45 s at 100,000 notes, the store held meanwhile): the
        first browser opened checks it, the next ones do not (nor does a search once it is checked)."""
        # Without FTS5's own check (1.2 s more at 100,000 notes, the store held): a search it would have
        # saved fails, and then has it run.
        return None if self.notes.store().index_checked else self.notes.check_index(structure=False)

    def index_checked(self, said: str | None) -> None:
        if said is not None:
            self.notify(f"The notes' search index: {said}", severity="warning", timeout=10, markup=False)

    # is:orphan

    def find_orphans_first(self) -> None:
        """Find which notes lost their place (each brief with notes read again), then list them."""
        if self.finding_orphans:
            return
        library = library_below(self)
        if library is not None and not library.library_read():
            # Its briefs not yet listed would count as missing, their notes as orphans (an attack: 70,600 of 2,000).
            self.say_status("The library is still being read: is:orphan can be asked once it is.")
            return
        self.finding_orphans = True
        self.briefs_again()
        paths = {key: brief.path for key, brief in self.briefs.items() if brief.path is not None}
        self.say_status("Finding the notes that lost their place…")
        self.run_worker(partial(self.orphans_worker, paths), group="browser-orphans", thread=True, exit_on_error=False)

    def orphans_worker(self, paths: dict[str, Path]) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            said = f"Finding the notes that lost their place: checking {done:,} of {total:,} briefs…"
            self.app.call_from_thread(self.say_status, said)

        try:
            found = find_orphans(self.notes, paths, progress=progress, cancelled=lambda: worker.is_cancelled)
        except StoreError as exc:
            self.app.call_from_thread(self.store_failed, self.listing.version, exc)
            return
        if found is not None:
            self.app.call_from_thread(self.orphans_found, found)

    def orphans_found(self, found: Orphans) -> None:
        self.finding_orphans = False
        self.orphans = found
        missing = len(found.briefs_missing) + len(found.briefs_unreadable)
        if missing:
            briefs = f"{missing:,} brief{'s' * (missing != 1)}"
            said = f"The notes of {briefs} not in the library (or unreadable) count as lost."
            self.notify(said, timeout=6)
        if self.listing.parsed.query.orphans:
            self.run_query(self.listing.typed)

    # Keys

    @on(Input.Changed, "#browser-field")
    def typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.pause is not None:
            self.pause.stop()
        self.pause = self.set_timer(TYPING_PAUSE, partial(self.typing_paused, event.value))

    def typing_paused(self, typed: str) -> None:
        if typed != self.listing.typed and self.notes.path is not None:
            self.run_query(typed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002
        """`/` is typed in the search field (it is a word's character there), not its key."""
        if action == "search":
            return not isinstance(self.focused, Input)
        return True

    def action_to_list(self) -> None:
        """Enter in the field: its query searched now (no pause), and back to the list."""
        self.typing_paused(self.query_one("#browser-field", Input).value)
        self.set_focus(self.query_one("#browser-list", NoteRows))

    def action_search(self) -> None:
        """To the field, its query selected: typed over, as in the reader (`end` or an arrow keeps it)."""
        field = self.query_one("#browser-field", Input)
        # At once, not after the keys already queued (as focus() would): see the binding.
        self.set_focus(field)
        field.select_all()

    def action_escape(self) -> None:
        """In the field: back to the list; a query typed is cleared next; then the browser closes."""
        field = self.query_one("#browser-field", Input)
        tags = self.query_one("#browser-tags", OptionList)
        if tags.display:
            tags.display = False
            self.set_focus(self.query_one("#browser-list", NoteRows))
        elif field.has_focus:
            self.set_focus(self.query_one("#browser-list", NoteRows))
        elif field.value:
            field.value = ""
            self.typing_paused("")
        else:
            self.close(None)

    def action_close(self) -> None:
        self.close(None)

    def close(self, chosen: Chosen | None) -> None:
        """Close, the query and order kept for the next opening (a trial retyped its search after each note)."""
        self.notes.last_browsed = (self.query_one("#browser-field", Input).value, self.listing.order.value)
        self.dismiss(chosen)

    def action_order(self) -> None:
        """Best first, newest first, by brief (a heading per brief), in turn."""
        order = next_order(self.listing.order)
        self.listing.order = order
        if self.notes.path is not None:
            self.run_query(self.query_one("#browser-field", Input).value)
        self.notify(f"Listed {ORDER_SAID[order]}.", timeout=2)

    def action_colour(self) -> None:
        """Only the notes of the next colour (after the last: every colour), as `colour:` in the query."""
        field = self.query_one("#browser-field", Input)
        field.value = with_colour(field.value, COLOURS)
        self.typing_paused(field.value)

    def action_cursor(self, step: int) -> None:
        tags = self.query_one("#browser-tags", OptionList)
        if tags.has_focus:  # j / k move in the tag list as in every list
            tags.action_cursor_down() if step > 0 else tags.action_cursor_up()
            return
        options = self.query_one("#browser-list", NoteRows)
        if not self.rows:
            return
        row = options.highlighted if options.highlighted is not None else -step
        row = min(max(row + step, 0), len(self.rows) - 1)
        while 0 <= row < len(self.rows) and self.rows[row] is None:  # over a brief's heading
            row += 1 if step > 0 else -1
        if 0 <= row < len(self.rows):
            options.highlighted = row

    def action_first(self) -> None:
        if self.rows:
            self.query_one("#browser-list", NoteRows).highlighted = self.first_note_row()

    def action_last(self) -> None:
        """The last note found: the pages not listed yet are asked for first (LISTED_AT_MOST rows at most)."""
        listing = self.listing
        if listing.done or len(listing.hits) >= LISTED_AT_MOST:
            self.go_last()
            return
        self.to_last = True
        if not listing.asking:
            self.ask_page(listing.version, LISTED_AT_MOST - len(listing.hits))

    @on(NoteRows.WantLast)
    def want_last(self) -> None:
        self.action_last()

    def go_last(self) -> None:
        self.to_last = False
        if self.rows:
            self.query_one("#browser-list", NoteRows).highlighted = len(self.rows) - 1
        if not self.listing.done:
            said = f"The first {LISTED_AT_MOST:,} notes are listed: type words or filters to narrow the search."
            self.notify(said, timeout=6)

    @on(OptionList.OptionHighlighted, "#browser-list")
    def near_the_end(self, event: OptionList.OptionHighlighted) -> None:
        """The next page asked for as the cursor nears the end of those listed."""
        if event.option_index >= len(self.rows) - AHEAD and len(self.listing.hits) < LISTED_AT_MOST:
            self.ask_page(self.listing.version)

    @on(OptionList.OptionSelected, "#browser-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_row(event.option_index)

    def open_row(self, row: int) -> None:
        """Close on the note, if its brief is in the library (the caller opens it there); else say so."""
        number = self.rows[row] if 0 <= row < len(self.rows) else None
        if number is None:
            return
        note = self.listing.hits[number].note
        if note.brief not in self.briefs:  # opened before the library had read it: asked again
            self.briefs_again()
        brief = self.briefs.get(note.brief)
        if brief is None or brief.path is None:
            said = f"This note's brief ({short(note.brief)}) is not in the library: it cannot be opened here."
            self.notify(said, severity="warning", markup=False)
            return
        self.close(Chosen(note, brief.path))

    # Tags

    def action_tags(self) -> None:
        """The tags and how many notes have each; enter adds one to the query."""
        tags = self.query_one("#browser-tags", OptionList)
        if tags.display:
            tags.display = False
            self.set_focus(self.query_one("#browser-list", NoteRows))
            return
        tags.display = True
        self.set_focus(tags)
        if self.notes.path is not None:
            in_store(self, self.notes.tag_counts, self.show_tags, lambda _: None, group="browser-tags")

    def show_tags(self, counted: list[tuple[str, int]]) -> None:
        tags = self.query_one("#browser-tags", OptionList)
        tags.clear_options()
        self.tag_names = [tag for tag, _ in counted]
        if not counted:
            tags.add_option(Option(Content.styled("No tags yet.", "italic $text-muted"), disabled=True))
            return
        width = max(len(f"{count:,}") for _, count in counted)
        tags.add_options(
            Option(
                Content.assemble(
                    (f"{count:,}".rjust(width), "$text-muted"), " ", (f"#{short(tag, 40)}", "$text-accent")
                )
            )
            for tag, count in counted
        )
        tags.highlighted = 0

    @on(OptionList.OptionSelected, "#browser-tags")
    def tag_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index >= len(self.tag_names):
            return
        field = self.query_one("#browser-field", Input)
        field.value = with_tag(field.value, self.tag_names[event.option_index])
        self.query_one("#browser-tags", OptionList).display = False
        self.set_focus(self.query_one("#browser-list", NoteRows))
        self.typing_paused(field.value)
