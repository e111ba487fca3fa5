"""What a reload says it changed (a stand-in until `tui.core.changes` lands: sentences counted, no more)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import partial

from tui.core.brief.model import Brief


def _sentences(brief: Brief) -> Counter[str]:
    return Counter(section.text[s.start : s.end].strip() for section in brief.all_sections for s in section.sentences)


def _line(changed: int, notes_lost: int) -> str:
    parts = [f"{changed:,} sentence{'s' * (changed != 1)} changed"] if changed else []
    if notes_lost:
        their = "its" if notes_lost == 1 else "their"
        parts.append(f"{notes_lost:,} note{'s' * (notes_lost != 1)} lost {their} place (A)")
    return "Brief updated: " + (", ".join(parts) if parts else "no change in its text")


def updated_line(old: Brief, new: Brief) -> Callable[[int], str]:
    """What to say of the new version, given how many notes lost their place in it."""
    changed = sum((_sentences(new) - _sentences(old)).values())
    return partial(_line, changed)
