"""The library's rows (two lines, bounded, pictured, no machine path) and its orders (`o`), kept in the settings."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from textual.widgets import OptionList

from tui.app import BriefingApp
from tui.core.library import Entry, entry
from tui.core.library_rows import SORTS, TITLE_SHOWN, in_order, known_sort, next_sort, row_of, row_text
from tui.core.notes.annotation import brief_key
from tui.core.notes.store import STORE_FILE, Store
from tui.paths import bundled_briefs_dir, library_paths
from tui.screens.library import LibraryScreen, entry_prompt

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until


def brief(folder: Path, name: str, title: str, date: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {title}\ndate: {date}\n---\n\n# {title}\n\nText.\n", encoding="utf-8")
    return path


def test_the_orders_cycle_and_a_saved_order_not_known_is_the_first() -> None:
    assert [next_sort(sort) for sort in SORTS] == ["title", "date", "last read", "file"]
    assert next_sort("nonsense") == "file"
    assert known_sort("date") == "date"
    assert known_sort("[bold]x") == "file"


def test_briefs_sort_by_title_date_and_last_read_those_without_last() -> None:
    entries = [
        Entry(Path("c.md"), "banana", date="2024-01", read="2026-01-02T00:00:00+00:00"),
        Entry(Path("a.md"), "Cherry", date="2025-06"),
        Entry(Path("b.md"), "apple", date="", read="2026-03-01T00:00:00+00:00"),
        Entry(Path("d.md"), "Apple", date="2025-06"),
    ]
    names = lambda by: [entries[place].path.name for place in in_order(entries, by)]  # noqa: E731
    assert names("file") == ["c.md", "a.md", "b.md", "d.md"]  # as the folders list them
    assert names("title") == ["b.md", "d.md", "c.md", "a.md"]  # any case; a tie by file
    assert names("date") == ["d.md", "a.md", "c.md", "b.md"]  # newest first, no date last
    assert names("last read") == ["b.md", "c.md", "d.md", "a.md"]  # latest first, never read last, by title


def test_a_row_is_two_lines_bounded_and_pictured_with_tags_claims_notes_and_last_section(tmp_path: Path) -> None:
    hostile = "T\x1b[31m" + "x" * 50_000
    item = Entry(
        tmp_path / "sub" / "b.md",
        hostile,
        date="2024-10\x07",
        tags=("a\x1bb", "y" * 10_000),
        claims=1,
        notes=3,
        at="Motives\n[bold]",
    )
    row = row_of(item, [tmp_path])
    text = row_text(row)
    assert text.count("\n") == 1
    assert len(row.title) == TITLE_SHOWN
    assert row.title.startswith("T␛[31mxxx")
    assert row.title.endswith("…")
    assert "\x1b" not in text
    assert "\x07" not in text
    assert text.split("\n")[1].startswith("sub/b.md · 1 claim · 3 notes · at Motives␤[bold] · #a␛b #yyy")
    assert text.endswith("y…")
    assert len(text) < 500
    shown = str(entry_prompt(item, [tmp_path]))  # the screen's row says the same, as plain text
    assert shown.count("\n") == 1
    assert "[bold]" in shown
    assert "\x1b" not in shown


def test_the_bundled_briefs_row_names_no_path_of_the_machine() -> None:
    """What a screenshot of the library shows of the bundled brief: its file name, its tags, no folder."""
    folders = library_paths()
    assert bundled_briefs_dir() in folders
    item = entry(BUNDLED_BRIEF)
    text = row_text(row_of(item, folders))
    assert text == (
        "North Korean troops in Russia   2024-10\n"
        "north-korean-troops-in-russia.md · 34 claims · #north-korea #russia #ukraine #nato #china #indo-pacific"
        " #sanctions"
    )
    shown = str(entry_prompt(item, folders))
    for machine in ("/root", "/tmp", "/work", "/home", "site-packages", str(Path(BUNDLED_BRIEF).parent)):
        assert machine not in shown
    # A brief outside every library folder and the home folder is the only one shown whole.
    assert row_of(item, [], home=Path("/elsewhere")).where.endswith("north-korean-troops-in-russia.md")


def highlighted(screen: LibraryScreen) -> str:
    options = screen.query_one("#library-list", OptionList)
    assert options.highlighted is not None
    return screen.shown[options.highlighted].path.name


async def test_o_sorts_by_title_date_and_last_read_keeping_the_highlight_and_the_choice(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    folder.mkdir()
    brief(folder, "a.md", "Zulu", "2023-01")
    brief(folder, "b.md", "alpha", "2025-05")
    brief(folder, "c.md", "Mike", "2024-02")
    store = tmp_path / STORE_FILE
    with Store(store) as opened:
        opened.save_reading_state(brief_key(None, folder / "a.md"), {"at": "Zulu"})
    settings = tmp_path / "settings.json"
    app = BriefingApp(library=[folder], store=store, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await until(pilot, lambda: len(screen.entries) == 3 and screen.scanned)
        names = lambda: [item.path.name for item in screen.shown]  # noqa: E731
        assert names() == ["a.md", "b.md", "c.md"]
        assert "sorted by file" in str(screen.query_one("#library-title").render())
        await pilot.press("j", "j")
        assert highlighted(screen) == "c.md"
        await pilot.press("o")
        assert names() == ["b.md", "c.md", "a.md"]
        assert highlighted(screen) == "c.md"  # the same brief, at its new place
        assert "sorted by title (o: another order)" in str(screen.query_one("#library-title").render())
        await pilot.press("o")
        assert names() == ["b.md", "c.md", "a.md"]  # newest first
        await pilot.press("o")
        assert names()[0] == "a.md"  # the one read
        assert highlighted(screen) == "c.md"
        await until(pilot, lambda: settings.exists() and "last read" in settings.read_text(encoding="utf-8"))
        # Separators between briefs, and two lines for each.
        options = screen.query_one(OptionList)
        assert all(options.get_option_at_index(n)._divider for n in range(options.option_count))
    assert json.loads(settings.read_text(encoding="utf-8"))["library-sort"] == "last read"
    again = BriefingApp(library=[folder], store=store, settings=settings)
    async with again.run_test(size=(120, 40)) as pilot:
        screen = again.screen
        assert isinstance(screen, LibraryScreen)
        await until(pilot, lambda: screen.scanned and screen.sort == "last read")
        await until(pilot, lambda: [item.path.name for item in screen.shown][:1] == ["a.md"])


async def test_the_o_key_is_in_the_footer(tmp_path: Path) -> None:
    shutil.copy(BUNDLED_BRIEF, tmp_path / "troops.md")
    app = BriefingApp(library=[tmp_path])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        keys = {binding.key for _, binding, enabled, _ in app.active_bindings.values() if binding.show}
        assert "o" in keys
