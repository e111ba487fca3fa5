"""What the reader says of a brief with errors: how many, the first few with their lines, how to see all."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from tui.core.display.excerpt import shortened
from tui.core.outside.problems import Problem, Severity
from tui.core.outside.visible import one_line

SHOWN = 3  # errors named in the notice; `briefing check` lists them all
MESSAGE_CHARACTERS = 160  # of each error's message: a notice stays a few lines


def home_path(path: str, home: Path | None = None) -> str:
    """A file's path as the user would type it: with ~ for the home folder, quoted for a shell."""
    home = Path.home() if home is None else home
    found = Path(path)
    if found.is_absolute() and found.is_relative_to(home):
        return "~/" + shlex.quote(str(found.relative_to(home)))
    return shlex.quote(path)


def errors_notice(problems: Sequence[Problem], path: str, home: Path | None = None) -> str | None:
    """The notice of a brief's errors (None when it has none): their count, the first SHOWN with
    their lines, and the `briefing check` command that lists them all. Plain text, never markup."""
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if not errors:
        return None
    count = f"{len(errors):,} error{'s' * (len(errors) != 1)}"
    lines = [f"This brief has {count}; it shows what it can."]
    lines += [f"line {p.line}: {shortened(one_line(p.message), MESSAGE_CHARACTERS)}" for p in errors[:SHOWN]]
    if len(errors) > SHOWN:
        lines.append(f"and {len(errors) - SHOWN:,} more.")
    lines.append(f"All of them: briefing check {one_line(home_path(path, home))}")
    return "\n".join(lines)
