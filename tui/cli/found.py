"""Notes a search found, as `briefing notes` prints them: lines of text, a markdown document, or JSON.

Every piece of a note, quote, tag, title or key is pictured (no control or bidi
character of a note reaches the terminal or the file) and none is markup; in JSON,
every character outside ASCII is escaped as well.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tui.core.export.markdown import escape_line, escape_text, note_lines, tag_text, yaml_string
from tui.core.notes.annotation import Annotation
from tui.core.notes.snippet import Snippet, flat
from tui.core.outside.visible import printable

BOLD, NORMAL = "\x1b[1m", "\x1b[22m"  # marked words on a terminal; the pieces themselves hold no escape


@dataclass(frozen=True, slots=True)
class Found:
    """A note a search found, with the brief it belongs to as the library knows it (None: not in the library)."""

    note: Annotation
    snippet: Snippet
    rank: float = 0.0  # bm25 (lower is better); 0.0 unranked
    title: str | None = None
    path: Path | None = None

    @property
    def brief(self) -> str:
        """The brief as a line names it: its title, else its key (`id:…`, `path:…`), on one line."""
        return flat(self.title or self.note.brief)


def local_day(stamp: str) -> str:
    """A stored time (ISO 8601, UTC) as the user's local day, as the date filters count days."""
    try:
        return datetime.fromisoformat(stamp).astimezone().date().isoformat()
    except (ValueError, OverflowError):
        return flat(stamp[:10])


def as_text(found: Sequence[Found], *, bold: bool = False) -> str:
    """One line a note: `brief · section · day · #tags: snippet`, a quote's snippet in “ ”; `bold` marks
    the matched words with the terminal's bold (only for a terminal: in a pipe the line is plain text)."""
    lines = []
    for item in found:
        note, snippet = item.note, item.snippet
        facts = [item.brief, flat(note.anchor.section), local_day(note.updated)]
        tags = " ".join(flat(f"#{tag}") for tag in note.tags)
        if tags:
            facts.append(tags)
        shown = "".join(f"{BOLD}{text}{NORMAL}" if marked and bold else text for text, marked in snippet.pieces)
        if snippet.field == "quote":
            shown = f"“{shown}”"
        lines.append(" · ".join(facts) + ": " + shown)
    return "".join(line + "\n" for line in lines)


def as_json(found: Sequence[Found]) -> str:
    """A list of objects with stable keys, one a note, in the order found; ASCII only."""
    items = []
    for item in found:
        note, snippet = item.note, item.snippet
        marks, at = [], 0
        for text, marked in snippet.pieces:
            if marked:
                marks.append([at, at + len(text)])
            at += len(text)
        items.append(
            {
                "id": note.id,
                "brief": printable(note.brief),
                "brief_title": printable(item.title) if item.title is not None else None,
                "brief_path": printable(str(item.path)) if item.path is not None else None,
                "section": printable(note.anchor.section),
                "quote": printable(note.anchor.quote),
                "note": printable(note.note),
                "tags": [printable(tag) for tag in note.tags],
                "colour": note.colour,
                "created": note.created,
                "updated": note.updated,
                "rank": item.rank,
                "snippet": {"field": snippet.field, "text": snippet.plain, "marks": marks},
            }
        )
    return json.dumps(items, indent=2, ensure_ascii=True) + "\n"


def as_markdown(found: Sequence[Found], typed: str, found_at: str) -> str:
    """A document of the notes found, grouped by brief (in the order each brief first comes), each note
    as the export writes it: the quote, a line of facts, the note (verbatim in a code block if it holds
    structure)."""
    groups: dict[str, list[Found]] = {}
    for item in found:
        groups.setdefault(item.note.brief, []).append(item)
    title = f"Notes matching {typed}" if typed else "Notes"
    lines = [
        "---",
        f"title: {yaml_string(title)}",
        f"exported_at: {yaml_string(found_at)}",
        f"note_count: {len(found)}",
        'generator: "Briefing Reader"',
        "---",
        "",
        f"# {escape_line(title)}",
        "",
    ]
    count = len(found)
    said = f"{count} note{'s' * (count != 1)} of {len(groups)} brief{'s' * (len(groups) != 1)}"
    when = found_at.replace("T", " ").removesuffix("Z")[:16]
    lines += [escape_line(f"{said}, found {when} UTC.") if count else "No notes match.", ""]
    for items in groups.values():
        first = items[0]
        heading = first.title or first.note.brief
        lines += [f"## {escape_line(heading)}", ""]
        if first.path is not None:
            lines += [escape_line(f"File: {first.path}"), ""]
        for item in items:
            note = item.note
            quoted = [f"> {line}" if line else ">" for line in escape_text(note.anchor.quote).strip().split("\n")]
            lines += [f"- {quoted[0]}", *(f"  {line}" for line in quoted[1:]), ""]
            facts = [f"*{escape_line(note.colour)} highlight*", f"section {escape_line(note.anchor.section)}"]
            facts.append(local_day(note.updated))
            tags = " ".join(dict.fromkeys(filter(None, map(tag_text, note.tags))))
            if tags:
                facts.append(tags)
            lines += ["  " + " · ".join(facts), ""]
            body = note_lines(note.note)
            if body:
                lines += [*body, ""]
    return "\n".join(lines).rstrip("\n") + "\n"
