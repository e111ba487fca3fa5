"""The claim sidebar: every claim with its status as a word and a colour, and the selected one's detail."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from tui.core.brief.model import Brief, Claim, ClaimStatus, Reference
from tui.core.display.markers import marker
from tui.widgets.claim_list import ClaimList
from tui.widgets.claim_words import status_word

EMPTY = Brief(path="", title="", is_brief=False)  # what the sidebar lists while the brief loads


def claim_prompt(number: int, claim: Claim, cited: bool) -> Content:
    """One line of the list: marker, status, claimant, grade; brief text never read as markup."""
    grade = f" {claim.grade}" if claim.grade else ""
    return Content.assemble(
        ("▶ " if cited else "  ", "bold $accent"),
        (marker(number), "$text-muted"),
        " ",
        status_word(claim),
        " ",
        Content((claim.claimant or "(no claimant)").replace("\t", " ")),  # the list draws its own segments
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

    def __init__(self, brief: Brief | None, *, id: str | None = None) -> None:
        """The sidebar of `brief`, or an empty one that says it is loading until `load` gives it one."""
        super().__init__(id=id)
        self.brief = brief or EMPTY
        self.pending = brief is None  # (not `loading`: that is a Widget reactive)
        self.cited: tuple[str, ...] = ()
        self.status_filter: ClaimStatus | None = None
        self.reference_index = 0
        self.detail_of: Claim | None = None  # the claim whose detail is shown

    def compose(self) -> ComposeResult:
        yield Static(id="claim-filter", markup=False)
        yield ClaimList(claim_prompt, id="claim-list")
        yield Static(id="claim-detail", markup=False)

    @property
    def claim_list(self) -> ClaimList:
        return self.query_one(ClaimList)

    def on_mount(self) -> None:
        self._refill()

    def load(self, brief: Brief) -> None:
        """Show the claims of the brief, now that it is loaded."""
        self.brief, self.pending = brief, False
        self._refill()
        cited, self.cited = self.cited, ()
        self.follow(cited)

    @property
    def selected(self) -> Claim | None:
        """The highlighted claim, if any."""
        return self.claim_list.claim

    @on(ClaimList.Highlighted)
    def highlighted(self, event: ClaimList.Highlighted) -> None:
        self.show_detail(event.claim)

    def show_detail(self, claim: Claim | None) -> None:
        """Show a claim's detail below the list (once: following the cursor shows it before the message comes)."""
        if claim is self.detail_of:
            return
        self.detail_of, self.reference_index = claim, 0
        # A fixed height and no layout pass: a new detail repaints the panel, not the whole screen.
        self.query_one("#claim-detail", Static).update(claim_detail(claim) if claim else "", layout=False)

    @on(ClaimList.Selected)
    def go_to_citations(self, event: ClaimList.Selected) -> None:
        event.stop()
        claim = event.claim
        if claim.references:
            self.reference_index = 0
            self.post_message(self.ShowReference(claim, claim.references[0]))
        else:
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
        self._refill()

    def _refill(self) -> None:
        rows = [
            (number, claim)
            for number, claim in enumerate(self.brief.claims, 1)
            if self.status_filter is None or claim.status is self.status_filter
        ]
        self.claim_list.show(rows)
        self.show_detail(self.claim_list.claim)
        self._show_filter()

    def _show_filter(self) -> None:
        if self.pending:
            message = Content.styled("Claims: loading…", "italic $text-warning")
            self.query_one("#claim-filter", Static).update(message)
            return
        label = self.status_filter.value if self.status_filter else "all"
        count = self.claim_list.count
        self.query_one("#claim-filter", Static).update(
            Content.assemble(("Claims: ", "bold"), (label, "bold $accent"), f" ({count})")
        )

    def action_back(self) -> None:
        self.post_message(self.Leave())

    def follow(self, claim_ids: tuple[str, ...]) -> None:
        """Mark the claims the cursor's sentence cites, and highlight the first of them."""
        if claim_ids == self.cited:
            return
        self.cited = claim_ids
        if self.pending:  # marked once the claims are loaded
            return
        claims = self.claim_list
        claims.mark(frozenset(claim_ids))
        index = claims.index_of(claim_ids[0]) if claim_ids else None
        if index is not None and not claims.has_focus:
            claims.highlighted = index
            self.show_detail(claims.claim)  # now, so that it is painted in the same frame as the cursor
