"""A brief's file watched by its path: a stat a look, its bytes read only when the stat changed."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum

from tui.core.outside.files import MAX_BRIEF_BYTES, content_digest, read_bytes
from tui.core.outside.problems import BriefError


class Found(Enum):
    """What a look at the file found."""

    NOTHING = "nothing"  # as before (or touched: a new stamp, the same bytes)
    CHANGED = "changed"  # other bytes than those shown, or a file that cannot be read now
    GONE = "gone"  # nothing at the path any more (deleted, moved away)
    BACK = "back"  # a file at the path again, after it was gone


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a stat of the path says, enough to tell that the file there may have changed.

    The path is followed, not the file: an editor that writes a new file and renames it
    over the old one gives another inode, so the stamp changes though the old file did not.
    """

    exists: bool
    device: int = 0
    inode: int = 0
    size: int = 0
    mtime_ns: int = 0
    ctime_ns: int = 0


MISSING = Stamp(exists=False)


def stamp_of(path: str) -> Stamp:
    """The path's stamp now; MISSING if nothing can be found there (or it cannot be looked at)."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):  # ValueError: a path with a NUL byte
        return MISSING
    return Stamp(True, found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


digest_of = content_digest  # a version's digest: two files with the same digest show the same brief


@dataclass(frozen=True, slots=True)
class Look:
    """One look at the file: what was found, and for CHANGED or BACK, the bytes read and their digest
    (or why they could not be read; then `digest` is of the problem, to say it once a version)."""

    found: Found
    stamp: Stamp
    data: bytes | None = None
    digest: bytes | None = None
    problem: BriefError | None = None
    same: bool = False  # BACK: with the very bytes shown


class Watch:
    """One brief's file, as the version on screen left it; `look` says what changed since.

    A look stats the path and reads nothing unless the stamp moved; then it reads the file
    (bounded, as any brief is read) and compares its digest with the version shown, so a
    `touch`, or a save of the same text, is no change. Looks are made one at a time (in a
    thread: a stat may hang on a network disk), never two at once.
    """

    def __init__(self, path: str, stamp: Stamp | None = None, digest: bytes | None = None) -> None:
        """Watch `path`; `stamp` and `digest` say which version is shown, if known (else the first look
        takes the file as it is then for the version shown)."""
        self.path = path
        self.stamp = stamp
        self.digest = digest
        self.gone = stamp is not None and not stamp.exists

    def look(self, *, force: bool = False) -> Look:
        """Stat the path and say what changed since the last look; `force`: read the file even if its
        stamp is the same (after an editor ran: a save within the clock's grain may leave it alike)."""
        stamp = stamp_of(self.path)
        if not stamp.exists:
            # No look yet and no version read from the file (a brief made in memory): no news. Read from it and
            # gone since, it is.
            first, self.stamp = self.stamp is None and self.digest is None, stamp
            if self.gone or first:  # said once; and a path never there (a brief made in memory) is no news
                self.gone = True
                return Look(Found.NOTHING, stamp)
            self.gone = True
            return Look(Found.GONE, stamp)
        if stamp == self.stamp and not force and not self.gone:
            return Look(Found.NOTHING, stamp)
        try:
            data = read_bytes(self.path, MAX_BRIEF_BYTES)
        except BriefError as exc:  # a folder or a FIFO put there, or no permission: said, the version shown kept
            self.stamp, self.gone = stamp, False
            return Look(Found.CHANGED, stamp, digest=digest_of(str(exc).encode()), problem=exc)
        if stamp_of(self.path) != stamp:
            # Written to while it was read: taken at the next look, whole, rather than half now.
            return Look(Found.NOTHING, stamp)
        digest, back = digest_of(data), self.gone
        first, self.stamp, self.gone = self.stamp is None and self.digest is None, stamp, False
        if first:
            self.digest = digest  # the file as it is now is taken for the version shown
            return Look(Found.NOTHING, stamp)
        same = digest == self.digest
        if back:
            return Look(Found.BACK, stamp, data, digest, same=same)
        if same:  # read, and the version shown: a bad version said before is no longer there
            return Look(Found.NOTHING, stamp, digest=digest)
        return Look(Found.CHANGED, stamp, data, digest)
