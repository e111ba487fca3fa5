"""A strict little subset of YAML for a brief's front matter, with line and column for every value."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tui.core.outside.problems import Problem, error

KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_ -]*?)\s*:(?:\s+|$)")
_ITEM = re.compile(r"(\s*)-(?:\s+|$)")


@dataclass(frozen=True, slots=True)
class Scalar:
    """One value and where it starts (1-based line and column)."""

    text: str
    line: int
    column: int


@dataclass(slots=True)
class Entry:
    """A `key: value` entry: one scalar, or a list of them; `key` is normalised, `raw_key` as written."""

    key: str
    raw_key: str
    line: int
    column: int
    values: list[Scalar]
    is_list: bool


def _unquote(raw: str, line: int, column: int) -> Scalar | Problem:
    """A plain or quoted scalar; `raw` is already stripped of surrounding space."""
    if raw[:1] == '"':
        match = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', raw)
        if not match:
            return error(line, column, "unterminated or malformed double-quoted value")
        return Scalar(re.sub(r"\\(.)", r"\1", match.group(1)), line, column)
    if raw[:1] == "'":
        match = re.fullmatch(r"'((?:[^']|'')*)'", raw)
        if not match:
            return error(line, column, "unterminated or malformed single-quoted value")
        return Scalar(match.group(1).replace("''", "'"), line, column)
    # A plain scalar ends at a comment.
    text = re.split(r"\s+#", raw, maxsplit=1)[0].rstrip()
    return Scalar(text, line, column)


def _flow_list(raw: str, line: int, column: int) -> list[Scalar] | Problem:
    """Items of `[a, "b, c", d]`, which starts at `column`."""
    if not raw.rstrip().endswith("]"):
        return error(line, column, "a list that opens with '[' must close with ']' on the same line")
    body = raw.rstrip()[1:-1]
    items: list[Scalar] = []
    for match in re.finditer(r'\s*("(?:[^"\\]|\\.)*"|\'(?:[^\']|\'\')*\'|[^,]*)\s*(,|$)', body):
        raw_item = match.group(1)
        if not raw_item and not match.group(2):
            break
        item_column = column + 1 + match.start(1)
        if not raw_item:
            return error(line, item_column, "empty item in list")
        scalar = _unquote(raw_item, line, item_column)
        if isinstance(scalar, Problem):
            return scalar
        items.append(scalar)
    return items


def parse_front_matter(lines: list[str], first_line: int) -> tuple[dict[str, Entry], list[Problem]]:
    """Entries of the front matter `lines` (without the `---` fences), the first at `first_line`."""
    entries: dict[str, Entry] = {}
    problems: list[Problem] = []
    current: Entry | None = None
    for number, text in enumerate(lines, start=first_line):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        item = _ITEM.match(text)
        if item and current is not None and (current.is_list or not current.values):
            raw = text[item.end() :].strip()
            column = item.end() + 1
            scalar = _unquote(raw, number, column) if raw else error(number, column, "empty list item")
            if isinstance(scalar, Problem):
                problems.append(scalar)
                continue
            current.values.append(scalar)
            current.is_list = True
            continue
        key = KEY.match(text)
        if key is None:
            column = len(text) - len(text.lstrip()) + 1
            problems.append(
                error(number, column, f"expected 'key: value' in the front matter, found {stripped[:40]!r}")
            )
            current = None
            continue
        raw_key = key.group(1).strip()
        name = raw_key.lower().replace("_", " ")
        raw = text[key.end() :].strip()
        column = key.end() + 1
        if name in entries:
            problems.append(error(number, 1, f"duplicate front matter key {raw_key!r}"))
            current = None
            continue
        values: list[Scalar] | Problem
        if not raw:
            values = []
        elif raw.startswith("["):
            values = _flow_list(raw, number, column)
        else:
            scalar = _unquote(raw, number, column)
            values = scalar if isinstance(scalar, Problem) else [scalar]
        if isinstance(values, Problem):
            problems.append(values)
            current = None
            continue
        current = Entry(name, raw_key, number, 1, values, raw.startswith("["))
        entries[name] = current
    return entries, problems
