"""Which related claim to go to (`r` in the claim list, for a claim related to several): how each is related,
its number and id, status and statement start; it closes with the claim's id."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.brief.model import Brief
from tui.core.claims.describe import claim_label, cut, one_line
from tui.widgets.claim_words import status_word
from tui.widgets.key_bar import KeyBar

LINE = 70  # cells of a line: the box fits in 80 columns
LISTED = 99  # related claims listed at most; the rest are counted
NUMBERED = 9  # those with a number key
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


class RelatedClaims(ModalScreen[str | None]):
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
                options.append(Option(Content.styled(f"and {self.more:,} more", "italic $text-muted"), disabled=True))
            yield OptionList(*options, id="related-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0

    def action_cursor(self, step: int) -> None:
        options = self.query_one(OptionList)
        current = options.highlighted or 0
        options.highlighted = min(max(current + step, 0), len(self.related) - 1)

    def action_pick(self, number: int) -> None:
        if number <= len(self.related):
            self.dismiss(self.related[number - 1][1])
        else:
            self.app.bell()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.related):
            self.dismiss(self.related[event.option_index][1])
