"""Checks across a whole brief: duplicate ids, citations, relations, focus sections, unused claims."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tui.core.brief.claims import ClaimDraft
from tui.core.brief.frontmatter import Scalar
from tui.core.brief.model import Reference, Section
from tui.core.brief.suggest import Suggester, listed
from tui.core.outside.problems import Problem, error, warning


def duplicate_sections(
    sections: Sequence[Section],
    id_columns: Sequence[int],
    summary: Section | None,
    seen: dict[str, Section] | None = None,
) -> list[Problem]:
    """An error for each section whose id an earlier section (or the summary) already has.

    `seen`: the sections before these, by id (filled in), when a brief is checked a batch at a time.
    """
    seen = {} if seen is None else seen
    problems = []
    for section, column in zip(sections, id_columns, strict=True):
        if section.id in seen:
            first = seen[section.id]
            message = f"duplicate section id {section.id!r} (first at line {first.line})"
            if first is summary:
                message = f"section id {section.id!r} is taken by the bottom line up front: add another, like '{{#id}}'"
            problems.append(error(section.line, column, message))
        else:
            seen[section.id] = section
    return problems


def duplicate_claims(drafts: Sequence[ClaimDraft], seen: dict[str, int] | None = None) -> list[Problem]:
    """An error for each claim defined again (`seen`: the claims before these, their lines by id, filled in)."""
    seen = {} if seen is None else seen
    problems = []
    for draft in drafts:
        claim = draft.claim
        if claim.id in seen:
            message = f"duplicate claim id {claim.id!r} (first at line {seen[claim.id]})"
            problems.append(error(claim.line, draft.id_column, message))
        else:
            seen[claim.id] = claim.line
    return problems


def citations(references: Iterable[Reference], claim_ids: set[str], ids: Suggester | None = None) -> list[Problem]:
    """An error for each citation of a claim that is not defined, with the defined id most like it."""
    ids = ids or Suggester(claim_ids)
    return [
        error(ref.line, ref.column, f"citation of undefined claim {ref.claim_id!r}{ids.hint(ref.claim_id)}")
        for ref in references
        if ref.claim_id not in claim_ids
    ]


def relations(drafts: Iterable[ClaimDraft], claim_ids: set[str], ids: Suggester | None = None) -> list[Problem]:
    """An error for each relation to a claim that is not defined (with the id most like it), or to the claim itself."""
    ids = ids or Suggester(claim_ids)
    problems = []
    for draft in drafts:
        for relation in draft.relations:
            if relation.target not in claim_ids:
                said = f"claim {draft.claim.id!r} {relation.kind} undefined claim {relation.target!r}"
                problems.append(error(relation.line, relation.column, said + ids.hint(relation.target)))
            elif relation.target == draft.claim.id:
                problems.append(
                    error(relation.line, relation.column, f"claim {draft.claim.id!r} {relation.kind} itself")
                )
    return problems


def focus(requested: Iterable[Scalar], section_ids: Sequence[str]) -> list[Problem]:
    """An error for each focus id that names no section, with the id most like it and the ids there are."""
    known = set(section_ids)
    missing = [item for item in requested if item.text not in known]
    if not missing:
        return []
    ids = Suggester(section_ids)
    there = f"; the section ids are {listed(section_ids)}" if section_ids else "; the brief has no sections"
    return [
        error(item.line, item.column, f"focus section {item.text!r} does not exist{ids.hint(item.text)}{there}")
        for item in missing
    ]


def unused_claims(drafts: Iterable[ClaimDraft], cited: set[str]) -> list[Problem]:
    """A warning for each claim that no sentence cites."""
    return [
        warning(draft.claim.line, draft.id_column, f"claim {draft.claim.id!r} is never cited")
        for draft in drafts
        if draft.claim.id not in cited
    ]


def unshown_text(sections: Iterable[Section]) -> list[Problem]:
    """A warning wherever the reader shows less than the file says, or shows what others hide.

    Text nested past the parser's limit is left out (a run of lines, one warning); an
    HTML block is shown as its source, which other viewers render, or hide (a comment).
    """
    problems = []
    for section in sections:
        runs: list[list[int]] = []
        for line in section.hidden:
            if runs and line == runs[-1][-1] + 1:
                runs[-1].append(line)
            else:
                runs.append([line])
        for run in runs:
            where = f"line {run[0]}" if len(run) == 1 else f"lines {run[0]}-{run[-1]}"
            message = f"nested too deep to be shown ({where}): markdown stops at {MAX_NESTING} levels; flatten it"
            problems.append(warning(run[0], 1, message))
        problems += [
            warning(line, 1, "HTML is shown here as its source; other markdown viewers render it, or hide it")
            for line in section.html
        ]
        problems += [
            warning(line, 1, "this row has more cells than the table's header: markdown drops the extra ones")
            for line in section.cut_cells
        ]
    return problems


MAX_NESTING = 20  # markdown-it's limit of nested blocks (its CommonMark preset's maxNesting)
