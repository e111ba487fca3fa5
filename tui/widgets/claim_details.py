"""A claim's detail, under the claim list: its label, the citation walked to, the statement, every field,
where it is cited and its relations both ways; bounded, and brief text never read as markup."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from textual.content import Content

from tui.core.brief.model import Claim
from tui.core.changes.compare import ClaimChange, FieldChange
from tui.core.claims.describe import cited_summary, claim_label, cut, one_line
from tui.core.claims.relations import CONTRADICTED_BY, CONTRADICTS, NONE, Linked
from tui.core.display.excerpt import more_characters, shortened
from tui.core.reading.lens import Warning
from tui.widgets.claim_words import status_word

STATEMENT_SHOWN = 2_000  # characters of a statement in the detail (a 1 MB one is cut, and says so)
FIELD_SHOWN = 300  # characters of a claimant, a source, a date
IDS_SHOWN = 12  # related claims named per kind; the rest counted
ID_SHOWN = 60  # characters of a claim's id
WARNINGS_SHOWN = 6  # tradecraft warnings about the claim listed; the rest counted
WARNING_SHOWN = 300  # characters of a warning's message (a cycle's names every claim in it)


def _field(text: str | None) -> Content:
    return Content(cut(one_line(text, FIELD_SHOWN + 1), FIELD_SHOWN) if text else "–")


def _statement(text: str) -> Content:
    shown = text[:STATEMENT_SHOWN]
    if len(text) <= STATEMENT_SHOWN:
        return Content(shown)
    return Content.assemble(Content(shown), (more_characters(len(text) - STATEMENT_SHOWN), "italic $text-muted"))


def _label(number: int | None, claim_id: str) -> str:
    return claim_label(number, cut(one_line(claim_id, ID_SHOWN + 1), ID_SHOWN))


def _related(ids: tuple[str, ...], numbers: Mapping[str, int]) -> Content:
    named = [
        _label(numbers.get(claim_id), claim_id) + ("" if claim_id in numbers else " (not defined)")
        for claim_id in ids[:IDS_SHOWN]
    ]
    more = len(ids) - IDS_SHOWN
    text = ", ".join(named) + (f" and {more:,} more" if more > 0 else "")
    return Content(text)


def _field_change(field: FieldChange) -> str:
    """ "status reported → confirmed", each value on one line and cut."""
    old, new = (shortened(one_line(value), 40) or "(none)" for value in (field.old, field.new))
    return f"{field.name} {old} → {new}"


def claim_detail(
    claim: Claim,
    number: int | None = None,
    *,
    linked: Linked = NONE,
    numbers: Mapping[str, int] | None = None,
    title_of: Callable[[str], str] | None = None,
    at: int | None = None,
    tradecraft: Sequence[Warning] = (),
    changed: ClaimChange | None = None,
) -> Content:
    """Everything about one claim, for the panel under the list; `at`: the citation walked to (0-based);
    `tradecraft`: what the rules warn about the claim itself (a "Tradecraft:" line each); `changed`: how
    it changed since the brief was last read (a "Since you last read:" line)."""
    numbers = numbers or {}
    title_of = title_of or (lambda section_id: section_id)

    def title(section_id: str) -> str:
        return cut(one_line(title_of(section_id), 81), 80)

    count = len(claim.references)
    parts: list[str | Content | tuple[str, str]] = [(_label(number, claim.id), "bold")]
    if at is not None and count:
        reference = claim.references[at % count]
        parts += [
            "\n",
            (f"Citation {at % count + 1}/{count}", "bold $foreground"),
            Content(f": {title(reference.section_id)}"),
        ]
    parts += ["\n", _statement(claim.statement), "\n"]
    # Status, grade and date on one line: a short panel (80x24) still shows the citations and relations.
    parts += ["\n", ("Status: ", "bold"), status_word(claim), ("  Grade: ", "bold"), str(claim.grade or "–")]
    parts += [("  Date: ", "bold"), _field(claim.date)]
    # Under its fields too: what changed since the last reading ("status reported → confirmed"), or that it is new.
    if changed is not None:
        said = "new" if changed.kind == "added" else "; ".join(map(_field_change, changed.fields[:WARNINGS_SHOWN]))
        parts += ["\n", ("Since you last read: ", "bold $text-warning"), Content(said)]
    # Under the fields they concern (a grade, a date): what a rule warns about the claim, in the rule's words.
    for warning in tradecraft[:WARNINGS_SHOWN]:
        parts += ["\n", ("Tradecraft: ", "bold $text-warning"), (f"{warning.code} {warning.rule}: ", "bold")]
        parts.append(Content(shortened(one_line(warning.message, WARNING_SHOWN * 4), WARNING_SHOWN)))
    if len(tradecraft) > WARNINGS_SHOWN:
        parts += ["\n", (f"Tradecraft: {len(tradecraft) - WARNINGS_SHOWN:,} more warnings", "bold $text-warning")]
    for label, value in (("Claimant", claim.claimant), ("Reported by", claim.reported_by)):
        parts += ["\n", (f"{label}: ", "bold"), _field(value)]
    # "Cited 3 times: Motives, China's role (2)" (a section's title may hold ": ", the head never does)
    head, _, places = cited_summary(claim, title).partition(": ")
    parts += ["\n", (head[:1].upper() + head[1:] + (": " if places else ""), "bold"), Content(places)]
    for kind, ids in linked.by_kind():
        # The contradictions with the list's mark, so that `≠` in a row is explained here in words.
        mark = ("≠ ", "bold $text-error") if kind in (CONTRADICTS, CONTRADICTED_BY) else ""
        parts += ["\n", mark, (f"{kind.capitalize()}: ", "bold"), _related(ids, numbers)]
    if linked.by_kind():
        parts += ["\n", ("r: go to a related claim", "$text-muted")]
    return Content.assemble(*parts)
