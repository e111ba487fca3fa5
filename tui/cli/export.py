"""`briefing export BRIEF [-o FILE] [--format markdown|json|dot]`: a brief's notes (or its claims, as DOT),
to a file or to stdout; several briefs, or `--all`, in `export_many`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tui.cli.parser import SafeParser
from tui.core.export.compose import Format, gather, gather_claims, render
from tui.core.export.target import refusal
from tui.core.notes.store_errors import StoreError
from tui.core.outside.atomic import clean_stray_writes, write_atomically
from tui.core.outside.problems import BriefError
from tui.core.outside.visible import one_line, visible
from tui.paths import journal_dir, library_paths, store_path


def export(
    brief: Path,
    output: str | Path | None,
    format: Format | None,
    *,
    store: Path,
    journal: Path,
    err: TextIO | None = None,
) -> int:
    """Write the notes of `brief` to `output` (stdout when None); 0 when written, 1 with the reason when not.

    `output` is best the name as typed: a trailing slash (a folder meant) is refused, not dropped.
    """
    err = err or sys.stderr
    clean_stray_writes(journal)
    if output is not None and str(output) == "-":
        output = None  # `-o -`: standard output, as usual
    if output is not None and (reason := refusal(output, brief=brief, store=store)) is not None:
        print(f"briefing export: {reason}", file=err)  # the same rule as the reader's export prompt
        return 1
    output = None if output is None else Path(output)
    if brief.suffix.lower() == ".json":
        print(
            f"briefing export: {one_line(str(brief))} is JSON, not a brief (`briefing import` reads exports)", file=err
        )
        return 1
    chosen = format or (Format.for_path(output) if output else Format.MARKDOWN)
    try:
        # The claim map has no notes: the store is not read (nor its problems told) for it.
        gathered = gather_claims(brief) if chosen is Format.DOT else gather(brief, store)
    except BriefError as exc:
        print(visible(exc.problem.format(one_line(str(brief)))), file=err)
        return 1
    except StoreError as exc:
        print(f"briefing export: {visible(str(exc))}", file=err)
        return 1
    for notice in gathered.notices:  # a read-only store, rows that could not be read: said, and the rest exported
        print(f"briefing export: {visible(notice)}", file=err)
    text = render(gathered, chosen)
    count, things = len(gathered.placed), "note"
    if chosen is Format.DOT:
        count, things = len({claim.id for claim in gathered.exported.brief.claims}), "claim"  # one node an id
    if output is None:
        try:
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.flush()
        except BrokenPipeError:  # `briefing export x.md | head`: the reader has seen enough
            return 0
        return 0
    try:
        write_atomically(output, text, journal=journal)
    except OSError as exc:
        print(f"briefing export: cannot write {one_line(str(output))}: {exc.strerror or exc}", file=err)
        return 1
    print(f"Wrote {count:,} {things}{'s' * (count != 1)} ({chosen.value}) to {one_line(str(output))}", file=err)
    return 0


def parser() -> SafeParser:
    parser = SafeParser(
        prog="briefing export",
        description="Write a brief's notes as markdown or as W3C Web Annotations (JSON), "
        "or its claims and their relations as a Graphviz graph (DOT). "
        "Several briefs go into one document (markdown: a part for each; JSON: one collection, each note "
        "naming its brief, so `briefing import` files every note under its own brief again). "
        "--all -o DIR writes a file for each brief of the library with notes, named by its id (or file name; "
        "-2, -3... when two names meet), each written whole or not at all; DIR is made if missing, and an "
        "earlier export there is replaced, but never a file no export wrote. Notes of briefs not in the library "
        "are counted on standard error and do not make it fail. "
        "Exit 0 when written, 1 when not (any file of --all), 2 for a usage mistake or a brief that is no file "
        "nor id.",
    )
    parser.add_argument(
        "brief",
        nargs="*",
        help="the brief whose notes to export: its file, or its id in the library; several for one document",
    )
    # Kept as typed (not `type=Path`, which drops a trailing slash): `-o newdir/` is refused as a folder.
    parser.add_argument("-o", "--output", help="the file to write (default: standard output); with --all, the folder")
    parser.add_argument("--all", action="store_true", help="every brief with notes, a file each, into -o DIR")
    parser.add_argument(
        "--format",
        choices=[item.value for item in Format],
        help="markdown, json or dot (default: json for a .json output, dot for .dot or .gv, else markdown)",
    )
    return parser


def main(args: Sequence[str]) -> int:
    made = parser()
    options = made.parse_args(args)
    chosen = Format(options.format) if options.format else None
    if options.all or len(options.brief) > 1:
        return many(made, options.brief, options.output, chosen, every=options.all)
    if not options.brief:
        made.error("name a brief (its file or id), several briefs, or --all -o DIR")
    from tui.cli.named import brief_named

    brief = brief_named(options.brief[0], "export", library_paths(), sys.stderr)
    if brief is None:
        return 2
    return export(brief, options.output, chosen, store=store_path(), journal=journal_dir())


def many(made: SafeParser, names: list[str], output: str | None, chosen: Format | None, *, every: bool) -> int:
    """`--all -o DIR`, or several briefs into one file: see `export_many`."""
    from tui.cli.export_many import export_all, export_several
    from tui.cli.named import brief_named
    from tui.core.library_keys import Shelf
    from tui.paths import bundled_briefs_dir, user_briefs_dir

    if chosen is Format.DOT:
        made.error("dot is one brief's claim map: name one brief")
    format: Format
    if every:
        if names:
            made.error("--all exports every brief with notes: name no brief with it")
        if not output or output == "-":
            made.error("--all writes a file for each brief: give the folder with -o DIR")
        shelf = Shelf(library_paths(), bundled=bundled_briefs_dir(), own=user_briefs_dir())
        format = chosen or Format.MARKDOWN
        return export_all(output, format, shelf=shelf, store=store_path(), journal=journal_dir(), err=sys.stderr)
    briefs = []
    for name in names:
        found = brief_named(name, "export", library_paths(), sys.stderr)
        if found is None:
            return 2
        briefs.append(found)
    format = chosen or (Format.for_path(Path(output)) if output and output != "-" else Format.MARKDOWN)
    if format is Format.DOT:
        made.error("dot is one brief's claim map: name one brief")
    return export_several(briefs, output, format, store=store_path(), journal=journal_dir(), err=sys.stderr)
