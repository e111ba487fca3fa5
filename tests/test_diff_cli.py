"""`briefing diff`: what changed between two files, and since the last reading kept in the store; golden outputs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.core.brief.parse import load_brief
from tui.core.changes.fingerprint import encode, fingerprint_of
from tui.core.notes.access import Notes
from tui.core.notes.annotation import brief_key

from .conftest import REPO
from .test_export_markdown import golden
from .test_store_fingerprint import note, user_version, version_1_store  # the golden files' one reader and writer

FIXTURES = REPO / "tests" / "fixtures" / "diff"
OLD, NEW = "tests/fixtures/diff/old.md", "tests/fixtures/diff/new.md"


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)  # the paths printed are the ones given: relative, as a user types them


def test_two_files_print_claims_first_as_text(in_repo: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW]) == 0
    out = capsys.readouterr().out
    assert out == golden("diff.txt", out)
    lines = out.splitlines()
    assert lines.index("Claims:") < lines.index("Sections:") < lines.index("Paragraphs:")
    assert "  ~ ships-queue: status reported → confirmed; grade (none) → A1" in lines


def test_two_files_as_json_for_scripts(in_repo: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out == golden("diff.json", out)
    data = json.loads(out)
    assert [claim["change"] for claim in data["claims"]] == ["changed", "changed", "added", "removed"]
    assert data["claims"][1]["fields"]["status"] == {"old": "reported", "new": "confirmed"}
    assert {paragraph["change"] for paragraph in data["paragraphs"]} == {"changed", "moved", "added"}


def test_a_file_compared_with_itself_says_no_changes(in_repo: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", NEW, NEW]) == 0
    assert capsys.readouterr().out == f"{NEW}: no changes since {NEW}\n"


def test_one_brief_is_compared_with_the_version_last_read(
    private_dirs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief_file = tmp_path / "harbour.md"
    brief_file.write_text((FIXTURES / "old.md").read_text(encoding="utf-8"), encoding="utf-8")
    old, _ = load_brief(brief_file)
    store = private_dirs / "briefing-data" / "annotations.sqlite3"
    store.parent.mkdir(parents=True, exist_ok=True)
    notes = Notes(store)
    notes.save_fingerprint(brief_key(old.id, brief_file), encode(fingerprint_of(old)))
    notes.close()
    assert main(["diff", str(brief_file)]) == 0
    assert "no changes since" in capsys.readouterr().out
    brief_file.write_text((FIXTURES / "new.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["diff", str(brief_file)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(
        f"{brief_file}: 2 paragraphs changed, 1 paragraph added, 1 paragraph moved, 1 claim now reported"
    )
    assert first.endswith(" UTC")  # "since 2026-12-03 18:20 UTC"


def test_a_brief_never_read_says_so_and_fails(private_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(FIXTURES / "old.md")]) == 1
    err = capsys.readouterr().err
    assert "open the brief in the reader once" in err
    assert not (private_dirs / "briefing-data" / "annotations.sqlite3").exists()  # the store is not made by a diff


def test_a_missing_file_names_it(in_repo: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, "tests/fixtures/diff/nope.md"]) == 1
    assert "nope.md" in capsys.readouterr().err


def test_three_names_are_a_usage_mistake(in_repo: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", OLD, NEW, NEW]) == 2
    assert "give one brief, or two files" in capsys.readouterr().err


def test_a_brief_with_errors_is_compared_and_its_errors_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text((FIXTURES / "new.md").read_text(encoding="utf-8").replace("[^diversions]", "[^nowhere]", 1))
    assert main(["diff", str(FIXTURES / "old.md"), str(broken)]) == 0
    captured = capsys.readouterr()
    assert "has an error (`briefing check` says where)" in captured.err
    assert "Claims:" in captured.out


def test_one_version_may_come_from_standard_input_as_git_gives_it(
    in_repo: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`git show HEAD~1:x.md | briefing diff - x.md`: a trial's `<(git show …)` was refused as no regular file."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO((FIXTURES / "old.md").read_bytes())))
    assert main(["diff", "-", NEW]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith(" since standard input")
    expected = (REPO / "tests" / "golden" / "diff.txt").read_text(encoding="utf-8")
    assert out.splitlines()[1:] == expected.splitlines()[1:]  # the same changes as from the file


def test_standard_input_alone_is_a_usage_mistake(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "-"]) == 2
    assert "standard input (-) is one of two files" in capsys.readouterr().err


def test_a_file_with_errors_compared_with_itself_is_said_to_have_them_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text((FIXTURES / "new.md").read_text(encoding="utf-8").replace("[^diversions]", "[^nowhere]", 1))
    assert main(["diff", str(broken), str(broken)]) == 0
    assert capsys.readouterr().err.count("has an error") == 1


def test_diff_reads_a_version_1_store_without_upgrading_it(
    private_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by an attack: `briefing diff BRIEF` upgraded the store, and the previous version then refused it."""
    store = private_dirs / "briefing-data" / "annotations.sqlite3"
    store.parent.mkdir(parents=True, exist_ok=True)
    version_1_store(store, [note(1)])
    before = store.read_bytes()
    assert main(["diff", str(FIXTURES / "old.md")]) == 1
    assert "no reading of" in capsys.readouterr().err
    assert user_version(store) == 1
    assert store.read_bytes() == before
