"""Exporting a brief's notes: gather them from the store, render them, and choose where they go."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path, PurePath

from tui.core.brief.model import Brief
from tui.core.brief.parse import load_brief
from tui.core.export.dot import dot_export
from tui.core.export.markdown import markdown_export
from tui.core.export.provenance import ExportedBrief, exported_at_now
from tui.core.export.web_annotation import json_export
from tui.core.notes.access import Notes, Placed, in_reading_order
from tui.core.notes.annotation import brief_key


class Format(Enum):
    """What an export is written as."""

    MARKDOWN = "markdown"
    JSON = "json"
    DOT = "dot"  # the claims and their relations, for Graphviz: not the notes

    @classmethod
    def for_path(cls, path: PurePath) -> Format:
        """JSON for a `.json` file, DOT for a `.dot` or `.gv` one, markdown for anything else."""
        suffix = path.suffix.lower()
        if suffix == ".json":
            return cls.JSON
        return cls.DOT if suffix in (".dot", ".gv") else cls.MARKDOWN


@dataclass(frozen=True, slots=True)
class Gathered:
    """A brief and its notes, each placed in the brief as it is now; what to tell the user about the store."""

    exported: ExportedBrief
    placed: list[Placed]
    notices: tuple[str, ...] = ()


def gather_notes(brief: Brief, notes: Notes) -> Gathered:
    """A loaded brief's notes from `notes` (none when it has no store yet: an export creates nothing)."""
    key = brief_key(brief.id, brief.path)
    has_store = notes.path is not None and notes.path.exists()
    loaded = notes.load(key, brief.all_sections) if has_store else None
    placed = in_reading_order(brief, loaded.placed) if loaded else []
    return Gathered(ExportedBrief(brief, key, exported_at_now()), placed, loaded.notices if loaded else ())


def gather(brief_path: Path, store: Path) -> Gathered:
    """Read a brief file and its notes; BriefError if the brief cannot be read, StoreError for the store.

    A store that cannot be read is an error here, and left where it is: moving it aside
    (and starting a new one) is for the app, which says so to the person reading.
    """
    brief, _ = load_brief(brief_path)
    notes = Notes(store, set_aside=False)
    try:
        return gather_notes(brief, notes)
    finally:
        notes.close()


def gather_claims(brief_path: Path) -> Gathered:
    """Read a brief file for an export of its claims (DOT), which has no notes: the store is not opened."""
    brief, _ = load_brief(brief_path)
    return Gathered(ExportedBrief(brief, brief_key(brief.id, brief.path), exported_at_now()), [])


def render(gathered: Gathered, format: Format) -> str:
    """The export's text in `format`."""
    if format is Format.DOT:
        return dot_export(gathered.exported.brief)
    if format is Format.JSON:
        return json_export(gathered.exported, (item.annotation for item in gathered.placed))
    return markdown_export(gathered.exported, gathered.placed)


def default_name(brief: Brief) -> str:
    """The file an export is offered as: the brief's id (or file name), made safe as a file name, `.md`."""
    stem = brief.id or PurePath(brief.path).stem
    safe = re.sub(r"[^\w.-]+", "-", stem).strip(".-") or "brief"
    return f"{safe}.md"
