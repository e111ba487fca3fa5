"""`e` in the reader: the path is asked for, prefilled; the notes are written there and the reader says where."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.notes.store import STORE_FILE
from tui.screens.confirm import ConfirmScreen
from tui.screens.export_prompt import ExportPrompt
from tui.screens.reader import ReaderScreen

from .conftest import BUNDLED_BRIEF
from .test_reader_notes import notices, settle


async def test_e_exports_to_the_prefilled_path_and_says_where(tmp_path: Path, private_dirs: Path) -> None:
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    expected = private_dirs / "Documents" / "briefing-notes" / "north-korean-troops-in-russia.md"
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "m")
        await settle(app)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportPrompt)
        assert app.screen.query_one("#export-path", Input).value == str(expected)
        await pilot.press("enter")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert f"Wrote 1 note to {expected}" in notices(app)
    text = expected.read_text(encoding="utf-8")
    assert yaml.safe_load(text.split("---\n")[1])["note_count"] == 1
    assert "## Key judgements" in text  # the first focus section, where the cursor was


async def test_e_to_a_dot_file_writes_the_claim_graph_and_says_claims(tmp_path: Path) -> None:
    """A .dot name wrote the claims as DOT but said "Wrote 1 note"."""
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    target = tmp_path / "map.dot"
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "m")
        await settle(app)
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#export-path", Input)
        field.value = str(target)
        await pilot.press("enter")
        await settle(app)
        await pilot.pause()
        claims = len(app.screen.reading.brief.claims)  # type: ignore[attr-defined]
        assert f"Wrote {claims} claims to {target}" in notices(app)
    assert target.read_text(encoding="utf-8").startswith("digraph")


async def test_an_existing_file_is_replaced_only_when_the_user_says_so(tmp_path: Path) -> None:
    target = tmp_path / "mine.md"
    target.write_text("my own file")
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await settle(app)
        for answer in ("n", "y"):
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#export-path", Input).value = str(target)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press(answer)
            await settle(app)
            await pilot.pause()
            if answer == "n":
                assert target.read_text() == "my own file"
                assert isinstance(app.screen, ExportPrompt)  # still asking: another name may be typed
                await pilot.press("escape")
                await pilot.pause()
    assert target.read_text().startswith("---\ntitle:")


@pytest.mark.parametrize("name", ["file/notes.json", "a\0b.md"])
async def test_a_path_that_cannot_be_written_is_said_and_the_prompt_stays(tmp_path: Path, name: str) -> None:
    (tmp_path / "file").write_text("a file where a folder should be")
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = f"{tmp_path}/{name}"
        await pilot.press("enter")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, ExportPrompt)
        error = app.screen.query_one("#export-error", Static)
        assert error.display
        assert str(error.render()).startswith(("Not written:", "A file name cannot"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_the_app_removes_what_a_killed_write_left_behind_when_it_starts(tmp_path: Path) -> None:
    journal = tmp_path / "pending-writes"
    journal.mkdir()
    stray = tmp_path / "exports" / ".notes.md.0123456789abcdef0123456789abcdef.tmp"
    stray.parent.mkdir()
    stray.write_text("half an export")
    (journal / "0123456789abcdef0123456789abcdef.pending").write_bytes(bytes(stray))
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await settle(app)
    assert not stray.exists()
    assert list(journal.iterdir()) == []


async def type_target_and_enter(app: BriefingApp, pilot: Pilot[None], target: str) -> None:
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ExportPrompt)
    app.screen.query_one("#export-path", Input).value = target
    await pilot.press("enter")
    await settle(app)
    await pilot.pause()


def prompt_error(app: BriefingApp) -> str:
    assert isinstance(app.screen, ExportPrompt), "the prompt stays open, showing the reason"
    error = app.screen.query_one("#export-error", Static)
    assert error.display
    return str(error.render())


async def test_the_prompt_refuses_the_brief_itself_by_any_name_and_stays_open(tmp_path: Path) -> None:
    """Issue 12, 1: `e`, the brief's own path, enter, y replaced the brief with the export."""
    brief = tmp_path / "x" / "brief.md"
    brief.parent.mkdir()
    original = BUNDLED_BRIEF.read_text(encoding="utf-8")
    brief.write_text(original, encoding="utf-8")
    (tmp_path / "link.md").symlink_to(brief)
    os.link(brief, tmp_path / "hard.md")
    app = BriefingApp(open_brief(brief), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await settle(app)
        for target in (str(brief), f"{tmp_path}/x/../x/brief.md", str(tmp_path / "link.md"), str(tmp_path / "hard.md")):
            await type_target_and_enter(app, pilot, target)
            assert "is the brief itself" in prompt_error(app)
            await pilot.press("y")  # were a "Replace?" question open, this would answer it
            await settle(app)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
    assert brief.read_text(encoding="utf-8") == original
    assert (tmp_path / "hard.md").read_text(encoding="utf-8") == original


async def test_the_prompt_refuses_the_store_a_fifo_a_device_and_a_folder_name(tmp_path: Path) -> None:
    store = tmp_path / STORE_FILE
    os.mkfifo(tmp_path / "fifo")
    os.mknod(tmp_path / "device", 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # our own node, in tmp
    cases = {
        str(store): "notes store",
        f"{store}-wal": "notes store",
        str(tmp_path / "fifo"): "not a regular file",
        str(tmp_path / "device"): "not a regular file",
        f"{tmp_path}/newdir/": "names a folder",
    }
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=store)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.press("j", "m")  # a note, so the store exists
        await settle(app)
        for target, reason in cases.items():
            await type_target_and_enter(app, pilot, target)
            assert reason in prompt_error(app)
            await pilot.press("escape")
            await pilot.pause()
    assert stat.S_ISFIFO(os.stat(tmp_path / "fifo").st_mode)
    assert stat.S_ISCHR(os.stat(tmp_path / "device").st_mode)
    assert not (tmp_path / "newdir").exists()
    assert store.read_bytes().startswith(b"SQLite format 3\0")


async def test_the_prompt_refuses_a_missing_folder_by_a_link_or_a_plain_name_as_the_command_line_does(
    tmp_path: Path,
) -> None:
    """Before, the write made the missing folders; the folder the prompt offers is still made (see above)."""
    missing = tmp_path / "nowhere" / "deep"
    (tmp_path / "LINK").symlink_to(missing / "out.md")
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await settle(app)
        for target in (str(tmp_path / "LINK"), str(missing / "out.md")):
            await type_target_and_enter(app, pilot, target)
            assert f"the folder {missing} does not exist" in prompt_error(app)
            await pilot.press("escape")
            await pilot.pause()
    assert not (tmp_path / "nowhere").exists()


async def test_a_target_that_changes_while_the_question_is_open_is_checked_again(tmp_path: Path) -> None:
    target = tmp_path / "mine.md"
    target.write_text("my own file")
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await settle(app)
        await type_target_and_enter(app, pilot, str(target))
        assert isinstance(app.screen, ConfirmScreen)
        target.unlink()
        os.mkfifo(target)  # swapped for a FIFO while the question was open
        await pilot.press("y")
        await settle(app)
        await pilot.pause()
        assert "not a regular file" in prompt_error(app)
    assert stat.S_ISFIFO(os.stat(target).st_mode)


async def test_the_prompt_expands_variables_and_says_the_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`$HOME/notes.md` made a folder named `$HOME` where the app started; a relative name said no more."""
    monkeypatch.setenv("NOTES_DIR", str(tmp_path / "notes"))
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path)
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / STORE_FILE)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        await settle(app)
        for typed, written in [("$NOTES_DIR/a.md", tmp_path / "notes" / "a.md"), ("b.md", tmp_path / "b.md")]:
            await pilot.press("e")
            await pilot.pause()
            app.screen.query_one("#export-path", Input).value = typed
            await pilot.press("enter")
            await settle(app)
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            assert f"Wrote 0 notes to {written}" in notices(app)
            assert written.is_file()
    assert not (tmp_path / "$NOTES_DIR").exists()
