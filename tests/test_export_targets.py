"""Where an export may go: one rule, `export_target.refusal`, for the command line and the reader's prompt."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.core.export.compose import Format, gather, render
from tui.core.export.target import refusal

from .conftest import BUNDLED_BRIEF


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A folder holding a brief (`x/brief.md`) and a store with its WAL files (`data/notes.sqlite3`)."""
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "brief.md").write_text(BUNDLED_BRIEF.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "data").mkdir()
    for name in ("notes.sqlite3", "notes.sqlite3-wal", "notes.sqlite3-shm"):
        (tmp_path / "data" / name).write_bytes(b"SQLite format 3\0")
    return tmp_path


def refused(place: Path, target: str | Path) -> str | None:
    return refusal(target, brief=place / "x" / "brief.md", store=place / "data" / "notes.sqlite3")


def test_a_new_file_an_earlier_export_and_a_plain_markdown_file_may_be_written(place: Path) -> None:
    assert refused(place, place / "notes.md") is None
    export = place / "notes.md"
    export.write_text(render(gather(place / "x" / "brief.md", place / "none.sqlite3"), Format.MARKDOWN))
    assert refused(place, export) is None  # an export again replaces the last one
    (place / "mine.md").write_text("my own notes, no front matter")
    assert refused(place, place / "mine.md") is None  # the prompt asks first
    (place / "notes.json").write_text("{}")
    assert refused(place, place / "notes.json") is None


def test_a_new_file_in_a_missing_folder_is_refused_with_the_folder_named_link_or_not(place: Path) -> None:
    """Before, the write made the missing folders, for a plain name and for a link pointing into them."""
    missing = place / "nowhere" / "deep"
    plain = refused(place, missing / "notes.md")
    assert plain == f"the folder {missing} does not exist: make it first, or choose another file"
    os.symlink(missing / "notes.md", place / "link.md")
    linked = refused(place, place / "link.md")
    assert linked == (
        f"{place / 'link.md'} is a symbolic link to {missing / 'notes.md'}, and the folder {missing} does not exist: "
        "make it first, or choose another file"
    )
    os.symlink("nowhere/deep/notes.md", place / "relative.md")  # a relative link: from the link's folder
    assert f"the folder {missing} does not exist" in (refused(place, place / "relative.md") or "")
    assert not (place / "nowhere").exists()
    # A file where the folder should be is named as such.
    assert refused(place, place / "x" / "brief.md" / "notes.md") == (
        f"{place / 'x' / 'brief.md'} is not a folder: choose another file"
    )
    # Once the folder is there, the link (and the plain name) may be written.
    missing.mkdir(parents=True)
    assert refused(place, place / "link.md") is None
    assert refused(place, missing / "notes.md") is None


def test_only_the_folder_the_app_offers_may_be_made(place: Path) -> None:
    offered = place / "Documents" / "briefing-notes"
    mine = refusal(offered / "b.md", brief=place / "x" / "brief.md", store=None, may_make=offered)
    assert mine is None
    other = refusal(place / "elsewhere" / "b.md", brief=place / "x" / "brief.md", store=None, may_make=offered)
    assert other is not None
    assert "the folder" in other


