"""The library's rows (two lines, bounded, pictured, no machine path) and its orders, without the screen."""

from __future__ import annotations

from pathlib import Path

from tui.core.library import Entry, entry
from tui.core.library_rows import SORTS, TITLE_SHOWN, in_order, known_sort, next_sort, row_of, row_text
from tui.paths import bundled_briefs_dir, library_paths
from tui.screens.library import entry_prompt

from .conftest import BUNDLED_BRIEF


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
        "north-korean-troops-in-russia.md · 35 claims · #north-korea #russia #ukraine #nato #china #indo-pacific"
        " #sanctions"
    )
    shown = str(entry_prompt(item, folders))
    for machine in ("/root", "/tmp", "/work", "/home", "site-packages", str(Path(BUNDLED_BRIEF).parent)):
        assert machine not in shown
    # A brief outside every library folder and the home folder is the only one shown whole.
    assert row_of(item, [], home=Path("/elsewhere")).where.endswith("north-korean-troops-in-russia.md")
