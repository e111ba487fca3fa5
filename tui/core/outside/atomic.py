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
import stat
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

JOURNAL_DIR = "pending-writes"  # in the data dir: one record per write under way
PART_AGE = 60.0  # seconds: a record still being made (".part") older than this was left by a killed write
TEMPORARY_SUFFIX = ".tmp"
CHUNK = 1 << 16  # bytes written at a time


class NotRegularFile(OSError):
    """Raised instead of replacing something that is not a regular file: a device, a FIFO, a socket, a folder.

    An OSError, so a caller that reports failed writes reports this one too; its text says what is there.
    """


def kind_of(mode: int) -> str:
    """What a file of this `st_mode` is, in words, for messages."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISREG, "a regular file"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def temporary_for(path: Path, token: str) -> Path:
    """The temporary file a write to `path` goes through: hidden, beside it, named after it.

    The name is cut to fit 255 bytes, the usual limit: a legal 253-byte name failed as
    "File name too long" because of the temporary's.
    """
    room = 255 - len(f"..{token}{TEMPORARY_SUFFIX}".encode())
    shown = path.name
    while len(os.fsencode(shown)) > room:  # a name has at most 255 bytes, so a few steps at most
        shown = shown[:-1]
    return path.with_name(f".{shown}.{token}{TEMPORARY_SUFFIX}")


def write_atomically(path: Path, text: str, *, journal: Path | None = None) -> None:
    """Replace `path` with `text` (UTF-8) so that a crash leaves the old file or the new, never half of one.

    With a `journal` folder, the temporary file is recorded there while the write runs,
    so `clean_stray_writes(journal)` can remove it if the process is killed.
    A file replaced keeps its permissions; a new one gets the usual (the umask's). A
    symbolic link is followed: the file it points to is replaced, the link stays.
    Only a regular file is ever replaced: anything else there (a device, a FIFO, a
    folder) raises NotRegularFile and is left as it is.
    """
    data = text.encode("utf-8")
    if path.is_symlink():
        path = Path(os.path.realpath(path))  # not Path.resolve: on a symlink loop it raises RuntimeError
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):  # nothing there yet (or no folder: said when it is made)
        mode: int | None = None
    else:
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(f"{kind_of(info.st_mode)}, not a regular file: left as it is")
        mode = info.st_mode & 0o7777
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    temporary = temporary_for(path, token)
    with _recorded(journal, token, temporary):
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            try:
                if mode is not None:
                    os.fchmod(handle, mode)
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
    """Keep a locked record of `temporary` in `journal` while the body runs; removed after it.

    Only a help for cleaning up: if the journal cannot be written (its folder is
    unusable), the write goes on unrecorded, still atomic.
    """
    handle = _open_record(journal, token, temporary) if journal is not None and sys.platform != "win32" else None
    try:
        yield
    finally:
        if handle is not None:
            assert journal is not None
            with contextlib.suppress(OSError):
                os.unlink(journal / f"{token}.pending")
            os.close(handle)  # releases the lock


def _open_record(journal: Path, token: str, temporary: Path) -> int | None:
    """Make the locked record of a write; its open handle (holding the lock), or None if it cannot be made.

    Made under a name the cleaner leaves alone for PART_AGE, locked, then renamed: a
    record is only ever seen unlocked once its writer is gone (the lock moves with the file).
    """
    import fcntl

    part, record = journal / f"{token}.part", journal / f"{token}.pending"
    try:
        journal.mkdir(parents=True, exist_ok=True)
        handle = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        os.write(handle, os.fsencode(temporary))
        os.fsync(handle)
        os.replace(part, record)
    except OSError:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(part)
        return None
    return handle


def clean_stray_writes(journal: Path) -> list[Path]:
    """Remove the temporary files of writes that were killed; return those removed.

    A record whose lock can be taken belongs to a process that is gone. Only a file
    named like one of our temporary files is removed, whatever the record says.
    """
    if sys.platform == "win32" or not journal.is_dir():
        return []
    import fcntl

    removed: list[Path] = []
    try:
        records = sorted(journal.iterdir())
    except OSError:  # unreadable: nothing to clean that can be known
        return []
    for record in records:
        if record.suffix not in (".pending", ".part") or (record.suffix == ".part" and not _stale(record)):
            continue
        try:
            # Without blocking, and only a regular file: a FIFO named like a record would wait forever.
            handle = os.open(record, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                continue
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # its writer is still running
            temporary = Path(os.fsdecode(os.read(handle, 1 << 16)))
            looks_ours = temporary.name.startswith(".") and temporary.name.endswith(f".{record.stem}{TEMPORARY_SUFFIX}")
            if record.suffix == ".pending" and looks_ours:
                try:
                    if stat.S_ISREG(temporary.lstat().st_mode):  # never a folder or a device named so
                        temporary.unlink()
                        removed.append(temporary)
                except (FileNotFoundError, NotADirectoryError, ValueError):  # gone, or no such name (a NUL)
                    pass
                except OSError:
                    continue  # a read-only or missing disk: the record stays, to try again next time
            with contextlib.suppress(OSError):
                record.unlink()
        finally:
            os.close(handle)
    return removed


def _stale(record: Path) -> bool:
    """Whether a record still being made is old enough that its writer must be gone."""
    try:
        return time.time() - record.stat().st_mtime > PART_AGE
    except OSError:
        return False
