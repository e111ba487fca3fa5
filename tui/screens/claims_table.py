"""The claims table (`C`, or `W` grouped by claimant): every claim, sorted, filtered, grouped; enter goes to it."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.core.brief.model import Brief
from tui.core.brief.numbering import claim_numbers
from tui.core.claims.describe import claim_label, one_line
from tui.core.claims.relations import CONTRADICTED_BY, CONTRADICTS, Relations
from tui.core.claims.table import COLUMNS, ClaimsTable, Column, Grouping
from tui.core.display.excerpt import shortened
from tui.widgets.claim_words import CONTRADICTION, status_word
from tui.widgets.claims_grid import ClaimsGrid
from tui.widgets.key_bar import KeyBar

TITLE_CHARACTERS = 200  # of the brief's title in the table's title line
DETAIL_CHARACTERS = 2_000  # of the statement under the table (its lines are capped in the stylesheet)
FILTER_HELP = "words, status:claimed,denied grade:C claimant:kremlin by:outlet id: date:"
RELATED_NAMED = 6  # related claims named in the detail line; the rest counted


class ClaimsTableScreen(Screen[str | None]):
    """Every claim of a brief in a table; it closes with the id of the claim to go to, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Go to it", id="claims-table.choose"),
        # Escape clears the filter while there is one (shown then), else closes: the first that may run runs.
        Binding("escape", "clear_filter", "Clear filter", id="claims-table.filter.clear"),
        Binding("s", "sort(1)", "Sort", id="claims-table.sort"),
        Binding("S", "reverse", "Reverse", id="claims-table.reverse"),
        Binding("w", "group", "Group", id="claims-table.group"),
        # Priority, as the reader's search: "/kremlin" typed at once reaches the field (see check_action).
        Binding("slash,f", "filter", "Filter", id="claims-table.filter", priority=True),
        Binding("q", "dismiss(None)", "Close", id="claims-table.close"),
        Binding("escape", "dismiss(None)", "Close", show=False, id="claims-table.back"),
        *(
            Binding(str(n), f"sort_by({n})", f"Sort by column {n} shown", show=False, id=f"claims-table.sort.{n}")
            for n in range(1, len(COLUMNS) + 1)
        ),
    ]

    def __init__(
        self,
        brief: Brief,
        grouping: Grouping = Grouping.NONE,
        at: str | None = None,
        *,
        relations: Relations | None = None,
    ) -> None:
        """The table of `brief`'s claims, the cursor on the claim with the id `at` (the sidebar's), if any."""
        super().__init__()
        self.brief = brief
        self.table = ClaimsTable.of(brief.claims, grouping)
        self.relations = relations if relations is not None else Relations.of(brief.claims)
        self.numbers = claim_numbers(claim.id for claim in brief.claims)
        self.at = at
        self.filter_open = False  # the filter field is shown

    def compose(self) -> ComposeResult:
        yield Static(id="claims-table-title", markup=False)
        yield ClaimsGrid(self.table, self.relations, id="claims-table-grid")
        yield Static(id="claims-table-empty", markup=False)
        yield Static(id="claims-table-detail", markup=False)
        with Horizontal(id="claims-table-filter-bar"):
            yield Static("Filter:", id="claims-table-filter-prompt", markup=False)
            yield Input(placeholder=FILTER_HELP, select_on_focus=False, id="claims-table-filter")
        yield KeyBar()

    @property
    def grid(self) -> ClaimsGrid:
        return self.query_one(ClaimsGrid)

    @property
    def filter_field(self) -> Input:
        return self.query_one("#claims-table-filter", Input)

    @property
    def filter_bar(self) -> Horizontal:
        return self.query_one("#claims-table-filter-bar", Horizontal)

    def on_mount(self) -> None:
        self.filter_bar.display = False
        self.grid.focus()
        if self.at is not None:
            self.grid.go_to(self.at)
        self.show_title()

    def show_title(self) -> None:
        """How many claims are shown, the order, the grouping, the filter, the brief."""
        brief_title = one_line(self.brief.title, TITLE_CHARACTERS * 2)
        # What the table shows first, the brief's title last: at 80 columns the title is what is cut.
        parts: list[Content | tuple[str, str]] = [("Claims: ", "bold $foreground"), (self.table.summary(), "")]
        if self.table.filter:
            parts += [(" · filter ", "$text-muted"), Content(self.table.filter.text).stylize("bold")]
        parts += [(" · ", "$text-muted"), Content.styled(shortened(brief_title, TITLE_CHARACTERS), "$text-muted")]
        self.query_one("#claims-table-title", Static).update(Content.assemble(*parts))
        empty = self.query_one("#claims-table-empty", Static)
        if not self.table.rows:
            empty.update(Content.styled("This brief has no claims.", "italic $text-muted"))
        elif not self.table.shown:
            empty.update(Content.styled("No claim matches the filter: escape clears it.", "italic $text-muted"))
        empty.display = not self.table.shown

    @on(ClaimsGrid.CursorMoved)
    def show_detail(self, event: ClaimsGrid.CursorMoved) -> None:
        """The claim under the cursor, whole (its statement cut only past DETAIL_CHARACTERS), under the table."""
        detail = self.query_one("#claims-table-detail", Static)
        row = event.row
        if row is None:
            detail.update("")
            return
        claim = row.claim
        # The statement first, which the row cuts shortest, then what the columns left out at this width.
        statement = one_line(claim.statement, DETAIL_CHARACTERS * 2)
        facts: list[Content | str | tuple[str, str]] = [Content(shortened(statement, DETAIL_CHARACTERS)), "\n"]
        facts += [(f"{row.number} ", "$text-muted"), (claim.id, "bold"), " · ", status_word(claim)]
        for label, value in (
            ("grade", str(claim.grade or "")),
            ("claimant", claim.claimant),
            ("reported by", claim.reported_by),
            ("date", claim.date or ""),
        ):
            if value:
                # A claimant may be megabytes: cut before it is made one line.
                facts += [(f" · {label} ", "$text-muted"), Content(shortened(one_line(value, 400), 200))]
        cited = len(claim.references)
        facts.append((f" · cited {cited:,} time{'s' * (cited != 1)}" if cited else " · never cited", "$text-muted"))
        for kind, ids in self.relations.of_claim(claim.id).by_kind():  # how it stands to the others
            named = ", ".join(claim_label(self.numbers.get(i), i) for i in ids[:RELATED_NAMED])
            more = f" and {len(ids) - RELATED_NAMED:,} more" if len(ids) > RELATED_NAMED else ""
            mark = f"{CONTRADICTION} " if kind in (CONTRADICTS, CONTRADICTED_BY) else ""
            facts += [(f" · {mark}{kind} ", "$text-muted"), Content(f"{named}{more}")]
        detail.update(Content.assemble(*facts), layout=False)

    def refilled(self) -> None:
        self.grid.refill()
        self.show_title()

    # Actions

    def action_choose(self) -> None:
        row = self.grid.row
        if row is not None:
            self.dismiss(row.claim.id)

    @on(ClaimsGrid.Chosen)
    def chosen(self, event: ClaimsGrid.Chosen) -> None:
        self.dismiss(event.row.claim.id)

    def shown_columns(self) -> list[Column]:
        return [column for column, _ in self.grid.columns()]

    def action_sort(self, step: int) -> None:
        """By the next column shown: one the width hides is never the sort nobody can see."""
        self.table.next_sort(step, self.shown_columns())
        self.refilled()

    def action_sort_by(self, number: int) -> None:
        """By the `number`th column shown, from the left; again, the other way round."""
        shown = self.shown_columns()
        if number > len(shown):
            self.notify(f"{len(shown)} columns are shown at this width: 1 to {len(shown)} sort by them.", timeout=4)
            return
        self.table.sort_by(shown[number - 1])
        self.refilled()

    @on(ClaimsGrid.HeaderClicked)
    def sort_by_clicked(self, event: ClaimsGrid.HeaderClicked) -> None:
        self.table.sort_by(event.column)
        self.refilled()

    def action_reverse(self) -> None:
        self.table.reverse()
        self.refilled()

    def action_group(self) -> None:
        self.table.group_by(self.table.grouping.next())
        self.refilled()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:  # noqa: ARG002
        """`/` and `f` type in the filter field once it has the focus; escape clears a filter only if there is one."""
        if action == "filter":
            return not isinstance(self.focused, Input)
        if action == "clear_filter":
            return self.filter_open or bool(self.table.filter)
        return True

    def action_filter(self) -> None:
        self.filter_open = self.filter_bar.display = True
        self.refresh_bindings()
        self.set_focus(self.filter_field)  # at once, not after the keys already queued (as focus() would)

    @on(Input.Changed, "#claims-table-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)
        self.refilled()
        self.refresh_bindings()

    @on(Input.Submitted, "#claims-table-filter")
    def filter_submitted(self, event: Input.Submitted) -> None:
        """Enter: back to the table, the filter kept (and shown in the title); an empty field goes away."""
        if not event.value.strip():
            self.filter_open = self.filter_bar.display = False
            self.refresh_bindings()
        self.grid.focus()

    def action_clear_filter(self) -> None:
        """Escape with a filter (or its field open): the filter cleared, its field closed; the table stays."""
        self.filter_field.value = ""
        self.table.set_filter("")
        self.refilled()
        self.filter_open = self.filter_bar.display = False
        self.refresh_bindings()
        self.grid.focus()
