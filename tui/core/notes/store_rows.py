"""Rows of the store to and from annotations: every row read is checked and its text pictured.

The database is data another program may have written: a row that is not what the
app writes is skipped and counted (never a crash, never every note hidden), and the
text of the others is pictured as a brief's is (`visible.pictured`), so no terminal
escape stored in it reaches a screen.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tui.core.notes.annotation import COLOURS, Anchor, Annotation
from tui.core.notes.snippet import tag_key
from tui.core.outside.visible import one_line, pictured

COLUMNS = "id, brief, section, quote, prefix, suffix, start, end, colour, note, tags, created, updated, deleted"
_NAMES = tuple(COLUMNS.split(", "))
_KNOWN_COLOURS = frozenset(COLOURS)
REASONS_SHOWN = 2  # reasons a notice about unreadable rows gives (the first rows'); the rest are counted
_TEXT_COLUMNS = ("id", "brief", "section", "quote", "prefix", "suffix", "note", "tags", "created", "updated")


class BadRow(ValueError):
    """A row that is not a note as the app writes them; the message says what is wrong, in a few words."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """Rows that could not be read as notes: how many, and why (for the first few)."""

    count: int = 0
    reasons: tuple[str, ...] = ()

    def notice(self) -> str:
        """What to tell the user ("2 notes could not be read: …"), or "" when every row was read."""
        if not self.count:
            return ""
        more = "; …" if self.count > len(self.reasons) else ""
        return f"{self.count} note{'s' * (self.count != 1)} could not be read: {'; '.join(self.reasons)}{more}"


@dataclass(frozen=True, slots=True)
class Read:
    """The notes read from the store, and the rows that were skipped."""

    annotations: list[Annotation]
    skipped: Skipped = Skipped()


def row_of(annotation: Annotation) -> dict[str, object]:
    """An annotation as the named parameters of a statement over COLUMNS."""
    anchor = annotation.anchor
    return {
        "id": annotation.id,
        "brief": annotation.brief,
        "section": anchor.section,
        "quote": anchor.quote,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "start": anchor.start,
        "end": anchor.end,
        "colour": annotation.colour,
        "note": annotation.note,
        "tags": json.dumps(list(annotation.tags)),
        "created": annotation.created,
        "updated": annotation.updated,
        "deleted": annotation.deleted,
    }


def read_rows(rows: Iterable[tuple[Any, ...]]) -> Read:
    """The annotations of rows of COLUMNS; rows that are not notes skipped and counted."""
    annotations: list[Annotation] = []
    count, reasons = 0, list[str]()
    for row in rows:
        try:
            annotations.append(annotation_of(row))
        except BadRow as exc:
            count += 1
            if len(reasons) < REASONS_SHOWN:
                reasons.append(f"{exc} (note {_shown(row[0])})")
    return Read(annotations, Skipped(count, tuple(reasons)))


def annotation_of(row: tuple[Any, ...]) -> Annotation:
    """An annotation from a row of COLUMNS, in their order, its text pictured; BadRow if it is not one."""
    note_id, brief, section, quote, prefix, suffix, start, end, colour, note, tags, created, updated, deleted = row
    if colour not in _KNOWN_COLOURS:
        raise BadRow(f"its colour {_shown(colour)} is not one of {', '.join(COLOURS)}")
    if type(start) is not int or type(end) is not int or not 0 <= start <= end:
        raise BadRow(f"its offsets {_shown(start)}, {_shown(end)} are not a place in a text")
    try:
        # One join both checks that every field is text and gives one string to scan.
        joined = "\n".join((note_id, brief, section, quote, prefix, suffix, note, tags, created, updated))
    except TypeError:
        raise _not_text(row) from None
    if not note_id:
        raise BadRow("it has no id")
    if _has_hidden(joined):  # something to picture (rare): each field on its own
        if pictured(note_id) != note_id:
            raise BadRow("its id holds control characters")  # ids are keys: changing one would lose its note
        section, quote, prefix, suffix, note = map(pictured, (section, quote, prefix, suffix, note))
        created, updated = pictured(created), pictured(updated)
    if deleted is not None:  # a tombstone
        if type(deleted) is not str:
            raise BadRow(f"its deletion time is {_kind(deleted)}, not text")
        deleted = pictured(deleted)
    anchor = Anchor(section, quote, start, end, prefix, suffix)
    kept = () if tags == "[]" else _tags(tags)  # most notes: no JSON to read
    return Annotation(brief, anchor, colour, note, kept, note_id, created, updated, deleted)


# What `annotation_of` checks, said in SQL: counting a brief's notes (the library) then counts only the
# notes the reader can show, without reading any note's text (a store may hold megabytes of it).
# The two functions it calls are registered on each connection (`register_checks`); a test over
# hostile rows keeps this in step with `annotation_of`. An id of printable ASCII (a UUID: nearly all)
# needs no call: 100,000 notes of 2 KB counted in 0.33 s of CPU, against 0.48 s calling it for each.
READABLE = f"""(
    colour IN ({", ".join(f"'{colour}'" for colour in COLOURS)})
    AND typeof(start) = 'integer' AND typeof(end) = 'integer' AND 0 <= start AND start <= end
    AND {" AND ".join(f"typeof({name}) = 'text'" for name in _TEXT_COLUMNS)}
    AND id != '' AND (id NOT GLOB '*[^ -~]*' OR note_id_ok(CAST(id AS BLOB)))
    AND (tags = '[]' OR note_tags_ok(CAST(tags AS BLOB)))
    AND (deleted IS NULL OR typeof(deleted) = 'text')
)"""


def register_checks(db: sqlite3.Connection) -> None:
    """Make the functions READABLE and searches call known to a connection."""
    db.create_function("note_id_ok", 1, _id_ok, deterministic=True)
    db.create_function("note_tags_ok", 1, _tags_ok, deterministic=True)
    db.create_function("note_fold", 1, _folded, deterministic=True)  # a tag as the tag filter compares it


def _folded(value: object) -> str:
    """A tag (its bytes: text that is not UTF-8 is read leniently) as the tag filter compares it: on one
    line, pictured, letter case and accents aside (`tag_key`)."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return tag_key(value) if isinstance(value, str) else ""


