"""Two brief files with one front-matter id share their notes (notes follow the id, so a renamed file keeps
them): the library marks each, and `briefing check` on a folder says so."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from textual.widgets import OptionList

from tui.app import BriefingApp
from tui.cli.check import check
from tui.core.library import Entry, reader_notice, same_id_notice, sharing, sharing_with, with_sharing
from tui.screens.library import entry_prompt
from tui.screens.reader import ReaderScreen

from .conftest import BUNDLED_BRIEF
from .helpers.waiting import until
from .test_library import wait_for_entries
from .test_reader_notes import notices


def two_copies(folder: Path) -> Path:
    """A folder with the bundled brief twice (one id), and a brief of its own id."""
    shutil.copy(BUNDLED_BRIEF, folder / "troops.md")
    shutil.copy(BUNDLED_BRIEF, folder / "troops-copy.md")
    text = BUNDLED_BRIEF.read_text(encoding="utf-8").replace("id: north-korean-troops-in-russia", "id: other", 1)
    (folder / "other.md").write_text(text, encoding="utf-8")
    return folder


def test_briefs_sharing_an_id_each_name_the_others_and_a_lone_one_nothing() -> None:
    a, b, c, d = Path("a.md"), Path("b.md"), Path("c.md"), Path("d.md")
    shared = sharing([(a, "id:x"), (b, "id:x"), (c, "id:y"), (d, "path:/d.md"), (a, "id:x")])
    assert shared == {a: (b,), b: (a,)}
    assert same_id_notice((b,)) == "same id as b.md: notes are shared"
    assert same_id_notice((b, c)) == "same id as b.md and 1 more: notes are shared"


def test_with_sharing_marks_only_the_entries_that_share_and_keeps_the_others_as_they_are() -> None:
    lone = Entry(Path("c.md"), "C", key="id:y")
    entries = [Entry(Path("a.md"), "A", key="id:x"), Entry(Path("b.md"), "B", key="id:x"), lone]
    marked = with_sharing(entries)
    assert [item.shared_with for item in marked] == [(Path("b.md"),), (Path("a.md"),), ()]
    assert marked[2] is lone


async def test_the_library_marks_each_of_two_briefs_with_one_id(tmp_path: Path) -> None:
    app = BriefingApp(library=[two_copies(tmp_path)])
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await wait_for_entries(app, pilot)
        await pilot.pause()
        said = {item.path.name: str(entry_prompt(item)) for item in screen.entries}
        assert "same id as troops.md: notes are shared" in said["troops-copy.md"]
        assert "same id as troops-copy.md: notes are shared" in said["troops.md"]
        assert "same id" not in said["other.md"]
        assert [item.path.name for item in screen.shown if item.shared_with] == ["troops-copy.md", "troops.md"]


def test_check_on_a_folder_warns_of_each_brief_sharing_its_id(tmp_path: Path) -> None:
    folder = two_copies(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert check([folder], out, err) == 0  # a warning, not an error
    shared = [line for line in out.getvalue().splitlines() if "same id" in line]
    assert sorted(shared) == [
        f"{folder / 'troops-copy.md'}:1:1: warning: same id 'north-korean-troops-in-russia' as "
        f"{folder / 'troops.md'}: notes are shared",
        f"{folder / 'troops.md'}:1:1: warning: same id 'north-korean-troops-in-russia' as "
        f"{folder / 'troops-copy.md'}: notes are shared",
    ]


def test_check_of_files_named_one_by_one_does_not_warn_of_a_shared_id(tmp_path: Path) -> None:
    # Checking an edited copy beside the original is ordinary work, not a library.
    folder = two_copies(tmp_path)
    out = io.StringIO()
    check([folder / "troops.md", folder / "troops-copy.md"], out, io.StringIO())
    assert "same id" not in out.getvalue()


def test_the_briefs_sharing_an_id_are_found_by_the_id_the_opened_brief_has_now() -> None:
    listed = [Entry(Path("a.md"), "A", key="id:x"), Entry(Path("b.md"), "B", key="id:x"), Entry(Path("c.md"), "C")]
    assert sharing_with(listed, Path("a.md"), "id:x") == (Path("b.md"),)
    assert sharing_with(listed, Path("a.md"), "id:y") == ()  # its id changed since the library read it
    assert sharing_with(listed, Path("c.md"), "id:x") == (Path("a.md"), Path("b.md"))
    assert sharing_with([Entry(Path("b.md"), "B", key="id:x", reading=True)], Path("a.md"), "id:x") == ()
    assert reader_notice(()) == ""
    assert reader_notice((Path("b.md"), Path("c.md"))).startswith("b.md and 1 more in the library have this brief's id")


async def open_from_library(app: BriefingApp, pilot, name: str) -> ReaderScreen:  # type: ignore[no-untyped-def]
    screen = await wait_for_entries(app, pilot)
    chosen = next(index for index, item in enumerate(screen.shown) if item.path.name == name)
    screen.query_one("#library-list", OptionList).highlighted = chosen
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
    assert isinstance(app.screen, ReaderScreen)
    await pilot.pause()
    return app.screen


async def test_the_reader_says_when_the_brief_opened_shares_its_id_with_another_of_the_library(tmp_path: Path) -> None:
    # The library marked both, but the reader said nothing: a note made here silently showed in the other.
    app = BriefingApp(library=[two_copies(tmp_path)])
    async with app.run_test(size=(160, 40)) as pilot:
        await open_from_library(app, pilot, "troops-copy.md")
        said = [message for message in notices(app) if "in the library has this brief's id" in message]
        assert said == [
            "troops.md in the library has this brief's id: their notes are one, and a note made or deleted here "
            "is made or deleted there. Give each its own id (`id:` in the front matter) to keep them apart."
        ]


async def test_the_reader_says_nothing_of_ids_for_a_brief_whose_id_is_its_own(tmp_path: Path) -> None:
    app = BriefingApp(library=[two_copies(tmp_path)])
    async with app.run_test(size=(160, 40)) as pilot:
        await open_from_library(app, pilot, "other.md")
        assert not [message for message in notices(app) if "this brief's id" in message]
