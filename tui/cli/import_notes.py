"""`briefing import FILE.json`: add the notes of a Web Annotation file to the store; twice adds nothing."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tui.cli.parser import SafeParser
from tui.core.export.web_annotation import MAX_IMPORT_BYTES, ImportProblem, read_web_annotations
from tui.core.notes.access import Merged, Notes
from tui.core.notes.store_errors import StoreError
from tui.core.outside.files import read_text
from tui.core.outside.problems import BriefError
from tui.core.outside.visible import one_line, visible
from tui.paths import store_path


def import_notes(path: Path, *, store: Path, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Import one file; 0 when its notes are in the store, 1 (and nothing changed) when it is refused."""
    out, err = out or sys.stdout, err or sys.stderr
    name = one_line(str(path))
    try:
        notes = read_web_annotations(read_text(path, MAX_IMPORT_BYTES, "an import"))
    except BriefError as exc:
        print(visible(exc.problem.format(name)), file=err)
        return 1
    except ImportProblem as exc:
        print(visible(exc.problem.format(name)), file=err)
        print(f"{name}: nothing was imported", file=err)
        return 1
    if not notes:  # an empty list or collection: said, rather than "0 added, 0 updated..."
        print(f"{name}: the file has no notes; nothing to import", file=out)
        return 0
    kept = Notes(store)
    try:
        merged = kept.merge(notes)
    except StoreError as exc:
        print(f"briefing import: {visible(str(exc))}; nothing was imported", file=err)
        return 1
    finally:
        if (moved := kept.take_moved_aside()) is not None:
            print(f"briefing import: the notes store could not be read; it was moved to {moved}", file=err)
        kept.close()
    print(f"{name}: {said(merged)}", file=out)
    return 0


def said(merged: Merged) -> str:
    """What an import did, in words: a note kept because its id is another brief's is said as such."""
    parts = [f"{merged.added} added", f"{merged.updated} updated"]
    parts.append(f"{merged.unchanged} already in the store")
    if merged.other_brief == 1:
        parts.append("1 kept as it is: its id belongs to a note of another brief")
    elif merged.other_brief:
        parts.append(f"{merged.other_brief} kept as they are: their ids belong to notes of another brief")
    if merged.deleted_here == 1:
        parts.append("1 left deleted: it was deleted here")
    elif merged.deleted_here:
        parts.append(f"{merged.deleted_here} left deleted: they were deleted here")
    return ", ".join(parts)


def parser() -> SafeParser:
    parser = SafeParser(
        prog="briefing import",
        description="Add the notes of a JSON file written by `briefing export --format json`. "
        "Importing the same file again adds nothing; a file with any error is refused whole. "
        "Exit 0 when imported, 1 when not.",
    )
    parser.add_argument("file", type=Path, help="a JSON file of W3C Web Annotations")
    return parser


def main(args: Sequence[str]) -> int:
    options = parser().parse_args(args)
    return import_notes(options.file, store=store_path())
