"""The claim sidebar: every claim with its status as a word and a colour, and the selected one's detail."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.model import Brief, Claim, ClaimStatus

# Theme variables, so each theme colours statuses in its own palette; the word is always shown too.
STATUS_STYLES = {
    ClaimStatus.CONFIRMED: "bold $success",
    ClaimStatus.REPORTED: "bold $primary",
    ClaimStatus.CLAIMED: "bold $warning",
    ClaimStatus.ASSESSED: "bold $secondary",
    ClaimStatus.DISPUTED: "bold $warning",
    ClaimStatus.DENIED: "bold $error",
    ClaimStatus.UNVERIFIED: "bold $text-muted",
    ClaimStatus.FALSE: "bold $error",
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
    parts: list[str | Content | tuple[str, str]] = [
        Content(claim.statement),
        "\n\n",
        ("Claimant: ", "bold"),
        Content(claim.claimant or "-"),
        "\n",
        ("Reported by: ", "bold"),
        Content(claim.reported_by or "-"),
        "\n",
        ("Status: ", "bold"),
        status_word(claim),
        "\n",
        ("Grade: ", "bold"),
        str(claim.grade or "-"),
        "\n",
        ("Date: ", "bold"),
        Content(claim.date or "-"),
        "\n",
        ("Cited: ", "bold"),
        f"{len(claim.references)} time{'s' * (len(claim.references) != 1)}",
    ]
    for label, targets in (("Contradicts: ", claim.contradicts), ("Supports: ", claim.supports)):
        if targets:
            parts += ["\n", (label, "bold"), Content(", ".join(targets))]
    return Content.assemble(*parts)


class ClaimSidebar(Vertical):
    """The list of claims and the detail of the highlighted one; it marks those the cursor's sentence cites."""

    def __init__(self, brief: Brief, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.brief = brief
        self.cited: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        options = [Option(claim_prompt(n, c, False), id=c.id) for n, c in enumerate(self.brief.claims, 1)]
        yield OptionList(*options, id="claim-list")
        yield Static(id="claim-detail", markup=False)

    def on_mount(self) -> None:
        self.query_one("#claim-list", OptionList).highlighted = 0 if self.brief.claims else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        claim = self.brief.claim(event.option.id or "")
        if claim is not None:
            self.query_one("#claim-detail", Static).update(claim_detail(claim))

    def follow(self, claim_ids: tuple[str, ...]) -> None:
        """Mark the claims the cursor's sentence cites, and highlight the first of them."""
        if claim_ids == self.cited:
            return
        changed = set(claim_ids) ^ set(self.cited)
        self.cited = claim_ids
        options = self.query_one("#claim-list", OptionList)
        for number, claim in enumerate(self.brief.claims, 1):
            if claim.id in changed:
                options.replace_option_prompt(claim.id, claim_prompt(number, claim, claim.id in claim_ids))
        if claim_ids:
            options.highlighted = options.get_option_index(claim_ids[0])
