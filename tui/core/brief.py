"""Parse a markdown file into a Brief and the problems found in it."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import replace
from pathlib import Path

from tui.core import validate
from tui.core.blocks import References, link_references, markdown
from tui.core.claims import parse_claim
from tui.core.decode import decode
from tui.core.inline import convert_inline
from tui.core.metadata import Metadata, read_metadata
from tui.core.model import Brief, Reference, Section
from tui.core.problems import BriefError, Problem, Severity, error, warning
from tui.core.scan import VALID_SECTION_ID, Layout, RawSection, scan, slug
from tui.core.section import build_section

SUMMARY_ID = "summary"
SUMMARY_TITLE = "Bottom line up front"
INTRODUCTION_TITLE = "Introduction"
NO_METADATA = "no brief metadata (front matter): read as plain markdown, without claims"
MAX_BRIEF_BYTES = 20 * 1024 * 1024  # 20 MiB: four times the largest brief we benchmark


_FRONT_MATTER_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_ -]*:")


def _heading(raw: RawSection, number: int, is_brief: bool) -> tuple[str, str, list[Problem]]:
    """A section's title (inline syntax removed) and id, and the problems of its heading."""
    tokens = markdown(is_brief).parseInline(raw.heading)
    inline = convert_inline(tokens[0].children if tokens else None)
    title = inline.text.strip()
    problems = []
    if inline.citations:
        problems.append(warning(raw.line, 1, "a citation in a heading is not tied to any sentence: cite in the text"))
    section_id = slug(title) or f"section-{number}"
    if raw.explicit_id is not None:
        if VALID_SECTION_ID.fullmatch(raw.explicit_id):
            section_id = raw.explicit_id
        else:
            message = f"invalid section id {raw.explicit_id!r}: use letters, digits, '-', '_', '.' and ':'"
            problems.append(error(raw.line, raw.id_column, message))
    if not title:
        problems.append(warning(raw.line, 1, f"empty section heading: the section gets the id {section_id!r}"))
    return title, section_id, problems


def _summary(layout: Layout, is_brief: bool, references: References) -> Section | None:
    """The prose before the first section (the title heading left out), if there is any."""
    start, end = layout.lead
    lines = list(layout.lines[start:end])
    if layout.title_lines is not None:
        for number in range(*layout.title_lines):
            lines[number - start] = ""
    if not any(line.strip() for line in lines):
        return None
    title = SUMMARY_TITLE if is_brief else INTRODUCTION_TITLE
    section = build_section(SUMMARY_ID, title, start + 1, lines, start + 1, citations=is_brief, references=references)
    if not section.blocks:
        return None
    return replace(section, line=section.blocks[0].line)


def _misplaced_front_matter(lines: list[str]) -> Problem | None:
    """An error when the file seems to open with front matter that is not on its first line."""
    for number, line in enumerate(lines[:50], start=1):
        if not line.strip():
            continue
        following = lines[number] if number < len(lines) else ""
        if line.strip() == "---" and _FRONT_MATTER_KEY.match(following):
            return error(number, 1, "front matter must start on the first line of the file, with '---' alone")
        return None
    return None


def parse_brief(text: str, path: str = "<brief>") -> tuple[Brief, list[Problem]]:
    """The brief in `text` and every problem found, sorted by place.

    Never raises for anything the text says: a file without front matter is read as
    plain markdown (its level-2 headings as sections, no claims).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    is_brief = text.split("\n", 1)[0].rstrip() == "---"
    layout = scan(text, claims=is_brief)
    problems: list[Problem] = []
    meta = Metadata()
    if layout.front_matter is not None:
        meta = read_metadata(layout.lines, *layout.front_matter, layout.front_matter_closed)
        problems += meta.problems
    else:
        misplaced = _misplaced_front_matter(layout.lines)
        problems.append(misplaced or warning(1, 1, NO_METADATA))

    references = link_references(layout.link_definitions)
    summary = _summary(layout, is_brief, references)
    sections = []
    for number, raw in enumerate(layout.sections, start=1):
        title, section_id, found = _heading(raw, number, is_brief)
        problems += found
        lines = layout.lines[raw.body_start : raw.body_end]
        sections.append(
            build_section(
                section_id, title, raw.line, lines, raw.body_start + 1, citations=is_brief, references=references
            )
        )
    drafts = [parse_claim(raw) for raw in layout.claims]
    for draft in drafts:
        problems += draft.problems

    every_section = ([summary] if summary else []) + sections
    id_columns = ([1] if summary else []) + [raw.id_column for raw in layout.sections]
    claim_ids = {draft.claim.id for draft in drafts}
    cited = [ref for section in every_section for ref in section.references]
    problems += validate.duplicate_sections(every_section, id_columns, summary)
    problems += validate.duplicate_claims(drafts)
    problems += validate.citations(cited, claim_ids)
    problems += validate.relations(drafts, claim_ids)
    problems += validate.focus(meta.focus, {section.id for section in every_section})
    problems += validate.unused_claims(drafts, {ref.claim_id for ref in cited})
    if is_brief and summary is None:
        problems.append(warning(1, 1, "the brief has no bottom line up front (prose before the first section)"))

    by_claim: dict[str, list[Reference]] = {}
    for ref in cited:
        by_claim.setdefault(ref.claim_id, []).append(ref)
    claims = tuple(replace(draft.claim, references=tuple(by_claim.get(draft.claim.id, ()))) for draft in drafts)
    brief = Brief(
        path=path,
        title=meta.title or layout.title or Path(path).stem,
        is_brief=is_brief,
        id=meta.id,
        date=meta.date,
        authors=meta.authors,
        sources=meta.sources,
        tags=meta.tags,
        focus=tuple(item.text for item in meta.focus),
        summary=summary,
        sections=tuple(sections),
        claims=claims,
    )
    problems.sort(key=lambda p: (p.line, p.column, p.severity is Severity.WARNING))
    return brief, problems


def read_text(path: str | os.PathLike[str]) -> str:
    """A brief file's text, or BriefError saying which file and why it cannot be read.

    Only regular files are read (a FIFO or a device would block or never end), and
    at most MAX_BRIEF_BYTES of them.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise BriefError(name, error(1, 1, "not a regular file"))
            data = handle.read(MAX_BRIEF_BYTES + 1)
    except IsADirectoryError:
        raise BriefError(name, error(1, 1, "is a folder, not a file")) from None
    except OSError as exc:
        raise BriefError(name, error(1, 1, f"cannot read: {exc.strerror or exc}")) from None
    if len(data) > MAX_BRIEF_BYTES:
        raise BriefError(name, error(1, 1, f"file is larger than {MAX_BRIEF_BYTES:,} bytes, the most a brief may be"))
    decoded = decode(data)
    if isinstance(decoded, Problem):
        raise BriefError(name, decoded)
    return decoded


def load_brief(path: str | os.PathLike[str]) -> tuple[Brief, list[Problem]]:
    """Read and parse a brief file; BriefError if it cannot be read as text at all."""
    return parse_brief(read_text(path), os.fspath(path))
