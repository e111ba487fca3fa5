"""`briefing check PATH...`: validate briefs, apply the tradecraft rules, one `FILE:LINE:COL: kind: message` each."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import TextIO

from tui.cli.parser import SafeParser
from tui.core.brief.parse import parse_brief
from tui.core.library import briefs_in, sharing, superseded
from tui.core.notes.annotation import brief_key
from tui.core.outside.files import read_text
from tui.core.outside.problems import BriefError, Problem, Severity, warning
from tui.core.outside.visible import one_line, visible
from tui.core.tradecraft.findings import CODES
from tui.core.tradecraft.review import problems as tradecraft_problems
from tui.core.tradecraft.review import review, unknown
from tui.paths import bundled_briefs_dir, library_paths, user_briefs_dir


def problems_of(path: Path, skip: Collection[str] = ()) -> list[Problem]:
    """Every problem of one file, a fatal one (missing, unreadable, not UTF-8, empty) alone."""
    return checked(path, skip)[0]


def checked(path: Path, skip: Collection[str] = ()) -> tuple[list[Problem], str]:
    """Every problem of one file (a fatal one alone), the tradecraft rules' warnings but those in `skip`
    among them, and the key its notes are filed under ("" if none)."""
    try:
        text = read_text(path)
    except BriefError as exc:
        return [exc.problem], ""
    brief, problems = parse_brief(text, os.fspath(path))
    if not set(CODES) <= set(skip):
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")  # as the parser counts them
        findings = review(brief, lines, skip)
        problems = sorted(problems + tradecraft_problems(findings), key=lambda found: (found.line, found.column))
    return problems, brief_key(brief.id, path) if brief.id else ""


def in_folders(paths: Iterable[Path]) -> Iterable[tuple[Path, bool]]:
    """Each brief of `paths`, and whether it was found in a folder (a library) rather than named."""
    for path in paths:
        if path.is_dir():
            yield from ((found, True) for found in briefs_in(path))
        else:
            yield path, False


def same_ids(keys: list[tuple[Path, str]]) -> list[tuple[Path, Problem]]:
    """A warning for each brief of a folder whose id another brief there has: the library shows them
    with one set of notes (notes are filed under the id, to follow a renamed file)."""
    said = []
    key_of = dict(keys)
    for path, others in sharing(keys).items():
        more = f" and {len(others) - 1} more" if len(others) > 1 else ""
        brief_id = key_of[path].removeprefix("id:")
        message = f"same id {brief_id!r} as {one_line(str(others[0]))}{more}: notes are shared"
        said.append((path, warning(1, 1, message)))
    return said


def check(
    paths: Iterable[Path], out: TextIO | None = None, err: TextIO | None = None, skip: Collection[str] = ()
) -> int:
    """Print the problems of every brief in `paths` (the tradecraft rules in `skip` left out); 1 if any is
    an error, else 0."""
    out, err = out or sys.stdout, err or sys.stderr
    errors = warnings = files = 0
    keys: list[tuple[Path, str]] = []  # the briefs found in folders, by the key of their notes
    for path, in_folder in in_folders(paths):
        files += 1
        problems, key = checked(path, skip)
        if in_folder and key:
            keys.append((path, key))
        for problem in problems:
            print(visible(problem.format(one_line(str(path)))), file=out)
            if problem.severity is Severity.ERROR:
                errors += 1
            else:
                warnings += 1
    replaced = superseded(keys, bundled_briefs_dir(), user_briefs_dir())  # the user's copy is the brief
    keys = [(path, key) for path, key in keys if path not in replaced]
    for path, problem in same_ids(keys):  # after every brief: each names the others
        print(visible(problem.format(one_line(str(path)))), file=out)
        warnings += 1
    if files == 0:
        print("briefing check: no markdown files found", file=err)
        return 1
    print(f"{counted(files, 'file')} checked: {problems_counted(errors, warnings)}", file=err)
    return 1 if errors else 0


def counted(number: int, thing: str) -> str:
    """A number of things in words: "1 error", "2 errors"."""
    return f"{number} {thing}{'s' * (number != 1)}"


def problems_counted(errors: int, warnings: int) -> str:
    """What there is, in words: "no problems", "1 warning", "2 errors", "2 errors, 1 warning"."""
    said = [counted(number, thing) for number, thing in ((errors, "error"), (warnings, "warning")) if number]
    return ", ".join(said) or "no problems"


def parser() -> SafeParser:
    parser = SafeParser(
        prog="briefing check",
        description="Validate briefs; print FILE:LINE:COL: error|warning: message per problem. "
        "Exit 0 when there is no error, 1 when there is.",
    )
    parser.add_argument(
        "paths", nargs="*", help="brief files or folders, or ids of briefs in the library (default: the library)"
    )
    parser.add_argument(
        "--no-tradecraft",
        action="store_true",
        help="skip the tradecraft rules (T101-T502: overstatement, estimative language, grades, dates, relations)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODES",
        help="skip these tradecraft rules, by code: --ignore T401 or --ignore T101,T201 "
        "(see 'briefing guide brief-format')",
    )
    return parser


def skipped(options: argparse.Namespace, err: TextIO) -> set[str] | None:
    """The tradecraft rules to skip; None after saying that a code names no rule."""
    if options.no_tradecraft:
        return set(CODES)
    codes = {code.upper() for listed in options.ignore for code in re.split(r"[\s,]+", listed) if code}
    wrong = unknown(codes)
    if wrong:
        said = f"briefing check: no rule has the code {one_line(wrong[0])!r}; the codes are {', '.join(CODES)}"
        print(said, file=err)
        return None
    return codes


def named(names: Sequence[str], err: TextIO | None = None) -> list[Path] | None:
    """Each name as a path: a file or folder (one that is missing is said to be so when checked), or the
    library's brief with that id; None after saying that a name is neither, or that several briefs have an id."""
    from tui.cli.named import brief_named

    paths = []
    for name in names:
        found = brief_named(name, "check", library_paths(), err or sys.stderr)
        if found is None:
            return None
        paths.append(found)
    return paths


def main(args: Sequence[str]) -> int:
    options = parser().parse_args(args)
    skip = skipped(options, sys.stderr)
    if skip is None:
        return 2
    paths = named(options.paths)
    if paths is None:
        return 2
    return check(paths or library_paths(), skip=skip)
