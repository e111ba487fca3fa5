"""Reading a file from outside (a brief, an import, the settings): regular files only, size-capped, decoded."""

from __future__ import annotations

import hashlib
import os
import stat

from tui.core.outside.decode import decode
from tui.core.outside.problems import BriefError, Problem, error

MAX_BRIEF_BYTES = 20 * 1024 * 1024  # 20 MiB: four times the largest brief we benchmark


DIGEST_BYTES = 16  # of a blake2b digest: what tells one version of a file from another


def content_digest(data: bytes) -> bytes:
    """A version's digest: two files with the same digest show the same brief."""
    return hashlib.blake2b(data, digest_size=DIGEST_BYTES).digest()


def read_bytes(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file (one more than allowed shows it is too large);
    BriefError saying which file and why it cannot be read.

    Only regular files are read: a FIFO would block and a device may never end.
    """
    name = os.fspath(path)
    try:
        # Opened without blocking: opening a FIFO for reading would wait for a writer forever.
        descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise BriefError(name, error(1, 1, "not a regular file"))
            return handle.read(limit + 1)
    except IsADirectoryError:
        raise BriefError(name, error(1, 1, "is a folder, not a file")) from None
    except OSError as exc:
        raise BriefError(name, error(1, 1, f"cannot read: {exc.strerror or exc}")) from None


def read_text(path: str | os.PathLike[str], limit: int | None = None, what: str = "a brief") -> str:
    """A brief file's text (or another UTF-8 file's: `what` it is), or BriefError saying which file and why
    it cannot be read.

    Only regular files are read (a FIFO or a device would block or never end), and
    at most `limit` bytes of them (MAX_BRIEF_BYTES by default).
    """
    limit = MAX_BRIEF_BYTES if limit is None else limit
    return text_of(read_bytes(path, limit), path, limit, what)


def text_of(data: bytes, path: str | os.PathLike[str], limit: int | None = None, what: str = "a brief") -> str:
    """The text of bytes `read_bytes` read from `path` (at most `limit` + 1), or BriefError naming it and why."""
    limit = MAX_BRIEF_BYTES if limit is None else limit
    name = os.fspath(path)
    if len(data) > limit:
        raise BriefError(name, error(1, 1, f"file is larger than {limit:,} bytes, the most {what} may be"))
    decoded = decode(data)
    if isinstance(decoded, Problem):
        raise BriefError(name, decoded)
    return decoded
