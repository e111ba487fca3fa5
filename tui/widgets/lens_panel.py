"""The evidence lens's lines under the text: its legend, and what the sentence under the cursor rests on
with its warnings (in the reader's panel and under the whole bottom line, `B`)."""

from __future__ import annotations

from textual.content import Content

from tui.core.brief.model import Section, Sentence
from tui.core.display.excerpt import shortened
from tui.core.reading import legend as words
from tui.core.reading.lens import WARNING_MARK, Footing, Lens

WARNING_CHARACTERS = 400  # of a warning's message shown (a message quotes the start of its sentence)
CHECKING = " (checking…)"  # after the legend while the review is under way
SHORT_CHECKING = " …"  # the same where the line has no room for it


def legend(lens: Lens, here: Footing | None, width: int = 0) -> Content:
    """The lens's legend on one line: each mark with its word in its status's colour, the footing of the
    sentence under the cursor shown reversed (so it is told under NO_COLOR too). Where `width` cells do
    not hold it, a tighter form (see `legend.forms`): a mark that is its word's initial written as the
    word's first letter ("Reported"), then the longest words shortened; where they hold more, "Lens" comes first."""
    checking = "" if lens.reviewed else CHECKING
    entries = words.fitting(lens.legend(), width - len(checking) if width else 0)
    if width and not lens.reviewed and words.width(entries) + len(CHECKING) > width:
        checking = SHORT_CHECKING
    parts: list[str | Content | tuple[str, str]] = []
    for entry in entries:
        footing = entry.footing
        if footing is None:  # the warning mark, and the estimative words' underline
            style = "bold $text-warning" if entry.mark else "underline"
        else:
            style = "bold" if footing is Footing.ANALYSIS else f"${'status-' + footing.value}"
            if footing is here:
                style += " reverse"
        if entry.initial:
            parts += [(entry.mark, f"bold underline {style}"), (entry.text[1:], style)]
        else:
            parts.append((entry.text, style if footing is None else f"bold {style}"))
        parts.append(" ")
    parts.pop()
    if checking:
        parts.append((checking, "italic $text-muted"))
    shown = Content.assemble(*parts)
    named = Content.styled("Lens ", "bold $foreground")
    return named + shown if not width or len(named) + len(shown) <= width else shown


def here_lines(lens: Lens, section: Section, sentence: Sentence) -> Content:
    """What the sentence rests on ("Here: rests on claimed"), then its warnings: the first on the same line,
    the others each on its own (the panel stays short at 80x24)."""
    here = lens.footing(section, sentence)
    status = here.status
    style = f"bold $status-{status.value}" if status is not None else "bold"
    parts: list[str | Content | tuple[str, str]] = [
        ("Here: ", "bold $foreground"),
        (lens.said(section, sentence), style),
    ]
    for number, warning in enumerate(lens.warnings(section, sentence)):
        parts.append(" · " if number == 0 else "\n")
        if warning.claim_id is None:  # about the sentence: marked `!` in the gutter
            parts.append((f"{WARNING_MARK} {warning.code} {warning.rule}: ", "bold $text-warning"))
        else:  # about a claim it cites: said here, not marked
            parts.append((f"{warning.code} {warning.rule}: ", "italic $text-warning"))
        parts.append(Content(shortened(warning.message, WARNING_CHARACTERS)))
    return Content.assemble(*parts)
