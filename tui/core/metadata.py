"""A brief's metadata from its front matter: required keys, formats, and where each value is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.core.claims import DATE
from tui.core.frontmatter import Entry, Scalar, parse_front_matter
from tui.core.problems import Problem, error, warning

BRIEF_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
KNOWN_KEYS = ("id", "title", "date", "authors", "sources", "tags", "focus")
_ALIASES = {"author": "authors", "source": "sources", "tag": "tags"}


@dataclass(slots=True)
class Metadata:
    """What the front matter says, with the places of the focus ids for later checks."""

    id: str | None = None
    title: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    focus: tuple[Scalar, ...] = ()
    problems: list[Problem] = field(default_factory=list)


def _single(entry: Entry, problems: list[Problem]) -> Scalar | None:
    """The one value of a key that takes no list."""
    if entry.is_list or len(entry.values) > 1:
        problems.append(error(entry.line, entry.column, f"{entry.key!r} takes one value, not a list"))
        return None
    return entry.values[0] if entry.values and entry.values[0].text else None


def read_metadata(lines: list[str], start: int, end: int, closed: bool) -> Metadata:
    """The metadata in `lines[start:end]` (0-based), the lines between the `---` fences."""
    meta = Metadata()
    problems = meta.problems
    if not closed:
        problems.append(error(1, 1, "the front matter opened here is never closed: add a line '---' after it"))
    entries, found = parse_front_matter(lines[start:end], start + 1)
    problems += found
    for key, entry in entries.items():
        name = _ALIASES.get(key, key)
        if name not in KNOWN_KEYS:
            problems.append(warning(entry.line, entry.column, f"unknown front matter key {entry.key!r}"))
            continue
        if name in ("authors", "sources", "tags"):
            setattr(meta, name, tuple(v.text for v in entry.values if v.text))
        elif name == "focus":
            meta.focus = entry.values
        else:
            value = _single(entry, problems)
            setattr(meta, name, value.text if value else None)
            if value and name == "id" and not BRIEF_ID.fullmatch(value.text):
                problems.append(
                    error(
                        value.line,
                        value.column,
                        f"id {value.text!r} may use only a-z, 0-9 and '-' (and start with a letter or digit)",
                    )
                )
                meta.id = None
            if value and name == "date" and not DATE.fullmatch(value.text):
                problems.append(
                    error(value.line, value.column, f"invalid date {value.text!r}: use YYYY-MM-DD, YYYY-MM or YYYY")
                )
                meta.date = None
    for required in ("id", "title"):
        given = entries.get(required)
        if given is None:
            problems.append(error(1, 1, f"the front matter has no {required!r}"))
        elif getattr(meta, required) is None and not any(p.line == given.line for p in problems):
            problems.append(error(given.line, given.column, f"{required!r} is empty"))
    return meta
