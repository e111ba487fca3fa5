"""Atomic writes: a killed write leaves the old file or the new one, and its temporary file is cleaned up."""

from __future__ import annotations

import os
import random
import stat
import threading
import time
from pathlib import Path

import pytest

from tui.core.outside.atomic import (
    PART_AGE,
    TEMPORARY_SUFFIX,
    NotRegularFile,
    _recorded,
    clean_stray_writes,
    temporary_for,
    write_atomically,
)

from .conftest import REPO
from .helpers.forked import Rounds

KILLS = 100
SIZE = 4 * 1024 * 1024  # big enough that most kills land in the middle of a write


def leftovers(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.name.endswith(".tmp"))


def test_a_write_replaces_the_file_whole_and_leaves_nothing_behind(tmp_path: Path) -> None:
    target, journal = tmp_path / "out" / "notes.md", tmp_path / "journal"
    write_atomically(target, "first\n", journal=journal)
    write_atomically(target, "second ✓\n", journal=journal)
    assert target.read_text(encoding="utf-8") == "second ✓\n"
    assert os.listdir(target.parent) == ["notes.md"]
    assert os.listdir(journal) == []


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "notes.md", "x\n")
    finally:
        os.umask(old)
    assert (tmp_path / "notes.md").stat().st_mode & 0o777 == 0o644


def test_a_failed_write_keeps_the_old_file_and_removes_its_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "notes.md"
    write_atomically(target, "old\n")

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        write_atomically(target, "new\n", journal=tmp_path / "journal")
    assert target.read_text() == "old\n"
    assert leftovers(tmp_path) == []


