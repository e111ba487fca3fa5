"""A note, whatever keeps it: the highlight's colour, the note and its tags, where it sits, and whose brief it is."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

COLOURS = ("yellow", "green", "blue", "pink", "purple")


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a note sits: the quoted text in its section, a little text around it, and its offsets.

    The offsets say where the quote was; the quote and its context find it again
    after the brief is edited.
    """

    section: str
    quote: str
    start: int
    end: int
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Annotation:
    """A highlight, with or without a note; `deleted` is set (a time) once it is deleted."""

    brief: str
    anchor: Anchor
    colour: str = COLOURS[0]
    note: str = ""
    tags: tuple[str, ...] = ()
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created: str = ""
    updated: str = ""
    deleted: str | None = None


def brief_key(brief_id: str | None, path: str | os.PathLike[str]) -> str:
    """What a brief's notes are filed under: its id, so moving or renaming the file keeps them;
    a file without an id (plain markdown) by its resolved path."""
    if brief_id:
        return f"id:{brief_id}"
    return path_key(os.fsencode(Path(path).resolve()))


def path_key(path: bytes) -> str:
    """The key of a file without an id, from its path's bytes.

    Bytes that are not UTF-8 (a file name can hold any) are kept as `\\xff`
    escapes: the key is then text SQLite and JSON can hold, and one name gives one key.
    """
    return "path:" + path.decode("utf-8", "backslashreplace")


def now() -> str:
    """The current time, UTC, to the microsecond, in ISO 8601 (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
