"""Find text across a whole brief: smartcase, in reading order, each match tied to its sentence."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from tui.core.model import Brief, Section


@dataclass(frozen=True, slots=True)
class Match:
    """One match: `section.text[start:end]`, in sentence `sentence` of that section (-1: none)."""

    section_id: str
    start: int
    end: int
    sentence: int


def is_case_sensitive(query: str) -> bool:
    """Smartcase, as in vim and less: a capital in the query makes the search case-sensitive."""
    return any(ch.isupper() for ch in query)


def find_in_section(section: Section, query: str) -> list[Match]:
    """Every match of `query` in one section, left to right, not overlapping."""
    if not query:
        return []
    text, needle = (section.text, query) if is_case_sensitive(query) else (section.text.lower(), query.lower())
    matches = []
    starts = [s.start for s in section.sentences]
    at = text.find(needle)
    while at >= 0:
        sentence = bisect_right(starts, at) - 1 if starts else -1
        matches.append(Match(section.id, at, at + len(query), sentence))
        at = text.find(needle, at + max(1, len(needle)))
    return matches


def find(brief: Brief, query: str) -> list[Match]:
    """Every match of `query` in the brief, in reading order: the summary, then each section."""
    return [match for section in brief.all_sections for match in find_in_section(section, query)]
