"""A large library stays linear and responsive; a locked or hostile notes store never empties it."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tui.app import BriefingApp
from tui.core.library import Entry, known_notes
from tui.core.notes import access as notes_module
from tui.core.notes.access import Notes
from tui.core.notes.annotation import brief_key
from tui.core.notes.store import STORE_FILE, Store
from tui.screens import library as library_screen
from tui.screens.library import LibraryScreen

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until

KEY = brief_key("north-korean-troops-in-russia", BUNDLED_BRIEF)
NESTED = "[" * 100_000  # deeper than Python recurses: json.loads raises RecursionError


def many(folder: Path, count: int) -> Path:
    """`count` empty markdown files: read with `quick_read`, they cost the scan next to nothing."""
    for number in range(count):
        (folder / f"b{number:05}.md").touch()
    return folder


def quick_read(path: Path) -> Entry:
    """An entry without parsing: what is left of a scan's time is the library's own work."""
    return Entry(path, path.stem, claims=1, key=f"id:{path.stem}")


def notifications(app: BriefingApp) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def scan(folder: Path, *, read: Callable[[Path], Entry] = quick_read, wait: float = 120) -> float:
    """Seconds from showing the library of `folder` until every brief in it is listed."""
    count = len(list(folder.iterdir()))
    app = BriefingApp(library=[folder.parent / "none"])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = LibraryScreen([folder], read=read)
        started = time.monotonic()
        await app.push_screen(screen)
        while not (screen.scanned and len(screen.entries) == count) and time.monotonic() - started < wait:
            await asyncio.sleep(0.01)
        taken = time.monotonic() - started
        assert (screen.scanned, len(screen.entries), len(screen.shown)) == (True, count, count)
        await pilot.pause()
    return taken


async def test_listing_four_times_the_briefs_takes_about_four_times_as_long(tmp_path: Path) -> None:
    """Each brief read posted a copy of the whole list, and every refill rebuilt every option:
    5,000 briefs were never all listed (2,145 after 30 s, no more after 60 s)."""
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir()
    large.mkdir()
    many(small, 1_000)
    many(large, 4_000)
    await scan(small)  # warm up: imports, first layout
    one = await scan(small)
    four = await scan(large, wait=max(60.0, 40 * one))
    assert four < 12 * one + 1.0, f"1,000 briefs listed in {one:.2f}s, 4,000 in {four:.2f}s"


async def test_the_list_is_filled_in_linearly_each_prompt_made_about_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting the work, not the time: each brief's prompt is made about once per scan (once as
    read, once more when the notes are counted), not again at every refill of the list."""
    made = 0
    prompt = library_screen.entry_prompt

    def counted(item: Entry, folders: Sequence[Path] = ()) -> object:
        nonlocal made
        made += 1
        return prompt(item, folders)

    monkeypatch.setattr(library_screen, "entry_prompt", counted)
    await scan(many(tmp_path, 2_000))
    assert made <= 3 * 2_000 + 100


async def test_a_key_is_handled_while_many_briefs_are_being_read(tmp_path: Path) -> None:
    """`/` did not show the filter within 10 s during the scan of 5,000 briefs, and `q` took 21 s.

    A guard: on this machine main handled a key posted mid-scan in 0.01-0.34 s too (the failures
    there are the quadratic ones above), so this does not fail on the old code."""

    def slowish(path: Path) -> Entry:
        time.sleep(0.002)  # a scan of some seconds, so that the key comes in the middle of it
        return quick_read(path)

    many(tmp_path, 1_500)
    app = BriefingApp(library=[tmp_path.parent / "none"])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = LibraryScreen([tmp_path], read=slowish)
        await app.push_screen(screen)
        while len(screen.entries) < 200:
            await asyncio.sleep(0.01)
        # Posted as a terminal would, not with Pilot's press: that waits for the whole process to
        # be idle, which it is not while briefs are read.
        app.post_message(events.Key("slash", "/"))
        field = screen.query_one("#library-filter", Input)
        while not field.has_focus and not screen.scanned:
            await asyncio.sleep(0.005)
        read_by_then = len(screen.entries)
        assert field.has_focus
        assert field.display
        assert not screen.scanned, "the key waited for the whole scan"
        assert read_by_then < 1_500
        app.post_message(events.Key("escape", None))
        while not screen.scanned:
            await asyncio.sleep(0.01)
        await pilot.pause()
        assert len(screen.entries) == 1_500


