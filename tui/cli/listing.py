"""The library as plain text, until the library screen lands: one line per brief."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from tui.core.brief import load_brief
from tui.core.library import expand
from tui.core.problems import BriefError, Severity
from tui.core.visible import one_line, visible


def list_briefs(paths: Iterable[Path], out: TextIO | None = None) -> int:
    """One line per brief: title, date, claims, path; a file that cannot be read shows why."""
    out = out or sys.stdout
    count = 0
    for path in expand(paths):
        count += 1
        try:
            brief, problems = load_brief(path)
        except BriefError as exc:
            print(visible(f"{one_line(str(path))}: {exc.problem.message}"), file=out)
            continue
        errors = sum(p.severity is Severity.ERROR for p in problems)
        flags = f", {errors} error{'s' * (errors != 1)}" if errors else ""
        line = f"{brief.title} ({brief.date or 'undated'}, {len(brief.claims)} claims{flags})  {one_line(str(path))}"
        print(visible(line), file=out)
    if count == 0:
        print("no briefs found", file=out)
    return 0