def test_the_command_line_refuses_a_link_into_a_missing_folder_and_makes_nothing(
    place: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli.export import export

    missing = place / "nowhere" / "deep"
    os.symlink(missing / "out.md", place / "LINK")
    for target in (place / "LINK", missing / "out.md"):
        code = export(place / "x" / "brief.md", str(target), None, store=place / "none.sqlite3", journal=place / "j")
        assert code == 1
        assert f"the folder {missing} does not exist" in capsys.readouterr().err
    assert not (place / "nowhere").exists()


def spellings(place: Path) -> Iterator[str | Path]:
    brief = place / "x" / "brief.md"
    yield brief
    yield f"{place}/x/../x/./brief.md"
    yield f"{place}//x/brief.md"
    os.symlink(brief, place / "link.md")
    yield place / "link.md"
    os.symlink("x", place / "folder-link")
    yield place / "folder-link" / "brief.md"
    os.link(brief, place / "hard.md")
    yield place / "hard.md"


def test_the_brief_itself_is_refused_however_it_is_spelled(place: Path) -> None:
    for target in spellings(place):
        reason = refused(place, target)
        assert reason is not None, target
        assert "is the brief itself" in reason


def test_the_brief_is_refused_by_a_relative_name_too(place: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(place / "x")
    assert "is the brief itself" in (refused(place, "brief.md") or "")
    assert "is the brief itself" in (refusal("./brief.md", brief=Path("brief.md"), store=None) or "")


@pytest.mark.parametrize("name", ["notes.sqlite3", "notes.sqlite3-wal", "notes.sqlite3-shm", "notes.sqlite3-journal"])
def test_the_notes_store_and_its_companion_files_are_refused(place: Path, name: str) -> None:
    reason = refused(place, place / "data" / name)
    assert reason is not None
    assert "notes store" in reason
    os.symlink(place / "data" / name, place / "store-link")
    assert "notes store" in (refused(place, place / "store-link") or "")


def test_another_brief_is_refused_and_the_reason_says_so(place: Path) -> None:
    other = place / "other.md"
    other.write_text("---\nid: other\ntitle: Other\n---\n\n# Other\n\nText.\n")
    reason = refused(place, other)
    assert reason is not None
    assert "is a brief" in reason


def test_a_brief_with_a_byte_order_mark_or_crlf_is_still_a_brief(place: Path) -> None:
    other = place / "other.md"
    other.write_bytes(b"\xef\xbb\xbf---\r\nid: other\r\n---\r\n\r\n# Other\r\n")
    assert "is a brief" in (refused(place, other) or "")


def test_a_brief_with_lone_carriage_returns_is_still_a_brief(place: Path) -> None:
    # The reader takes a lone CR for a line end: such a brief read as one line here and was replaced.
    other = place / "other.md"
    other.write_bytes(b"---\rid: other\rtitle: Other\r---\r\r# Other\r\rText.\r")
    assert "is a brief" in (refused(place, other) or "")


def test_a_brief_carrying_the_exports_mark_in_its_front_matter_is_still_a_brief(place: Path) -> None:
    other = place / "other.md"
    other.write_text('---\nid: other\ntitle: Other\ngenerator: "Briefing Reader"\n---\n\n# Other\n')
    assert "is a brief" in (refused(place, other) or "")


def test_an_export_written_with_crlf_may_be_replaced(place: Path) -> None:
    earlier = place / "earlier.md"
    lines = ['title: "T"', 'brief_id: "b"', "source:", '  - "S"', 'exported_at: "2026-01-01T00:00:00Z"']
    lines += ["note_count: 1", 'generator: "Briefing Reader"']
    earlier.write_bytes(("---\r\n" + "\r\n".join(lines) + "\r\n---\r\n\n# Notes\n").encode())
    assert refused(place, earlier) is None


def test_a_brief_whose_front_matter_merely_mentions_the_generator_is_still_a_brief(place: Path) -> None:
    other = place / "other.md"
    other.write_text('---\nid: x\ntitle: x\n---\n\ngenerator: "Briefing Reader"\n')
    assert "is a brief" in (refused(place, other) or "")


@pytest.mark.parametrize("kind", ["fifo", "character device", "socket"])
def test_anything_that_is_not_a_regular_file_is_refused(place: Path, kind: str) -> None:
    target = place / "special"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "character device":
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # our own node, in tmp
    else:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
        sock.close()
    for name in (target, place / "link"):
        if name != target:
            os.symlink(target, name)
        reason = refused(place, name)
        assert reason is not None
        assert "not a regular file" in reason


def test_a_folder_is_refused_with_a_clear_reason(place: Path) -> None:
    assert "is a folder" in (refused(place, place / "x") or "")
    assert "is a folder" in (refused(place, f"{place}/x/") or "")


def test_a_trailing_slash_names_a_folder_even_when_there_is_none(place: Path) -> None:
    reason = refused(place, f"{place}/newdir/")
    assert reason is not None
    assert "names a folder" in reason
    assert not (place / "newdir").exists()


def test_a_symlink_loop_is_refused_with_the_reason(place: Path) -> None:
    os.symlink("loop", place / "loop")
    reason = refused(place, place / "loop")
    assert reason is not None
    assert "symbolic links" in reason


def test_a_link_to_a_regular_file_may_be_written(place: Path) -> None:
    (place / "real.md").write_text("an earlier note file")
    os.symlink(place / "real.md", place / "link.md")
    assert refused(place, place / "link.md") is None


def test_without_a_store_only_the_brief_is_guarded(place: Path) -> None:
    assert refusal(place / "data" / "notes.sqlite3", brief=place / "x" / "brief.md", store=None) is None
    assert refusal(place / "x" / "brief.md", brief=place / "x" / "brief.md", store=None) is not None


def test_a_name_with_control_characters_is_pictured_in_the_reason(place: Path) -> None:
    os.mkfifo(place / "a\x1b]52;c;x\x07b")
    reason = refused(place, place / "a\x1b]52;c;x\x07b")
    assert reason is not None
    assert "\x1b" not in reason
    assert "\x07" not in reason


@pytest.mark.parametrize(("target", "reason"), [("", "no file name"), (" ", "no file name"), ("a\0b", "NUL")])
def test_an_empty_name_or_a_nul_is_refused(place: Path, target: str, reason: str) -> None:
    assert reason in (refused(place, target) or "")