def _id_ok(value: object) -> bool:
    """Whether an id (its bytes: text that is not UTF-8 is read leniently) holds no control character."""
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else ""
    return pictured(text) == text


def _tags_ok(value: object) -> bool:
    """Whether tags (their bytes) are what `annotation_of` reads: a JSON list of words."""
    try:
        _tags(value.decode("utf-8", "replace") if isinstance(value, bytes) else "")
    except BadRow:
        return False
    return True


# The characters `pictured` replaces that ASCII text can hold: C0 controls but tab and newline, and DEL.
_ASCII_HIDDEN = bytes(code for code in range(0x20) if code not in (0x09, 0x0A)) + b"\x7f"


def _has_hidden(text: str) -> bool:
    """Whether `pictured` would change `text`.

    Most notes are ASCII: deleting the control bytes from its bytes and comparing
    lengths takes a third of the time of the regular expression (1.2 against 4 µs a
    note), which keeps reading a brief's 10,000 notes about as fast as before checks.
    """
    if text.isascii():
        return len(text.encode().translate(None, _ASCII_HIDDEN)) != len(text)
    return pictured(text) != text


def _tags(text: str) -> tuple[str, ...]:
    try:
        tags = json.loads(text, strict=False)  # control characters in strings allowed: pictured below
    except ValueError:
        raise BadRow("its tags are not JSON") from None
    except RecursionError:  # JSON nested deeper than Python recurses: another program wrote it
        raise BadRow("its tags are nested too deeply") from None
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise BadRow("its tags are not a list of words")
    return tuple(map(pictured, tags))  # after decoding: JSON may spell a control character as \u001b


def _not_text(row: tuple[Any, ...]) -> BadRow:
    """The error for a row with a field that is not text (a number, a BLOB, NULL)."""
    for name, value in zip(_NAMES, row, strict=True):
        if name not in ("start", "end", "deleted") and not isinstance(value, str):
            return BadRow(f"its {name} is {_kind(value)}, not text")
    return BadRow("a field is not text")


def _kind(value: object) -> str:
    if value is None:
        return "empty (NULL)"
    if isinstance(value, bytes):
        return "binary data"
    return "a number" if isinstance(value, int | float) else f"a {type(value).__name__}"


def _shown(value: object) -> str:
    """A value from a row, for a message: pictured, on one line, cut if long."""
    if isinstance(value, bytes):
        return "(binary data)"
    text = f"'{one_line(value)}'" if isinstance(value, str) else one_line(repr(value))
    return text if len(text) <= 40 else text[:39] + "…"


def picture_state(value: object) -> object:
    """A reading state decoded from JSON, every text in it (keys too) pictured."""
    if isinstance(value, str):
        return pictured(value)
    if isinstance(value, list):
        return [picture_state(item) for item in value]
    if isinstance(value, dict):
        return {pictured(str(key)): picture_state(item) for key, item in value.items()}
    return value
