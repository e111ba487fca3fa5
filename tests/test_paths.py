"""Where data lives: BRIEFING_DATA_DIR, then platformdirs (XDG honoured); bundled briefs found."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui import paths


def test_the_override_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "mine"))
    assert paths.data_dir() == tmp_path / "mine"
    assert paths.user_briefs_dir() == tmp_path / "mine" / "briefs"


def test_xdg_data_home_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BRIEFING_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.data_dir() == tmp_path / "xdg" / "briefing-reader"


def test_xdg_config_home_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert paths.config_dir() == tmp_path / "cfg" / "briefing-reader"


def test_tests_never_see_the_real_home(private_dirs: Path) -> None:
    assert paths.data_dir().is_relative_to(private_dirs)
    assert paths.config_dir().is_relative_to(private_dirs)


def test_bundled_briefs_are_found_in_a_checkout() -> None:
    folder = paths.bundled_briefs_dir()
    assert (folder / "north-korean-troops-in-russia.md").is_file()


def test_nothing_is_created_by_asking(private_dirs: Path) -> None:
    paths.data_dir()
    paths.config_dir()
    assert not (private_dirs / "briefing-data").exists()