def test_the_cleaner_leaves_a_running_write_alone_and_removes_a_dead_ones(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    running = temporary_for(tmp_path / "a.md", "1" * 32)
    with _recorded(journal, "1" * 32, running):
        running.write_text("half")
        assert clean_stray_writes(journal) == []  # its lock is held: a write under way
        assert running.exists()
    # A write killed half-way: its record stays, unlocked, and so does its temporary file.
    dead = temporary_for(tmp_path / "b.md", "2" * 32)
    dead.write_text("half")
    (journal / f"{'2' * 32}.pending").write_bytes(os.fsencode(dead))
    assert clean_stray_writes(journal) == [dead]
    assert not dead.exists()
    assert os.listdir(journal) == []


def test_a_record_left_half_made_goes_once_it_is_old(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    journal.mkdir()
    part = journal / f"{'4' * 32}.part"
    part.write_bytes(b"")
    assert clean_stray_writes(journal) == []
    assert part.exists()  # perhaps a write starting right now: left alone
    old = time.time() - PART_AGE - 1
    os.utime(part, (old, old))
    clean_stray_writes(journal)
    assert not part.exists()


def test_a_write_goes_on_when_the_journal_cannot_be_kept(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the data folder should be")
    write_atomically(tmp_path / "notes.md", "written\n", journal=tmp_path / "data" / "pending-writes")
    assert (tmp_path / "notes.md").read_text() == "written\n"


def test_a_replaced_file_keeps_its_permissions_and_a_link_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    real.chmod(0o600)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomically(link, "new\n", journal=tmp_path / "journal")
    assert link.is_symlink()
    assert real.read_text() == "new\n"
    assert real.stat().st_mode & 0o777 == 0o600


def test_the_cleaner_removes_only_files_named_like_its_own_temporaries(tmp_path: Path) -> None:
    journal = tmp_path / "journal"
    journal.mkdir()
    precious = tmp_path / "report.md"
    precious.write_text("mine")
    (journal / f"{'3' * 32}.pending").write_bytes(os.fsencode(precious))  # a forged or damaged record
    assert clean_stray_writes(journal) == []
    assert precious.read_text() == "mine"


@pytest.mark.system  # runs another process
def test_killing_a_writer_never_leaves_a_partial_file_and_the_next_start_cleans_up(tmp_path: Path) -> None:
    """SIGKILL at random moments, KILLS times: the file is always one whole version, never part of one."""
    rng = random.Random(20261127)
    target, journal = tmp_path / "notes.md", tmp_path / "journal"
    whole = {"A" * SIZE + "\n", "B" * SIZE + "\n"}
    killed_mid_write = 0
    # A forked writer per kill: a process of its own, without a Python start-up each time.
    writers = Rounds("tests.helpers.atomic_writer", str(target), str(journal), str(SIZE), cwd=REPO)
    try:
        for _ in range(KILLS):
            printed = writers.kill_after(rng.uniform(0, 0.05))  # after its first write returned
            assert printed[0].startswith("wrote ")
            assert target.read_text() in whole
            stray = leftovers(tmp_path)
            killed_mid_write += bool(stray)
            # The next start: every temporary file of a killed write goes, and its record.
            assert clean_stray_writes(journal) == stray
            assert leftovers(tmp_path) == []
            # A record killed while being made (".part", before its temporary file existed) waits out PART_AGE.
            assert [name for name in os.listdir(journal) if not name.endswith(".part")] == []
    finally:
        writers.close()
    print(f"{killed_mid_write} of {KILLS} kills landed in the middle of a write")
    assert killed_mid_write >= KILLS // 4  # the kills did land in the middle of writes


@pytest.mark.parametrize("kind", ["fifo", "character device", "folder", "link to a fifo"])
def test_a_write_never_replaces_something_that_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    special = tmp_path / "special"
    if kind == "character device":
        os.mknod(special, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # our own node, never /dev/null
    elif kind == "folder":
        special.mkdir()
    else:
        os.mkfifo(special)
    target = special
    if kind == "link to a fifo":
        target = tmp_path / "link"
        target.symlink_to(special)
    before = os.stat(special)
    with pytest.raises(NotRegularFile, match="not a regular file") as raised:
        write_atomically(target, "text\n", journal=tmp_path / "journal")
    assert isinstance(raised.value, OSError)  # callers that catch OSError say it as they say any failed write
    after = os.stat(special)
    assert (stat.S_IFMT(after.st_mode), after.st_ino) == (stat.S_IFMT(before.st_mode), before.st_ino)
    assert leftovers(tmp_path) == []


def test_a_write_through_a_symlink_loop_is_an_os_error(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to("loop")
    with pytest.raises(OSError, match="symbolic links"):  # not Path.resolve's RuntimeError: said as a failed write
        write_atomically(tmp_path / "loop", "text\n")


def test_the_cleaner_skips_a_record_that_is_not_a_regular_file(tmp_path: Path) -> None:
    """A FIFO named like a record would block the cleaner (and every start and export) forever."""
    journal = tmp_path / "journal"
    journal.mkdir()
    os.mkfifo(journal / f"{'5' * 32}.pending")
    done: list[list[Path]] = []
    cleaner = threading.Thread(target=lambda: done.append(clean_stray_writes(journal)), daemon=True)
    cleaner.start()
    cleaner.join(timeout=20)
    if cleaner.is_alive():  # free the blocked open, so the test process can go on
        os.close(os.open(journal / f"{'5' * 32}.pending", os.O_WRONLY | os.O_NONBLOCK))
        cleaner.join(timeout=20)
    assert done == [[]], "the cleaner blocked on a FIFO"


def test_the_cleaner_survives_a_record_naming_a_folder_or_holding_a_nul(tmp_path: Path) -> None:
    """Each of these crashed every later `briefing export` with a traceback, and stopped the cleaning."""
    journal = tmp_path / "journal"
    journal.mkdir()
    folder = tmp_path / f".notes.md.{'1' * 32}{TEMPORARY_SUFFIX}"
    folder.mkdir()
    (journal / f"{'1' * 32}.pending").write_bytes(os.fsencode(folder))
    (journal / f"{'2' * 32}.pending").write_bytes(b"/tmp/.x\0.md." + b"2" * 32 + TEMPORARY_SUFFIX.encode())
    dead = tmp_path / f".other.md.{'4' * 32}{TEMPORARY_SUFFIX}"
    dead.write_text("half")
    (journal / f"{'4' * 32}.pending").write_bytes(os.fsencode(dead))
    assert clean_stray_writes(journal) == [dead]
    assert folder.is_dir()
    assert list(journal.iterdir()) == []


@pytest.mark.parametrize("name", ["n" * 250 + ".md", "é" * 125 + ".md", "x" * 255])
def test_a_long_legal_name_is_written_its_temporary_name_cut_to_fit(tmp_path: Path, name: str) -> None:
    """A 253-byte name failed with "File name too long": the temporary's name was longer still."""
    target = tmp_path / name
    write_atomically(target, "written\n", journal=tmp_path / "journal")
    assert target.read_text() == "written\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["journal", name])
