"""Each claim status's own colour and text style, apart from the app's chrome; the word always shown."""

from __future__ import annotations

from tui.core.brief.model import ClaimStatus

# Hues by meaning: established green, reported blue, someone's claim amber, analysis violet,
# contested orange, rejected red, shown false a deeper crimson (and struck through), unknown grey
# (and italic, not bold: the quietest word). Two palettes, so each reads on a dark and a light
# background (a contrast of 3 or more); given to the stylesheet as `$status-<name>` (see
# BriefingApp.get_css_variables). Each is one of the 256 colours, or comes out as its own one, so a
# 256-colour terminal keeps them apart too; the chrome (title, cursor, key bar, citation markers)
# uses the theme's foreground and primary, never one of these (tests/test_status_colours.py checks).
DARK = {
    ClaimStatus.CONFIRMED: "#5fd75f",
    ClaimStatus.REPORTED: "#5fafff",
    ClaimStatus.CLAIMED: "#ffd75f",
    ClaimStatus.ASSESSED: "#af87ff",
    ClaimStatus.DISPUTED: "#ff8700",
    ClaimStatus.DENIED: "#ff5f5f",
    ClaimStatus.UNVERIFIED: "#9e9e9e",
    ClaimStatus.FALSE: "#ff005f",
}
LIGHT = {
    ClaimStatus.CONFIRMED: "#008700",
    ClaimStatus.REPORTED: "#005fd7",
    ClaimStatus.CLAIMED: "#806600",
    ClaimStatus.ASSESSED: "#5f00af",
    ClaimStatus.DISPUTED: "#c8500a",
    ClaimStatus.DENIED: "#d70000",
    ClaimStatus.UNVERIFIED: "#626262",
    ClaimStatus.FALSE: "#af005f",
}
# What tells statuses apart without colour (NO_COLOR), beside the word itself.
TEXT_STYLE = {
    ClaimStatus.UNVERIFIED: "italic",
    ClaimStatus.FALSE: "strike",
}
NO_STATUS = "no status"  # what a claim without a status is called, wherever it is listed


def status_name(status: ClaimStatus | None) -> str:
    """A status as a word: its value, or "no status"."""
    return status.value if status is not None else NO_STATUS


WIDEST = max(len(status.value) for status in ClaimStatus)  # "unverified": rows pad the word to this


def variable(status: ClaimStatus) -> str:
    """The stylesheet variable of a status's colour, without the `$`."""
    return f"status-{status.value}"


def css_variables(dark: bool, *, monochrome: str | None = None) -> dict[str, str]:
    """`status-<name>` for each status, in the palette for a dark or a light theme; all `monochrome`
    where colour is off (NO_COLOR)."""
    palette = DARK if dark else LIGHT
    return {variable(status): monochrome or colour for status, colour in palette.items()}


def style(status: ClaimStatus) -> str:
    """The style of a status word: its colour and, where it has one, its text style."""
    return " ".join(part for part in (TEXT_STYLE.get(status, "bold"), f"${variable(status)}") if part)
