"""The claim map (`M` in the reader): claims grouped by claimant, their relations under each, to be followed
with the keys; it closes with the id of a claim to go to, or None."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from tui.core.brief.model import Brief, Claim
from tui.core.claims.describe import claim_label, cut, one_line
from tui.core.claims.graph import ClaimMap, ClaimRow, EdgeRow
from tui.core.claims.relations import Relations
from tui.screens.slices import in_slices
from tui.widgets.claim_map import ClaimMapView
from tui.widgets.claim_words import status_word
from tui.widgets.key_bar import KeyBar

DETAIL_CHARACTERS = 400  # of a statement, in the detail under the map (two lines at most are shown)
CLAIMANT_CHARACTERS = 120
LAID_OUT_AT_ONCE = 20_000  # claims and relations laid out at once (about 0.1 s); more, in slices
BACK_STEPS = 100  # relations followed that backspace can go back along


class ClaimMapScreen(Screen[str | None]):
    """The claims of a brief and their supports / contradicts relations, as text; enter on a claim closes
    with its id (the reader goes to its first citation), enter on a relation goes to the other claim."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close", id="map.close"),
        Binding("enter", "choose", "Go to it", id="map.choose"),
        Binding("j,down", "move(1)", "Next line", show=False, id="map.next"),
        Binding("k,up", "move(-1)", "Previous line", show=False, id="map.previous"),
        Binding("J", "claim(1)", "Next claim", id="map.claim.next"),
        Binding("K", "claim(-1)", "Previous claim", show=False, id="map.claim.previous"),
        Binding("g,home", "end(-1)", "First claim", show=False, id="map.first"),
        Binding("G,end", "end(1)", "Last line", show=False, id="map.last"),
        Binding("space,pagedown", "page(1)", "Page down", show=False, id="map.page.down"),
        Binding("b,pageup", "page(-1)", "Page up", show=False, id="map.page.up"),
        Binding("backspace", "back", "Back", id="map.back"),
        Binding("r", "related_only", "Related only", id="map.related"),
    ]

    AUTO_FOCUS = "#map-view"

    def __init__(self, brief: Brief, relations: Relations | None = None) -> None:
        """The map of `brief`'s claims; `relations`, theirs if already read (else read here)."""
        super().__init__()
        self.brief = brief
        self.relations = relations
        # Laid out here when small; a dense graph (a million relations took 2.7 s) a slice at a time, the
        # screen open and saying so meanwhile.
        self.size_of_graph = sum(1 + len(claim.supports) + len(claim.contradicts) for claim in brief.claims)
        self.laying_out = self.size_of_graph > LAID_OUT_AT_ONCE
        self.claim_map = ClaimMap.of(() if self.laying_out else brief.claims, relations=relations)
        self.came_from: list[str] = []  # ids of the claims whose relation was followed, for backspace

    def compose(self) -> ComposeResult:
        yield Static(id="map-title", markup=False)
        yield ClaimMapView(id="map-view")
        yield Static(id="map-detail", markup=False)
        yield KeyBar()

    @property
    def view(self) -> ClaimMapView:
        return self.query_one(ClaimMapView)

    def on_mount(self) -> None:
        if self.laying_out:
            self.lay_out(related_only=False, keep=None)
            return
        self.show(self.claim_map.step(None, 1))
        self.call_after_refresh(self.view.show_highlighted)  # laid out: the row is brought into view

    @work(exclusive=True, group="map-layout", exit_on_error=False, description="lay out the claim map")
    async def lay_out(self, *, related_only: bool, keep: str | None) -> None:
        """Lay the map out on the event loop a slice at a time, keys let through between slices (in a
        thread, holding the lock Python runs under, it still made the screen wait a second and more)."""
        self.say_laying_out()
        laid_out = await in_slices(
            ClaimMap.build(self.brief.claims, related_only=related_only, relations=self.relations)
        )
        self.laid_out(laid_out, keep)

    def say_laying_out(self) -> None:
        if not self.is_attached:  # closed meanwhile
            return
        self.laying_out = True
        said = f"Laying out {len(self.brief.claims):,} claims and their relations…"
        self.query_one("#map-title", Static).update(Content.styled(said, "italic $text-warning"))
        self.query_one("#map-detail", Static).update("")

    def laid_out(self, claim_map: ClaimMap, keep: str | None) -> None:
        if not self.is_attached:
            return
        self.laying_out = False
        self.claim_map = claim_map
        at = claim_map.claim_rows.get(keep) if keep is not None else None
        self.show(at if at is not None else claim_map.step(None, 1))
        self.call_after_refresh(self.view.show_highlighted)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002
        """While a dense map is laid out, only closing it does anything."""
        return not self.laying_out or action == "dismiss"

    def show(self, highlighted: int | None) -> None:
        self.view.show(self.claim_map, highlighted)
        self.query_one("#map-title", Static).update(self.title_line())
        if highlighted is None:
            self.query_one("#map-detail", Static).update(self.empty_line())

    def title_line(self) -> Content:
        claim_map = self.claim_map
        plural = "s" * (claim_map.claims != 1)
        said = f"{claim_map.claims:,} claim{plural}, {claim_map.relations:,} relation{'s' * (claim_map.relations != 1)}"
        if claim_map.contradictions:
            said += f" ({claim_map.contradictions:,} contradiction{'s' * (claim_map.contradictions != 1)})"
        shown = "only claims with relations (r: all)" if claim_map.related_only else "by claimant"
        return Content.assemble(
            ("Claim map", "bold $foreground"), "  ", (said, "$foreground"), "  ", (shown, "$text-muted")
        )

    def empty_line(self) -> Content:
        if not self.claim_map.claims:
            return Content.styled("This brief has no claims.", "italic $text-muted")
        return Content.styled("No claim has a relation: r shows them all.", "italic $text-muted")

    @on(ClaimMapView.Highlighted)
    def highlighted(self, event: ClaimMapView.Highlighted) -> None:
        self.show_detail(event.index)

    def on_resize(self) -> None:
        if self.view.highlighted is not None:
            self.show_detail(self.view.highlighted)
            # Shrunk, the highlighted row may be below the map: brought back once laid out anew.
            self.view.call_after_refresh(self.view.show_highlighted)

    def show_detail(self, index: int) -> None:
        """The detail of a row: its first line cut to the width, so the statement keeps the second."""
        detail = self.query_one("#map-detail", Static)
        width = max(detail.content_region.width, self.size.width - 2, 1)
        head, statement = self.detail(index)
        detail.update(Content.assemble(head.truncate(width, ellipsis=True), "\n", statement), layout=False)

    def detail(self, index: int) -> tuple[Content, str]:
        """The claim a row is about (a relation: the claim it leads to): its fields, and its statement."""
        row = self.claim_map.rows[index]
        if isinstance(row, EdgeRow):
            target = self.view.by_id.get(row.target)
            if target is None:
                said = Content.assemble(
                    (f"{row.kind} {one_line(row.target, 200)}: ", "bold"),
                    ("not a claim of this brief (briefing check says more)", "italic $text-error"),
                )
                return said, ""
            head, statement = self.claim_detail(target)
            return Content.styled("enter goes to  ", "$text-muted") + head, statement
        claim = self.claim_map.claim_at(index)
        return self.claim_detail(claim) if claim is not None else (Content(""), "")

    def claim_detail(self, claim: Claim) -> tuple[Content, str]:
        number = self.claim_map.numbers.get(claim.id)
        fields: list[str | Content | tuple[str, str]] = [
            (claim_label(number, cut(one_line(claim.id, 81), 80)), "bold"),
            "  ",
            status_word(claim),
        ]
        if claim.grade is not None:
            fields += ["  ", (str(claim.grade), "$text-muted")]
        if claim.claimant:
            fields += ["  ", (cut(one_line(claim.claimant, CLAIMANT_CHARACTERS + 1), CLAIMANT_CHARACTERS), "italic")]
        return Content.assemble(*fields), one_line(claim.statement, DETAIL_CHARACTERS)

    # Actions

    def action_move(self, step: int) -> None:
        self.go(self.claim_map.step(self.view.highlighted, step))

    def action_claim(self, step: int) -> None:
        self.go(self.claim_map.step(self.view.highlighted, step, claims_only=True))

    def action_end(self, end: int) -> None:
        """The first line (`end` -1) or the last (1)."""
        self.go(self.claim_map.step(None, -end))

    def action_page(self, step: int) -> None:
        self.go(self.claim_map.step(self.view.highlighted, step * max(1, self.view.scrollable_content_region.height)))

    def go(self, index: int | None) -> None:
        if index is not None:
            self.view.highlighted = index

    def action_choose(self) -> None:
        index = self.view.highlighted
        if index is None:
            return
        row = self.claim_map.rows[index]
        if isinstance(row, ClaimRow):
            self.dismiss(row.claim.id)
            return
        if isinstance(row, EdgeRow):
            target = self.claim_map.target_row(index)
            if target is None:
                self.notify(f"{one_line(row.target, 80)} is not a claim of this brief", timeout=3, markup=False)
                return
            self.came_from = [*self.came_from[-BACK_STEPS + 1 :], row.source]
            self.view.highlighted = target

    def action_back(self) -> None:
        """Back to the claim whose relation was followed last."""
        while self.came_from:
            index = self.claim_map.claim_rows.get(self.came_from.pop())
            if index is not None:
                self.view.highlighted = index
                return
        self.notify("No relation followed to go back along", timeout=2)

    def action_related_only(self) -> None:
        """Show only the claims with a relation, or all of them again; the same claim stays highlighted."""
        index = self.view.highlighted
        claim = self.claim_map.claim_at(index) if index is not None else None
        related_only = not self.claim_map.related_only
        if self.size_of_graph > LAID_OUT_AT_ONCE:
            self.lay_out(related_only=related_only, keep=claim.id if claim is not None else None)
            return
        self.claim_map = ClaimMap.of(self.brief.claims, related_only=related_only, relations=self.relations)
        at = self.claim_map.claim_rows.get(claim.id) if claim is not None else None
        self.show(at if at is not None else self.claim_map.step(None, 1))

    @on(ClaimMapView.Chosen)
    def chosen(self, event: ClaimMapView.Chosen) -> None:
        self.view.highlighted = event.index
        self.action_choose()
