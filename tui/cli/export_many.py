"""`briefing export --all -o DIR` (a file for each brief with notes) and `briefing export B1 B2... [-o FILE]`
(several briefs in one document)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from tui.core.brief.model import Brief
from tui.core.brief.parse import load_brief
from tui.core.export.compose import Format, Gathered, gather_notes, render
from tui.core.export.many import file_names, is_export, several_json, several_markdown
from tui.core.export.provenance import exported_at_now
from tui.core.export.target import refusal
from tui.core.library_keys import Shelf
from tui.core.notes.access import Notes
from tui.core.notes.store_errors import StoreError
from tui.core.outside.atomic import clean_stray_writes, write_atomically
from tui.core.outside.problems import BriefError
from tui.core.outside.visible import one_line, visible

SHOWN_KEYS = 5  # briefs named in a message; the rest counted


def _counted(count: int, thing: str) -> str:
    return f"{count:,} {thing}{'s' * (count != 1)}"


class _Said:
    """Notices from the store (read-only, rows skipped), each said once on `err`."""

    def __init__(self, err: TextIO) -> None:
        self.err, self.said = err, set[str]()

    def __call__(self, gathered: Gathered) -> Gathered:
        for notice in gathered.notices:
            if notice not in self.said:
                self.said.add(notice)
                print(f"briefing export: {visible(notice)}", file=self.err)
        return gathered


def export_several(
    briefs: list[Path], output: str | None, format: Format, *, store: Path, journal: Path, err: TextIO
) -> int:
    """Several briefs' notes in one markdown document or one JSON collection; 0 when written, 1 when not."""
    clean_stray_writes(journal)
    if output == "-":
        output = None
    for brief in briefs:  # the target may be none of them, nor the store
        if output is not None and (reason := refusal(output, brief=brief, store=store)) is not None:
            print(f"briefing export: {reason}", file=err)
            return 1
    loaded: list[Brief] = []
    for path in briefs:
        try:
            loaded.append(load_brief(path)[0])
        except BriefError as exc:
            print(visible(exc.problem.format(one_line(str(path)))), file=err)
            return 1
    notes = Notes(store, set_aside=False)
    said = _Said(err)
    try:
        parts, keys = [], set()
        for each in loaded:
            gathered = said(gather_notes(each, notes))
            if gathered.exported.key not in keys:  # one brief named twice (or two sharing an id): once
                keys.add(gathered.exported.key)
                parts.append(gathered)
    except StoreError as exc:
        print(f"briefing export: {visible(str(exc))}", file=err)
        return 1
    finally:
        notes.close()
    now = exported_at_now()
    text = several_json(parts, now) if format is Format.JSON else several_markdown(parts, now)
    if output is None:
        try:
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.flush()
        except BrokenPipeError:
            pass
        return 0
    try:
        write_atomically(Path(output), text, journal=journal)
    except OSError as exc:
        print(f"briefing export: cannot write {one_line(output)}: {exc.strerror or exc}", file=err)
        return 1
    count = sum(len(gathered.placed) for gathered in parts)
    said_briefs = _counted(len(parts), "brief")
    print(f"Wrote {_counted(count, 'note')} of {said_briefs} ({format.value}) to {one_line(output)}", file=err)
    return 0


def export_all(folder: str, format: Format, *, shelf: Shelf, store: Path, journal: Path, err: TextIO) -> int:
    """A file in `folder` for each brief of the library with notes; 0 when every one was written, 1 when not.

    Notes of briefs not in the library are counted and named on `err`, and are no failure: there is no
    brief to export them with (their JSON can still be had by `briefing export` of the brief's file).
    """
    clean_stray_writes(journal)
    if not store.is_file():
        print(f"briefing export: no notes are kept yet (no store at {one_line(str(store))}); nothing written", file=err)
        return 0
    notes = Notes(store, set_aside=False)
    said = _Said(err)
    parts: list[Gathered] = []
    failed = 0
    try:
        counts = notes.note_counts()
        missing = [key for key in sorted(counts) if shelf.path(key) is None]
        for key in sorted(counts):
            path = shelf.path(key)
            if path is None:
                continue
            try:
                brief = load_brief(path)[0]
            except BriefError as exc:
                print(visible(exc.problem.format(one_line(str(path)))), file=err)
                failed += 1
                continue
            parts.append(said(gather_notes(brief, notes)))
    except StoreError as exc:
        print(f"briefing export: {visible(str(exc))}", file=err)
        return 1
    finally:
        notes.close()
    if missing:
        lost = sum(counts[key] for key in missing)
        names = ", ".join(one_line(key) for key in missing[:SHOWN_KEYS])
        names += f" and {len(missing) - SHOWN_KEYS:,} more" if len(missing) > SHOWN_KEYS else ""
        print(
            f"briefing export: {_counted(lost, 'note')} of {_counted(len(missing), 'brief')} not in the library "
            f"{'was' if lost == 1 else 'were'} not exported: {names}",
            file=err,
        )
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"briefing export: cannot make the folder {one_line(folder)}: {exc.strerror or exc}", file=err)
        return 1
    written = notes_written = 0
    for gathered, name in zip(parts, file_names(parts, format), strict=True):
        path = target / name
        reason = refusal(str(path), brief=gathered.exported.brief.path, store=store)
        if reason is None and path.exists() and not is_export(path):
            reason = f"{one_line(str(path))} is there and is no export: it is left as it is"
        if reason is not None:
            print(f"briefing export: {reason}", file=err)
            failed += 1
            continue
        try:
            write_atomically(path, render(gathered, format), journal=journal)
        except OSError as exc:
            print(f"briefing export: cannot write {one_line(str(path))}: {exc.strerror or exc}", file=err)
            failed += 1
            continue
        written += 1
        notes_written += len(gathered.placed)
    files = f"Wrote {_counted(written, 'file')} ({format.value}) in {one_line(folder)}"
    print(f"{files}: {_counted(notes_written, 'note')} of {_counted(written, 'brief')}", file=err)
    return 1 if failed else 0
