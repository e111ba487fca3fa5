"""`briefing diff BRIEF` / `briefing diff OLD.md NEW.md`: what changed since you last read a brief, or between two
files, claims first, as text or JSON."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from tui.cli.parser import SafeParser
from tui.core.brief.model import Brief
from tui.core.brief.parse import load_brief, parse_brief
from tui.core.changes.compare import Changes, compare
from tui.core.changes.fingerprint import BadFingerprint, Fingerprint, decode, fingerprint_of
from tui.core.changes.report import as_json, as_text
from tui.core.notes.access import Notes
from tui.core.notes.annotation import brief_key
from tui.core.notes.store_errors import StoreError
from tui.core.outside.files import MAX_BRIEF_BYTES, text_of
from tui.core.outside.problems import BriefError, Severity
from tui.core.outside.visible import one_line, visible
from tui.paths import library_paths, store_path

FORMATS = ("text", "json")


class Failed(Exception):
    """A diff that cannot be made; its message, ready to print after 'briefing diff: '."""


STDIN = "-"  # a name that reads the brief from standard input (`git show HEAD~1:x.md | briefing diff - x.md`)


def read(path: Path, err: TextIO) -> Brief:
    """A brief file (or standard input, `-`), parsed; its errors (if any) said in a line on `err`, as the
    comparison goes on regardless."""
    try:
        if str(path) == STDIN:
            # Bounded as a file is: at most MAX_BRIEF_BYTES, decoded and checked the same way.
            text = text_of(sys.stdin.buffer.read(MAX_BRIEF_BYTES + 1), "<standard input>")
            brief, problems = parse_brief(text, "<standard input>")
        else:
            brief, problems = load_brief(path)
    except BriefError as exc:
        raise Failed(visible(exc.problem.format(one_line(str(path))))) from exc
    errors = sum(problem.severity is Severity.ERROR for problem in problems)
    if errors:
        said = "an error" if errors == 1 else f"{errors:,} errors"
        print(f"briefing diff: {one_line(str(path))} has {said} (`briefing check` says where)", file=err)
    return brief


def named(path: Path) -> str:
    """A file as a report names it: as given, or "standard input" for `-`."""
    return "standard input" if str(path) == STDIN else one_line(str(path))


def last_read(brief: Brief, store: Path) -> tuple[Fingerprint, str]:
    """The version of `brief` last read in the reader, and when (from the notes store, which is only read)."""
    if not store.is_file():
        raise Failed(f"no notes store at {one_line(str(store))}: open the brief in the reader once, then diff it")
    notes = Notes(store, set_aside=False, only_read=True)  # a diff never writes it, nor upgrades an old one
    try:
        found = notes.read_fingerprint(brief_key(brief.id, brief.path))
    except StoreError as exc:
        raise Failed(visible(str(exc))) from exc
    finally:
        notes.close()
    if found is None:
        name = one_line(str(brief.path))
        raise Failed(f"no reading of {name} is kept yet: open it in the reader, and changes after that are shown")
    data, saved = found
    try:
        return decode(data), when(saved)
    except BadFingerprint as exc:
        raise Failed(f"the record of the last reading of {one_line(str(brief.path))} cannot be read ({exc})") from exc


def when(saved: str) -> str:
    """A stored time (ISO 8601, UTC) as a reader says it: 2026-12-03 18:20 UTC."""
    shown = one_line(saved[:40])
    return f"{shown[:10]} {shown[11:16]} UTC" if len(shown) >= 16 and shown[10] == "T" else shown


def titles(brief: Brief) -> dict[str, str]:
    return {section.id: section.title for section in brief.all_sections}


def write(changes: Changes, path: Path, since: str, *, format: str, brief: Brief, out: TextIO) -> None:
    text = as_json(changes, str(path), since) if format == "json" else as_text(changes, str(path), since, titles(brief))
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:  # `briefing diff x.md | head`: the reader has seen enough
        pass


def diff(
    paths: Sequence[Path], format: str, *, store: Path, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Print what changed since the last reading of one brief, or from a first file to a second; 0, or 1 and why."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        if len(paths) == 1:
            brief = read(paths[0], err)
            before, since = last_read(brief, store)
        else:
            old = read(paths[0], err)
            brief = old if paths[1] == paths[0] and str(paths[0]) != STDIN else read(paths[1], err)
            before, since = fingerprint_of(old), named(paths[0])
    except Failed as exc:
        print(f"briefing diff: {exc}", file=err)
        return 1
    write(compare(before, brief), paths[-1], since, format=format, brief=brief, out=out)
    return 0


def parser() -> SafeParser:
    parser = SafeParser(
        prog="briefing diff",
        description="What changed in a brief since you last read it in the reader (one BRIEF), or from OLD to NEW "
        "(two files, no store needed): claims first, then sections and paragraphs. Exit 0 when compared, 1 when not, "
        "2 for a usage mistake or a name that is no file nor brief id.",
    )
    parser.add_argument(
        "briefs",
        nargs="+",
        metavar="BRIEF",
        help="a brief (its file or id), or two files: OLD NEW ('-' reads one from standard input)",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="text (default) or json, for scripts")
    return parser


def main(args: Sequence[str]) -> int:
    options = parser().parse_args(args)
    if len(options.briefs) > 2:
        parser().error("give one brief, or two files to compare (OLD NEW)")
    from tui.cli.named import brief_named

    if options.briefs in ([STDIN], [STDIN, STDIN]):
        parser().error("standard input (-) is one of two files to compare: OLD NEW, one of them '-'")
    paths = []
    for name in options.briefs:
        if name == STDIN:
            paths.append(Path(STDIN))
            continue
        found = brief_named(name, "diff", library_paths(), sys.stderr)
        if found is None:
            return 2
        paths.append(found)
    return diff(paths, options.format, store=store_path())
