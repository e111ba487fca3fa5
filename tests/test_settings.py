"""Settings: the theme is kept in the config dir, written atomically, read forgivingly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.app import BriefingApp
from tui.core.atomic import write_atomically
from tui.core.loader import open_brief
from tui.core.settings import load_settings, save_settings

from .conftest import BUNDLED_BRIEF


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
