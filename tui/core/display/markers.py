"""The compact citation markers drawn in the text, such as `¹˒¹⁶` for claims 1 and 16, or `[?id]` for a
claim that is not defined."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence

from tui.core.brief.model import Section
from tui.core.outside.visible import shown_name

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
    """Where a section's citation markers go (offsets into its text) and what each group says; a claim
    that is not defined has no number, and shows as broken: `[?id]`."""
    cited: dict[int, list[str]] = {}
    for reference in section.references:
        number = numbers.get(reference.claim_id)
        shown = broken_marker(reference.claim_id) if number is None else marker(number)
        cited.setdefault(reference.offset, []).append(shown)
    return {offset: _joined(group) for offset, group in cited.items()}


def _joined(markers: list[str]) -> str:
    """Markers at one place: `SEPARATOR` between two numbers (a broken marker's brackets set it apart)."""
    joined = markers[0]
    for before, marker_text in itertools.pairwise(markers):
        numeric = not before.startswith("[") and not marker_text.startswith("[")
        joined += (SEPARATOR if numeric else "") + marker_text
    return joined


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


BROKEN_ID_CHARACTERS = 24  # of an undefined claim's id in its marker: a marker stays short


def broken_marker(claim_id: str) -> str:
    """The marker of a citation of a claim that is not defined: `[?id]`, never nothing (the id pictured, cut)."""
    shown = shown_name(claim_id)
    if len(shown) > BROKEN_ID_CHARACTERS:
        shown = shown[: BROKEN_ID_CHARACTERS - 1] + "…"
    return f"[?{shown}]"


BROKEN_MARKER = re.compile(r"\[\?[^\]]*\]")  # a `broken_marker` in a marker's text (an id holds no "]")


def marker_parts(text: str) -> list[tuple[str, bool]]:
    """A marker's text in pieces, each with whether it is a broken marker (drawn as an error)."""
    parts: list[tuple[str, bool]] = []
    at = 0
    for found in BROKEN_MARKER.finditer(text):
        if found.start() > at:
            parts.append((text[at : found.start()], False))
        parts.append((found.group(), True))
        at = found.end()
    if at < len(text):
        parts.append((text[at:], False))
    return parts
