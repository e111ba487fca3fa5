"""The notes browser's rows: a note found in two lines (colour, brief, section, date, tags; then its snippet,
the matched words marked), built from plain pieces, never markup."""

from __future__ import annotations

from typing import ClassVar, Protocol

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList

from tui.core.display.excerpt import TAGS_SHOWN, excerpt, more_characters
from tui.core.notes.annotation import Annotation
from tui.core.notes.browsing import short
from tui.core.notes.snippet import Snippet, flat

# The highlights' own hues (see `SectionView`'s in app.tcss), as a swatch at a row's start.
SWATCHES = {"yellow": "#ac9a00", "green": "#007b19", "blue": "#1d84e0", "pink": "#f14a70", "purple": "#8b20c0"}
MARKED = "bold reverse"  # a matched word: in every theme, and under NO_COLOR too


class Found(Protocol):
    """A match as the store gives it (`store.Hit`, which only the notes' door may import)."""

    @property
    def note(self) -> Annotation: ...

    @property
    def snippet(self) -> Snippet: ...


def note_row(hit: Found, brief: str, section: str, date: str) -> Content:
    """Two lines: the swatch, the brief's title, the section, the date, the tags; then the snippet.

    Every piece is outside text (the note's, a brief's): plain Content, pictured, bounded.
    """
    note = hit.note
    swatch = SWATCHES.get(note.colour, "")
    first: list[str | Content | tuple[str, str]] = [
        ("▌", swatch) if swatch else ("▌", "$text-muted"),
        " ",
        (brief, "bold $text-primary"),
        (" · ", "$text-muted"),
        (section, "$text-secondary"),
        "  ",
        (date, "$text-muted"),
    ]
    if note.tags:
        tags, more = excerpt(" ".join(f"#{tag}" for tag in note.tags), TAGS_SHOWN)
        first += ["  ", (flat(tags), "$text-accent")]
        if more:
            first.append((more_characters(more), "$text-muted"))
    label = {"quote": "“", "tags": ""}.get(hit.snippet.field, "")
    second: list[str | Content | tuple[str, str]] = ["  ", (label, "$text-muted")]
    for text, marked in hit.snippet.pieces:
        second.append((text, MARKED) if marked else Content(text))
    if label:
        second.append(("”", "$text-muted"))
    return Content.assemble(*first, "\n", *second)


def header_row(brief: str, key: str) -> Content:
    """A brief's heading when the notes are listed by brief."""
    said = brief if brief != short(key) else f"{brief} (not in the library)"
    return Content.assemble(("▸ ", "$text-muted"), (said, "bold $foreground"))


class NoteRows(OptionList):
    """The notes listed: enter chooses one (said so in the key bar), `end` asks for the last note found (its
    rows may not all be listed yet)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open at the note", id="browser.open"),
    ]

    class WantLast(Message):
        """`end` pressed: list every note found (as many as may be) and go to the last."""

    def action_last(self) -> None:
        self.post_message(self.WantLast())
