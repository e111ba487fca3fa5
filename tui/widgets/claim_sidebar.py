"""The claim sidebar: every claim with its status as a word and a colour, and the selected one's detail."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.model import Brief, Claim, ClaimStatus, Reference

# Theme variables, so each theme colours statuses in its own palette; the word is always shown too.
STATUS_STYLES = {
    ClaimStatus.CONFIRMED: "bold $text-success",
    ClaimStatus.REPORTED: "bold $text-primary",
    ClaimStatus.CLAIMED: "bold $text-warning",
    ClaimStatus.ASSESSED: "bold $text-secondary",
    ClaimStatus.DISPUTED: "bold $text-warning",
    ClaimStatus.DENIED: "bold $text-error",
    ClaimStatus.UNVERIFIED: "bold $text-muted",
    ClaimStatus.FALSE: "bold $text-error",
}
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def marker(number: int) -> str:
    """The compact marker of the `number`th claim (1-based), as drawn in the text."""
    return str(number).translate(SUPERSCRIPTS)


def status_word(claim: Claim) -> Content:
    """The claim's status as a coloured word (or "no status")."""
    if claim.status is None:
        return Content.styled("no status", "italic")
    return Content.styled(claim.status.value, STATUS_STYLES[claim.status])


def claim_prompt(number: int, claim: Claim, cited: bool) -> Content:
    """One line of the list: marker, status, claimant, grade; brief text never read as markup."""
    grade = f" {claim.grade}" if claim.grade else ""
    return Content.assemble(
        ("▶ " if cited else "  ", "bold $accent"),
        (marker(number), "$text-muted"),
        " ",
        status_word(claim),
        " ",
        Content(claim.claimant or "(no claimant)"),
        (grade, "$text-muted"),
    )


def claim_detail(claim: Claim) -> Content:
    """Everything about one claim, for the panel under the list."""
    cited = len(claim.references)
    fields: list[tuple[str, str | Content]] = [
        ("Claimant", Content(claim.claimant or "-")),
        ("Reported by", Content(claim.reported_by or "-")),
        ("Status", status_word(claim)),
        ("Grade", str(claim.grade or "-")),
        ("Date", Content(claim.date or "-")),
        ("Cited", f"{cited} time{'s' * (cited != 1)}"),
        ("Contradicts", Content(", ".join(claim.contradicts))),
        ("Supports", Content(", ".join(claim.supports))),
    ]
    parts: list[str | Content | tuple[str, str]] = [Content(claim.statement), "\n"]
    for label, value in fields:
        if value or label not in ("Contradicts", "Supports"):
            parts += ["\n", (f"{label}: ", "bold"), value]
    return Content.assemble(*parts)


class ClaimSidebar(Vertical):
    """The list of claims and the detail of the highlighted one; it marks those the cursor's sentence cites."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("]", "reference(1)", "Next citation", id="claims.reference.next"),
        Binding("[", "reference(-1)", "Previous citation", id="claims.reference.previous"),
        Binding("f", "filter", "Filter by status", id="claims.filter"),
        Binding("escape", "back", "Back to the text", id="claims.back"),
    ]

    class ShowReference(Message):
        """Put the reading cursor on one citation of a claim, and mark all of them."""

        def __init__(self, claim: Claim, reference: Reference) -> None:
            super().__init__()
            self.claim = claim
            self.reference = reference

    class Leave(Message):
        """Go back to the text."""

    def __init__(self, brief: Brief, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.brief = brief
        self.cited: tuple[str, ...] = ()
        self.numbers = {claim.id: number for number, claim in enumerate(brief.claims, 1)}
        self.status_filter: ClaimStatus | None = None
        self.reference_index = 0

    def compose(self) -> ComposeResult:
        yield Static(id="claim-filter", markup=False)
        yield OptionList(*self._options(), id="claim-list")
        yield Static(id="claim-detail", markup=False)

    def _options(self) -> list[Option]:
        return [
            Option(claim_prompt(number, claim, claim.id in self.cited), id=claim.id)
            for number, claim in enumerate(self.brief.claims, 1)
            if self.status_filter is None or claim.status is self.status_filter
        ]

    def on_mount(self) -> None:
        self._show_filter()
        self.query_one("#claim-list", OptionList).highlighted = 0 if self.brief.claims else None

    @property
    def selected(self) -> Claim | None:
        """The highlighted claim, if any."""
        options = self.query_one("#claim-list", OptionList)
        if options.highlighted is None:
            return None
        return self.brief.claim(options.get_option_at_index(options.highlighted).id or "")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        claim = self.brief.claim(event.option.id or "")
        if claim is not None:
            self.reference_index = 0
            self.query_one("#claim-detail", Static).update(claim_detail(claim))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        claim = self.brief.claim(event.option.id or "")
        if claim is not None and claim.references:
            self.reference_index = 0
            self.post_message(self.ShowReference(claim, claim.references[0]))
        elif claim is not None:
            self.notify("This claim is never cited.", severity="warning")

    def action_reference(self, step: int) -> None:
        """Walk the highlighted claim's citations, in reading order, round and round."""
        claim = self.selected
        if claim is None or not claim.references:
            return
        self.reference_index = (self.reference_index + step) % len(claim.references)
        self.post_message(self.ShowReference(claim, claim.references[self.reference_index]))

    def action_filter(self) -> None:
        """Cycle through the statuses the brief uses, then all claims again."""
        used = [status for status in ClaimStatus if any(c.status is status for c in self.brief.claims)]
        position = used.index(self.status_filter) + 1 if self.status_filter in used else 0
        self.status_filter = used[position] if position < len(used) else None
        options = self.query_one("#claim-list", OptionList)
        options.clear_options()
        options.add_options(self._options())
        options.highlighted = 0 if options.option_count else None
        self._show_filter()

    def _show_filter(self) -> None:
        label = self.status_filter.value if self.status_filter else "all"
        count = self.query_one("#claim-list", OptionList).option_count
        self.query_one("#claim-filter", Static).update(
            Content.assemble(("Claims: ", "bold"), (label, "bold $accent"), f" ({count})")
        )

    def action_back(self) -> None:
        self.post_message(self.Leave())

    def follow(self, claim_ids: tuple[str, ...]) -> None:
        """Mark the claims the cursor's sentence cites, and highlight the first of them."""
        if claim_ids == self.cited:
            return
        changed = set(claim_ids) ^ set(self.cited)
        self.cited = claim_ids
        options = self.query_one("#claim-list", OptionList)
        shown = {option.id for option in options.options}
        for claim_id in changed & shown:  # only the marks that changed are redrawn
            number = self.numbers[claim_id]
            claim = self.brief.claims[number - 1]
            options.replace_option_prompt(claim_id, claim_prompt(number, claim, claim_id in claim_ids))
        if claim_ids and claim_ids[0] in shown and not options.has_focus:
            options.highlighted = options.get_option_index(claim_ids[0])
