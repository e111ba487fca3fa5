"""One line of a line-API widget (claim list, claims table, claim map, outline): Content drawn as a Strip."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget


def line_strip(widget: Widget, content: Content, base: VisualStyle, width: int) -> Strip:
    """`content` cut to `width` cells on `base`, padded to the width with it.

    Widget._get_style resolves theme variables ($foreground-muted, $status-...) as Textual's own
    widgets do; brief text in `content` is text, never markup.
    """
    pieces = content.truncate(width, ellipsis=True).render(base, "", widget._get_style)
    return Strip([Segment(text, style.rich_style) for text, style in pieces]).extend_cell_length(width, base.rich_style)
