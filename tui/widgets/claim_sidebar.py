"""The claim sidebar: every claim with its status as a word and a colour, and the selected one's detail."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from tui.core.brief.model import Brief, Claim, ClaimStatus, Reference
from tui.core.brief.numbering import claim_numbers
from tui.core.changes.compare import ClaimChange
from tui.core.claims.describe import claim_label, cut, one_line, short_claimant
from tui.core.claims.relations import NONE, Linked, Relations
from tui.core.display.markers import marker
from tui.core.reading.lens import Lens
from tui.widgets.claim_details import claim_detail
from tui.widgets.claim_list import ClaimList
from tui.widgets.claim_words import CONTRADICTION, status_word

__all__ = ["CONTRADICTION", "EMPTY", "ClaimSidebar", "claim_detail", "claim_prompt"]

EMPTY = Brief(path="", title="", is_brief=False)  # what the sidebar lists while the brief loads
GRADE_CELLS = 2  # "B2"
ROW_CLAIMANT_FROM = 44  # cells of a row from which it names the claimant too (below, the statement matters more)


def claimant_cells(width: int) -> int:
    """Cells a row of `width` gives the claimant: none in a narrow sidebar, more in a wide one."""
    if width >= 60:
        return 16
    return 10 if width >= ROW_CLAIMANT_FROM else 0


def claim_prompt(
    number: int, claim: Claim, cited: bool, width: int = 40, *, contradiction: bool = False, number_cells: int = 0
) -> Content:
    """One line of the list: cited and contradiction marks, marker, status (padded), grade, a short claimant
    when there is room, and the start of the statement; brief text never read as markup."""
    head = marker(number).rjust(number_cells)
    grade = str(claim.grade or "").ljust(GRADE_CELLS)
    status = status_word(claim, padded=True)
    parts: list[str | Content | tuple[str, str]] = [
        ("▶" if cited else " ", "bold $foreground"),
        (head, "$foreground-muted"),
        " ",
        (CONTRADICTION if contradiction else " ", "bold $text-error"),
        " ",
        status,
        " ",
        (grade, "$foreground-muted"),
        " ",
    ]
    used = 1 + len(head) + 3 + len(status.plain) + 1 + GRADE_CELLS + 1
    if cells := claimant_cells(width):
        who = short_claimant(claim.claimant, cells) if claim.claimant else "–"
        parts += [(who.ljust(cells), "italic $foreground-muted"), " "]
        used += cells + 1
    statement = one_line(claim.statement, max(width - used, 0) + 1)  # a row shows the start of it, however long
    parts.append(Content(statement))
    return Content.assemble(*parts)


class ClaimSidebar(Vertical):
    """The list of claims and the detail of the highlighted one; it marks those the cursor's sentence cites."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("]", "reference(1)", "Next citation", id="claims.reference.next"),
        Binding("[", "reference(-1)", "Previous citation", id="claims.reference.previous"),
        Binding("r", "related", "Related claim", id="claims.related"),
        # The detail may be longer than its panel (a claim cited and related many times, a small terminal).
        Binding("ctrl+d", "scroll_detail(1)", "Scroll the detail down", show=False, id="claims.detail.down"),
        Binding("ctrl+u", "scroll_detail(-1)", "Scroll the detail up", show=False, id="claims.detail.up"),
        Binding("f", "filter", "Filter by status", id="claims.filter"),
        Binding("escape", "back", "Back to the text", id="claims.back"),
    ]

    class ShowReference(Message):
        """Put the reading cursor on one citation of a claim, and mark all of them; `focus`: go to the text too."""

        def __init__(self, claim: Claim, reference: Reference, *, focus: bool = True) -> None:
            super().__init__()
            self.claim = claim
            self.reference = reference
            self.focus = focus

    class Leave(Message):
        """Go back to the text."""

    def __init__(self, brief: Brief | None, *, id: str | None = None) -> None:
        """The sidebar of `brief`, or an empty one that says it is loading until `load` gives it one."""
        super().__init__(id=id)
        self.brief = brief or EMPTY
        self.pending = brief is None  # (not `loading`: that is a Widget reactive)
        self.cited: tuple[str, ...] = ()
        self.status_filter: ClaimStatus | None = None
        self.reference_index: int | None = None  # the citation walked to, of the claim shown (None: not walking)
        self.detail_of: Claim | None = None  # the claim whose detail is shown
        self.relations = Relations()
        self.numbers: dict[str, int] = {}
        self.lens: Lens | None = None  # the evidence lens, reviewed: the detail lists a claim's warnings
        self.changed: Mapping[str, ClaimChange] = {}  # claims changed since the last reading, by id: said in the detail
        self._read_claims()

    def _read_claims(self, relations: Relations | None = None) -> None:
        claims = self.brief.claims
        self.relations = relations if relations is not None else Relations.of(claims)
        self.numbers = claim_numbers(claim.id for claim in claims)
        self.number_cells = len(marker(len(claims))) if claims else 1

    def compose(self) -> ComposeResult:
        yield Static(id="claim-filter", markup=False)
        yield ClaimList(self.row, id="claim-list")
        with VerticalScroll(id="claim-detail-box", can_focus=False):
            yield Static(id="claim-detail", markup=False)

    def row(self, number: int, claim: Claim, cited: bool, width: int) -> Content:
        """A claim's row as this brief lists it: numbers lined up, contradictions marked."""
        contradiction = self.relations.in_contradiction(claim.id)
        return claim_prompt(number, claim, cited, width, contradiction=contradiction, number_cells=self.number_cells)

    @property
    def claim_list(self) -> ClaimList:
        return self.query_one(ClaimList)

    def on_mount(self) -> None:
        self._refill()

    def load(self, brief: Brief, relations: Relations | None = None) -> None:
        """Show the claims of the brief, now that it is loaded (`relations`: theirs, if read already)."""
        self.brief, self.pending = brief, False
        self._read_claims(relations)
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

    def show_detail(self, claim: Claim | None, *, again: bool = False) -> None:
        """Show a claim's detail below the list (once: following the cursor shows it before the message comes);
        `again`: redraw it (the citation walked to changed)."""
        if claim is self.detail_of and not again:
            return
        if claim is not self.detail_of:
            self.reference_index = None
        self.detail_of = claim
        # A panel of fixed height: a detail longer than it scrolls (ctrl+d, ctrl+u).
        self.query_one("#claim-detail", Static).update(self.detail(claim) if claim else "")
        self.query_one("#claim-detail-box", VerticalScroll).scroll_home(animate=False, immediate=True)

    def set_lens(self, lens: Lens | None) -> None:
        """The lens's review (None: the lens is off or its review is under way): the detail says a claim's warnings."""
        if lens is not self.lens:
            self.lens = lens
            if self.detail_of is not None:
                self.show_detail(self.detail_of, again=True)

    def set_changes(self, changed: Mapping[str, ClaimChange]) -> None:
        """Claims changed since the brief was last read (none once marked read): the detail says how."""
        self.changed = changed
        if self.detail_of is not None:
            self.show_detail(self.detail_of, again=True)

    def detail(self, claim: Claim) -> Content:
        linked = self.linked(claim)
        # By id: a second definition of an id (an error `check` reports) shows the id's warnings.
        tradecraft = self.lens.claim_warnings(claim.id) if self.lens is not None else []
        return claim_detail(
            claim,
            self.number_of(claim),
            linked=linked,
            numbers=self.numbers,
            title_of=self._section_title,
            at=self.reference_index,
            tradecraft=tradecraft,
            changed=self.changed.get(claim.id),
        )

    def number_of(self, claim: Claim) -> int | None:
        """The claim's number as its row shows it: a second definition of an id has its own, not the first's."""
        claims = self.claim_list
        index = claims.highlighted
        if index is not None and index < len(claims.rows) and claims.rows[index][1] is claim:
            return claims.rows[index][0]
        return self.numbers.get(claim.id)

    def linked(self, claim: Claim) -> Linked:
        # A second definition of an id is listed, but the relations are the first's (what the id means).
        return self.relations.of_claim(claim.id) if self.brief.claim(claim.id) is claim else NONE

    def _section_title(self, section_id: str) -> str:
        section = self.brief.section(section_id)
        return section.title if section is not None else section_id

    @on(ClaimList.Selected)
    def go_to_citations(self, event: ClaimList.Selected) -> None:
        event.stop()
        self.go_to_first_citation(event.claim)

    def go_to_first_citation(self, claim: Claim) -> bool:
        """The reading cursor to the claim's first citation, and the text focused; False if it is never cited."""
        if not claim.references:
            self.notify("This claim is never cited.", severity="warning")
            return False
        self.reference_index = 0
        self.show_detail(claim, again=True)
        self.post_message(self.ShowReference(claim, claim.references[0]))
        return True

    def action_reference(self, step: int) -> None:
        """Walk the highlighted claim's citations, in reading order, round and round; the list keeps the focus."""
        claim = self.selected
        if claim is None:
            return
        if not claim.references:
            self.notify("This claim is never cited.", severity="warning")
            return
        count = len(claim.references)
        if self.reference_index is None:  # the first walk: the first citation (or, backwards, the last)
            self.reference_index = 0 if step > 0 else count - 1
        else:
            self.reference_index = (self.reference_index + step) % count
        self.show_detail(claim, again=True)
        self.post_message(self.ShowReference(claim, claim.references[self.reference_index], focus=False))

    def action_related(self) -> None:
        """Go to a claim this one is related to (a list to choose from when there are several)."""
        claim = self.selected
        if claim is None:
            return
        related = [(kind, claim_id) for kind, ids in self.linked(claim).by_kind() for claim_id in ids]
        if not related:
            self.notify("This claim has no related claims.", severity="warning")
            return
        if len(related) == 1:
            self.highlight_claim(related[0][1])
            return
        from tui.screens.related_claims import RelatedClaims  # imported when first opened, as the other dialogs

        def chosen(claim_id: str | None) -> None:
            if claim_id:
                self.highlight_claim(claim_id)

        self.app.push_screen(
            RelatedClaims(claim_label(self.numbers.get(claim.id), claim.id), related, self.brief, self.numbers), chosen
        )

    def highlight_claim(self, claim_id: str) -> Claim | None:
        """Highlight a claim in the list and show its detail (the status filter cleared if it hides it);
        None, and said, if the brief does not define it."""
        claim = self.brief.claim(claim_id)
        if claim is None:
            self.notify(
                f"{cut(one_line(claim_id, 200), 80)} is not a claim of this brief.", severity="warning", markup=False
            )
            return None
        claims = self.claim_list
        index = claims.index_of(claim_id)
        if index is None and self.status_filter is not None:
            self.status_filter = None
            self._refill()
            index = claims.index_of(claim_id)
        if index is not None:
            claims.highlighted = index
            self.show_detail(claims.claim)
        return claim

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
            Content.assemble(("Claims: ", "bold"), (label, "bold $foreground"), f" ({count})")
        )

    def action_scroll_detail(self, step: int) -> None:
        """Half a panel down or up in the claim's detail."""
        box = self.query_one("#claim-detail-box", VerticalScroll)
        box.scroll_relative(y=step * max(1, box.scrollable_content_region.height // 2), animate=False)

    def action_back(self) -> None:
        self.post_message(self.Leave())

    def follow(self, claim_ids: tuple[str, ...]) -> None:
        """Mark the claims the cursor's sentence cites, and highlight the first of them (or keep the
        highlighted one, if the sentence cites it: the claim whose citations are being walked)."""
        if claim_ids == self.cited:
            return
        self.cited = claim_ids
        if self.pending:  # marked once the claims are loaded
            return
        claims = self.claim_list
        claims.mark(frozenset(claim_ids))
        current = claims.claim
        if current is not None and current.id in claim_ids:
            return
        index = claims.index_of(claim_ids[0]) if claim_ids else None
        if index is not None and not claims.has_focus:
            claims.highlighted = index
            self.show_detail(claims.claim)  # now, so that it is painted in the same frame as the cursor
