"""A brief's metadata from its front matter: required keys, formats, and where each value is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tui.core.brief.dates import DATE_FORMS, is_date
from tui.core.brief.frontmatter import Entry, Scalar, parse_front_matter
from tui.core.brief.suggest import did_you_mean
from tui.core.outside.problems import Problem, error, warning

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
    focus: list[Scalar] = field(default_factory=list)
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
    given: dict[str, Entry] = {}
    for key, entry in entries.items():
        name = _ALIASES.get(key, key)
        if name not in KNOWN_KEYS:
            hint = did_you_mean(key, (*KNOWN_KEYS, *_ALIASES))
            problems.append(warning(entry.line, entry.column, f"unknown front matter key {entry.raw_key!r}{hint}"))
            continue
        if name in given:
            first = given[name].raw_key
            problems.append(error(entry.line, entry.column, f"{entry.raw_key!r} repeats {first!r}: give one of them"))
            continue
        given[name] = entry
        if name in ("authors", "sources", "tags"):
            setattr(meta, name, tuple(v.text for v in entry.values if v.text))
        elif name == "focus":
            meta.focus = entry.values
            written_as_text = not entry.is_list and len(entry.values) == 1 and "," in entry.values[0].text
            if written_as_text:
                value = entry.values[0]
                problems.append(error(value.line, value.column, f"'focus' takes a list: write [{value.text}]"))
                meta.focus = []
        else:
            single = _single(entry, problems)
            setattr(meta, name, single.text if single else None)
            if single and name == "id" and not BRIEF_ID.fullmatch(single.text):
                message = f"id {single.text!r} may use only a-z, 0-9 and '-' (and start with a letter or digit)"
                problems.append(error(single.line, single.column, message))
                meta.id = None
            if single and name == "date" and not is_date(single.text):
                message = f"invalid date {single.text!r}: use a real date as {DATE_FORMS}"
                problems.append(error(single.line, single.column, message))
                meta.date = None
    for required in ("id", "title"):
        present = given.get(required)
        if present is None:
            problems.append(error(1, 1, f"the front matter has no {required!r}"))
        elif getattr(meta, required) is None and not any(p.line == present.line for p in problems):
            problems.append(error(present.line, present.column, f"{required!r} is empty"))
    return meta
