"""Plain-text views for the terminal until the reader screen lands: the library and a brief's outline."""

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


def outline(path: Path, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """A brief's title, bottom line and sections; 1 if it cannot be read."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        brief, _ = load_brief(path)
    except BriefError as exc:
        print(visible(exc.problem.format(one_line(str(path)))), file=err)
        return 1
    print(visible(brief.title), file=out)
    if brief.summary:
        print(visible(brief.summary.text), file=out)
    for section in brief.sections:
        sentences = len(section.sentences)
        print(visible(f"  {section.id}: {section.title} ({sentences} sentences)"), file=out)
    print(f"{len(brief.claims)} claims", file=out)
    return 0
