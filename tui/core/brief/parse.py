"""Parse a whole brief: outline, every section, claims, and the checks across them."""

from __future__ import annotations

import os
from dataclasses import replace

from tui.core.brief import validate
from tui.core.brief.claims import ClaimDraft, parse_claim
from tui.core.brief.model import Brief, Reference, Section
from tui.core.brief.outline import Outline, parse_section, parse_summary, read_outline
from tui.core.brief.suggest import Suggester
from tui.core.outside.files import read_text
from tui.core.outside.problems import Problem, Severity, warning


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
    path = outline.path
    problems = list(outline.problems)
    if drafts is None:
        drafts = [parse_claim(raw) for raw in outline.layout.claims]
    for draft in drafts:
        problems += draft.problems

    every_section = ([summary] if summary else []) + sections
    id_columns = ([1] if summary else []) + [heading.id_column for heading in outline.headings]
    claim_ids = {draft.claim.id for draft in drafts}
    cited = [ref for section in every_section for ref in section.references]
    meta = outline.metadata
    problems += validate.duplicate_sections(every_section, id_columns, summary)
    problems += validate.duplicate_claims(drafts)
    known_ids = Suggester(claim_ids)  # one bound on 'did you mean' for citations and relations together
    problems += validate.citations(cited, claim_ids, known_ids)
    problems += validate.relations(drafts, claim_ids, known_ids)
    problems += validate.focus(meta.focus, list(dict.fromkeys(section.id for section in every_section)))
    problems += validate.unused_claims(drafts, {ref.claim_id for ref in cited})
    problems += validate.unshown_text(every_section)
    if outline.is_brief and summary is None:
        problems.append(warning(1, 1, "the brief has no bottom line up front (prose before the first section)"))

    by_claim: dict[str, list[Reference]] = {}
    for ref in cited:
        by_claim.setdefault(ref.claim_id, []).append(ref)
    claims = tuple(replace(draft.claim, references=tuple(by_claim.get(draft.claim.id, ()))) for draft in drafts)
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
        claims=claims,
    )
    problems.sort(key=lambda p: (p.line, p.column, p.severity is Severity.WARNING))
    return brief, problems


def load_brief(path: str | os.PathLike[str]) -> tuple[Brief, list[Problem]]:
    """Read and parse a brief file; BriefError if it cannot be read as text at all."""
    return parse_brief(read_text(path), os.fspath(path))
