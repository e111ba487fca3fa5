"""A citation of a claim that is not defined, as a marker drawn in the text: visible, and told apart."""

from __future__ import annotations

import re

from tui.core.outside.visible import shown_name

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
