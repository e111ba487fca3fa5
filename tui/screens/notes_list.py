"""Every note of a brief in reading order, then those that lost their place; enter goes to one."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.display.excerpt import TAGS_SHOWN, excerpt, more_characters
from tui.core.notes.access import Placed
from tui.core.notes.anchoring import How
from tui.core.outside.visible import one_line

SNIPPET = 60  # characters of a quote or a note shown in the list
_WORD = re.compile(r"\S+")


def snippet(text: str) -> str:
    """The start of a text on one line, cut with an ellipsis."""
    head = _head(text)
    flat = " ".join(one_line(head).split())
    return flat if len(flat) <= SNIPPET and head is text else flat[: SNIPPET - 1] + "…"


def _head(text: str) -> str:
    """As much of `text` as the snippet can show, taken before any other work on it (a note may be 30 MB).

    Runs of spaces count as one, as the snippet shows them; escaping a character only lengthens it.
    """
    shown = 0
    for word in _WORD.finditer(text):
        shown += len(word.group()) + (shown > 0)
        if shown > SNIPPET:
            end = min(word.end(), word.end() - (shown - SNIPPET) + 1)
            return text if end >= len(text) else text[:end]
    return text


def note_prompt(placed: Placed, section_title: str) -> Content:
    """One entry: where, the colour (as a word), the quote, and the note's first words."""
    note = placed.annotation
    where = section_title if placed.found else "lost its place"
    parts: list[str | Content | tuple[str, str]] = [(where, "bold $text-secondary"), " · ", (note.colour, "italic")]
    if placed.found is not None and placed.found.how is How.FUZZY:
        parts.append((" · the text changed since: check it", "bold $text-warning"))
    parts += [
        "\n",
        Content(f"“{snippet(note.anchor.quote)}”"),
    ]
    if note.note:
        parts += ["\n", (snippet(note.note), "$text-muted")]
    if note.tags:
        tags, more = excerpt(" ".join(f"#{tag}" for tag in note.tags), TAGS_SHOWN)
        parts += ["  ", (tags, "$text-accent"), (more_characters(more), "$text-muted") if more else ""]
    return Content.assemble(*parts)


class NotesList(ModalScreen[Placed | None]):
    """The brief's notes: the placed ones in reading order, then the orphans, kept and listed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,A", "dismiss(None)", "Close", id="notes.close"),
        Binding("j", "cursor(1)", "Next note", show=False, id="notes.next"),
        Binding("k", "cursor(-1)", "Previous note", show=False, id="notes.previous"),
    ]

    def __init__(
        self,
        placed: list[Placed],
        order: Callable[[Placed], tuple[int, int]],
        titles: dict[str, str],
        unreadable: str = "",
    ) -> None:
        """`order` sorts placed notes in reading order; `titles` names sections by id; `unreadable` says
        which notes of the store could not be read (and so are not listed), if any."""
        super().__init__()
        self.unreadable = unreadable
        found = sorted((p for p in placed if p.found is not None), key=order)
        lost = sorted((p for p in placed if p.found is None), key=lambda p: p.annotation.created)
        self.entries = found + lost
        self.titles = titles
        self.lost = len(lost)

    def compose(self) -> ComposeResult:
        count = len(self.entries)
        title = f"Notes: {count}" + (
            f", {self.lost} lost their place (enter attaches one to the cursor)" if self.lost else ""
        )
        with Vertical(id="notes-box"):
            yield Static(Content.styled(title, "bold $accent"), markup=False)
            if self.unreadable:
                yield Static(Content.styled(self.unreadable, "$text-warning"), id="notes-unreadable", markup=False)
            if not self.entries:
                yield Static(Content.styled("No notes yet: m highlights a sentence, a writes a note.", "$text-muted"))
            options = [
                Option(note_prompt(p, self.titles.get(p.found.section, "") if p.found else ""), id=str(index))
                for index, p in enumerate(self.entries)
            ]
            yield OptionList(*options, id="notes-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = min(max(current + step, 0), options.option_count - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.entries[int(event.option.id or 0)])
