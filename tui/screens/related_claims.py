"""Which related claim to go to (`r` in the claim list, for a claim related to several): how each is related,
its number and id, status and statement start; it closes with the claim's id."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.brief.model import Brief
from tui.core.claims.describe import claim_label, cut, one_line
from tui.screens.numbered_choice import NUMBERED, NumberedChoice, more_option
from tui.widgets.claim_words import status_word
from tui.widgets.key_bar import KeyBar

LINE = 70  # cells of a line: the box fits in 80 columns
LISTED = 99  # related claims listed at most; the rest are counted
KIND_CELLS = len("contradicted by")


def related_prompt(number: int, kind: str, claim_id: str, brief: Brief, numbers: dict[str, int]) -> Content:
    """How the claim is related and which it is (`¹² kim-lifeline`), then its status and statement's start."""
    head = f"{number}  " if number <= NUMBERED else "   "
    label = claim_label(numbers.get(claim_id), cut(one_line(claim_id, LINE), LINE))
    first = Content.assemble((head, "bold $foreground"), (kind.ljust(KIND_CELLS), "$text-muted"), " ", (label, "bold"))
    claim = brief.claim(claim_id)
    if claim is None:
        second = Content.styled("   not a claim of this brief", "italic $text-error")
    else:
        second = Content.assemble("   ", status_word(claim), " ", Content(one_line(claim.statement, LINE * 2)))
    return Content.assemble(first.truncate(LINE, ellipsis=True), "\n", second.truncate(LINE, ellipsis=True))


class RelatedClaims(NumberedChoice):
    """The claims one claim is related to: 1-9 or enter goes to one (it closes with its id), escape to none."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Cancel", id="related.cancel"),
        Binding("j", "cursor(1)", "Next claim", id="related.next"),
        Binding("k", "cursor(-1)", "Previous claim", id="related.previous"),
        *(
            Binding(str(n), f"pick({n})", f"Go to related claim {n}", show=False, id=f"related.pick.{n}")
            for n in range(1, NUMBERED + 1)
        ),
    ]

    AUTO_FOCUS = "#related-list"

    def __init__(self, label: str, related: list[tuple[str, str]], brief: Brief, numbers: dict[str, int]) -> None:
        """`related`: (how, claim id) of each related claim, as the detail lists them; `label`: the claim's own;
        `numbers`: each claim's number, as the list shows it."""
        super().__init__()
        self.label = label
        self.related = related[:LISTED]
        self.choices = self.related
        self.more = len(related) - len(self.related)
        self.brief = brief
        self.numbers = numbers

    def compose(self) -> ComposeResult:
        numbers = self.numbers
        with Vertical(id="related-box"):
            keys = f"1-{min(NUMBERED, len(self.related))}"
            heading = Content.assemble(
                ("Claims related to ", "bold $foreground"),
                (cut(self.label, LINE - 40), "bold"),
                (f": {keys} or enter goes to one", "bold $foreground"),
            )
            yield Static(heading, markup=False)
            options = [
                Option(related_prompt(n, kind, claim_id, self.brief, numbers))
                for n, (kind, claim_id) in enumerate(self.related, 1)
            ]
            if self.more:
                options.append(more_option(self.more))
            yield OptionList(*options, id="related-list")
        yield KeyBar()
