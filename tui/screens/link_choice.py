"""Which link to open (`o` on a sentence with several): numbered, each with its text and target; it closes with one."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.display.excerpt import excerpt
from tui.core.outside.visible import shown_name
from tui.screens.numbered_choice import NUMBERED, NumberedChoice, more_option
from tui.widgets.key_bar import KeyBar

LINE = 70  # cells of a link's line: the box fits in 80 columns
LISTED = 99  # links listed at most (a brief may put thousands in one sentence); the rest are counted


def link_prompt(number: int, text: str, url: str) -> Content:
    """The link's number (if it has a key) and text, then its target below, each on one line cut with '…'.

    Brief text: cut before it is pictured (a link may be megabytes long; ␛ for an escape, ␤ for a
    newline), never read as markup.
    """
    label = shown_name(excerpt(text, LINE * 2)[0].strip()) or "(a link with no text)"
    target = shown_name(excerpt(url, LINE * 2)[0])
    head = f"{number}  " if number <= NUMBERED else "   "
    first = Content.assemble((head, "bold $foreground"), (label, "bold")).truncate(LINE, ellipsis=True)
    second = Content.assemble("   ", Content.styled(target, "$text-muted")).truncate(LINE, ellipsis=True)
    return Content.assemble(first, "\n", second)


class LinkChoice(NumberedChoice):
    """The links of a sentence: 1-9 or enter opens one (it closes with its target), escape none."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="links.cancel"),
        Binding("j", "cursor(1)", "Next link", id="links.next"),
        Binding("k", "cursor(-1)", "Previous link", id="links.previous"),
        *(
            Binding(str(n), f"pick({n})", f"Open link {n}", show=False, id=f"links.pick.{n}")
            for n in range(1, NUMBERED + 1)
        ),
    ]

    AUTO_FOCUS = "#links-list"  # as it is composed: a key pressed right after `o` reaches the list

    def __init__(self, links: list[tuple[str, str]]) -> None:
        """`links`: (visible text, target) of each link, in the order of the sentence."""
        super().__init__()
        self.links = links[:LISTED]
        self.choices = self.links
        self.more = len(links) - len(self.links)

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box"):
            keys = f"1-{min(NUMBERED, len(self.links))}"
            heading = f"{len(self.links) + self.more:,} links in this sentence: {keys} or enter opens one"
            yield Static(Content.styled(heading, "bold $foreground"), markup=False)
            options = [Option(link_prompt(n, text, url)) for n, (text, url) in enumerate(self.links, 1)]
            if self.more:
                options.append(more_option(self.more))
            yield OptionList(*options, id="links-list")
        yield KeyBar()
