"""The user's copy of a bundled brief (made by the reader's E) takes its place: listed alone, found by its id."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from tui.app import BriefingApp
from tui.cli.check import check
from tui.cli.named import Unresolved, brief_with_id
from tui.core.library import Entry, superseded, with_own_copies, with_sharing
from tui.paths import bundled_briefs_dir, library_paths, user_briefs_dir
from tui.screens.library import entry_prompt

from .conftest import BUNDLED_BRIEF
from .test_library import wait_for_entries

BRIEF_ID = "north-korean-troops-in-russia"
BUNDLED, OWN = Path("/app/briefs"), Path("/data/briefs")


def own_copy(name: str = BUNDLED_BRIEF.name) -> Path:
    """A copy of the bundled brief in the user's briefs folder (a temporary one: see conftest)."""
    folder = user_briefs_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(BUNDLED_BRIEF, folder / name))


def test_a_bundled_brief_whose_id_a_brief_of_the_users_folder_has_is_superseded() -> None:
    bundled, copy, other = BUNDLED / "x.md", OWN / "x.md", BUNDLED / "y.md"
    assert superseded([(bundled, "id:x"), (copy, "id:x"), (other, "id:y")], BUNDLED, OWN) == {bundled}
    assert superseded([(bundled, "id:x"), (OWN / "sub" / "renamed.md", "id:x")], BUNDLED, OWN) == {bundled}


def test_nothing_else_is_superseded() -> None:
    two_own = [(OWN / "a.md", "id:x"), (OWN / "b.md", "id:x")]
    assert superseded(two_own, BUNDLED, OWN) == set()  # two of the user's own: they share, as before
    elsewhere = [(BUNDLED / "x.md", "id:x"), (Path("/elsewhere/x.md"), "id:x")]
    assert superseded(elsewhere, BUNDLED, OWN) == set()  # a copy outside the user's folder is not the user's copy
    by_path = [(BUNDLED / "x.md", "path:/app/briefs/x.md"), (OWN / "x.md", "path:/app/briefs/x.md")]
    assert superseded(by_path, BUNDLED, OWN) == set()  # only ids are shared
    assert superseded([(BUNDLED / "x.md", "id:x"), (BUNDLED / "y.md", "id:x")], BUNDLED, BUNDLED) == set()


def test_a_superseded_entry_shares_its_id_with_none() -> None:
    entries = [
        Entry(BUNDLED / "x.md", "X", key="id:x"),
        Entry(OWN / "x.md", "X", key="id:x"),
        Entry(OWN / "y.md", "Y", key="id:y"),
    ]
    marked = with_sharing(with_own_copies(entries, BUNDLED, OWN))
    assert [item.superseded for item in marked] == [True, False, False]
    assert [item.shared_with for item in marked] == [(), (), ()]
    assert marked[2] is entries[2]  # unchanged: the same object


async def test_the_library_lists_the_users_copy_alone_without_a_shared_id_warning() -> None:
    copy = own_copy()
    app = BriefingApp(library=library_paths())
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await wait_for_entries(app, pilot)
        await pilot.pause()
        assert [item.path for item in screen.shown] == [copy]
        assert "same id" not in str(entry_prompt(screen.shown[0]))
        assert screen.query_one("#library-title").render().plain.startswith("Library: 1 brief,")  # type: ignore[attr-defined]


async def test_two_briefs_of_the_users_own_with_the_bundled_id_still_warn_of_each_other() -> None:
    first, second = own_copy(), own_copy("again.md")
    app = BriefingApp(library=library_paths())
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await wait_for_entries(app, pilot)
        await pilot.pause()
        assert sorted(item.path for item in screen.shown) == sorted([first, second])
        assert {item.path: item.shared_with for item in screen.shown} == {first: (second,), second: (first,)}


def test_the_id_names_the_users_copy_on_the_command_line() -> None:
    assert brief_with_id(BRIEF_ID, library_paths()) == (BUNDLED_BRIEF, "")  # no copy: the bundled brief
    copy = own_copy()
    assert brief_with_id(BRIEF_ID, library_paths()) == (copy, "")
    own_copy("again.md")
    with pytest.raises(Unresolved, match="2 briefs have the id"):
        brief_with_id(BRIEF_ID, library_paths())


def test_check_of_the_library_does_not_warn_that_the_copy_shares_the_bundled_briefs_id() -> None:
    own_copy()
    assert {bundled_briefs_dir(), user_briefs_dir()} == set(library_paths())
    out = io.StringIO()
    check(library_paths(), out, io.StringIO())
    assert "same id" not in out.getvalue()
