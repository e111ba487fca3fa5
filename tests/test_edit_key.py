"""E in the reader: the brief in `$EDITOR` at the cursor's sentence, read again after; a bundled one as a copy."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.outside.editor import Editor, sentence_line
from tui.paths import user_briefs_dir
from tui.screens.confirm import ConfirmScreen
from tui.screens.reader import ReaderScreen
from tui.screens.reader_edit import EditScreen
from tui.screens.reader_live import LiveScreen
from tui.widgets.section_view import SectionView

from .conftest import BUNDLED_BRIEF
from .helpers.reader_process import STARTED, reader_process, wait_for_brief
from .helpers.waiting import until
from .test_reader_notes import notices

ADDED = "A sentence the editor added."
# An editor for the tests: it records its arguments, adds a paragraph to the file and exits with
# $EDITOR_STATUS. Named `vim`, so it is given `+LINE` as vim is.
EDITOR_SCRIPT = f"""#!{sys.executable}
import json, os, sys
path = sys.argv[-1]
with open(os.environ["EDITOR_RECORD"], "a", encoding="utf-8") as record:
    record.write(json.dumps({{"argv": sys.argv[1:], "tty": os.isatty(0)}}) + "\\n")
with open(path, "a", encoding="utf-8") as brief:
    brief.write("\\n{ADDED}\\n")
sys.exit(int(os.environ.get("EDITOR_STATUS", "0")))
"""


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR set to the test editor (VISUAL unset); the file where it records each run."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "vim"
    script.write_text(EDITOR_SCRIPT, encoding="utf-8")
    script.chmod(0o755)
    record = tmp_path / "editor-runs.jsonl"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.setenv("EDITOR_RECORD", str(record))
    return record


def runs(record: Path) -> list[dict[str, object]]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def suspended(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Suspending made to work under Pilot (headless, it cannot): it counts the times the app gave up the terminal."""
    entered: list[int] = []

    @contextlib.contextmanager
    def suspend(_: BriefingApp) -> Iterator[None]:
        entered.append(1)
        yield

    monkeypatch.setattr(BriefingApp, "suspend", suspend)
    return entered


@pytest.fixture
def reloads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The brief paths read again from disk after the editor (the reload itself is the live reader's)."""
    done: list[str] = []

    def reload_from_disk(screen: EditScreen) -> None:
        done.append(screen.loader.path)

    monkeypatch.setattr(LiveScreen, "reload_from_disk", reload_from_disk)
    return done


def own_brief(tmp_path: Path) -> Path:
    """A brief of the user's own (a copy of the bundled one elsewhere): edited in place."""
    path = tmp_path / "mine.md"
    shutil.copy(BUNDLED_BRIEF, path)
    return path


def line_of(text: str, start: str) -> int:
    """The line (1-based) of `text` that starts with `start`."""
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def home_form(path: Path) -> str:
    """A path as the reader says it: under the home folder, with `~`."""
    return str(Path("~", path.relative_to(Path.home())))


def focused(app: BriefingApp) -> SectionView:
    view = app.focused
    assert isinstance(view, SectionView)
    return view


def expected_line(app: BriefingApp) -> int:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    view = focused(app)
    sentence = view.current
    assert sentence is not None
    block = view.section.blocks[sentence.block]
    return sentence_line(screen.loader.outline.layout.lines, block.line, block.text, sentence.start - block.start)


async def test_E_opens_the_editor_at_the_cursors_sentence_and_reads_the_brief_again_after(
    tmp_path: Path, editor: Path, suspended: list[int], reloads: list[str]
) -> None:
    path = own_brief(tmp_path)
    app = BriefingApp(open_brief(path))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("j", "j", "J")  # the third sentence of the next section
        line = expected_line(app)
        sentence = focused(app).current
        assert sentence is not None
        assert (
            focused(app).section.sentence_text(sentence)[:30] in path.read_text(encoding="utf-8").splitlines()[line - 1]
        )
        await pilot.press("E")
        await until(pilot, lambda: reloads)
        assert runs(editor) == [{"argv": [f"+{line}", str(path)], "tty": os.isatty(0)}]
        assert suspended == [1]
        assert reloads == [str(path)]
        assert path.read_text(encoding="utf-8").endswith(f"\n{ADDED}\n")
        assert not [said for said in notices(app) if "editor" in said.lower() or "status" in said]


async def test_visual_is_run_rather_than_editor(
    tmp_path: Path, editor: Path, suspended: list[int], reloads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", os.environ["EDITOR"])
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere")
    app = BriefingApp(open_brief(own_brief(tmp_path)))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: reloads)
        assert len(runs(editor)) == 1


async def test_an_editor_that_exits_with_an_error_is_said_and_the_brief_still_read_again(
    tmp_path: Path, editor: Path, suspended: list[int], reloads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR_STATUS", "3")
    app = BriefingApp(open_brief(own_brief(tmp_path)))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: reloads)  # it may have written the file before failing
        said = [message for message in notices(app) if "exited with status 3" in message]
        # As the app shows a setting: cut past SETTING_SHOWN (pytest's temporary paths grow with its runs).
        assert said == [f"{Editor((os.environ['EDITOR'],), '$EDITOR').shown()} exited with status 3"]


async def test_with_no_editor_set_nor_found_the_reader_says_to_set_EDITOR(
    tmp_path: Path, suspended: list[int], reloads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # neither nano nor vi
    app = BriefingApp(open_brief(own_brief(tmp_path)))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: any("No editor found" in message for message in notices(app)))
        assert [m for m in notices(app) if "No editor found" in m] == [
            "No editor found: set $EDITOR to your editor's command (like `export EDITOR=vim`) and start again"
        ]
        assert suspended == []
        assert reloads == []


async def test_an_editor_that_is_not_there_is_said_without_giving_up_the_terminal(
    tmp_path: Path, suspended: list[int], reloads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere --wait")
    app = BriefingApp(open_brief(own_brief(tmp_path)))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: any("not found" in message for message in notices(app)))
        assert "$EDITOR is no-such-editor-anywhere --wait, which is not found" in notices(app)[-1]
        assert suspended == []
        assert reloads == []


async def test_where_the_terminal_cannot_be_given_up_it_says_so(
    tmp_path: Path, editor: Path, reloads: list[str]
) -> None:
    app = BriefingApp(open_brief(own_brief(tmp_path)))  # headless: App.suspend raises SuspendNotSupported
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: any("cannot take over" in message for message in notices(app)))
        assert runs(editor) == []
        assert reloads == []


