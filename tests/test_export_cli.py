"""`briefing export` and `briefing import` on the command line: outputs, statuses, messages, kills."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.__main__ import main
from tui.core.notes.annotation import Anchor, Annotation, brief_key
from tui.core.notes.store import Store

from .conftest import BUNDLED_BRIEF, REPO
from .export_fixtures import EPOCH, bundled, store_with_fixed_notes

BRIEF = str(BUNDLED_BRIEF)


@pytest.fixture
def store(private_dirs: Path) -> Path:
    """The user's store (in the private data dir), holding the six fixed notes."""
    return store_with_fixed_notes(private_dirs / "briefing-data" / "annotations.sqlite3", bundled())


def test_export_writes_markdown_to_stdout(store: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", BRIEF]) == 0
    out = capsysbinary.readouterr().out.decode()
    assert out.startswith('---\ntitle: "North Korean troops in Russia"\n')
    assert "note_count: 6\n" in out


def test_export_writes_json_to_stdout_when_asked(store: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", BRIEF, "--format", "json"]) == 0
    assert json.loads(capsysbinary.readouterr().out)["total"] == 6


def test_export_to_a_file_says_where_and_picks_the_format_by_its_name(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out").mkdir()  # an export makes no folder: see test_export_targets
    target = tmp_path / "out" / "notes.json"
    assert main(["export", BRIEF, "-o", str(target)]) == 0
    assert capsys.readouterr().err == f"Wrote 6 notes (json) to {target}\n"
    assert json.loads(target.read_text())["total"] == 6
    assert main(["export", BRIEF, "-o", str(target), "--format", "markdown"]) == 0  # the format asked for wins
    assert target.read_text().startswith("---\n")


def test_export_of_a_brief_without_a_store_creates_none(
    private_dirs: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["export", BRIEF]) == 0
    assert b"No notes yet." in capsysbinary.readouterr().out
    assert not (private_dirs / "briefing-data" / "annotations.sqlite3").exists()


def test_export_of_a_missing_brief_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "gone.md")]) == 1
    assert capsys.readouterr().err.startswith(f"{tmp_path / 'gone.md'}:1:1: error: cannot read")


