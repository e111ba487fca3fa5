"""The compact citation markers drawn in the text, such as `¹˒¹⁶` for claims 1 and 16."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tui.core.brief.model import Section

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Between two markers at one place: `¹⁶` read as claim 16 when it was claims 1 and 6. U+02D2 is a
# raised comma-like mark, one cell wide and drawn by common terminal fonts, so `¹˒⁶` reads as two.
SEPARATOR = "˒"
_DIGITS = {superscript: str(digit) for digit, superscript in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}


def marker(number: int) -> str:
    """The marker of the `number`th claim (1-based), as the text and the claim list draw it."""
    return str(number).translate(SUPERSCRIPTS)


def marker_group(numbers: Sequence[int]) -> str:
    """The markers of claims cited at one place, in the order cited, told apart by `SEPARATOR`."""
    return SEPARATOR.join(marker(number) for number in numbers)


def read_marker_group(group: str) -> list[int]:
    """The claim numbers a marker group shows (the inverse of `marker_group`); ValueError if it is not one."""
    if not group:
        return []
    return [int("".join(_DIGITS[ch] for ch in part)) for part in group.split(SEPARATOR)]


def section_markers(numbers: Mapping[str, int], section: Section) -> dict[int, str]:
    """Where a section's citation markers go (offsets into its text) and what each group says."""
    cited: dict[int, list[int]] = {}
    for reference in section.references:
        if reference.claim_id in numbers:
            cited.setdefault(reference.offset, []).append(numbers[reference.claim_id])
    return {offset: marker_group(group) for offset, group in cited.items()}


def fit_group(group: str, cells: int) -> str:
    """`group` cut to `cells` cells at a separator, with `…` for the markers left out.

    A group wider than its column was cut by the column's edge, mid-number (`¹²˒¹` for claims
    12 and 13, or more); cut here, every number shown is whole and `…` says there are more.
    """
    if len(group) <= cells:  # superscripts and the separator are a cell each
        return group
    if cells < 1:
        return ""
    shown = group[: cells - 1]
    cut = shown.rfind(SEPARATOR)
    return group[: cut + 1] + "…" if cut >= 0 else "…"