# A bundled brief: edited as a copy in the user's briefs folder


async def open_bundled_and_press_E(app: BriefingApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("j", "j")
    await pilot.press("E")
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))


async def test_E_on_a_bundled_brief_offers_a_copy_and_edits_it_at_the_same_sentence(
    editor: Path, suspended: list[int], reloads: list[str]
) -> None:
    copy = user_briefs_dir() / BUNDLED_BRIEF.name
    assert str(copy).startswith(os.environ["BRIEFING_DATA_DIR"])  # a temporary folder, never the real one
    app = BriefingApp(open_brief(BUNDLED_BRIEF))
    async with app.run_test(size=(160, 40)) as pilot:
        bundled = app.screen
        await pilot.press("j", "j")
        place = (focused(app).section.id, focused(app).cursor)
        line = expected_line(app)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        said = home_form(copy)
        assert said.startswith("~/")
        assert dialog.question == f"This brief ships with the app. Copy it to {said} and edit the copy?"
        await pilot.press("y")
        await until(pilot, lambda: reloads)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert reader is not bundled
        assert reader.loader.path == str(copy)
        assert (focused(app).section.id, focused(app).cursor) == place
        assert runs(editor)[0]["argv"] == [f"+{line}", str(copy)]
        assert reloads == [str(copy)]
        assert f"Copied to {said}: editing the copy" in notices(app)
        assert app.screen_stack.count(reader) == 1
        assert bundled not in app.screen_stack
    assert copy.read_bytes() == BUNDLED_BRIEF.read_bytes() + f"\n{ADDED}\n".encode()


async def test_no_to_the_copy_copies_nothing_and_runs_no_editor(
    editor: Path, suspended: list[int], reloads: list[str]
) -> None:
    app = BriefingApp(open_brief(BUNDLED_BRIEF))
    async with app.run_test(size=(160, 40)) as pilot:
        await open_bundled_and_press_E(app, pilot)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause()
    assert not (user_briefs_dir() / BUNDLED_BRIEF.name).exists()
    assert runs(editor) == []
    assert suspended == []
    assert reloads == []


async def test_an_identical_copy_already_there_is_the_one_edited(
    editor: Path, suspended: list[int], reloads: list[str]
) -> None:
    copy = user_briefs_dir() / BUNDLED_BRIEF.name
    copy.parent.mkdir(parents=True)
    shutil.copy(BUNDLED_BRIEF, copy)
    app = BriefingApp(open_brief(BUNDLED_BRIEF))
    async with app.run_test(size=(160, 40)) as pilot:
        await open_bundled_and_press_E(app, pilot)
        await pilot.press("y")
        await until(pilot, lambda: reloads)
        assert f"Editing your copy, {home_form(copy)}, there already" in notices(app)
        assert runs(editor)[0]["argv"][-1] == str(copy)  # type: ignore[index]


async def test_a_different_file_with_the_copys_name_is_opened_as_it_is_never_written_over(
    editor: Path, suspended: list[int], reloads: list[str]
) -> None:
    copy = user_briefs_dir() / BUNDLED_BRIEF.name
    copy.parent.mkdir(parents=True)
    mine = BUNDLED_BRIEF.read_text(encoding="utf-8").replace("## Key judgements", "## Key judgements\n\nMine.", 1)
    copy.write_text(mine, encoding="utf-8")
    app = BriefingApp(open_brief(BUNDLED_BRIEF))
    async with app.run_test(size=(160, 40)) as pilot:
        await open_bundled_and_press_E(app, pilot)
        await pilot.press("y")
        await until(pilot, lambda: reloads)
        said = [message for message in notices(app) if "different from the bundled brief" in message]
        assert said == [f"{home_form(copy)} is there already, different from the bundled brief: editing it as it is"]
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.loader.path == str(copy)
        # At its own section's heading: the cursor's sentence may not be on the same line in another text.
        heading = line_of(mine, "## Key judgements")
        assert runs(editor)[0]["argv"] == [f"+{heading}", str(copy)]  # type: ignore[index]
    assert copy.read_text(encoding="utf-8") == mine + f"\n{ADDED}\n"  # the editor's change only


