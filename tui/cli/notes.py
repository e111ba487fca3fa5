"""`briefing notes [QUERY...]`: every note of every brief that matches a query, as text, markdown or JSON."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from tui.cli.found import Found, as_json, as_markdown, as_text
from tui.cli.parser import SafeParser
from tui.core.library_keys import Shelf
from tui.core.notes.annotation import COLOURS
from tui.core.notes.note_query import NoteQuery, Order, parse
from tui.core.notes.store_errors import StoreError
from tui.core.outside.visible import one_line, visible

FORMATS = ("text", "markdown", "json")
PAGE = 5_000  # notes asked of the store at a time: each page is ranked again, so few and large
SHOWN_KEYS = 5  # briefs named in a notice; the rest counted

DESCRIPTION = """\
Search the notes of every brief: words (each the start of a word: `troop` finds "troops"), "quoted phrases",
-word (none holding it), and filters, as typed in the notes browser: #tag or tag:T (every one given;
#"a tag" with spaces), colour:C, brief:ID, section:ID (or its title),
since:DATE, until:DATE (2026-11-30, 2026-11, today, yesterday, 7d, 2w: the day a note was last changed, local
time), is:orphan (notes that lost their place). The options below add to the query. Without words, every note
that passes the filters, newest first. Matches go to standard output, one line each (text), a markdown
document grouped by brief, or a JSON list for scripts; on a terminal the matched words are bold (not with
NO_COLOR set), in a pipe the lines are plain. Notices and how many matched go to standard error.
The notes store is opened as the reader opens it: a store of an older version is upgraded and its notes
indexed; no store is made where there is none."""

EPILOG = """\
Exit 0 when the search ran, whether or not a note matched (standard error says how many; JSON prints []);
1 when the notes store cannot be read; 2 for a usage mistake (an unknown option, a date or colour that is
none, a brief that is no file nor id)."""


def parser() -> SafeParser:
    parser = SafeParser(prog="briefing notes", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("query", nargs="*", metavar="QUERY", help="words, phrases and filters (see above)")
    parser.add_argument("--tag", action="append", default=[], metavar="T", help="notes with this tag (every one given)")
    parser.add_argument(
        "--brief", action="append", default=[], metavar="BRIEF", help="notes of this brief: its file or id (any given)"
    )
    parser.add_argument(
        "--colour",
        "--color",
        action="append",
        default=[],
        choices=COLOURS,
        metavar="C",
        help=f"highlights of this colour: {', '.join(COLOURS)} (any given)",
    )
    parser.add_argument("--section", action="append", default=[], metavar="ID", help="notes in this section (its id)")
    parser.add_argument("--since", metavar="DATE", help="notes changed on this day or after")
    parser.add_argument("--until", metavar="DATE", help="notes changed on this day or before")
    parser.add_argument("--orphans", action="store_true", help="only notes that lost their place in their brief")
    parser.add_argument(
        "--order",
        choices=[order.value for order in Order],
        default=Order.BEST.value,
        help="best: ranked when there are words, else newest (default); newest; brief: grouped by brief",
    )
    parser.add_argument("--limit", type=_count, metavar="N", help="at most N notes (default: every match)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="text (default), markdown or json")
    return parser


def _count(text: str) -> int:
    import argparse

    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of notes (1 or more)")
    return int(text)


def query_of(options: object, parser: SafeParser) -> NoteQuery:
    """The query the words and options say; a usage mistake (exit 2) for anything that cannot be read."""
    words: list[str] = list(getattr(options, "query", []))
    problems: list[str] = []
    for flag in ("since", "until"):
        value = getattr(options, flag)
        if value is not None:
            if not value or len(value.split()) != 1:
                problems.append(f"--{flag} {value!r} is not a date (2026-11-30, 2026-11, today, 7d or 2w)")
            else:
                words.append(f"{flag}:{value}")
    parsed = parse(" ".join(words))
    problems += parsed.problems
    if problems:
        parser.error("; ".join(problems))
    query = parsed.query
    return replace(
        query,
        tags=query.tags + tuple(getattr(options, "tag", ())),
        colours=query.colours + tuple(getattr(options, "colour", ())),
        sections=query.sections + tuple(getattr(options, "section", ())),
        orphans=query.orphans or bool(getattr(options, "orphans", False)),
        order=Order(getattr(options, "order", Order.BEST.value)),
    )


def emit(text: str) -> None:
    """Write to standard output as UTF-8 whatever the locale; a closed pipe (`| head`) ends it quietly."""
    try:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    except BrokenPipeError:
        # Python's own flush at exit would fail again and say so: standard output goes nowhere from now on.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def named_keys(names: Sequence[str], shelf: Shelf, err: TextIO) -> list[str] | None:
    """The notes keys of the briefs named with --brief (a file or an id, as `briefing export` takes them);
    None after saying why one is not a brief."""
    from tui.cli.named import brief_named
    from tui.paths import library_paths

    keys = []
    for name in names:
        path = brief_named(name, "notes", library_paths(), err)
        if path is None:
            return None
        if not path.is_file():
            why = "is a folder" if path.is_dir() else "does not exist"
            print(f"briefing notes: {one_line(str(path))} {why}: --brief takes a brief's file or id", file=err)
            return None
        keys.append(shelf.add(path))
    return keys


def search(
    query: NoteQuery, limit: int | None, *, store: Path, shelf: Shelf, err: TextIO
) -> tuple[list[Found], int, int] | None:
    """The notes found, how many match in all, how many notes the store has; None after saying why not."""
    from tui.core.notes.access import Notes
    from tui.core.notes.orphans import find_orphans

    # Opened as the reader and `briefing export` open it: an older store is upgraded (its notes indexed once,
    # then ranked), and an index out of step is rebuilt. Opened only to be read, the index could not even be
    # checked (FTS5's integrity check is a write), and every search would scan. A damaged store is an error,
    # left where it is; a store that cannot be written is searched as it is.
    notes = Notes(store, set_aside=False)
    try:
        counts = notes.note_counts()
        if query.orphans:
            keys = query.briefs or tuple(sorted(counts))
            paths = {key: path for key in keys if (path := shelf.path(key)) is not None}
            orphans = find_orphans(notes, paths, keys=keys)
            assert orphans is not None  # None only when cancelled, and nothing cancels it here
            query = replace(query, only=orphans.ids)
            if unchecked := [*orphans.briefs_missing, *orphans.briefs_unreadable]:
                lost = sum(counts.get(key, 0) for key in unchecked)
                names = ", ".join(one_line(key) for key in unchecked[:SHOWN_KEYS])
                names += f" and {len(unchecked) - SHOWN_KEYS:,} more" if len(unchecked) > SHOWN_KEYS else ""
                print(
                    f"briefing notes: {lost:,} note{'s' * (lost != 1)} of {len(unchecked):,} "
                    f"brief{'s' * (len(unchecked) != 1)} not in the library (or unreadable) "
                    f"{'have' if lost != 1 else 'has'} no place to be found in, and "
                    f"{'count' if lost != 1 else 'counts'} as orphans: {names}",
                    file=err,
                )
        found: list[Found] = []
        said: set[str] = set()
        offset = 0
        while limit is None or len(found) < limit:
            asked = PAGE if limit is None else min(PAGE, limit - len(found))
            page = notes.search(query, offset=offset, limit=asked)
            for notice in (page.notice, page.skipped.notice()):
                if notice and notice not in said:
                    said.add(notice)
                    print(f"briefing notes: {visible(notice)}", file=err)
            for hit in page.hits:
                key = hit.note.brief
                found.append(Found(hit.note, hit.snippet, hit.rank, shelf.title(key), shelf.path(key)))
            rows = len(page.hits) + page.skipped.count
            offset += rows
            if rows < asked:
                break
        matching = notes.count_found(query) if limit is not None and len(found) >= limit else len(found)
        return found, matching, sum(counts.values())
    except StoreError as exc:
        print(f"briefing notes: {visible(str(exc))}", file=err)
        return None
    finally:
        notes.close()


def notes_main(options: object, parser: SafeParser, *, store: Path, err: TextIO | None = None) -> int:
    """Search and print; the exit status (see EPILOG)."""
    from tui.core.export.provenance import exported_at_now
    from tui.paths import bundled_briefs_dir, library_paths, user_briefs_dir

    err = err or sys.stderr
    query = query_of(options, parser)
    shelf = Shelf(library_paths(), bundled=bundled_briefs_dir(), own=user_briefs_dir())
    keys = named_keys(getattr(options, "brief", []), shelf, err)
    if keys is None:
        return 2
    query = replace(query, briefs=query.briefs + tuple(keys))
    limit = getattr(options, "limit", None)
    if store.is_file():
        result = search(query, limit, store=store, shelf=shelf, err=err)
        if result is None:
            return 1
        found, matching, total = result
    else:  # nothing to search, and nothing made: a search creates no store
        print(f"briefing notes: no notes are kept yet (no notes store at {one_line(str(store))})", file=err)
        found, matching, total = [], 0, 0
    format = getattr(options, "format", "text")
    if format == "json":
        emit(as_json(found))
    elif format == "markdown":
        emit(as_markdown(found, query.typed(), exported_at_now()))
    else:
        bold = sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
        emit(as_text(found, bold=bold))
    cut = f"; the first {len(found):,} shown (--limit)" if matching > len(found) else ""
    print(f"{matching:,} of {total:,} note{'s' * (total != 1)} match{cut}", file=err)
    return 0


def main(args: Sequence[str]) -> int:
    from tui.paths import store_path

    made = parser()
    return notes_main(made.parse_args(args), made, store=store_path())
