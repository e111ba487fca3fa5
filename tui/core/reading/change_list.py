"""The changes since the last reading as the reader lists them (`D`): claims first, each line a place to go."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.changes.compare import Changes, ClaimChange, ParagraphChange, SectionChange
from tui.core.outside.visible import pictured

LISTED = 500  # lines built at most: a brief rewritten throughout lists its first ones and counts the rest
SHOWN = 60  # characters of a value or a quote shown on a line


@dataclass(frozen=True, slots=True)
class Target:
    """Where a line of the list goes: a claim (its first citation), or a sentence of a section."""

    claim: str = ""
    section: str = ""
    sentence: int = 0


@dataclass(frozen=True, slots=True)
class Entry:
    """One line: its sign (`+` added, `*` changed, `-` removed, `>` moved), what it is about (a claim id, a
    section), what changed, and where enter goes (None: it is gone, nowhere to go)."""

    sign: str
    about: str
    said: str
    target: Target | None


def shown(text: str, limit: int = SHOWN) -> str:
    """Brief text on one line, each control or bidi character pictured, cut with an ellipsis."""
    flat = " ".join(pictured(text[: limit * 4]).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _claim(change: ClaimChange) -> Entry:
    target = Target(claim=change.id) if change.kind != "removed" else None
    if change.kind == "added":
        return Entry("+", shown(change.id), f"added: {shown(change.said)}", target)
    if change.kind == "removed":
        return Entry("-", shown(change.id), f"removed: {shown(change.said)}", None)
    parts = []
    for field in change.fields:
        values = f"{shown(field.old, 30) or '(none)'} → {shown(field.new, 30) or '(none)'}"
        parts.append(values if field.name == "status" else f"{field.name} {values}")  # the status said bare
    return Entry("*", shown(change.id), "; ".join(parts), target)


def _section(change: SectionChange) -> Entry:
    if change.kind == "renamed":
        said = f"renamed from {shown(change.old_title)}"
        return Entry("*", shown(change.title), said, Target(section=change.id))
    if change.kind == "added":
        return Entry("+", shown(change.title), "section added", Target(section=change.id))
    return Entry("-", shown(change.title), "section removed", None)


def _paragraph(change: ParagraphChange, titles: dict[str, str]) -> Entry:
    where = shown(titles.get(change.section, change.section), 30)
    sign = {"added": "+", "changed": "*", "moved": ">", "removed": "-"}.get(change.kind, "*")
    said = f"paragraph {change.kind}: “{shown(change.quote, SHOWN)}”"
    return Entry(sign, where, said, Target(section=change.section, sentence=max(0, change.sentence)))


def entries(changes: Changes, titles: dict[str, str]) -> tuple[list[Entry], int]:
    """The lines of the list in order (claims, the title, sections, paragraphs), at most LISTED of them,
    and how many more there are; `titles` names the sections by id."""
    found: list[Entry] = []
    total = len(changes.claims) + len(changes.sections) + len(changes.paragraphs) + (changes.title is not None)
    for claim in changes.claims[:LISTED]:
        found.append(_claim(claim))
    if changes.title is not None and len(found) < LISTED:
        old, new = changes.title
        found.append(Entry("*", "title", f"{shown(old, 30)} → {shown(new, 30)}", None))
    for section in changes.sections[: max(0, LISTED - len(found))]:
        found.append(_section(section))
    for paragraph in changes.paragraphs[: max(0, LISTED - len(found))]:
        found.append(_paragraph(paragraph, titles))
    return found, total - len(found)
