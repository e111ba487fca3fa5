"""A note as the store keeps it: the highlight's colour, the note and its tags, and where it sits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

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