async def test_the_copys_notes_are_the_bundled_briefs_as_they_go_by_its_id(
    editor: Path, suspended: list[int], reloads: list[str], tmp_path: Path
) -> None:
    app = BriefingApp(open_brief(BUNDLED_BRIEF), store=tmp_path / "notes.db")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("j", "m")  # a highlight on the bundled brief
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and len(app.screen.placed) == 1)
        await pilot.press("E")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: reloads)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await until(pilot, lambda: len(screen.placed) == 1)
        assert screen.placed[0].found.section == "key-judgements"


# The real thing: a terminal the app gives up to the editor, and takes back.


LEAVE_ALTERNATE_SCREEN, ENTER_ALTERNATE_SCREEN = b"\x1b[?1049l", b"\x1b[?1049h"


def redrawn(output: bytes) -> bool:
    """Whether the app gave up the screen, took it back, and drew the reader on it after."""
    left = output.find(LEAVE_ALTERNATE_SCREEN)
    back = output.find(ENTER_ALTERNATE_SCREEN, left + 1) if left >= 0 else -1
    return back >= 0 and b"Key judgements" in output[back:]


def test_in_a_terminal_the_app_gives_the_editor_the_terminal_and_takes_it_back(tmp_path: Path, editor: Path) -> None:
    path = own_brief(tmp_path)
    app = reader_process(path, tmp_path, tmp_path / "data")
    try:
        deadline = time.monotonic() + STARTED
        wait_for_brief(app, deadline)
        mark = len(app.shown)
        app.send(b"E")
        while not runs(editor) and time.monotonic() < deadline:
            time.sleep(0.05)
        first = line_of(path.read_text(encoding="utf-8"), "- North Korean troops are very likely")
        assert runs(editor) == [{"argv": [f"+{first}", str(path)], "tty": True}]  # the editor had the terminal
        # The app left the alternate screen for the editor, came back to it and drew the reader again.
        while not redrawn(bytes(app.shown[mark:])) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert redrawn(bytes(app.shown[mark:])), "the reader was not drawn again after the editor"
        app.send(b"q")
        assert app.close(timeout=30) == 0
    finally:
        if app.process.poll() is None:
            app.close(timeout=5)
    assert path.read_text(encoding="utf-8").endswith(f"\n{ADDED}\n")


async def test_back_in_the_library_the_copy_is_listed_in_the_bundled_briefs_place(
    editor: Path, suspended: list[int], reloads: list[str]
) -> None:
    from tui.paths import library_paths
    from tui.screens.library import LibraryScreen

    from .test_library_shared_ids import open_from_library

    copy = user_briefs_dir() / BUNDLED_BRIEF.name
    assert library_paths() == [BUNDLED_BRIEF.parent]  # no folder of the user's own yet: E makes it
    app = BriefingApp(library=library_paths())
    async with app.run_test(size=(160, 40)) as pilot:
        await open_from_library(app, pilot, BUNDLED_BRIEF.name)
        await open_bundled_and_press_E(app, pilot)
        await pilot.press("y")
        await until(pilot, lambda: reloads)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, LibraryScreen))
        library = app.screen
        assert isinstance(library, LibraryScreen)
        await until(pilot, lambda: [item.path for item in library.shown] == [copy])
        assert not library.shown[0].shared_with


async def test_a_guide_is_not_edited(editor: Path, suspended: list[int], reloads: list[str]) -> None:
    from tui.guides import GUIDES_DIR

    app = BriefingApp(open_brief(GUIDES_DIR / "keys.md"))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("E")
        await until(pilot, lambda: "The guides ship with the app and are not edited here" in notices(app))
        assert isinstance(app.screen, ReaderScreen)
    assert runs(editor) == []
    assert suspended == []


async def test_the_help_lists_E(tmp_path: Path) -> None:
    from tui.screens.help import HelpScreen

    app = BriefingApp(open_brief(own_brief(tmp_path)))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert ("E", "Edit the brief") in help_screen.rows


async def test_a_bundled_brief_with_no_editor_found_is_not_copied(
    tmp_path: Path, suspended: list[int], reloads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trial said yes to the copy, then learnt there was no editor: the copy was made for nothing."""
    monkeypatch.setenv("EDITOR", "no-such-editor-anywhere")
    monkeypatch.delenv("VISUAL", raising=False)
    app = BriefingApp(open_brief(BUNDLED_BRIEF))
    async with app.run_test(size=(160, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.brief is not None)
        await pilot.press("E")
        await until(pilot, lambda: any("which is not found" in message for message in notices(app)))
        assert not isinstance(app.screen, ConfirmScreen)
    assert not (user_briefs_dir() / BUNDLED_BRIEF.name).exists()
    assert suspended == []
