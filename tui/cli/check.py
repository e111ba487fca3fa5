"""`briefing check PATH...`: validate briefs and print one `FILE:LINE:COL: severity: message` per problem."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from tui.core.brief import load_brief
from tui.core.library import expand
from tui.core.problems import BriefError, Problem, Severity
from tui.core.visible import one_line, visible


def problems_of(path: Path) -> list[Problem]:
    """Every problem of one file, a fatal one (missing, unreadable, not UTF-8, empty) alone."""
    try:
        _, problems = load_brief(path)
    except BriefError as exc:
        return [exc.problem]
    return problems


def check(paths: Iterable[Path], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Print the problems of every brief in `paths`; 1 if any is an error, else 0."""
    out, err = out or sys.stdout, err or sys.stderr
    errors = warnings = files = 0
    for path in expand(paths):
        files += 1
        for problem in problems_of(path):
            print(visible(problem.format(one_line(str(path)))), file=out)
            if problem.severity is Severity.ERROR:
                errors += 1
            else:
                warnings += 1
    if files == 0:
        print("briefing check: no markdown files found", file=err)
        return 1
    counted = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    print(f"{files} file{'s' * (files != 1)} checked: {counted}", file=err)
    return 1 if errors else 0
