"""`briefing export --all -o DIR` and `briefing export B1 B2 -o FILE`: golden files, names, atomic writes, import."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.core.brief.parse import load_brief
from tui.core.notes.anchoring import anchor_for
from tui.core.notes.annotation import Anchor, Annotation, brief_key
from tui.core.notes.store import Store

from .export_fixtures import EPOCH, bundled, store_with_fixed_notes
from .test_export_markdown import GOLDEN, golden

SECOND = """---
id: harbour-strike
title: Harbour strike
date: 2026-11-20
---

Dockers walked out on Monday.

## Causes

The port authority cut the night shift. The union says 1,200 jobs are at risk.

## Outlook

Talks resume on Friday; neither side expects a deal.
"""


@pytest.fixture
def data(private_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data dir: a second brief in the user's folder, notes on it and on the bundled brief, and one note of a
    brief the library does not have."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = private_dirs / "briefing-data"
    (folder / "briefs").mkdir(parents=True)
    second = folder / "briefs" / "harbour-strike.md"
    second.write_text(SECOND, encoding="utf-8")
    store = store_with_fixed_notes(folder / "annotations.sqlite3", bundled())
    brief = load_brief(second)[0]
    key = brief_key(brief.id, second)
    stamp = "2026-11-28T08:00:00.000000+00:00"
    notes = []
    for number, (section_id, sentence) in enumerate([("causes", 1), ("outlook", 0)]):
        section = brief.section(section_id)
        assert section is not None
        span = section.sentences[sentence]
        anchor = anchor_for(section, span.start, span.end)
        made = Annotation(key, anchor, "blue", f"Harbour note {number}", ("port",), f"harbour-{number}", stamp, stamp)
        notes.append(made)
    notes.append(Annotation("id:gone", Anchor("s", "q", 0, 1), note="lost", created=stamp, updated=stamp))
    with Store(store) as kept:
        kept.merge(notes)
    return folder


def test_all_writes_a_file_for_each_brief_of_the_library(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new" / "folder"  # made when missing
    assert main(["export", "--all", "-o", str(out)]) == 0
    assert sorted(path.name for path in out.iterdir()) == ["harbour-strike.md", "north-korean-troops-in-russia.md"]
    # Each file is the brief's own export, byte for byte.
    assert (out / "north-korean-troops-in-russia.md").read_text() == (GOLDEN / "notes-export.md").read_text()
    text = (out / "harbour-strike.md").read_text()
    assert text == golden("export_all/harbour-strike.md", text)
    err = capsys.readouterr().err
    assert err == (
        "briefing export: 1 note of 1 brief not in the library was not exported: id:gone\n"
        f"Wrote 2 files (markdown) in {out}: 8 notes of 2 briefs\n"
    )


def test_all_as_json_and_again_replaces_its_own_files(data: Path, tmp_path: Path) -> None:
    assert main(["export", "--all", "-o", str(tmp_path), "--format", "json"]) == 0
    first = (tmp_path / "harbour-strike.json").read_text()
    assert json.loads(first)["total"] == 2
    assert (tmp_path / "north-korean-troops-in-russia.json").read_text() == (GOLDEN / "notes-export.json").read_text()
    assert main(["export", "--all", "-o", str(tmp_path), "--format", "json"]) == 0
    assert (tmp_path / "harbour-strike.json").read_text() == first
    assert len(list(tmp_path.iterdir())) == 2


def test_all_never_replaces_a_file_no_export_wrote(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "harbour-strike.md"
    mine.write_text("my own file\n")
    assert main(["export", "--all", "-o", str(tmp_path)]) == 1
    assert mine.read_text() == "my own file\n"
    assert (tmp_path / "north-korean-troops-in-russia.md").is_file()  # the others are written
    assert f"{mine} is there and is no export: it is left as it is" in capsys.readouterr().err


def test_all_names_briefs_of_one_file_name_apart(private_dirs: Path, tmp_path: Path) -> None:
    folder = private_dirs / "briefing-data" / "briefs"
    for name in ("a", "b"):
        (folder / name).mkdir(parents=True)
        (folder / name / "Notes.md").write_text("# Notes\n\n## Part\n\nOne sentence.\n")
    with Store(private_dirs / "briefing-data" / "annotations.sqlite3") as kept:
        for name in ("a", "b"):
            key = brief_key(None, folder / name / "Notes.md")
            kept.save(Annotation(key, Anchor("part", "One sentence.", 0, 13), note=f"in {name}"))
    out = tmp_path / "out"
    assert main(["export", "--all", "-o", str(out)]) == 0
    assert sorted(path.name for path in out.iterdir()) == ["Notes-2.md", "Notes.md"]
    assert "in a" in (out / "Notes.md").read_text()
    assert "in b" in (out / "Notes-2.md").read_text()


def test_a_failing_write_leaves_the_old_file_and_no_temporary_one(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--all", "-o", str(tmp_path)]) == 0
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    with Store(data / "annotations.sqlite3") as kept:  # something new to write
        kept.save(Annotation("id:harbour-strike", Anchor("causes", "x", 0, 1), note="new"))

    def refused(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tui.core.outside.atomic.os.replace", refused)
    capsys.readouterr()
    assert main(["export", "--all", "-o", str(tmp_path)]) == 1
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before  # nothing else there either
    assert "cannot write" in capsys.readouterr().err


def test_all_without_a_store_writes_nothing(
    private_dirs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--all", "-o", str(tmp_path / "out")]) == 0
    assert not (tmp_path / "out").exists()
    assert "no notes are kept yet" in capsys.readouterr().err
    assert not (private_dirs / "briefing-data" / "annotations.sqlite3").exists()


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["export", "--all"], "give the folder with -o DIR"),
        (["export", "--all", "x", "-o", "d"], "name no brief with it"),
        (["export", "--all", "-o", "d", "--format", "dot"], "dot is one brief's claim map"),
        (["export", "a.md", "b.md", "--format", "dot"], "dot is one brief's claim map"),
        (["export"], "name a brief"),
    ],
)
def test_usage_mistakes_of_several_exit_2(argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: briefing export")
    assert said in err


def test_several_briefs_make_one_markdown_document(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes.md"
    assert main(["export", "north-korean-troops-in-russia", "harbour-strike", "-o", str(target)]) == 0
    text = target.read_text()
    assert text == golden("export_several.md", text)
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[:3] == [
        "# Notes on 2 briefs",
        "## Notes on North Korean troops in Russia",
        "### Bottom line up front",
    ]
    assert "## Notes on Harbour strike" in headings
    assert capsys.readouterr().err == f"Wrote 8 notes of 2 briefs (markdown) to {target}\n"
    # Written again over itself: it is an export, not a brief.
    assert main(["export", "north-korean-troops-in-russia", "harbour-strike", "-o", str(target)]) == 0


def test_several_briefs_as_json_import_back_each_to_its_brief(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "notes.json"
    assert main(["export", "harbour-strike", "north-korean-troops-in-russia", "-o", str(target)]) == 0
    collection = json.loads(target.read_text())
    assert collection["total"] == 8
    store = data / "annotations.sqlite3"
    with Store(store) as kept:
        before = kept.counts()
    for name in os.listdir(data):
        if name.startswith("annotations.sqlite3"):
            (data / name).unlink()  # a new machine
    assert main(["import", str(target)]) == 0
    with Store(store) as kept:
        assert kept.counts() == {key: count for key, count in before.items() if key != "id:gone"}
    assert main(["import", str(target)]) == 0  # twice: nothing more
    with Store(store) as kept:
        assert sum(kept.counts().values()) == 8
    again = tmp_path / "again.json"
    assert main(["export", "harbour-strike", "north-korean-troops-in-russia", "-o", str(again)]) == 0
    assert again.read_text() == target.read_text()


def test_several_briefs_refuse_to_overwrite_one_of_them(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = data / "briefs" / "harbour-strike.md"
    assert main(["export", str(second), "north-korean-troops-in-russia", "-o", str(second)]) == 1
    assert "is the brief itself" in capsys.readouterr().err
    assert second.read_text() == SECOND


def test_several_briefs_without_a_store_make_none(
    private_dirs: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["export", "north-korean-troops-in-russia", "north-korean-troops-in-russia"]) == 0
    out = capsysbinary.readouterr().out.decode()
    assert out.count("No notes yet.") == 1  # one brief named twice is one part
    assert not (private_dirs / "briefing-data" / "annotations.sqlite3").exists()
