"""The command line: `main(argv)`, exit statuses, usage mistakes, `python -m tui`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui import __version__
from tui.__main__ import main

from .conftest import BUNDLED_BRIEF
from .test_check import VALID


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"briefing {__version__}"


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "usage: briefing" in capsys.readouterr().out
    assert main(["check", "--help"]) == 0
    assert "FILE:LINE:COL" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--bogus"], ["a.md", "b.md"], ["check", "--nope"]])
def test_usage_mistake_exits_2_with_usage(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: briefing")
    assert "error:" in err
    assert "Traceback" not in err


HOSTILE_NAME = "b\x1b]52;c;cHduZWQ=\x07.md"  # OSC 52: writes the clipboard


@pytest.mark.parametrize(
    "argv",
    [
        ["a.md", HOSTILE_NAME],
        ["export", "a.md", HOSTILE_NAME],
        ["import", "a.json", HOSTILE_NAME],
        ["check", "-x" + HOSTILE_NAME],
    ],
)
def test_a_usage_mistake_shows_file_names_as_escapes(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """`briefing *.md` in a folder with a crafted name printed its escape sequence through argparse."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\x07" not in err
    assert "52;c;cHduZWQ=" in err


def test_check_without_paths_checks_the_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "1 file checked: 0 errors, 0 warnings" in captured.err


def test_check_includes_the_users_briefs(private_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = private_dirs / "briefing-data" / "briefs"
    folder.mkdir(parents=True)
    (folder / "mine.md").write_text(VALID.replace("status: denied", "status: bogus"), encoding="utf-8")
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert f"{folder / 'mine.md'}:28:15: error: unknown status 'bogus'" in captured.out
    assert "2 files checked: 1 error, 0 warnings" in captured.err  # "1 errors" read wrong


def test_no_arguments_opens_the_library(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    opened: list[list[Path]] = []
    monkeypatch.setattr("tui.app.BriefingApp.run", lambda app: opened.append(app.library))
    assert main([]) == 0
    assert opened == [[BUNDLED_BRIEF.parent]]
    assert main([str(tmp_path)]) == 0
    assert opened[-1] == [tmp_path]


def test_a_brief_path_opens_the_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("tui.app.BriefingApp.run", lambda app: opened.append(app.brief.title))
    assert main([str(BUNDLED_BRIEF)]) == 0
    assert opened == ["North Korean troops in Russia"]


def test_a_missing_brief_says_which_and_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "gone.md")]) == 1
    assert (
        capsys.readouterr().err.strip() == f"{tmp_path / 'gone.md'}:1:1: error: cannot read: No such file or directory"
    )


@pytest.mark.system  # runs another process
def test_python_dash_m_is_the_same_entry_point(tmp_path: Path) -> None:
    brief = tmp_path / "bad.md"
    brief.write_text(VALID.replace("[^c2]\n", "[^zz]\n", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tui", "check", str(brief)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == f"{brief}:12:36: error: citation of undefined claim 'zz'\n"
