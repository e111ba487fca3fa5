"""What can go wrong with the notes store, and what each failure says to the user."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tui.core.notes.annotation import Annotation

# Free bytes under which an I/O error while writing is taken for a full disk: SQLite reports
# a write that hit ENOSPC in its WAL as SQLITE_IOERR ("disk I/O error"), not SQLITE_FULL.
FULL_MARGIN = 1 << 20


class StoreError(Exception):
    """Notes cannot be read or saved; the message says why, for the user."""


class NewerStoreError(StoreError):
    """The store was written by a newer version of the app: it is left as it is."""


class ForeignStoreError(StoreError):
    """The file holds something the app never makes (a trigger, a view...): it is not trusted with notes."""


class DeletedElsewhere(StoreError):
    """A save of a note that was deleted meanwhile (another screen or instance): nothing was written."""


class TooBig(StoreError):
    """A note past the limits of `tui/core/notes/limits.py` (an export of it could not be imported): not saved."""


class DiskFull(StoreError):
    """The disk holding the store is full: nothing was written, and nothing stored was lost."""


class NotRestored(StoreError):
    """An undo of a deletion that another instance made moot (restored, or deleted again): nothing written."""


class ChangedElsewhere(StoreError):
    """A save of an edit made on an older version of a note (another instance or an import changed it
    meanwhile): nothing was written. `stored` is the note as it is now (None if its row cannot be read)."""

    def __init__(self, message: str, stored: Annotation | None) -> None:
        super().__init__(message)
        self.stored = stored


class ChangedThenDeleted(ChangedElsewhere):
    """As ChangedElsewhere, and the note was deleted after that change: bringing it back with the stale
    edit would lose the other's change unseen. `stored` is the tombstone, its last text."""


def failure(path: Path, exc: sqlite3.Error, what: str) -> StoreError:
    """The StoreError to raise for `exc`, met while `what` ("the note could not be saved")."""
    if is_disk_full(path, exc):
        return DiskFull(f"the disk holding {path} is full")
    return StoreError(f"{what}: {exc}")


def is_disk_full(path: Path, exc: sqlite3.Error) -> bool:
    """Whether `exc` means the disk holding the store at `path` is full."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_FULL:
        return True
    if code != sqlite3.SQLITE_IOERR:
        return False
    try:
        space = os.statvfs(path.parent)
    except OSError:
        return False
    return space.f_bavail * space.f_frsize < FULL_MARGIN
