"""Parse a whole brief: outline, every section, claims, and the checks across them."""

from __future__ import annotations

import heapq
import os
from collections.abc import Generator, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from typing import TypeVar

from tui.core.brief import validate
from tui.core.brief.claims import ClaimDraft, parse_claim
from tui.core.brief.model import Brief, Claim, Reference, Section
from tui.core.brief.outline import Outline, parse_section, parse_summary, read_outline
from tui.core.brief.suggest import Suggester
from tui.core.outside.files import read_text
from tui.core.outside.problems import Problem, Severity, warning

T = TypeVar("T")


def parse_brief(text: str, path: str = "<brief>") -> tuple[Brief, list[Problem]]:
    """The brief in `text` and every problem found, sorted by place.

    Never raises for anything the text says: a file without front matter is read as
    plain markdown (its level-2 headings as sections, no claims).
    """
    outline = read_outline(text, path)
    sections = [parse_section(outline, index) for index in range(len(outline.headings))]
    return assemble(outline, parse_summary(outline), sections)


def assemble(
    outline: Outline, summary: Section | None, sections: list[Section], drafts: list[ClaimDraft] | None = None
) -> tuple[Brief, list[Problem]]:
    """The brief made of its outline, parsed sections and claims: citations tied up, the checks across it.

    `drafts` are the outline's claims, parsed (they are parsed here when not given).
    """
    steps = assemble_steps(outline, summary, sections, drafts)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            made: tuple[Brief, list[Problem]] = done.value
            return made


AT_ONCE = 20_000  # sections, citations, claims or problems gone through in one step (some 10-50 ms)


def _batches(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), AT_ONCE):
        yield items[start : start + AT_ONCE]


def assemble_steps(
    outline: Outline, summary: Section | None, sections: list[Section], drafts: list[ClaimDraft] | None = None
) -> Generator[None, None, tuple[Brief, list[Problem]]]:
    """`assemble` a step at a time: a caller on an event loop handles keys between two steps.

    Done at once, the checks across a brief of a million sections or claims held it 2-7 s.
    """
    path = outline.path
    problems = list(outline.problems)
    if drafts is None:
        drafts = [parse_claim(raw) for raw in outline.layout.claims]
    for batch in _batches(drafts):
        for draft in batch:
            problems += draft.problems
        yield

    every_section = ([summary] if summary else []) + sections
    id_columns = ([1] if summary else []) + [heading.id_column for heading in outline.headings]
    claim_ids = {draft.claim.id for draft in drafts}
    yield
    cited: list[Reference] = []
    for part in _batches(every_section):
        cited += [ref for section in part for ref in section.references]
        yield
    meta = outline.metadata
    seen_sections: dict[str, Section] = {}
    for start in range(0, len(every_section), AT_ONCE):
        part, columns = every_section[start : start + AT_ONCE], id_columns[start : start + AT_ONCE]
        problems += validate.duplicate_sections(part, columns, summary, seen_sections)
        yield
    seen_claims: dict[str, int] = {}
    for batch in _batches(drafts):
        problems += validate.duplicate_claims(batch, seen_claims)
        yield
    known_ids = Suggester(claim_ids)  # one bound on 'did you mean' for citations and relations together
    for refs in _batches(cited):
        problems += validate.citations(refs, claim_ids, known_ids)
        yield
    for batch in _batches(drafts):
        problems += validate.relations(batch, claim_ids, known_ids)
        yield
    problems += validate.focus(meta.focus, list(dict.fromkeys(section.id for section in every_section)))
    yield
    cited_ids = {ref.claim_id for ref in cited}
    yield
    for batch in _batches(drafts):
        problems += validate.unused_claims(batch, cited_ids)
        yield
    for part in _batches(every_section):
        problems += validate.unshown_text(part)
        yield
    if outline.is_brief and summary is None:
        problems.append(warning(1, 1, "the brief has no bottom line up front (prose before the first section)"))

    by_claim: dict[str, list[Reference]] = {}
    for refs in _batches(cited):
        for ref in refs:
            by_claim.setdefault(ref.claim_id, []).append(ref)
        yield
    claims: list[Claim] = []
    for batch in _batches(drafts):
        claims += [replace(draft.claim, references=tuple(by_claim.get(draft.claim.id, ()))) for draft in batch]
        yield
    brief = Brief(
        path=path,
        title=outline.title,
        is_brief=outline.is_brief,
        id=meta.id,
        date=meta.date,
        authors=meta.authors,
        sources=meta.sources,
        tags=meta.tags,
        focus=tuple(item.text for item in meta.focus),
        summary=summary,
        sections=tuple(sections),
        claims=tuple(claims),
    )
    yield
    # Sorted a batch at a time, then merged a batch at a time: one sort of a million problems took a second.
    runs = []
    for found in _batches(problems):
        runs.append(sorted(found, key=_place))
        yield
    merged = heapq.merge(*runs, key=_place)
    ordered: list[Problem] = []
    while len(ordered) < len(problems):
        ordered += islice(merged, AT_ONCE)
        yield
    return brief, ordered


def _place(problem: Problem) -> tuple[int, int, bool]:
    return (problem.line, problem.column, problem.severity is Severity.WARNING)


def load_brief(path: str | os.PathLike[str]) -> tuple[Brief, list[Problem]]:
    """Read and parse a brief file; BriefError if it cannot be read as text at all."""
    return parse_brief(read_text(path), os.fspath(path))
