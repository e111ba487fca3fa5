"""Exports of several briefs: gathered into one document (or one collection), or one file each in a folder."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from tui.core.export.compose import Format, Gathered, default_name, render
from tui.core.export.markdown import escape_line, yaml_string
from tui.core.export.target import EXPORT_MARK, FRONT_MATTER_BYTES
from tui.core.export.web_annotation import collection_text, source_iri, web_annotation
from tui.core.outside.files import read_bytes
from tui.core.outside.problems import BriefError

_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)
JSON_MARK = b'"name": "Briefing Reader"'  # in the generator of every JSON export


def _counted(count: int, thing: str) -> str:
    return f"{count:,} {thing}{'s' * (count != 1)}"


def _part(gathered: Gathered) -> list[str]:
    """One brief's part of a gathered document: its single export without the front matter, every heading a
    level down, and what the front matter said (the file, the id) under its title.

    Every line of the single export that starts with `#` is one of its headings: text from the brief is
    escaped (`\\#`), and a note's lines are indented into their list item.
    """
    text = render(gathered, Format.MARKDOWN)
    body = text.split("\n---\n", 1)[1].lstrip("\n")  # the front matter ends at its second `---`
    lines = _HEADING.sub(r"#\1 ", body).rstrip("\n").split("\n")
    brief = gathered.exported.brief
    said = f"File: {gathered.exported.file_name}" + (f"; id: {brief.id}" if brief.id else "")
    said += f"; {_counted(len(gathered.placed), 'note')}." if gathered.placed else "."
    if gathered.placed and len(lines) > 2:  # "6 notes, exported <when> by Briefing Reader.": the title said when
        del lines[1:3]
    return [lines[0], "", escape_line(said), *lines[1:], ""]


def several_markdown(parts: Sequence[Gathered], exported_at: str) -> str:
    """Several briefs' notes as one markdown document: a title, then each brief as its own export renders it."""
    count = sum(len(gathered.placed) for gathered in parts)
    title = f"Notes on {_counted(len(parts), 'brief')}"
    lines = [
        "---",
        f"title: {yaml_string(title)}",
        f"exported_at: {yaml_string(exported_at)}",
        f"note_count: {count}",
        'generator: "Briefing Reader"',
        "---",
        "",
        f"# {escape_line(title)}",
        "",
    ]
    when = exported_at.replace("T", " ").removesuffix("Z")[:16] + " UTC"
    said = f"{_counted(count, 'note')} on {_counted(len(parts), 'brief')}, exported {when} by Briefing Reader."
    lines += [escape_line(said), ""]
    lines += [f"- {escape_line(gathered.exported.brief.title)}" for gathered in parts] + [""]
    for gathered in parts:
        lines += _part(gathered)
    return "\n".join(lines).rstrip("\n") + "\n"


def several_json(parts: Sequence[Gathered], exported_at: str) -> str:
    """Several briefs' notes as one AnnotationCollection: each annotation's source names its own brief, so
    `briefing import` files every note under its brief again."""
    items = [
        web_annotation(placed.annotation, source_iri(gathered.exported.key))
        for gathered in parts
        for placed in gathered.placed
    ]
    return collection_text(f"Notes on {_counted(len(parts), 'brief')}", exported_at, items)


def file_names(parts: Sequence[Gathered], format: Format) -> list[str]:
    """A file name for each brief's export in a folder: its id (or file name), made unique (`-2`, `-3`...)
    regardless of letter case, for folders that ignore it."""
    suffix = ".json" if format is Format.JSON else ".md"
    taken: set[str] = set()
    names = []
    for gathered in parts:
        stem = default_name(gathered.exported.brief).removesuffix(".md")
        name, number = f"{stem}{suffix}", 1
        while name.casefold() in taken:
            number += 1
            name = f"{stem}-{number}{suffix}"
        taken.add(name.casefold())
        names.append(name)
    return names


def is_export(path: Path) -> bool:
    """Whether an existing file is an earlier export (markdown or JSON), or empty: one a new export may replace."""
    try:
        start = read_bytes(path, FRONT_MATTER_BYTES).removeprefix(b"\xef\xbb\xbf")
    except BriefError:
        return False
    if not start.strip():
        return True
    if start.lstrip().startswith(b"{"):
        return JSON_MARK in start and b'"AnnotationCollection"' in start
    lines = start.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    if lines[0].rstrip() != b"---":
        return False
    for line in lines[1:]:
        if line.rstrip() == b"---":
            return False
        if line.rstrip() == EXPORT_MARK:
            return True
    return False