def test_export_that_cannot_write_says_why_and_leaves_nothing(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file").write_text("a file where a folder should be")
    assert main(["export", BRIEF, "-o", str(tmp_path / "file" / "notes.md")]) == 1
    err = capsys.readouterr().err
    assert err == f"briefing export: {tmp_path / 'file'} is not a folder: choose another file\n"
    assert "Traceback" not in err
    assert (tmp_path / "file").read_text() == "a file where a folder should be"


def test_dash_is_standard_output(store: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", BRIEF, "-o", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"---\n")
    assert not Path("-").exists()


def test_export_refuses_to_overwrite_the_brief_or_to_read_an_export_as_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "brief.md"
    brief.write_text(BUNDLED_BRIEF.read_text())
    assert main(["export", str(brief), "-o", str(tmp_path / "." / "brief.md")]) == 1
    assert "is the brief itself" in capsys.readouterr().err
    assert brief.read_text() == BUNDLED_BRIEF.read_text()
    (tmp_path / "notes.json").write_text("{}")
    assert main(["export", str(tmp_path / "notes.json")]) == 1
    assert "`briefing import` reads exports" in capsys.readouterr().err


def test_export_says_an_unreadable_store_is_unreadable_and_leaves_it_there(
    private_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = private_dirs / "briefing-data" / "annotations.sqlite3"
    store.parent.mkdir(parents=True)
    store.write_bytes(b"not a database " * 400)
    assert main(["export", BRIEF]) == 1
    assert "is damaged or not a notes store" in capsys.readouterr().err
    assert store.read_bytes() == b"not a database " * 400
    assert [path.name for path in store.parent.iterdir()] == ["annotations.sqlite3"]


@pytest.mark.parametrize("argv", [["export"], ["export", BRIEF, "--format", "pdf"], ["import"], ["import", "a", "b"]])
def test_usage_mistakes_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: briefing {argv[0]}")
    assert "Traceback" not in err


def test_import_through_main_twice_adds_once(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "notes.json"
    assert main(["export", BRIEF, "-o", str(exported)]) == 0
    with Store(store) as kept:
        kept.merge([Annotation(brief_key("other", "x"), Anchor("s", "q", 0, 1), created="2026-01-01T00:00:00")])
    store.unlink()  # a new machine: an empty store
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    capsys.readouterr()
    assert main(["import", str(exported)]) == 0
    assert main(["import", str(exported)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith(": 0 added, 0 updated, 6 already in the store")
    with Store(store) as kept:
        assert kept.count() == 6


@pytest.mark.parametrize("empty", ["[]", '{"type": "AnnotationPage", "items": []}'])
def test_importing_a_file_of_no_notes_says_so(
    empty: str, store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said "0 added, 0 updated, 0 already in the store", as if the notes had all been there."""
    file = tmp_path / "none.json"
    file.write_text(empty)
    assert main(["import", str(file)]) == 0
    assert capsys.readouterr().out.strip() == f"{file}: the file has no notes; nothing to import"


@pytest.mark.system  # runs another process
def test_the_commands_run_as_a_user_would_run_them(store: Path, tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "tui", "export", BRIEF], cwd=REPO, capture_output=True, timeout=60, env=os.environ
    )
    assert run.returncode == 0
    assert run.stdout.startswith(b"---\n")
    head = subprocess.run(  # a reader that stops early is no error
        f"{sys.executable} -m tui export {BRIEF} | head -1", shell=True, cwd=REPO, capture_output=True, timeout=60
    )
    assert head.stdout == b"---\n"
    assert b"Traceback" not in head.stderr


KILLS = 12


@pytest.mark.system  # runs another process
def test_killing_an_export_leaves_the_old_file_or_the_new_and_the_next_start_cleans_up(
    private_dirs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGKILL `briefing export -o` at random moments: the file is always a whole export, never part of one."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # so that every export of the same notes is the same bytes
    brief = bundled()
    key = brief_key(brief.id, brief.path)
    section = brief.sections[0]
    notes = [
        Annotation(key, Anchor(section.id, section.text[:40], 0, 40), note=f"note {n} " + "words " * 200,
                   created=f"2026-01-01T00:{n // 60 % 60:02d}:{n % 60:02d}")
        for n in range(3000)
    ]  # fmt: skip
    with Store(private_dirs / "briefing-data" / "annotations.sqlite3") as kept:
        kept.merge(notes)
    target = tmp_path / "notes.md"
    command = [sys.executable, "-m", "tui", "export", BRIEF, "-o", str(target)]
    rng = random.Random(5)
    complete = subprocess.run(command, cwd=REPO, capture_output=True, timeout=120)
    assert complete.returncode == 0
    whole = target.read_bytes()
    started = time.monotonic()
    subprocess.run(command, cwd=REPO, capture_output=True, timeout=120)
    duration = time.monotonic() - started
    strays = 0
    for kill in range(KILLS):
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if kill % 2:  # at a random moment of the run
            time.sleep(rng.uniform(duration * 0.5, duration * 1.05))
        else:  # once the temporary file is there: in the middle of the write
            deadline = time.monotonic() + 2 * duration
            while not temporaries(tmp_path) and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.0002)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert target.read_bytes() == whole  # the same notes: the old export or the new, whole, never a part
        strays += bool(temporaries(tmp_path))
    # The next start removes what the killed exports left behind.
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=120).returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]
    journal = os.listdir(private_dirs / "briefing-data" / "pending-writes")
    assert [name for name in journal if not name.endswith(".part")] == []  # a half-made record waits its age
    assert strays >= KILLS // 4, "the kills must land in the middle of writes, or this shows nothing"


def temporaries(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.name.endswith(".tmp")]


def special_files(folder: Path) -> dict[str, Path]:
    """Our own FIFO and character device (never a real one), to be refused as export targets."""
    fifo, device = folder / "fifo", folder / "device"
    os.mkfifo(fifo)
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    (folder / "link-to-fifo").symlink_to(fifo)
    return {"fifo": fifo, "device": device, "link-to-fifo": folder / "link-to-fifo"}


@pytest.mark.parametrize("name", ["fifo", "device", "link-to-fifo"])
def test_export_refuses_a_target_that_is_not_a_regular_file_and_leaves_it_as_it_was(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    target = special_files(tmp_path)[name]
    before = os.stat(target)
    assert main(["export", BRIEF, "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"briefing export: {target} ")
    assert "not a regular file" in err
    after = os.stat(target)
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode), before.st_ino)


def test_export_to_a_name_ending_in_a_slash_says_it_names_a_folder_and_creates_nothing(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", BRIEF, "-o", f"{tmp_path}/newdir/"]) == 1
    err = capsys.readouterr().err
    assert err == f"briefing export: {tmp_path}/newdir/ ends with '/', so it names a folder: add a file name\n"
    assert not (tmp_path / "newdir").exists()
    assert main(["export", BRIEF, "-o", f"{tmp_path}/"]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_export_to_a_folder_says_so(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", BRIEF, "-o", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"briefing export: {tmp_path} is a folder: add a file name\n"


def test_export_refuses_the_brief_by_any_name_and_the_store_and_another_brief(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    brief = tmp_path / "x" / "brief.md"
    brief.parent.mkdir()
    original = BUNDLED_BRIEF.read_text()
    brief.write_text(original)
    (tmp_path / "link.md").symlink_to(brief)
    os.link(brief, tmp_path / "hard.md")
    for target in (f"{tmp_path}/x/../x/brief.md", tmp_path / "link.md", tmp_path / "hard.md"):
        assert main(["export", str(brief), "-o", str(target)]) == 1
        assert "is the brief itself" in capsys.readouterr().err
    assert brief.read_text() == original
    assert (tmp_path / "hard.md").read_text() == original
    kept = store.read_bytes()
    for target in (store, Path(f"{store}-wal")):
        assert main(["export", BRIEF, "-o", str(target)]) == 1
        assert "notes store" in capsys.readouterr().err
    assert store.read_bytes() == kept
    assert main(["export", BRIEF, "-o", str(brief)]) == 1  # another brief than the one exported
    assert "is a brief" in capsys.readouterr().err
    assert brief.read_text() == original


def test_a_symlink_loop_as_target_is_a_message_not_a_traceback(
    store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "loop").symlink_to("loop")
    assert main(["export", BRIEF, "-o", str(tmp_path / "loop")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"briefing export: {tmp_path / 'loop'} ")
    assert "Traceback" not in err
