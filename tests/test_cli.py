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
        ["export", "a.md", "--format", HOSTILE_NAME],  # several briefs are one export: a choice refused
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
    assert "1 file checked: no problems" in captured.err


def test_check_includes_the_users_briefs(private_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = private_dirs / "briefing-data" / "briefs"
    folder.mkdir(parents=True)
    (folder / "mine.md").write_text(VALID.replace("status: denied", "status: bogus"), encoding="utf-8")
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert f"{folder / 'mine.md'}:28:15: error: unknown status 'bogus'" in captured.out
    assert "2 files checked: 1 error\n" in captured.err  # "1 errors" read wrong; "0 warnings" said nothing


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


def never_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make opening the library or the reader fail the test."""

    def opened(app: object) -> None:
        raise AssertionError("the library or the reader was opened")

    monkeypatch.setattr("tui.app.BriefingApp.run", opened)


@pytest.mark.parametrize(
    ("argv", "meant"),
    [
        (["exprt", "x"], "export"),
        (["exprt"], "export"),
        (["chek", "a.md"], "check"),
        (["Chekc"], "check"),
        (["imprt", "notes.json"], "import"),
        (["gide"], "guide"),
        (["guides"], "guide"),
    ],
)
def test_a_mistyped_command_says_which_was_meant(
    argv: list[str], meant: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefing exprt x` was a usage error about 'x'; `briefing exprt` said 'exprt' could not be read."""
    monkeypatch.chdir(tmp_path)
    never_opened(monkeypatch)
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err == f"briefing: unknown command '{argv[0]}' (did you mean '{meant}'?)\n"
    assert captured.out == ""


def test_a_name_that_is_no_file_folder_command_or_id_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefing bogus-cmd` said 'bogus-cmd:1:1: error: cannot read: No such file or directory', exit 1."""
    monkeypatch.chdir(tmp_path)
    never_opened(monkeypatch)
    assert main(["bogus-cmd"]) == 2
    assert capsys.readouterr().err == (
        "briefing: no such file, folder, command or brief id: 'bogus-cmd'; "
        "the commands are check, export, import, guide, diff, notes\n"
    )
    assert main(["bogus-cmd", "x"]) == 2  # a second name only follows a command
    assert (
        capsys.readouterr().err
        == "briefing: unknown command 'bogus-cmd'; the commands are check, export, import, guide, diff, notes\n"
    )


def test_a_name_that_is_a_path_is_read_as_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A file or folder named like a command (or a brief's id) is that file or folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "exprt").write_text(VALID, encoding="utf-8")
    (tmp_path / "chek").mkdir()
    (tmp_path / "north-korean-troops-in-russia").write_text(VALID, encoding="utf-8")
    opened: list[object] = []
    monkeypatch.setattr("tui.app.BriefingApp.run", lambda app: opened.append(app.library or app.brief.title))
    assert main(["exprt"]) == 0
    assert main(["chek"]) == 0
    assert main(["north-korean-troops-in-russia"]) == 0
    assert opened == ["Test brief", [Path("chek")], "Test brief"]


def test_a_missing_path_is_still_said_to_be_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A name with a '/' or ending in '.md' is a path, even close to a command: the reader says why not."""
    assert main([str(tmp_path / "export")]) == 1
    assert "cannot read: No such file or directory" in capsys.readouterr().err
    assert main(["export.md"]) == 1
    assert capsys.readouterr().err.startswith("export.md:1:1: error: cannot read")


def users_briefs(private_dirs: Path, **briefs: str) -> Path:
    """The user's briefs folder, holding `briefs` (file stem: text)."""
    folder = private_dirs / "briefing-data" / "briefs"
    folder.mkdir(parents=True, exist_ok=True)
    for stem, text in briefs.items():
        (folder / f"{stem}.md").write_text(text, encoding="utf-8")
    return folder


def test_a_brief_id_opens_that_brief_of_the_library(
    private_dirs: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The bundled brief lives inside the installed package: its id was the only short way to it."""
    monkeypatch.chdir(tmp_path)
    users_briefs(private_dirs, mine=VALID)
    opened: list[tuple[str, Path]] = []
    monkeypatch.setattr("tui.app.BriefingApp.run", lambda app: opened.append((app.brief.title, app.brief.path)))
    assert main(["north-korean-troops-in-russia"]) == 0
    assert main(["test-brief"]) == 0
    assert opened == [
        ("North Korean troops in Russia", str(BUNDLED_BRIEF)),
        ("Test brief", str(private_dirs / "briefing-data" / "briefs" / "mine.md")),
    ]


def test_an_id_two_briefs_have_names_both_files(
    private_dirs: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = users_briefs(private_dirs, first=VALID, second=VALID)
    never_opened(monkeypatch)
    assert main(["test-brief"]) == 2
    assert capsys.readouterr().err == (
        f"briefing: 2 briefs have the id 'test-brief': {folder / 'first.md'}, {folder / 'second.md'}; name the file\n"
    )
    assert main(["export", "test-brief"]) == 2
    assert capsys.readouterr().err.startswith("briefing export: 2 briefs have the id 'test-brief': ")


def test_an_id_like_a_known_one_is_suggested(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    never_opened(monkeypatch)
    assert main(["north-korean-troops"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing: no such file, folder, command or brief id: 'north-korean-troops'")
    assert "(did you mean 'north-korean-troops-in-russia'?)" in err


def test_export_takes_a_brief_id(
    private_dirs: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """`briefing export north-korean-troops-in-russia` said it could not read a file of that name."""
    monkeypatch.chdir(tmp_path)
    assert main(["export", "north-korean-troops-in-russia"]) == 0
    assert capsysbinary.readouterr().out.decode().startswith('---\ntitle: "North Korean troops in Russia"\n')
    assert main(["export", "north-korean-troop"]) == 2  # as the README says of a name that is nothing
    assert capsysbinary.readouterr().err.decode() == (
        "briefing export: no such file, folder or brief id: 'north-korean-troop' "
        "(did you mean 'north-korean-troops-in-russia'?)\n"
    )


def test_check_takes_a_brief_id(
    private_dirs: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["check", "north-korean-troops-in-russia"]) == 0
    assert capsys.readouterr().err == "1 file checked: no problems\n"
    # Neither a file nor an id: said as such, a usage mistake (it read "nowhere:1:1: error: cannot read").
    assert main(["check", "north-korean-troop"]) == 2
    assert capsys.readouterr().err == (
        "briefing check: no such file, folder or brief id: 'north-korean-troop' "
        "(did you mean 'north-korean-troops-in-russia'?)\n"
    )
    assert main(["check", "gone.md"]) == 1  # a path: a missing file, checked as such
    assert capsys.readouterr().out == "gone.md:1:1: error: cannot read: No such file or directory\n"
    folder = users_briefs(private_dirs, first=VALID, second=VALID)
    assert main(["check", "test-brief"]) == 2
    assert capsys.readouterr().err == (
        f"briefing check: 2 briefs have the id 'test-brief': {folder / 'first.md'}, {folder / 'second.md'}; "
        "name the file\n"
    )


def test_an_id_is_found_past_a_long_front_matter(private_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a brief's first 64 KiB are read for its id, unless its front matter runs on past them."""
    padding = "".join(f"tag-{number}: x\n" for number in range(8_000))  # about 100 KB of unknown keys
    text = VALID.replace("---\nid: test-brief\n", "---\n" + padding + "id: test-brief\n", 1)
    users_briefs(private_dirs, long=text)
    opened: list[str] = []
    monkeypatch.setattr("tui.app.BriefingApp.run", lambda app: opened.append(app.brief.title))
    assert main(["test-brief"]) == 0
    assert opened == ["Test brief"]


@pytest.mark.parametrize(
    "argv", [["b\x1b]52;c;cHduZWQ=\x07"], ["b\x1b]52;c;cHduZWQ=\x07", "x"], ["export", "\x1b]52;c;cHduZWQ=\x07"]]
)
def test_a_name_that_is_nothing_is_shown_as_escapes(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    never_opened(monkeypatch)
    assert main(argv) in (1, 2)
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\x07" not in err
    assert "52;c;cHduZWQ=" in err


@pytest.mark.system  # runs another process
def test_python_dash_m_is_the_same_entry_point(tmp_path: Path) -> None:
    brief = tmp_path / "bad.md"
    brief.write_text(VALID.replace("[^c2]\n", "[^zz]\n", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tui", "check", str(brief)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == f"{brief}:12:45: error: citation of undefined claim 'zz'\n"
