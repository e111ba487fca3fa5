"""Writing a file whole or not at all, and cleaning up after a write that was killed half-way.

A write goes to a temporary file beside the target, is flushed to disk, renamed
over the target, and the folder is flushed so the rename survives a power cut: a
crash leaves the old file or the new one, never half of one.

A killed write leaves its temporary file behind, in whatever folder the user
chose. So each write first records where its temporary file is, in a journal
folder (in the data dir), and holds a lock on that record while it runs. At the
next start `clean_stray_writes` removes every temporary file whose writer is gone
(its lock is free), and leaves alone those of a write still running elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

JOURNAL_DIR = "pending-writes"  # in the data dir: one record per write under way
TEMPORARY_SUFFIX = ".tmp"
CHUNK = 1 << 16  # bytes written at a time


def temporary_for(path: Path, token: str) -> Path:
    """The temporary file a write to `path` goes through: hidden, beside it, named after it."""
    return path.with_name(f".{path.name}.{token}{TEMPORARY_SUFFIX}")


def write_atomically(path: Path, text: str, *, journal: Path | None = None) -> None:
    """Replace `path` with `text` (UTF-8) so that a crash leaves the old file or the new, never half of one.

    With a `journal` folder, the temporary file is recorded there while the write runs,
    so `clean_stray_writes(journal)` can remove it if the process is killed.
    The new file gets the usual permissions (the umask's), like any file the user saves.
    """
    data = text.encode("utf-8")
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    temporary = temporary_for(path, token)
    with _recorded(journal, token, temporary):
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            try:
                for start in range(0, len(data), CHUNK):
                    os.write(handle, data[start : start + CHUNK])
                os.fsync(handle)
            finally:
                os.close(handle)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk; not possible everywhere, so only tried."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)


@contextlib.contextmanager
def _recorded(journal: Path | None, token: str, temporary: Path) -> Iterator[None]:
    """Keep a locked record of `temporary` in `journal` while the body runs; removed after it."""
    if journal is None or sys.platform == "win32":  # no flock there: writes still atomic, not journalled
        yield
        return
    import fcntl

    journal.mkdir(parents=True, exist_ok=True)
    # Written under a name the cleaner skips, locked, then renamed: the record is never
    # seen unlocked while its writer lives (the lock travels with the file).
    part = journal / f"{token}.part"
    record = journal / f"{token}.pending"
    handle = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        os.write(handle, os.fsencode(temporary))
        os.fsync(handle)
        os.replace(part, record)
        yield
        with contextlib.suppress(OSError):
            os.unlink(record)
    finally:
        os.close(handle)  # releases the lock


def clean_stray_writes(journal: Path) -> list[Path]:
    """Remove the temporary files of writes that were killed; return those removed.

    A record whose lock can be taken belongs to a process that is gone. Only a file
    named like one of our temporary files is removed, whatever the record says.
    """
    if sys.platform == "win32" or not journal.is_dir():
        return []
    import fcntl

    removed: list[Path] = []
    for record in sorted(journal.iterdir()):
        if record.suffix not in (".pending", ".part"):
            continue
        try:
            handle = os.open(record, os.O_RDONLY)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # its writer is still running
            temporary = Path(os.fsdecode(os.read(handle, 1 << 16)))
            looks_ours = temporary.name.startswith(".") and temporary.name.endswith(f".{record.stem}{TEMPORARY_SUFFIX}")
            if record.suffix == ".pending" and looks_ours:
                with contextlib.suppress(FileNotFoundError):
                    temporary.unlink()
                    removed.append(temporary)
            with contextlib.suppress(OSError):
                record.unlink()
        finally:
            os.close(handle)
    return removed
