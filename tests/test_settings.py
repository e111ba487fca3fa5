"""Settings: the theme is kept in the config dir, written atomically, read forgivingly."""

from __future__ import annotations

import json
import os
import re
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.app import BriefingApp
from tui.core.brief.loader import open_brief
from tui.core.outside.atomic import write_atomically
from tui.core.outside.settings import (
    Settings,
    SettingsUnreadable,
    load_settings,
    read_settings,
    save_settings,
    update_settings,
)

from .conftest import BUNDLED_BRIEF
from .test_reader_notes import notices


def test_round_trip_and_nothing_left_behind(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    save_settings(path, {"theme": "nord"})
    assert load_settings(path) == {"theme": "nord"}
    assert os.listdir(path.parent) == ["settings.json"]


@pytest.mark.parametrize("content", ["", "{not json", "[1, 2]", '{"theme": 3}', "\x00\x01"])
def test_a_broken_file_gives_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    assert load_settings(path) == {}


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.json"
    save_settings(path, {"theme": "nord"})

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(path, '{"theme": "other"}')
    assert load_settings(path) == {"theme": "nord"}
    assert os.listdir(tmp_path) == ["settings.json"]


async def test_the_chosen_theme_is_saved_and_restored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    brief = open_brief(BUNDLED_BRIEF)
    app = BriefingApp(brief, settings=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        for _ in range(50):
            await pilot.pause(0.02)
            if load_settings(path).get("theme") == "nord":
                break
    assert load_settings(path) == {"theme": "nord"}
    again = BriefingApp(brief, settings=path)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


def bad_settings(folder: Path, kind: str) -> Path:
    """A settings.json the app cannot use: `kind` says how."""
    path = folder / "settings.json"
    if kind == "not json":
        path.write_text('{"theme": "nord", oops', encoding="utf-8")
    elif kind == "not an object":
        path.write_text('["nord"]', encoding="utf-8")
    elif kind == "too large":  # valid JSON, but past the cap: a settings file is never this big
        path.write_text('{"theme": "nord"' + " " * (1 << 20) + "}", encoding="utf-8")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "link to a zero device":  # our own /dev/zero-like node, in tmp: reads never end
        os.mknod(folder / "zero", 0o666 | stat.S_IFCHR, os.makedev(1, 5))
        path.symlink_to(folder / "zero")
    elif kind == "folder":
        path.mkdir()
    return path


def snapshot(path: Path) -> tuple[int, int, bytes]:
    """What a settings file is: its type, inode and (for a regular file) its bytes."""
    info = os.lstat(path)
    target = os.stat(path)
    content = path.read_bytes() if stat.S_ISREG(target.st_mode) else b""
    return (info.st_mode, info.st_ino, content)


def build_within(seconds: float, make: Callable[[], BriefingApp], unblock: Path) -> BriefingApp:
    """Build the app in a thread: a start-up that blocks (on a FIFO) fails the test instead of hanging it."""
    built: list[BriefingApp] = []
    thread = threading.Thread(target=lambda: built.append(make()), daemon=True)
    thread.start()
    thread.join(timeout=seconds)
    if thread.is_alive():
        os.close(os.open(unblock, os.O_WRONLY | os.O_NONBLOCK))  # free the blocked open
        thread.join(timeout=seconds)
        pytest.fail(f"the app blocked for {seconds} s reading {unblock}")
    return built[0]


@pytest.mark.parametrize("kind", ["not json", "not an object", "too large", "fifo", "link to a zero device", "folder"])
async def test_a_bad_settings_file_starts_with_defaults_says_so_and_is_never_overwritten(
    tmp_path: Path, kind: str
) -> None:
    """Issue 12, 9: a FIFO hung start-up forever, a link to /dev/zero ran out of memory; bad JSON was overwritten."""
    path = bad_settings(tmp_path, kind)
    before = snapshot(path)
    brief = open_brief(BUNDLED_BRIEF)
    app = build_within(20, lambda: BriefingApp(brief, settings=path), path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        default = app.theme
        assert default != "nord"  # the defaults, not what a file too large to read said
        said = [message for message in notices(app) if str(path) in message]
        assert said, notices(app)
        assert "default" in said[0]
        app.theme = "gruvbox"
        for _ in range(100):  # the save runs in a worker started by the theme's signal
            await pilot.pause(0.02)
            await app.workers.wait_for_complete()
            if any("not saved" in message for message in notices(app)):
                break
        assert any("not saved" in message for message in notices(app)), notices(app)
    assert snapshot(path) == before
    assert [entry.name for entry in tmp_path.iterdir() if entry.name.startswith(".")] == []


async def test_a_good_settings_file_keeps_what_the_app_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "nord", "font": 3, "mine": "kept"}', encoding="utf-8")
    app = BriefingApp(open_brief(BUNDLED_BRIEF), settings=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert not [message for message in notices(app) if "settings" in message.lower()]
        app.theme = "gruvbox"
        for _ in range(100):  # the save runs in a worker started by the theme's signal
            await pilot.pause(0.02)
            await app.workers.wait_for_complete()
            if load_settings(path).get("theme") == "gruvbox":
                break
    assert json.loads(path.read_text(encoding="utf-8")) == {"theme": "gruvbox", "font": 3, "mine": "kept"}


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("not json", ":1:19: not JSON: Expecting property name"),
        ("not an object", ": not a JSON object"),
        ("too large", ": larger than 65,536 bytes"),
        ("fifo", ": not a regular file"),
        ("link to a zero device", ": not a regular file"),
        ("folder", ": is a folder"),
    ],
)
def test_the_reason_a_settings_file_is_not_read_names_it_and_saving_over_it_is_refused(
    tmp_path: Path, kind: str, reason: str
) -> None:
    path = bad_settings(tmp_path, kind)
    before = snapshot(path)
    loaded = read_settings(path)
    assert loaded.values == {}
    assert loaded.problem is not None
    assert loaded.problem.startswith(f"{path}{reason}")
    with pytest.raises(SettingsUnreadable, match=re.escape(str(path))):
        update_settings(path, {"theme": "nord"})
    assert snapshot(path) == before


@pytest.mark.parametrize("content", ["", "  \n", None])
def test_a_missing_or_empty_settings_file_is_no_problem_and_is_written(tmp_path: Path, content: str | None) -> None:
    path = tmp_path / "settings.json"
    if content is not None:
        path.write_text(content)
    assert read_settings(path) == Settings({}, None)
    update_settings(path, {"theme": "nord"})
    assert load_settings(path) == {"theme": "nord"}


def test_a_link_to_no_file_yet_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "settings.json").symlink_to(tmp_path / "dotfiles-settings.json")
    assert read_settings(tmp_path / "settings.json").problem is None
    update_settings(tmp_path / "settings.json", {"theme": "nord"})
    assert (tmp_path / "settings.json").is_symlink()
    assert load_settings(tmp_path / "dotfiles-settings.json") == {"theme": "nord"}


def test_deeply_nested_settings_are_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("[" * 60000 + "]" * 60000)
    assert read_settings(path).problem is not None


async def test_a_theme_the_app_does_not_have_is_said(tmp_path: Path) -> None:
    """It was ignored without a word: the default looked chosen."""
    said = "The theme 'no-such-theme' in the settings is not one of the app's"
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "no-such-theme"}', encoding="utf-8")
    app = BriefingApp(open_brief(BUNDLED_BRIEF), settings=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any(said in str(n.message) and "default is used" in str(n.message) for n in app._notifications)
        assert app.theme == "textual-dark"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (10, "The measure 10 in the settings must be a whole number from 40 to 400"),
        # JSON's 1e400 is read as infinity: it was "The measure inf".
        (float("inf"), "The measure a number too large in the settings must be a whole number from 40 to 400"),
    ],
)
def test_a_measure_out_of_range_says_what_it_must_be(value: object, said: str) -> None:
    """10 was "not a whole number from 40 to 400": read by a tester as saying 10 is not a whole number."""
    from tui.core.outside.settings import DEFAULT_MEASURE, read_measure

    measure, problem = read_measure(value)
    assert measure == DEFAULT_MEASURE
    assert problem is not None
    assert problem.startswith(said)
