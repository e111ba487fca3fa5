"""Problems found in a brief, located by file, line and column, and the error type for fatal ones."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    """How bad a problem is: errors fail `briefing check`, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem at a 1-based line and column of a file."""

    line: int
    column: int
    severity: Severity
    message: str
    code: str = ""  # the rule that found it, for the tradecraft checks ("T101")

    def format(self, path: str) -> str:
        """The `FILE:LINE:COL: error|warning: message` line `briefing check` prints (`warning[T101]:` with a code)."""
        kind = f"{self.severity.value}[{self.code}]" if self.code else self.severity.value
        return f"{path}:{self.line}:{self.column}: {kind}: {self.message}"


def error(line: int, column: int, message: str) -> Problem:
    """An error at a place."""
    return Problem(line, column, Severity.ERROR, message)


def warning(line: int, column: int, message: str, code: str = "") -> Problem:
    """A warning at a place, of a rule's `code` if given."""
    return Problem(line, column, Severity.WARNING, message, code)


class BriefError(Exception):
    """A file that cannot be read at all (missing, empty, binary, not UTF-8), or cannot be a brief.

    This is the only exception the core raises for a user's mistake.
    """

    def __init__(self, path: str, problem: Problem) -> None:
        super().__init__(problem.format(path))
        self.path = path
        self.problem = problem
