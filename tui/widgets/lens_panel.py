"""The evidence lens's lines under the text: its legend, and what the sentence under the cursor rests on
with its warnings (in the reader's panel and under the whole bottom line, `B`)."""

from __future__ import annotations

from textual.content import Content

from tui.core.brief.model import Section, Sentence
from tui.core.claims.describe import one_line
from tui.core.reading import legend as words
from tui.core.reading.lens import WARNING_MARK, Footing, Lens

WARNING_CHARACTERS = 400  # of a warning's message shown (a message quotes the start of its sentence)
MORE = "+{count:,} more warning{s} (! walks them; see briefing check)"
WARNING_ROWS = 2  # lines a warning takes at most in the panel (the first's begin with what the sentence rests on)
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


def here_lines(lens: Lens, section: Section, sentence: Sentence, width: int = 0, rows: int = 0) -> Content:
    """What the sentence rests on ("Here: rests on claimed"), then its warnings: the first on the same line,
    the others each on its own line (the panel stays short at 80x24). Within `rows` lines (0: no bound)
    of `width` cells (0: not wrapped here), each warning on at most `WARNING_ROWS` lines, cut with "…";
    the last line says how many more there are where some do not fit (the panel does not scroll)."""
    here = lens.footing(section, sentence)
    status = here.status
    style = f"bold $status-{status.value}" if status is not None else "bold"
    count = lens.warning_count(section, sentence)
    head = Content.assemble(("Here: ", "bold $foreground"), (lens.said(section, sentence), style))
    items = [head]
    # Never more than fit: a sentence citing 10,000 claims has 15,000 warnings.
    for number, warning in enumerate(lens.warnings(section, sentence, most=rows or None)):
        if warning.claim_id is None:  # about the sentence: marked `!` in the gutter
            named = Content.styled(f"{WARNING_MARK} {warning.code} {warning.rule}: ", "bold $text-warning")
        else:  # about a claim it cites: said here, not marked
            named = Content.styled(f"{warning.code} {warning.rule}: ", "italic $text-warning")
        said = named + Content(one_line(warning.message, WARNING_CHARACTERS))
        if number == 0:
            items[0] = head + Content(" · ") + said
        else:
            items.append(said)
    if not width or not rows:
        return Content("\n").join(items)
    bare = rows == 1 and count > 1  # one line: what it rests on, then how many warnings (not the first cut short)
    if bare:
        items = [head]
    lines: list[Content] = []
    shown = 0  # warnings shown (the first with the head)
    for number, item in enumerate(items):
        after = max(0, count - number - 1)  # warnings after this item's
        room = rows - len(lines) - (1 if after else 0)  # a line kept to say how many more
        room = max(room, 1) if number == 0 else room
        if room <= 0:
            break
        wrapped = item.wrap(width)
        if len(wrapped) > min(room, WARNING_ROWS):
            wrapped = wrapped[: min(room, WARNING_ROWS)]
            wrapped[-1] = (wrapped[-1].rstrip() + Content("…")).truncate(width, ellipsis=True)
        lines += wrapped
        shown = 0 if bare else min(count, number + 1)
    more = count - shown
    if more > 0:
        told = Content.styled(MORE.format(count=more, s="" if more == 1 else "s"), "italic $text-warning")
        if len(lines) < rows:
            lines.append(told.truncate(width, ellipsis=True))
        else:  # one line: the count after what it rests on
            lines[-1] = (lines[-1] + Content(" · ") + told).truncate(width, ellipsis=True)
    return Content("\n").join(lines)