def test_the_notes_are_counted_once_per_scan_not_once_per_brief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A count over every note, once per brief: 4.9 s for 300 briefs with 200,000 notes stored."""
    asked: list[str] = []
    counts, states = Store.counts, Store.reading_states

    def counting(self: Store) -> dict[str, int]:
        asked.append("counts")
        return counts(self)

    def reading(self: Store) -> dict[str, dict[str, object]]:
        asked.append("states")
        return states(self)

    monkeypatch.setattr(Store, "counts", counting)
    monkeypatch.setattr(Store, "reading_states", reading)
    store = Notes(tmp_path / STORE_FILE)
    store.save_reading_state("id:b00001", {"at": "Part"})
    (tmp_path / "briefs").mkdir()
    entries = [quick_read(path) for path in sorted(many(tmp_path / "briefs", 300).iterdir())]
    known = known_notes(store)
    assert sorted(asked) == ["counts", "states"]
    assert [known.apply(item).at for item in entries[:3]] == ["", "Part", ""]
    asked.clear()
    assert [item.at for item in store.with_notes(entries)][:2] == ["", "Part"]
    assert sorted(asked) == ["counts", "states"]
    store.close()


@pytest.fixture
def locked_store(tmp_path: Path) -> Iterator[Path]:
    """A notes store with a note, held locked by another program until the test ends."""
    path = tmp_path / STORE_FILE
    notes = Notes(path)
    notes.save_reading_state(KEY, {"at": "Motives"})
    notes.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        yield path
    finally:
        holder.rollback()
        holder.close()


async def test_a_locked_store_is_asked_once_and_the_briefs_listed_without_counts(
    tmp_path: Path, locked_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each brief's count and reading state waited out the busy timeout: six briefs took 64 s to list."""
    opened = 0
    open_store = notes_module.open_store

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal opened
        opened += 1
        # Waiting out the lock once is all this counts: a short wait will do (5 s by default).
        return open_store(*args, **{"timeout": 0.5, **kwargs})  # type: ignore[arg-type]

    monkeypatch.setattr(notes_module, "open_store", counting)
    folder = tmp_path / "briefs"
    folder.mkdir()
    for number in range(6):
        shutil.copy(BUNDLED_BRIEF, folder / f"b{number}.md")
    app = BriefingApp(library=[folder], store=locked_store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        # Scanned, and the notice it posts then shown (the app takes it a message later).
        await until(pilot, lambda: screen.scanned and notifications(app), timeout=40)
        assert screen.scanned
        assert [(item.notes, item.at) for item in screen.entries] == [(0, "")] * 6
        said = [text for text in notifications(app) if text.startswith("Notes could not be read")]
        assert said == ["Notes could not be read: the notes store is locked by another program"]
    assert opened == 1


def bad_state(path: Path, text: str) -> None:
    """A reading state as another program might have written it."""
    Notes(path).store().close()
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO reading_state (brief, state, updated) VALUES (?, ?, '')", (KEY, text))


def test_a_reading_state_nested_too_deep_reads_as_none(tmp_path: Path) -> None:
    bad_state(tmp_path / STORE_FILE, NESTED)
    with Store(tmp_path / STORE_FILE) as store:
        assert store.reading_state(KEY) == {}
        assert store.reading_states() == {}


async def test_the_library_lists_its_briefs_despite_a_reading_state_nested_too_deep(tmp_path: Path) -> None:
    """The RecursionError killed the scan's thread: the library showed no briefs at all, for good."""
    bad_state(tmp_path / STORE_FILE, NESTED)
    app = BriefingApp(library=[BUNDLED_BRIEF.parent], store=tmp_path / STORE_FILE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await until(pilot, lambda: screen.scanned)
        assert [(item.path, item.claims, item.at) for item in screen.entries] == [(BUNDLED_BRIEF, 35, "")]


async def test_an_unexpected_error_from_the_notes_lists_the_briefs_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Store) -> dict[str, int]:
        raise RuntimeError("a bug [in] the store")

    monkeypatch.setattr(Store, "counts", broken)
    app = BriefingApp(library=[BUNDLED_BRIEF.parent], store=tmp_path / STORE_FILE)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await until(pilot, lambda: screen.scanned and notifications(app))  # the notice comes a message later
        assert [item.claims for item in screen.entries] == [35]
        assert "Notes could not be read: RuntimeError: a bug [in] the store" in notifications(app)


async def test_an_unexpected_error_in_the_scan_keeps_what_was_read_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> Iterator[tuple[int, Entry]]:
        yield 0, quick_read(tmp_path / "first.md")
        raise RuntimeError("a bug")

    monkeypatch.setattr(library_screen, "read_each", broken)
    app = BriefingApp(library=[tmp_path])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await until(pilot, lambda: screen.scanned and notifications(app))  # the notice comes a message later
        assert [item.title for item in screen.entries] == ["first"]
        assert "The library could not be read to the end: RuntimeError: a bug" in notifications(app)
